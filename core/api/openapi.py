"""The OpenAPI 3.1 document, generated from the declared operations.

Nothing here is written by hand per resource: paths, parameters, bodies,
answers and error answers all come from :class:`core.api.operations.
ApiOperation` declarations and their pydantic schemas.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

from pydantic.json_schema import models_json_schema

from core.api import listing
from core.api.errors import ErrorBody
from core.api.operations import PREFIX, ApiOperation, operations
from core.api.types import MAX_ID

REF = "#/components/schemas/{model}"

ERRORS = {
    400: ("BadRequest", "Malformed JSON, query string or CSRF token."),
    401: ("Unauthenticated", "No valid session or bearer token."),
    403: ("Forbidden", "The user's profile lacks the permission."),
    404: ("NotFound", "No such resource."),
    409: ("Conflict", "The change conflicts with the record's current state."),
    412: ("PreconditionFailed", "If-Match does not match the current ETag."),
    415: ("UnsupportedMediaType", "The body is not application/json."),
    422: ("Unprocessable", "Invalid values; `fields` names each of them."),
    428: ("PreconditionRequired", "If-Match is missing."),
}

SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token (`relais token create EMAIL`).",
    },
    "cookieAuth": {
        "type": "apiKey",
        "in": "cookie",
        "name": "relais",
        "description": "The browser session; unsafe methods also need the "
        "session's CSRF token in the `X-CSRF-Token` header.",
    },
}

HEADERS = {
    "ETag": {
        "description": 'The record\'s version, e.g. `"3"`; send it back in If-Match.',
        "schema": {"type": "string"},
    },
    "Link": {
        "description": "Links to the first, prev, next and last pages (RFC 8288).",
        "schema": {"type": "string"},
    },
    "Location": {
        "description": "The URL of the created record.",
        "schema": {"type": "string", "format": "uri"},
    },
}


def _error_statuses(operation: ApiOperation) -> list[int]:
    statuses = [] if operation.public else [401, 403]
    if operation.path_params or operation.load is not None:
        statuses.append(404)
    if operation.body is not None:
        statuses += [400, 415]
    if operation.query is not None or operation.paginated or operation.body:
        statuses.append(422)
    if operation.needs_if_match:
        statuses += [409, 412, 428]
    if not operation.public and operation.method != "GET":
        statuses.append(400)
    statuses += operation.errors
    return sorted(set(statuses))


def _parameter_schema(prop: dict) -> dict:
    """A query parameter is absent or has a value: it is never ``null``."""
    schema = {k: v for k, v in prop.items() if k not in ("description", "title")}
    options = [o for o in schema.pop("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        schema.update(options[0])
    elif options:
        schema["anyOf"] = options
    if schema.get("default", ...) is None:
        schema.pop("default")
    return schema


def _filter_parameters(operation: ApiOperation, components: dict) -> list[dict]:
    if operation.query is None:
        return []
    schema = operation.query.model_json_schema(ref_template=REF)
    components.update(schema.pop("$defs", {}))
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        parameter = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": _parameter_schema(prop),
        }
        if prop.get("description"):
            parameter["description"] = prop["description"]
        parameters.append(parameter)
    return parameters


def _list_parameters(operation: ApiOperation) -> list[dict]:
    if not operation.paginated:
        return []
    page_schema = listing.PageParams.model_json_schema()["properties"]
    parameters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": page_schema[name]["description"],
            "schema": {
                k: v for k, v in page_schema[name].items() if k != "description"
            },
        }
        for name in ("page", "per_page")
    ]
    fields = ", ".join(operation.sort) or "none"
    parameters.append(
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": f"Comma-separated fields, `-` for descending: {fields}.",
            "schema": {"type": "string", "default": operation.default_sort},
        }
    )
    return parameters


def _success(operation: ApiOperation, refs: dict) -> tuple[str, dict]:
    if operation.response is None and operation.method == "GET":
        return "200", {
            "description": str(operation.summary),
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    if operation.response is None:
        return "204", {"description": str(operation.summary)}
    ref = refs[(operation.response, "serialization")]
    answer: dict[str, Any] = {"description": str(operation.summary)}
    if operation.paginated:
        answer["content"] = {"application/json": {"schema": _page_schema(ref)}}
        answer["headers"] = {"Link": {"$ref": "#/components/headers/Link"}}
        return str(operation.status), answer
    answer["content"] = {"application/json": {"schema": ref}}
    headers = {}
    if "version" in operation.response.model_fields:
        headers["ETag"] = {"$ref": "#/components/headers/ETag"}
    if operation.location is not None:
        headers["Location"] = {"$ref": "#/components/headers/Location"}
    if headers:
        answer["headers"] = headers
    return str(operation.status), answer


def _page_schema(item_ref: dict) -> dict:
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": item_ref},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0},
        },
    }


def _operation(operation: ApiOperation, refs: dict, components: dict) -> dict:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
        for name in operation.path_params
    ]
    parameters += _list_parameters(operation)
    parameters += _filter_parameters(operation, components)
    if operation.needs_if_match:
        parameters.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "description": "The ETag of the version being changed.",
                "schema": {"type": "string"},
            }
        )

    status, success = _success(operation, refs)
    responses = {status: success}
    for code in _error_statuses(operation):
        responses[str(code)] = {"$ref": f"#/components/responses/{ERRORS[code][0]}"}

    document: dict[str, Any] = {
        "operationId": operation.name,
        "summary": str(operation.summary),
        "tags": [operation.tag],
        "responses": responses,
    }
    if operation.description:
        document["description"] = str(operation.description)
    if parameters:
        document["parameters"] = parameters
    if operation.body is not None:
        document["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": refs[(operation.body, "validation")]}
            },
        }
    if operation.public:
        document["security"] = []
    else:
        document["x-permission"] = operation.permission
    return document


def _version() -> str:
    try:
        return importlib.metadata.version("relais")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def build_document(registry) -> dict:
    """The whole document for the operations declared in ``registry``."""
    declared = operations(registry)
    models = {(ErrorBody, "serialization")}
    for operation in declared:
        if operation.body is not None:
            models.add((operation.body, "validation"))
        if operation.response is not None:
            models.add((operation.response, "serialization"))
    ordered = sorted(models, key=lambda item: (item[0].__name__, item[1]))
    refs, definitions = models_json_schema(ordered, ref_template=REF)
    components = dict(definitions.get("$defs", {}))

    paths: dict[str, dict] = {}
    for operation in declared:
        item = paths.setdefault(operation.path, {})
        item[operation.method.lower()] = _operation(operation, refs, components)

    error_ref = refs[(ErrorBody, "serialization")]
    responses = {
        name: {
            "description": description,
            "content": {"application/json": {"schema": error_ref}},
        }
        for name, description in ERRORS.values()
    }
    responses["Unauthenticated"]["headers"] = {
        "WWW-Authenticate": {"schema": {"type": "string"}}
    }
    tags = sorted({operation.tag for operation in declared})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Relais API",
            "version": _version(),
            "description": "The JSON API of Relais. Lists are paged with "
            "`page` and `per_page`, sorted with `sort`, filtered by the "
            "parameters each list declares; changes need `If-Match`.",
        },
        "servers": [{"url": PREFIX}],
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "responses": responses,
            "headers": HEADERS,
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def document(registry) -> dict:
    """The document, built once per application (declarations are frozen)."""
    cached = getattr(registry, "relais_api_document", None)
    if cached is None:
        cached = registry.relais_api_document = build_document(registry)
    return cached
