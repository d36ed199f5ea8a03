"""Turn what a client sent into validated schemas, or into a precise 4xx.

Forms and the API share ``core.forms``'s messages; a JSON client can send
things a form never does (``null``, numbers where text is due, unknown
fields), so a few more messages are added here.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from core.api.errors import ApiError, invalid
from core.forms import MESSAGES, FieldError
from core.i18n import _

MAX_BODY_BYTES = 1024 * 1024

API_MESSAGES = {
    **MESSAGES,
    "string_type": _("Enter a text."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "bool_type": _("Choose true or false."),
    "bool_parsing": _("Choose true or false."),
    "extra_forbidden": _("Unknown field."),
    "model_type": _("Send a JSON object."),
    "model_attributes_type": _("Send a JSON object."),
    "dict_type": _("Send a JSON object."),
    "list_type": _("Send a list."),
}


def _message(error: dict) -> Any:
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        return cause.message
    if error.get("input", ...) is None and error["type"].endswith("_type"):
        return _("This field cannot be null.")
    return API_MESSAGES.get(error["type"], _("This value is not valid."))


def field_errors(exc: ValidationError) -> dict[str, Any]:
    """One message per field, named by its dotted path (``__all__`` for the body)."""
    errors: dict[str, Any] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "__all__"
        errors.setdefault(name, _message(error))
    return errors


def check(schema: type[BaseModel], data: Any) -> BaseModel:
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from None


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON, whatever Python's parser tolerates.
    raise ValueError(f"{name} is not JSON")


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def read_json_body(request) -> Any:
    """The decoded JSON body; 415, 413 or 400 when it is not usable JSON."""
    if not is_json(request.content_type or ""):
        raise ApiError(
            415, "unsupported_media_type", _("Send the body as application/json.")
        )
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, "too_large", _("The body is too large."))
    try:
        text = request.body.decode("utf-8")
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise ApiError(
            400, "malformed_json", _("The body is not valid JSON.")
        ) from None


def read_body(request, schema: type[BaseModel]) -> BaseModel:
    data = read_json_body(request)
    if not isinstance(data, dict):
        raise invalid({"__all__": _("Send a JSON object.")})
    return check(schema, data)


def query_params(request) -> dict[str, str]:
    """The query string as single values; repeated or undecodable ones refused."""
    try:
        pairs = list(request.GET.items())
    except UnicodeDecodeError:
        raise ApiError(
            400, "malformed_query", _("The query string is not valid UTF-8.")
        ) from None
    values: dict[str, str] = {}
    repeated: dict[str, Any] = {}
    for name, value in pairs:
        if name in values:
            repeated[name] = _("Give this parameter only once.")
        values[name] = value
    if repeated:
        raise invalid(repeated)
    return values
