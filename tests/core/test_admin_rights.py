"""Who may open the admin pages, and the rights matrix that decides it."""

import pytest
from sqlalchemy import select

from core.auth.models import Profile, ProfileGrant
from core.testing import csrf_token, sign_in

ADMIN_PAGES = [
    "/admin",
    "/admin/users",
    "/admin/users/new",
    "/admin/teams",
    "/admin/profiles",
    "/admin/access",
    "/admin/reference",
    "/admin/reference/product",
    "/admin/mail",
    "/admin/plugins",
]


def admin_entries(page):
    return [a["data-entry"] for a in page.html.select(".admin-index a[data-entry]")]


def user_menu_has_admin(page):
    return page.html.select_one('.user-menu a[data-entry="admin"]') is not None


@pytest.fixture
def manager_app(make_app, factories):
    app = make_app()
    app.user = factories.user(profile="manager")
    sign_in(app, app.user.email)
    return app


def grant_cell(page, profile, permission):
    return page.html.select_one(
        f'td.grant[data-profile="{profile}"][data-permission="{permission}"]'
    )


def toggle(app, dbsession, profile_code, permission, granted, **kw):
    profile = dbsession.scalar(select(Profile).where(Profile.code == profile_code))
    return app.post(
        "/admin/profiles/grant",
        {
            "csrf_token": csrf_token(app),
            "profile_id": str(profile.id),
            "permission": permission,
            "granted": "1" if granted else "0",
        },
        **kw,
    )


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_salesperson_is_refused_every_admin_page(signed_in, path):
    signed_in.get(path, status=403)


def test_a_salesperson_cannot_post_either(signed_in, factories):
    other = factories.user()
    token = csrf_token(signed_in)
    for path in (
        f"/admin/users/{other.id}/active",
        f"/admin/users/{other.id}/password-link",
        "/admin/teams",
        "/admin/profiles/grant",
        "/admin/reference/product",
    ):
        signed_in.post(path, {"csrf_token": token, "active": "0"}, status=403)
    factories.dbsession.refresh(other)
    assert other.active


def test_the_admin_sees_every_entry(admin_app):
    page = admin_app.get("/admin")
    assert admin_entries(page) == [
        "users",
        "teams",
        "profiles",
        "access",
        "reference",
        "mail",
        "plugins",
    ]
    assert user_menu_has_admin(page)
    for path in ADMIN_PAGES:
        admin_app.get(path, status=200)


def test_the_index_lists_only_what_the_user_may_open(manager_app, signed_in):
    page = manager_app.get("/admin")
    assert admin_entries(page) == ["reference"]
    assert user_menu_has_admin(page)
    manager_app.get("/admin/users", status=403)
    assert not user_menu_has_admin(signed_in.get("/"))


def test_the_matrix_shows_every_permission_and_fixes_the_admin_column(
    admin_app, registry
):
    page = admin_app.get("/admin/profiles")
    rows = page.html.select("tr[data-permission]")
    assert {row["data-permission"] for row in rows} == set(registry.relais_permissions)
    reference = page.html.select_one('tr[data-permission="admin.reference"]')
    assert "Edit the reference lists" in reference.th.text
    for row in rows:
        cell = row.select_one('td[data-profile="admin"]')
        assert cell.find("form") is None and "✓" in cell.text
    assert "held" in grant_cell(page, "manager", "admin.reference")["class"]
    assert "held" not in grant_cell(page, "salesperson", "admin.reference")["class"]


def test_withdrawing_a_right_takes_effect_on_the_next_request(
    admin_app, manager_app, dbsession
):
    manager_app.get("/admin/reference/product", status=200)

    page = admin_app.get("/admin/profiles")
    form = grant_cell(page, "manager", "admin.reference").find("form")
    assert form.find("input", attrs={"name": "granted"})["value"] == "0"
    toggle(admin_app, dbsession, "manager", "admin.reference", False, status=303)
    grant = dbsession.scalar(
        select(ProfileGrant).where(ProfileGrant.permission == "admin.reference")
    )
    assert grant.profile.code == "manager" and grant.granted is False

    manager_app.get("/admin/reference/product", status=403)
    manager_app.get("/admin/reference", status=403)
    assert not user_menu_has_admin(manager_app.get("/"))
    page = admin_app.get("/admin/profiles")
    assert "held" not in grant_cell(page, "manager", "admin.reference")["class"]

    toggle(admin_app, dbsession, "manager", "admin.reference", True, status=303)
    manager_app.get("/admin/reference/product", status=200)


def test_htmx_toggle_answers_with_the_new_cell(admin_app, manager_app, dbsession):
    response = toggle(
        admin_app,
        dbsession,
        "salesperson",
        "admin.plugins",
        True,
        headers={"HX-Request": "true"},
        status=200,
    )
    cell = response.html.select_one("td.grant")
    assert "held" in cell["class"]
    assert cell.find("input", attrs={"name": "granted"})["value"] == "0"


def test_the_admin_profile_and_unknown_rights_cannot_be_changed(admin_app, dbsession):
    toggle(admin_app, dbsession, "admin", "admin.profiles", False, status=400)
    toggle(admin_app, dbsession, "manager", "no.such.right", True, status=400)
    assert dbsession.scalar(select(ProfileGrant)) is None


def test_admin_forms_need_the_csrf_token(admin_app, factories, dbsession):
    other = factories.user()
    admin_app.post(f"/admin/users/{other.id}/active", {"active": "0"}, status=400)
    toggle_without_token = {"profile_id": "2", "permission": "api", "granted": "0"}
    admin_app.post("/admin/profiles/grant", toggle_without_token, status=400)
    dbsession.refresh(other)
    assert other.active
    assert dbsession.scalar(select(ProfileGrant)) is None
