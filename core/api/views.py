"""The OpenAPI document and the answer to :class:`core.api.errors.ApiError`."""

from __future__ import annotations

import logging

from pyramid.exceptions import URLDecodeError
from pyramid.httpexceptions import HTTPException
from pyramid.view import exception_view_config

from core.api.calls import json_response
from core.api.errors import ApiError, error_response
from core.api.openapi import document
from core.api.operations import PREFIX, PUBLIC
from core.i18n import _

log = logging.getLogger(__name__)


@exception_view_config(ApiError)
def api_error(exc, request):
    response = error_response(request, exc.status, exc.code, exc.message, exc.fields)
    response.headers.update(exc.headers)
    return response


class ApiPathPredicate:
    """True for requests under ``/api/``, judged on the raw, undecoded path.

    ``request.path_info`` cannot be used: decoding it is what failed when a
    client sends a path that is not UTF-8.
    """

    def __init__(self, value, config):
        self.value = bool(value)

    def text(self):
        return f"api_path = {self.value}"

    phash = text

    def __call__(self, context, request):
        raw = request.environ.get("PATH_INFO", "")
        return raw.startswith(PREFIX.rsplit("/", 1)[0] + "/") == self.value


def unexpected(exc, request):
    """Even an unforeseen failure answers JSON, so that clients can read it."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("api.unexpected path=%s", request.path_info)
    return error_response(request, 500, "internal", _("An unexpected error occurred."))


def undecodable_path(exc, request):
    return error_response(
        request, 400, "malformed_path", _("The path is not valid UTF-8.")
    )


def openapi_document(call):
    return json_response(document(call.request.registry))


def includeme(config):
    config.add_api_operation(
        "openapi",
        "GET",
        "/openapi.json",
        openapi_document,
        summary=_("This OpenAPI document"),
        permission=PUBLIC,
    )
    config.add_view_predicate("api_path", ApiPathPredicate)
    config.add_exception_view(unexpected, context=Exception, api_path=True)
    config.add_exception_view(undecodable_path, context=URLDecodeError, api_path=True)
    config.scan(__name__)
