"""Admin pages of the users: list, create, edit, (de)activate, password link."""

from __future__ import annotations

import zoneinfo

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render
from pyramid.view import view_config, view_defaults

from core.admin import services
from core.admin.schemas import UserForm
from core.auth import services as auth
from core.auth.models import User
from core.auth.views import public_url
from core.forms import clean_form, validate
from core.i18n import LOCALES, _
from core.mail import send_mail

PERMISSION = "admin.users"

# The IANA names people pick from, without the legacy aliases and POSIX files.
TIMEZONES = sorted(
    name
    for name in zoneinfo.available_timezones()
    if "/" in name
    and name.split("/")[0]
    in {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
) + ["UTC"]


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filter_from(params) -> services.UserFilter:
    active = {"1": True, "0": False}.get(params.get("active", "1"))
    return services.UserFilter(
        active=active,
        team_id=_int_or_none(params.get("team")),
        profile_id=_int_or_none(params.get("profile")),
        text=params.get("q", ""),
    )


def _user_or_404(request) -> User:
    user = request.dbsession.get(User, int(request.matchdict["id"]))
    if user is None:
        raise HTTPNotFound()
    return user


def _flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


@view_config(
    route_name="admin_users",
    renderer="core:templates/admin/users.pt",
    permission=PERMISSION,
)
def user_list(request):
    criteria = _filter_from(request.params)
    return {
        "title": _("Users"),
        "users": services.list_users(request.dbsession, criteria),
        "teams": services.teams(request.dbsession),
        "profiles": services.profiles(request.dbsession),
        "criteria": {
            "active": request.params.get("active", "1"),
            "team": request.params.get("team", ""),
            "profile": request.params.get("profile", ""),
            "q": request.params.get("q", ""),
        },
    }


@view_defaults(renderer="core:templates/admin/user_form.pt", permission=PERMISSION)
class UserFormViews:
    """The create and edit forms share one template and one set of choices."""

    def __init__(self, request):
        self.request = request
        self.dbsession = request.dbsession

    def values(self, user: User | None, form: dict, errors: dict | None = None):
        title = _("New user") if user is None else user.display_name
        return {
            "title": title,
            "subject": user,
            "form": form,
            "errors": errors or {},
            "teams": services.teams(self.dbsession, active_only=True),
            "profiles": services.profiles(self.dbsession),
            "locales": LOCALES,
            "timezones": TIMEZONES,
        }

    def invalid(self, user: User | None, errors: dict):
        self.request.response.status = 400
        return self.values(user, dict(self.request.POST), errors)

    @view_config(route_name="admin_user_new", request_method="GET")
    def new(self):
        settings = self.request.registry.relais_settings
        salesperson = next(
            (p for p in services.profiles(self.dbsession) if p.code == "salesperson"),
            None,
        )
        form = {
            "timezone": settings["relais.default_timezone"],
            "locale": settings["relais.default_locale"],
            "profile_id": str(salesperson.id) if salesperson else "",
            "active": "1",
        }
        return self.values(None, form)

    @view_config(route_name="admin_user_new", request_method="POST")
    def create(self):
        form, errors = validate(UserForm, clean_form(self.request.POST))
        if errors:
            return self.invalid(None, errors)
        try:
            user = services.create_user(
                self.dbsession, self.request.registry, form, self.request.identity
            )
        except services.FieldProblem as exc:
            return self.invalid(None, {exc.field: exc.message})
        _flash(self.request, _("The user is created. Send them a password link."))
        return HTTPSeeOther(self.request.route_url("admin_user", id=user.id))

    @view_config(route_name="admin_user", request_method="GET")
    def edit(self):
        user = _user_or_404(self.request)
        form = {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "team_id": str(user.team_id or ""),
            "profile_id": str(user.profile_id),
            "timezone": user.timezone,
            "locale": user.locale,
            "active": "1" if user.active else "",
            "version": str(user.version),
        }
        return self.values(user, form)

    @view_config(route_name="admin_user", request_method="POST")
    def save(self):
        user = _user_or_404(self.request)
        form, errors = validate(UserForm, clean_form(self.request.POST))
        if errors:
            return self.invalid(user, errors)
        try:
            services.update_user(self.dbsession, user, form, self.request.identity)
        except services.Conflict:
            self.request.response.status = 409
            message = _(
                "Someone else changed this user while you were editing. "
                "Here is the saved version; make your change again."
            )
            values = self.edit()
            values["errors"] = {"__all__": message}
            return values
        except services.FieldProblem as exc:
            return self.invalid(user, {exc.field: exc.message})
        _flash(self.request, _("The user is saved."))
        return HTTPSeeOther(self.request.route_url("admin_user", id=user.id))


@view_config(
    route_name="admin_user_active", request_method="POST", permission=PERMISSION
)
def user_active(request):
    user = _user_or_404(request)
    active = request.POST.get("active") == "1"
    try:
        services.set_user_active(request.dbsession, user, active, request.identity)
    except services.FieldProblem as exc:
        _flash(request, exc.message)
    else:
        _flash(
            request,
            _("The user is reactivated.")
            if active
            else _("The user is deactivated and signed out everywhere."),
        )
    return HTTPSeeOther(request.route_url("admin_user", id=user.id))


@view_config(
    route_name="admin_user_password_link", request_method="POST", permission=PERMISSION
)
def user_password_link(request):
    """Mail a single-use link to choose a password (also the first sign-in)."""
    user = _user_or_404(request)
    token = auth.start_password_reset(request.dbsession, request.registry, user.email)
    if token is None:
        _flash(request, _("Reactivate the user before sending a password link."))
        return HTTPSeeOther(request.route_url("admin_user", id=user.id))
    link = public_url(request, "password_reset", token=token)
    values = {"user": user, "link": link, "request": request}
    body = render("core:templates/admin/password_link_mail.txt", values, request)
    # Chameleon's text templates render to UTF-8 bytes; the mailer wants text.
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    send_mail(
        request,
        [user.email],
        request.localizer.translate(_("Choose your Relais password")),
        body,
        kind="password_link",
    )
    _flash(request, _("A password link is on its way to the user."))
    return HTTPSeeOther(request.route_url("admin_user", id=user.id))


def includeme(config):
    config.add_route("admin_users", "/admin/users")
    config.add_route("admin_user_new", "/admin/users/new")
    config.add_route("admin_user", r"/admin/users/{id:\d+}")
    config.add_route("admin_user_active", r"/admin/users/{id:\d+}/active")
    config.add_route("admin_user_password_link", r"/admin/users/{id:\d+}/password-link")
    config.add_menu_entry(
        "admin", "users", _("Users"), "admin_users", permission=PERMISSION, order=10
    )
    config.scan(__name__)
