"""The home page, the quick search and the pages shown when something is wrong."""

from __future__ import annotations

import logging

from pyramid.events import ContextFound, NewRequest, subscriber
from pyramid.exceptions import BadCSRFToken, URLDecodeError
from pyramid.httpexceptions import HTTPFound, HTTPNotFound
from pyramid.path import AssetResolver
from pyramid.response import FileResponse, Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import (
    exception_view_config,
    forbidden_view_config,
    notfound_view_config,
    view_config,
)
from sqlalchemy.exc import DataError

from core.forms import parse_id
from core.i18n import _

log = logging.getLogger(__name__)

QUICK_SEARCH_LIMIT = 10
FAVICON = "core:static/favicon.ico"
# A day: browsers keep the icon apart from the page cache and ask rarely.
FAVICON_MAX_AGE = 86_400


def wants_json(request) -> bool:
    return request.path_info.startswith("/api/")


@view_config(route_name="home", renderer="core:templates/home.pt")
def home(request):
    return {"title": _("Home")}


@view_config(route_name="favicon", permission=NO_PERMISSION_REQUIRED)
def favicon(request):
    """The icon at the address browsers and feed readers ask for by habit.

    Pages name their icons in the layout; tools that do not read the page
    still ask for ``/favicon.ico`` at the root, signed in or not.
    """
    path = AssetResolver().resolve(FAVICON).abspath()
    return FileResponse(
        path,
        request=request,
        content_type="image/x-icon",
        cache_max_age=FAVICON_MAX_AGE,
    )


@view_config(route_name="quick_search", renderer="core:templates/quick_search.pt")
def quick_search(request):
    from core.search.quick import full_results_url, recent_groups

    text = request.params.get("q", "").strip()
    if not text:
        return {
            "text": text,
            "groups": recent_groups(request),
            "recent": True,
            "short": False,
        }
    from core.search.text import too_short

    short = too_short(text)
    groups = []
    if not short:
        for source in request.registry.relais_search_sources:
            hits, total = source.search(request, text, QUICK_SEARCH_LIMIT)
            if hits:
                more = full_results_url(request, source.name, text)
                groups.append(
                    {"source": source, "hits": hits, "total": total, "more": more}
                )
    return {"text": text, "groups": groups, "recent": False, "short": short}


@forbidden_view_config(renderer="core:templates/error.pt")
def forbidden(request):
    if wants_json(request):
        from core.api.errors import error_response

        if request.identity is None:
            return error_response(request, 401, "unauthenticated", _("Sign in first."))
        return error_response(request, 403, "forbidden", _("You may not do this."))
    if request.identity is None:
        return HTTPFound(request.route_url("login", _query={"next": request.path_qs}))
    request.response.status = 403
    return {
        "title": _("Access denied"),
        "message": _("Your profile does not allow this."),
    }


@notfound_view_config(renderer="core:templates/error.pt")
def notfound(request):
    if wants_json(request):
        from core.api.errors import error_response

        return error_response(request, 404, "not_found", _("No such resource."))
    request.response.status = 404
    return {"title": _("Page not found"), "message": _("This page does not exist.")}


@exception_view_config(URLDecodeError, api_path=False)
def bad_url(request):
    """A path or query string that is not UTF-8 is the client's mistake.

    The page is drawn without the layout: the menus read the path that failed
    to decode.
    """
    log.info("web.url.undecodable remote=%s", request.client_addr)
    title = request.localizer.translate(_("Bad address"))
    message = request.localizer.translate(_("This address is not valid."))
    body = (
        f'<!DOCTYPE html><html lang="{request.locale_name}"><meta charset="utf-8">'
        f"<title>{title}</title><h1>{title}</h1><p>{message}</p>"
        f'<p><a href="{request.application_url}/">Relais</a></p></html>'
    )
    return Response(body, status=400, content_type="text/html", charset="utf-8")


@subscriber(NewRequest)
def undecodable_query(event):
    """A query string that is not UTF-8 is refused like such a path (400).

    The parameters are decoded when a view first reads them, which would
    then fail with a 500 in any page; checked once here instead. The API
    answers such a query with its own JSON error.
    """
    if event.request.environ.get("PATH_INFO", "").startswith("/api/"):
        return
    try:
        event.request.GET.items()
    except UnicodeDecodeError as exc:
        raise URLDecodeError(
            exc.encoding, exc.object, exc.start, exc.end, exc.reason
        ) from exc


@subscriber(ContextFound)
def unknown_huge_ids(event):
    """A number in the path too large to be a record id names no page: 404.

    Checked once here so that no view hands such a number to the database,
    whose driver would overflow.
    """
    for value in (event.request.matchdict or {}).values():
        if isinstance(value, str) and value.isdigit() and parse_id(value) is None:
            raise HTTPNotFound()


@exception_view_config(OverflowError, renderer="core:templates/error.pt")
@exception_view_config(DataError, renderer="core:templates/error.pt")
def out_of_range(exc, request):
    """A number or date the database or Python cannot hold is the client's mistake.

    The parsers refuse such values with a message beside the field; this is
    the last guard for a parameter that no parser has read yet.
    """
    log.warning(
        "web.value.out_of_range path=%s error=%s", request.path_info, type(exc).__name__
    )
    message = _("A number or a date in this request is out of range.")
    if wants_json(request):
        from core.api.errors import error_response

        return error_response(request, 400, "out_of_range", message)
    request.response.status = 400
    return {"title": _("Bad request"), "message": message}


@exception_view_config(BadCSRFToken, renderer="core:templates/error.pt")
def bad_csrf(request):
    log.info("web.csrf.rejected path=%s", request.path_info)
    if wants_json(request):
        from core.api.errors import error_response

        return error_response(
            request, 400, "bad_csrf_token", _("Missing or wrong CSRF token.")
        )
    request.response.status = 400
    return {
        "title": _("Form expired"),
        "message": _("The form was too old or came from elsewhere. Reload and retry."),
    }


def includeme(config):
    config.add_static_view(
        "static", "core:static/", cache_max_age=3600, permission=NO_PERMISSION_REQUIRED
    )
    config.add_route("home", "/")
    config.add_route("favicon", "/favicon.ico")
    config.add_route("quick_search", "/search/quick")
    config.scan(__name__)
