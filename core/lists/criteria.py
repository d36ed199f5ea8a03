"""Lists built from a search: its criteria, run against today's base."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from core.search.criteria import Criteria
from core.search.services import dialect_of


def read_criteria(text: str) -> Criteria | None:
    """The criteria a search page posted (its JSON form), or ``None``.

    No text, or an empty object, means the list does not come from a search:
    empty criteria would find every record of the base.
    """
    if not text or not text.strip():
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data:
        return None
    try:
        return Criteria.from_json(data)
    except ValueError:
        return None


def matching_ids(session: Session, criteria: Criteria, access) -> list[int]:
    """Ids of the companies or contacts the criteria find for this user."""
    user_id = access.user.id if access.user is not None else None
    query = criteria.select(user_id, dialect_of(session), access)
    return list(session.scalars(query))


def search_params(criteria_json: dict | None) -> list[tuple[str, str]]:
    """The search page's query string for a list's criteria (add/subtract)."""
    return Criteria.from_json(criteria_json or {}).to_params()
