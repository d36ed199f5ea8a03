"""Base classes of API schemas: what a client reads, creates, changes or filters.

Every request schema refuses unknown fields, so a misspelt field answers
``422`` instead of being silently ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Resource(BaseModel):
    """A representation sent to clients, built from a model instance."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, obj: Any) -> Resource:
        return cls.model_validate(obj, from_attributes=True)


class Create(BaseModel):
    """The body of a creation; required fields have no default."""

    model_config = ConfigDict(extra="forbid")


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    # Omitting a field leaves it unchanged; the document must not suggest
    # that sending null is the same thing when the field refuses null.
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None and not _nullable(prop):
            prop.pop("default")


def _nullable(prop: dict[str, Any]) -> bool:
    options = prop.get("anyOf", [prop])
    return any(option.get("type") == "null" for option in options)


class Patch(BaseModel):
    """The body of a partial update: only the fields sent are changed.

    Declare each field with a ``None`` default. A field that cannot be emptied
    keeps a non-optional type, so an explicit ``null`` is refused while
    omitting it is fine (pydantic does not validate defaults).
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_null_defaults)

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class Filters(BaseModel):
    """Query parameters of a list; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    def given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}
