"""S-01: LIKE wildcards are ordinary characters; only ``*`` is a wildcard.

And nothing a person can type makes the search fail: quotes, backslashes,
control characters or 10,000 characters get a normal answer, in the box, the
advanced search and the API.
"""

from __future__ import annotations

import pytest

from core.search.text import too_short
from tests.core.test_search_quick import companies

pytest_plugins = ["tests.core.test_api_support"]

NASTY = [
    "%",
    "_",
    "%%",
    "__",
    "'",
    "''",
    '"',
    '""',
    "\\",
    "\\\\",
    "a'b",
    'a"b',
    "50\\%",
    "[a-z]",
    "?",
    "**",
    "*%*",
    "*_",
    "' OR 1=1 --",
    '"; DROP TABLE company; --',
    "NEAR(a b)",
    "a AND b",
    "x" * 10_000,
    "é" * 10_000,
    "\x01\x02\x03ab",
    "ab\x00cd",
]


@pytest.fixture
def s01(factories):
    for name in (
        "Remise 50% TF1",
        "Remise 50 euros",
        "AB_CD",
        "ABXCD",
        "O'Neil [Paris]",
    ):
        factories.company(name=name)


def test_percent_and_underscore_are_literal(signed_in, s01):
    assert companies(signed_in, "50%") == ["Remise 50% TF1"]
    assert companies(signed_in, "AB_CD") == ["AB_CD"]
    assert companies(signed_in, "%") == []  # too short alone: two characters
    assert companies(signed_in, "*%*") == []
    assert companies(signed_in, "% t") == ["Remise 50% TF1"]
    assert companies(signed_in, "_c") == ["AB_CD"]
    assert companies(signed_in, "b_*") == []
    assert companies(signed_in, "ab_*") == ["AB_CD"]
    assert companies(signed_in, "o'n") == ["O'Neil [Paris]"]
    assert companies(signed_in, "[paris]") == ["O'Neil [Paris]"]
    assert companies(signed_in, "*is]") == ["O'Neil [Paris]"]


@pytest.mark.parametrize("term", NASTY, ids=range(len(NASTY)))
def test_any_term_gets_a_normal_answer(signed_in, api, s01, term):
    clean = term.replace("\x00", "")
    signed_in.get("/search/quick", {"q": clean}, status=200)
    signed_in.get("/search", {"q": clean, "contact_q": clean, "title": clean})
    signed_in.get("/search", {"entity": "budget", "budget_q": clean})
    body = api.get("/search?" + _query(clean), status="*")
    # The API refuses control characters with a message, like every text field,
    # and a term of fewer than two characters besides its stars ("**", "''").
    typed = not any(ord(c) < 32 for c in clean) and not too_short(clean)
    assert body.status_int == (200 if typed else 422), body.text


def _query(text: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": text})
