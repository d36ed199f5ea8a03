"""The access page: how far each profile sees and edits each kind of record."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from core.access import services
from core.access.models import SCOPES
from core.i18n import _

PERMISSION = "admin.profiles"
TEMPLATE = "core:templates/access/reaches.pt"


def _page(request, matrix, errors=None):
    return {
        "title": _("Portfolio rules"),
        "matrix": matrix,
        "scopes": [(s, services.SCOPE_TITLES[s]) for s in SCOPES],
        "errors": errors or {},
    }


@view_config(route_name="admin_access", renderer=TEMPLATE, permission=PERMISSION)
def reaches(request):
    matrix = services.reach_matrix(request.dbsession, request.registry)
    if request.method != "POST":
        return _page(request, matrix)
    wanted, errors = services.read_reaches(matrix, request.POST)
    if errors:
        # Show what was chosen, beside the refusal, rather than the stored rows.
        matrix.values.update(wanted)
        request.response.status = 400
        return _page(request, matrix, errors)
    services.save_reaches(request.dbsession, request.identity, wanted)
    request.session.flash(request.localizer.translate(_("The rules are saved.")))
    return HTTPSeeOther(request.route_url("admin_access"))


def includeme(config):
    config.add_route("admin_access", "/admin/access")
    config.add_menu_entry(
        "admin",
        "access",
        _("Portfolio rules"),
        "admin_access",
        permission=PERMISSION,
        order=35,
    )
    config.scan(__name__)
