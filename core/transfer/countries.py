"""Country names as address books write them, turned into ISO codes."""

from __future__ import annotations

from functools import cache

from babel import Locale

from core.directory.normalise import fold

_EXTRA = {
    "usa": "US",
    "u s a": "US",
    "united states of america": "US",
    "uk": "GB",
    "angleterre": "GB",
    "england": "GB",
}


@cache
def _names() -> dict[str, str]:
    names = dict(_EXTRA)
    for language in ("fr", "en"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(_key(name), code)
    return names


def _key(text: str) -> str:
    return " ".join(fold(text).replace(".", " ").replace("-", " ").split())


def code(text: str) -> str | None:
    """``France`` → ``FR``, ``fr`` → ``FR``; ``None`` when unknown."""
    value = text.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    return _names().get(_key(value))
