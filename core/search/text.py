"""What a person types, turned into patterns the search index can answer.

The index keeps every searchable field folded by :func:`fold_text` (lower
case, no accents, no apostrophes nor dots, dashes read as spaces) and framed
by two control characters, ``START`` before and ``END`` after, so that
"starts with" and "ends with" are plain substrings too: ``RE*`` looks for
``START + "re"``, ``*RE`` for ``"re" + END``. Only ``*`` is a wildcard for
users; ``%``, ``_``, quotes and backslashes are ordinary characters. The term
typed is folded by the same function, so ``L’ORÉAL``, ``l'oreal`` and
``loreal`` all find ``L'Oréal``, and ``saint gobain`` finds ``Saint-Gobain``.
Names of several words are also indexed run together (``saintgobain``), so a
term typed without separators finds them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.directory.normalise import JOINERS, spelling

START = "\x02"
END = "\x03"
# E-mail addresses have frames of their own, which the anchors never match:
# "*fr" is a name ending in "fr", not every address in France.
MAIL_START = "\x04"
MAIL_END = "\x05"

# Longer terms are cut: nobody types them and they only cost time.
MAX_TERM = 100
MIN_TERM = 2
# Terms of this many words are also tried in their other orders.
MIN_WORDS, MAX_WORDS = 2, 4

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Control characters and dashes of every kind separate words like a space.
_SPACING = re.compile(r"[\x00-\x1f\x7f\-‐‑‒–—―−]+")
# A lone letter before a word is an elision typed with a space: "l oreal".
_ELIDED = re.compile(r"(?<![^\s*])([^\W\d_]) (?=\w)")
_PHONE_LIKE = re.compile(r"\+?[\d\s.\-()/*]+")
_NOT_DIGIT = re.compile(r"[^\d*]")
FRENCH_PREFIXES = ("+33", "+590", "+594", "+262", "+596", "+269")


def clean(text: str) -> str:
    """The term as searched: no control characters, spaces squeezed, bounded."""
    text = _CONTROL.sub(" ", text or "")
    return " ".join(text.split())[:MAX_TERM]


def phone_digits(e164: str | None) -> str:
    """A stored E.164 number as people dial it: ``+33123…`` is ``0123…``."""
    if not e164:
        return ""
    for prefix in FRENCH_PREFIXES:
        if e164.startswith(prefix):
            return "0" + e164[len(prefix) :]
    return e164.lstrip("+")


def _typed_phone(text: str) -> str | None:
    """The digits of a term that reads as a phone fragment, ``None`` otherwise."""
    if not _PHONE_LIKE.fullmatch(text):
        return None
    if text.startswith("+33") or text.startswith("0033"):
        text = "0" + text[3 if text.startswith("+") else 4 :]
    elif text.startswith("00"):
        text = text[2:]
    digits = _NOT_DIGIT.sub("", text)
    return digits if sum(c.isdigit() for c in digits) >= MIN_TERM else None


def fold_text(value: str) -> str:
    """Text as the search compares it, indexed or typed (``*`` is kept).

    The duplicate keys' spelling (accents, case, ``&``/``et``, apostrophes and
    dots), with dashes and runs of spaces read as one space; ``%``, ``_`` and
    other signs stay, so that they are searched literally. Apostrophes also go
    before folding, which turns ``´`` into a space; ligatures are spelled out
    (by :func:`~core.directory.normalise.fold`).
    """
    spelled = spelling(JOINERS.sub("", value))
    return " ".join(_SPACING.sub(" ", spelled).split())


def field(value: str | None, compact: bool = False) -> str:
    """One field as the index stores it (empty fields leave no trace).

    With ``compact``, a value of several words is followed by a second field
    of its words run together: people type ``saintgobain`` or ``lefigaro``
    for ``Saint-Gobain`` and ``Le Figaro``, and a plain substring of the
    index must find them as fast as any other term.
    """
    folded = fold_text(value) if value else ""
    if not folded:
        return ""
    return f"{START}{folded}{END}" + (compact_field(value) if compact else "")


def mail_field(value: str | None) -> str:
    """An e-mail address as the index stores it: found inside, never anchored."""
    folded = fold_text(value) if value else ""
    return f"{MAIL_START}{folded}{MAIL_END}" if folded else ""


def compact_field(value: str | None) -> str:
    """A value of several words run together, as a field; ``""`` otherwise.

    For one name's words only: two names run together (a first name and a
    last name) would hold terms across them (``gabrielleroy`` is no Leroy).
    """
    folded = fold_text(value) if value else ""
    if " " not in folded:
        return ""
    return f"{START}{folded.replace(' ', '')}{END}"


@dataclass(frozen=True)
class Pattern:
    """One way of matching: literal pieces between the user's ``*``.

    ``pieces`` already carry the ``START``/``END`` frames when anchored.
    A pattern with several pieces must find them in order inside one field.
    """

    pieces: tuple[str, ...]

    @property
    def longest(self) -> int:
        return max(len(piece) for piece in self.pieces)

    @property
    def spans_fields(self) -> bool:
        """Whether a bare substring test could wrongly join two fields."""
        return len(self.pieces) > 1

    def glob(self) -> str:
        """SQLite GLOB: ``*`` and ``?`` and ``[`` are escaped as classes."""

        def escape(piece: str) -> str:
            return re.sub(r"([*?\[])", r"[\1]", piece)

        return "*" + "*".join(escape(p) for p in self.pieces) + "*"

    def like(self) -> str:
        """PostgreSQL LIKE with the default backslash escape."""

        def escape(piece: str) -> str:
            return re.sub(r"([\\%_])", r"\\\1", piece)

        return "%" + "%".join(escape(p) for p in self.pieces) + "%"

    def regex(self) -> str:
        """The exact rule (pieces in order, inside one field), as a regex."""
        gap = f"[^{END}{MAIL_END}]*"
        return gap.join(re.escape(p) for p in self.pieces)

    def matches(self, text: str) -> bool:
        return re.search(self.regex(), text) is not None


def _pattern(term: str) -> Pattern | None:
    starts = term.startswith("*")
    ends = term.endswith("*")
    pieces = [piece for piece in term.split("*") if piece]
    if not pieces:
        return None
    # No star, or stars on both sides, mean "contains"; a star on one side
    # anchors the other. Inner stars match any run of characters in one field.
    if starts != ends:
        if ends:
            pieces[0] = START + pieces[0]
        else:
            pieces[-1] = pieces[-1] + END
    return Pattern(tuple(pieces))


def too_short(text: str) -> bool:
    """Whether a term holds fewer than two characters besides its stars.

    Such a term finds nothing (:func:`patterns` is empty for it): the box and
    the API say to type more rather than "nothing found".
    """
    return len(fold_text(clean(text)).replace("*", "").replace(" ", "")) < MIN_TERM


def patterns(text: str) -> list[Pattern]:
    """The patterns a term stands for: its letters, and its digits when a phone.

    A lone letter typed before a word also reads as an elision (``l oreal`` is
    ``loreal``); a term of two to four words is also read in the other orders
    of its words (see :func:`_rotations`). Returns an empty list for a term
    too short to search (fewer than two characters besides the stars, once
    folded).
    """
    term = clean(text)
    if len(term.replace("*", "")) < MIN_TERM:
        return []
    folded = fold_text(term)
    phone = _typed_phone(term)
    found = []
    variants = [folded, _ELIDED.sub(r"\1", folded), phone]
    if phone is None:
        variants += _rotations(folded)
    for variant in variants:
        if variant is None or len(variant.replace("*", "")) < MIN_TERM:
            continue
        pattern = _pattern(variant)
        if pattern and pattern not in found:
            found.append(pattern)
    return found


def _rotations(folded: str) -> list[str]:
    """The words of a short term in the other orders read in a circle.

    People type a surname first ("le gall colette") or a company's words
    swapped ("orsay maison"); each rotation is one more variant, ORed with
    the others, so a term of four words costs three more patterns at most.
    Terms with a star keep their order: the star anchors where it was typed.
    """
    words = folded.split(" ")
    if "*" in folded or not MIN_WORDS <= len(words) <= MAX_WORDS:
        return []
    return [" ".join(words[n:] + words[:n]) for n in range(1, len(words))]


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape ``\\``) where only ``*`` is a wildcard.

    For simple column filters (API lists of users and companies) that do not
    go through the index: ``RE*`` starts with, ``*RE`` ends with, anything
    else contains.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if escaped.startswith("*") or escaped.endswith("*"):
        return escaped.replace("*", "%")
    return f"%{escaped.replace('*', '%')}%"
