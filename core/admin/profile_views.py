"""The rights matrix: every permission against every profile."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.renderers import get_renderer, render_to_response
from pyramid.view import view_config

from core.admin import services
from core.auth.models import Profile
from core.i18n import _

PERMISSION = "admin.profiles"
CELL = "core:templates/admin/grant_cell.pt"


@view_config(
    route_name="admin_profiles",
    renderer="core:templates/admin/profiles.pt",
    permission=PERMISSION,
)
def rights(request):
    matrix = services.rights_matrix(request.dbsession, request.registry)
    return {
        "title": _("Profiles and rights"),
        "matrix": matrix,
        "cells": get_renderer(CELL).implementation(),
    }


@view_config(
    route_name="admin_profile_grant", request_method="POST", permission=PERMISSION
)
def toggle_right(request):
    """Grant or withdraw one right; htmx gets the new cell, a browser the page."""
    profile_id = request.POST.get("profile_id", "")
    profile = None
    if profile_id.isdigit():
        profile = request.dbsession.get(Profile, int(profile_id))
    permission = request.POST.get("permission", "")
    if profile is None:
        raise HTTPBadRequest()
    granted = request.POST.get("granted") == "1"
    try:
        services.set_grant(
            request.dbsession, request.registry, profile, permission, granted
        )
    except services.FieldProblem as exc:
        raise HTTPBadRequest(request.localizer.translate(exc.message)) from exc

    if request.headers.get("HX-Request") == "true":
        catalogue = request.registry.relais_permissions
        return render_to_response(
            CELL,
            {"profile": profile, "perm": catalogue[permission], "held": granted},
            request=request,
        )
    request.session.flash(request.localizer.translate(_("The rights are saved.")))
    return HTTPSeeOther(request.route_url("admin_profiles"))


def includeme(config):
    config.add_route("admin_profiles", "/admin/profiles")
    config.add_route("admin_profile_grant", "/admin/profiles/grant")
    config.add_menu_entry(
        "admin",
        "profiles",
        _("Profiles and rights"),
        "admin_profiles",
        permission=PERMISSION,
        order=30,
    )
    config.scan(__name__)
