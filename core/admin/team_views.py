"""Admin pages of the sales teams: list with members, create, rename, deactivate."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core.admin import services
from core.admin.schemas import TeamForm
from core.auth.models import Team
from core.forms import clean_form, validate
from core.i18n import _

PERMISSION = "admin.users"
TEMPLATE = "core:templates/admin/teams.pt"


def _team_or_404(request) -> Team:
    team = request.dbsession.get(Team, int(request.matchdict["id"]))
    if team is None:
        raise HTTPNotFound()
    return team


def _page(request, errors=None, form=None, editing=None):
    return {
        "title": _("Teams"),
        "teams": services.teams(request.dbsession),
        "errors": errors or {},
        "form": form or {},
        "editing": editing,
    }


@view_config(route_name="admin_teams", renderer=TEMPLATE, permission=PERMISSION)
def team_list(request):
    if request.method != "POST":
        return _page(request)
    form, errors = validate(TeamForm, clean_form(request.POST))
    if not errors:
        try:
            services.create_team(request.dbsession, form)
        except services.FieldProblem as exc:
            errors = {exc.field: exc.message}
    if errors:
        request.response.status = 400
        return _page(request, errors, dict(request.POST))
    request.session.flash(request.localizer.translate(_("The team is created.")))
    return HTTPSeeOther(request.route_url("admin_teams"))


@view_config(route_name="admin_team", renderer=TEMPLATE, permission=PERMISSION)
def team_rename(request):
    team = _team_or_404(request)
    if request.method != "POST":
        return _page(request, form={"name": team.name}, editing=team)
    form, errors = validate(TeamForm, clean_form(request.POST))
    if not errors:
        try:
            services.rename_team(request.dbsession, team, form)
        except services.FieldProblem as exc:
            errors = {exc.field: exc.message}
    if errors:
        request.response.status = 400
        return _page(request, errors, dict(request.POST), editing=team)
    request.session.flash(request.localizer.translate(_("The team is renamed.")))
    return HTTPSeeOther(request.route_url("admin_teams"))


@view_config(
    route_name="admin_team_active", request_method="POST", permission=PERMISSION
)
def team_active(request):
    team = _team_or_404(request)
    services.set_team_active(request.dbsession, team, request.POST.get("active") == "1")
    return HTTPSeeOther(request.route_url("admin_teams"))


def includeme(config):
    config.add_route("admin_teams", "/admin/teams")
    config.add_route("admin_team", r"/admin/teams/{id:\d+}")
    config.add_route("admin_team_active", r"/admin/teams/{id:\d+}/active")
    config.add_menu_entry(
        "admin", "teams", _("Teams"), "admin_teams", permission=PERMISSION, order=20
    )
    config.scan(__name__)
