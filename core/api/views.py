"""The OpenAPI document and the answer to :class:`core.api.errors.ApiError`."""

from __future__ import annotations

from pyramid.view import exception_view_config

from core.api.calls import json_response
from core.api.errors import ApiError, error_response
from core.api.openapi import document
from core.api.operations import PUBLIC
from core.i18n import _


@exception_view_config(ApiError)
def api_error(exc, request):
    response = error_response(request, exc.status, exc.code, exc.message, exc.fields)
    response.headers.update(exc.headers)
    return response


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
    config.scan(__name__)
