"""Contracts every view of the core and of the shipped plugins must keep.

The views are read from Pyramid's introspector, so a route added tomorrow is
checked without anyone editing this file: unsafe requests need a CSRF token
when the session signs them in, and nothing is public unless listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
import webtest
from pyramid.interfaces import IDefaultPermission
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.static import static_view

from core.auth import services
from core.testing import SHIPPED_PLUGINS, sign_in

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# Routes anybody may open; static files are recognised by their view.
PUBLIC_ROUTES = {
    "login",
    "logout",
    "password_forgot",
    "password_reset",
    "unsubscribe",
    "api.v1:/openapi.json",
    "agenda_feed",
    "favicon",
}
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


@dataclass
class RoutedView:
    """One view reachable through a route, and what a request must carry."""

    route_name: str
    path: str
    methods: tuple[str, ...]
    permission: str | None
    callable: object
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        extra = "&".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.route_name} {self.path}{' ' + extra if extra else ''}"

    @property
    def public(self) -> bool:
        return self.permission == NO_PERMISSION_REQUIRED

    @property
    def is_static(self) -> bool:
        return isinstance(self.callable, static_view)


def sample_path(pattern: str, match_param: dict[str, str]) -> str:
    """A concrete path the route matches, e.g. ``/companies/1``."""

    def fill(found: re.Match) -> str:
        return match_param.get(found.group(1), "1")

    path = PLACEHOLDER.sub(fill, pattern)
    path = re.sub(r"\*\w+$", "relais.css", path)
    return path if path.startswith("/") else "/" + path


def as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def routed_views(registry) -> list[RoutedView]:
    introspector = registry.introspector
    routes = {
        item["introspectable"]["name"]: item["introspectable"]
        for item in introspector.get_category("routes")
    }
    found = []
    for item in introspector.get_category("views"):
        view = item["introspectable"]
        if view["route_name"] is None:
            continue
        route = routes[view["route_name"]]
        permissions = [
            related["value"]
            for related in item["related"]
            if related.category_name == "permissions"
        ]
        match_param = dict(
            part.split("=", 1) for part in as_list(view.get("match_param"))
        )
        params = {}
        for part in as_list(view["request_param"]):
            name, _eq, value = part.partition("=")
            params[name] = value or "1"
        headers = {}
        for part in as_list(view["header"]):
            name, _colon, value = part.partition(":")
            headers[name] = value or "1"
        if view["xhr"]:
            headers["X-Requested-With"] = "XMLHttpRequest"
        if view["accept"]:
            headers["Accept"] = str(as_list(view["accept"])[0])
        methods = as_list(view["request_methods"]) or as_list(route["request_methods"])
        found.append(
            RoutedView(
                route_name=view["route_name"],
                path=sample_path(route["pattern"], match_param),
                methods=tuple(methods) if methods else UNSAFE + ("GET",),
                permission=permissions[0] if permissions else None,
                callable=view["callable"],
                params=params,
                headers=headers,
            )
        )
    return found


@pytest.fixture
def full_app(make_app):
    return make_app(plugins=SHIPPED_PLUGINS)


@pytest.fixture
def views(make_app):
    return routed_views(make_app.registry(plugins=SHIPPED_PLUGINS))


def unsafe_requests(views):
    for view in views:
        for method in view.methods:
            if method in UNSAFE:
                yield view, method


def send(app, view: RoutedView, method: str, headers=None, params=None):
    body = {**view.params, **(params or {})}
    headers = {**view.headers, **(headers or {})}
    request = getattr(app, method.lower())
    return request(view.path, params=body, headers=headers, status="*")


def csrf_refusal(response) -> bool:
    if response.status_int != 400:
        return False
    if response.content_type == "application/json":
        return response.json["error"]["code"] == "bad_csrf_token"
    return "Form expired" in response.text


def test_the_walk_finds_the_views_it_must_check(views):
    names = {view.route_name for view in views}
    assert {"login", "logout", "account", "home", "password_reset"} <= names
    assert any(view.params == {"action": "token"} for view in views)


def test_every_unsafe_request_signed_in_by_session_needs_the_csrf_token(
    full_app, factories, views
):
    admin = factories.user(profile="admin")
    sign_in(full_app, admin.email)

    unprotected = []
    for view, method in unsafe_requests(views):
        response = send(full_app, view, method)
        if not csrf_refusal(response):
            unprotected.append(f"{method} {view.label}: {response.status}")
    assert unprotected == []


def test_a_bearer_token_request_is_not_csrf_checked(full_app, factories, views):
    admin = factories.user(profile="admin")
    _token, secret = services.create_token(factories.dbsession, admin, "contract")
    client = webtest.TestApp(full_app.app)
    auth = {"Authorization": f"Bearer {secret}"}

    refused = []
    for view, method in unsafe_requests(views):
        response = send(client, view, method, headers=auth)
        if csrf_refusal(response):
            refused.append(f"{method} {view.label}")
    assert refused == []


def test_a_bogus_bearer_token_does_not_bypass_the_csrf_check(app):
    response = app.post(
        "/password/forgot",
        {"email": "someone@relais.test"},
        headers={"Authorization": "Bearer rls_forged"},
        status="*",
    )
    assert csrf_refusal(response)


def test_the_default_permission_is_view(registry):
    assert registry.queryUtility(IDefaultPermission) == "view"


def test_only_the_listed_views_are_public(views):
    public = {view.label for view in views if view.public and not view.is_static}
    allowed = {view.label for view in views if view.route_name in PUBLIC_ROUTES}
    assert public == allowed
    assert {view.route_name for view in views if view.public} >= PUBLIC_ROUTES


def test_every_permission_a_view_names_is_declared(make_app, views):
    # The views come from the app with every shipped plugin: so do the names.
    registry = make_app.registry(plugins=SHIPPED_PLUGINS)
    named = {view.permission for view in views if view.permission}
    declared = set(registry.relais_permissions) | {NO_PERMISSION_REQUIRED}
    assert named - declared == set()


def test_an_anonymous_visitor_opens_no_protected_page(full_app, views):
    opened = []
    for view in views:
        if view.public or view.route_name in PUBLIC_ROUTES or "GET" not in view.methods:
            continue
        response = send(full_app, view, "GET")
        if view.path.startswith("/api/"):
            signed_out = response.status_int == 401
        else:
            signed_out = response.status_int == 302 and (
                "/login?next=" in response.location
            )
        if not signed_out:
            opened.append(f"GET {view.label}: {response.status}")
    assert opened == []


def test_the_public_pages_open_without_signing_in(app):
    assert app.get("/login").status_int == 200
    assert app.get("/password/forgot").status_int == 200
    assert app.get("/static/relais.css").status_int == 200
