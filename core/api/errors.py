"""Error bodies of the JSON API: one shape for every 4xx."""

from __future__ import annotations

from typing import Any

from pyramid.response import Response


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
