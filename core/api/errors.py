"""Error bodies of the JSON API: one shape for every 4xx."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from pyramid.response import Response

from core.i18n import _


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated for logs.")
    code: str = Field(description="A stable, machine-readable reason.")
    message: str = Field(description="A sentence for a person, in their language.")
    fields: dict[str, str] | None = Field(
        default=None,
        description="One message per invalid field or query parameter.",
    )


class ErrorBody(BaseModel):
    """What every 4xx answer of the API carries."""

    error: ErrorDetail


class ApiError(Exception):
    """Raise from an API view or service to answer with an error body.

    Raising (rather than returning) makes ``pyramid_tm`` abort the
    transaction, so a refused call never leaves half its changes behind.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message,
        fields: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}


def invalid(fields: dict) -> ApiError:
    """A ``422`` naming each field that was refused and why."""
    return ApiError(422, "invalid", _("Some values are not valid."), fields)


def error_body(
    status: int, code: str, message: str, fields: dict | None = None
) -> dict:
    body: dict[str, Any] = {
        "error": {"status": status, "code": code, "message": message}
    }
    if fields:
        body["error"]["fields"] = fields
    return body


def error_response(request, status: int, code: str, message, fields=None) -> Response:
    translate = request.localizer.translate
    translated = {name: translate(text) for name, text in (fields or {}).items()}
    response = Response(
        json_body=error_body(status, code, translate(message), translated),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="relais"'
    return response
