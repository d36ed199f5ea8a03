"""Declaring API operations: one declaration feeds the route, the view and the
OpenAPI document, so the document cannot drift from what the server does.

The core and plugins declare operations in their ``includeme``::

    config.add_api_operation(
        "companies.get", "GET", "/companies/{id}", get_company,
        summary=_("Read a company"), response=CompanyOut, load=load_company,
    )

Conventions the declaration implies (see ``core.api.calls``):

* every ``{name}`` in ``path`` is a positive integer id; one that names
  nothing answers ``404``;
* ``load`` fetches the object the call is about; unsafe methods on a loaded
  object require ``If-Match`` with its ETag (``428`` without, ``412`` stale);
* ``query`` is a pydantic schema of the filters; any other query parameter
  answers ``422`` naming it;
* ``paginated`` calls return a SQLAlchemy ``Select`` that the API pages and
  sorts by the ``sort`` fields declared (name to column);
* ``body`` and ``response`` are pydantic schemas (see :mod:`core.api.schemas`);
  ``errors`` lists statuses the view itself may raise (e.g. ``409``) beyond
  those the conventions imply, so that the document mentions them.

A view receives a :class:`core.api.calls.ApiCall` and returns a model
instance (or a ``Select`` when paginated, or a pydantic model, or a ready
``Response``); it raises :class:`core.api.errors.ApiError` to refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pyramid.security import NO_PERMISSION_REQUIRED

PREFIX = "/api/v1"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NEEDS_IF_MATCH = frozenset({"PUT", "PATCH", "DELETE"})
PUBLIC = NO_PERMISSION_REQUIRED

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class ApiOperation:
    """One method on one path of ``/api/v1``. Added in 0.1."""

    name: str
    method: str
    path: str
    view: Callable[..., Any]
    summary: Any
    permission: str = "api"
    description: Any = ""
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    load: Callable[..., Any] | None = None
    paginated: bool = False
    sort: Mapping[str, Any] = field(default_factory=dict)
    default_sort: str = ""
    status: int = 200
    location: str | None = None
    errors: tuple[int, ...] = ()

    @property
    def path_params(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.path))

    @property
    def route_name(self) -> str:
        return f"api.v1:{self.path}"

    @property
    def public(self) -> bool:
        return self.permission == PUBLIC

    @property
    def needs_if_match(self) -> bool:
        return self.load is not None and self.method in NEEDS_IF_MATCH

    @property
    def tag(self) -> str:
        return self.path.strip("/").split("/")[0]


def route_pattern(path: str) -> str:
    return PREFIX + _PLACEHOLDER.sub(r"{\1:\\d+}", path)


def _check(operation: ApiOperation) -> None:
    if operation.method not in METHODS:
        raise ValueError(f"{operation.name}: unknown method {operation.method}")
    if not operation.path.startswith("/"):
        raise ValueError(f"{operation.name}: path must start with /")
    if operation.paginated and operation.response is None:
        raise ValueError(f"{operation.name}: a paginated operation needs a response")
    if operation.default_sort and operation.default_sort.lstrip("-") not in (
        operation.sort
    ):
        raise ValueError(f"{operation.name}: default sort is not a sort field")
    from core.api.openapi import ERRORS

    if set(operation.errors) - set(ERRORS):
        raise ValueError(f"{operation.name}: undocumented error statuses")
    if operation.body is not None and operation.method not in UNSAFE:
        raise ValueError(f"{operation.name}: {operation.method} carries no body")


def add_api_operation(config, name: str, method: str, path: str, view, **kw):
    """Declare an operation of the JSON API; see the module docstring.

    Two declarations of the same method and path, or of the same name,
    conflict like any Pyramid configuration. Added in 0.1.
    """
    from core.api.calls import OperationView, method_not_allowed

    operation = ApiOperation(
        name=name, method=method.upper(), path=path, view=view, **kw
    )
    _check(operation)
    registry = config.registry
    routes = registry.relais_api_routes

    # One route per path; each method is a view on it, and a view without a
    # method predicate answers 405 for the others.
    if operation.route_name not in routes:
        routes[operation.route_name] = operation.path
        config.add_route(operation.route_name, route_pattern(operation.path))
        config.add_view(
            method_not_allowed, route_name=operation.route_name, permission="api"
        )
    config.add_view(
        OperationView(operation),
        route_name=operation.route_name,
        request_method=operation.method,
        permission=operation.permission,
    )

    def register():
        registry.relais_api_operations[name] = operation

    config.action(("relais-api-operation", operation.method, path), register)
    config.action(("relais-api-operation-name", name), lambda: None)


def operations(registry) -> list[ApiOperation]:
    """Every declared operation, in path then method order."""
    found = registry.relais_api_operations.values()
    return sorted(found, key=lambda op: (op.path, METHODS.index(op.method)))


def includeme(config):
    config.registry.relais_api_operations = {}
    config.registry.relais_api_routes = {}
    config.add_directive("add_api_operation", add_api_operation)
