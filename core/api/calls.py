"""Running a declared operation: read the call, run the view, shape the answer.

Views stay small because everything the conventions require happens here,
in this order: the API permission, query parameters (``422``), the path's
ids and the loaded object (``404``), ``If-Match`` (``428``/``412``), the
body (``415``/``400``/``422``), then the view, a flush (a concurrent change
found then answers ``409``) and the JSON answer with its ``ETag``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pyramid.response import Response
from sqlalchemy import inspect
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql import Select

from core.api import listing
from core.api.errors import ApiError, error_response, invalid
from core.api.operations import PREFIX, ApiOperation, operations
from core.api.types import MAX_ID
from core.api.validation import check, query_params, read_body
from core.i18n import _

log = logging.getLogger(__name__)


@dataclass
class ApiCall:
    """What a view gets: the request and everything already validated."""

    request: Any
    operation: ApiOperation
    ids: dict[str, int] = field(default_factory=dict)
    query: BaseModel | None = None
    body: BaseModel | None = None
    target: Any = None

    @property
    def dbsession(self):
        return self.request.dbsession

    @property
    def user(self):
        return self.request.identity


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(
        body=body.encode("utf-8"),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(request, target) -> None:
    """Refuse a change made without, or against an old, version of the object."""
    header = request.headers.get("If-Match")
    current = etag(target.version)
    if header is None or not header.strip():
        raise ApiError(
            428,
            "precondition_required",
            _("Send If-Match with the ETag you last read."),
        )
    candidates = [part.strip() for part in header.split(",")]
    if "*" in candidates or current in candidates:
        return
    raise ApiError(
        412,
        "precondition_failed",
        _("Someone changed this record since you read it; read it again."),
        headers={"ETag": current},
    )


def _present(operation: ApiOperation, obj: Any) -> dict:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    schema = operation.response
    maker = getattr(schema, "of", None)
    model = maker(obj) if maker else schema.model_validate(obj, from_attributes=True)
    return model.model_dump(mode="json")


class OperationView:
    """The Pyramid view of one declared operation."""

    def __init__(self, operation: ApiOperation):
        self.operation = operation
        self.__name__ = operation.name
        self.__doc__ = f"API operation {operation.name}"

    def __call__(self, request):
        operation = self.operation
        if not operation.public and not request.has_permission("api"):
            raise ApiError(403, "forbidden", _("You may not use the API."))

        call = ApiCall(request, operation)
        values = query_params(request)
        call.query, page, sort = self._read_query(values)
        call.ids = self._read_ids(request)
        if operation.load is not None:
            call.target = operation.load(call)
            if call.target is None:
                raise ApiError(404, "not_found", _("No such resource."))
        if operation.needs_if_match:
            check_if_match(request, call.target)
        if operation.body is not None:
            call.body = read_body(request, operation.body)

        try:
            result = operation.view(call)
            if isinstance(result, Response):
                return result
            if operation.paginated:
                return self._page(call, result, page, sort)
            return self._item(call, result)
        except StaleDataError:
            # Another transaction changed the row between our read and write.
            log.info("api.conflict operation=%s", operation.name)
            raise ApiError(
                409, "conflict", _("This record changed meanwhile; retry.")
            ) from None

    def _read_query(self, values: dict[str, str]):
        operation = self.operation
        filters = operation.query
        known = set(filters.model_fields) if filters is not None else set()
        if operation.paginated:
            known.update(listing.LIST_PARAMS)
        unknown = sorted(set(values) - known)
        if unknown:
            raise invalid({name: _("Unknown parameter.") for name in unknown})

        query = None
        if filters is not None:
            query = check(
                filters, {k: v for k, v in values.items() if k in filters.model_fields}
            )
        if not operation.paginated:
            return query, None, None
        page = listing.page_params(values)
        sort = listing.parse_sort(
            values.get("sort", ""), list(operation.sort), operation.default_sort
        )
        return query, page, sort

    def _read_ids(self, request) -> dict[str, int]:
        ids = {}
        for name in self.operation.path_params:
            value = int(request.matchdict[name])
            if not 1 <= value <= MAX_ID:
                raise ApiError(404, "not_found", _("No such resource."))
            ids[name] = value
        return ids

    def _page(self, call: ApiCall, statement: Select, page, sort) -> Response:
        operation = self.operation
        dbsession = call.dbsession
        entity = statement.column_descriptions[0]["entity"]
        tiebreaker = inspect(entity).primary_key[0].asc()
        total = listing.count(dbsession, statement)
        statement = listing.ordered(statement, sort, operation.sort, tiebreaker)
        rows = listing.fetch_page(dbsession, statement, page)
        response = json_response(
            {
                "items": [_present(operation, row) for row in rows],
                "page": page.page,
                "per_page": page.per_page,
                "total": total,
            }
        )
        response.headers["Link"] = listing.link_header(call.request, page, total)
        return response

    def _item(self, call: ApiCall, result: Any) -> Response:
        operation = self.operation
        if operation.method != "GET":
            # Flush now: the new version goes into the ETag, and a conflict
            # found here still gets an error body.
            call.dbsession.flush()
        if result is None:
            return Response(status=204)

        response = json_response(_present(operation, result), status=operation.status)
        version = getattr(result, "version", None)
        if isinstance(version, int):
            response.headers["ETag"] = etag(version)
        if operation.location is not None:
            path = operation.location.format(id=result.id)
            response.headers["Location"] = call.request.application_url + PREFIX + path
        return response


def method_not_allowed(request):
    """Answer 405 naming the methods the path does accept."""
    route = request.matched_route.name
    allowed = [
        op.method for op in operations(request.registry) if op.route_name == route
    ]
    if "GET" in allowed:
        allowed.insert(allowed.index("GET") + 1, "HEAD")
    response = error_response(
        request, 405, "method_not_allowed", _("This method is not allowed here.")
    )
    response.headers["Allow"] = ", ".join(allowed)
    return response
