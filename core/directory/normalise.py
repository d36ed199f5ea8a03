"""Reduce names, phones and SIRETs to the forms duplicates are compared on.

A duplicate hides behind spelling: ``L’Oréal``, ``L'ORÉAL S.A.`` and
``LOREAL`` are one advertiser, and ``0033 1 23 45 67 89`` is
``01 23 45 67 89``. Everything stored is reduced here first.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

# Legal forms dropped at either end of a name: "SAS Dupont" is "Dupont SA".
LEGAL_FORMS = frozenset(
    """sa sas sasu sarl eurl snc scs sca sci scop scp selarl selas gie eirl ei
    sem spa gmbh ag ltd llc inc plc bv nv srl sl""".split()
)
# Dots and apostrophes join what they separate: "S.A." is "SA", "L'Oréal"
# is "LOréal"; every other non-alphanumeric character separates words.
JOINERS = re.compile(r"[.'’‘`´ʼ]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")

# French overseas numbers are not valid in region FR: try their own regions.
PHONE_REGIONS = ("FR", "GP", "GF", "RE", "MQ", "YT")
FRENCH_COUNTRY_CODES = frozenset({33, 590, 594, 262, 596, 269})


# Letters that neither decomposition nor casefold spell out, while
# PostgreSQL's unaccent, which folds the same text in SQL, does.
SPELLED_OUT = {
    "æ": "ae",
    "œ": "oe",
    "ɶ": "oe",
    "ø": "o",
    "ð": "d",
    "đ": "d",
    "þ": "th",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ŋ": "n",
    "ŧ": "t",
}
_SPELLED_OUT = str.maketrans(SPELLED_OUT)


def fold(text: str) -> str:
    """Lower case without accents (``Élodie`` → ``elodie``, ``Cœur`` → ``coeur``).

    The one folding of every text compared: SQLite's ``relais_fold`` is this
    function and PostgreSQL's is ``unaccent`` then ``lower``, which spell
    ligatures out the same way.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().translate(_SPELLED_OUT)


def spelling(text: str) -> str:
    """Folded, ``&`` read as ``et``, apostrophes and dots dropped.

    What the duplicate keys and the search index both start from, so that
    ``L’Oréal``, ``L'ORÉAL`` and ``LOREAL`` are one spelling everywhere.
    """
    return JOINERS.sub("", fold(text.replace("&", " et ")))


def words(text: str) -> list[str]:
    return [word for word in _SEPARATORS.split(spelling(text)) if word]


def name_key(text: str | None) -> str:
    """The key two names of one company share; ``""`` for an empty name."""
    parts = words(text or "")
    while len(parts) > 1 and parts[-1] in LEGAL_FORMS:
        parts.pop()
    while len(parts) > 1 and parts[0] in LEGAL_FORMS:
        parts.pop(0)
    return "".join(parts)


def person_key(text: str | None) -> str:
    """The key of a person's last name: case, accents and hyphens ignored."""
    return "".join(words(text or ""))


def parse_phone(text: str) -> str:
    """Return the number in E.164 (``+33123456789``) or raise ``ValueError``."""
    for region in PHONE_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException as exc:
            raise ValueError(str(exc)) from exc
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            )
    raise ValueError("not a valid phone number")


def format_phone(e164: str | None) -> str:
    """French numbers in national format (``01 23 45 67 89``), others in full."""
    if not e164:
        return ""
    if len(e164) == 12 and e164[:3] == "+33" and e164[3] in "12345679":
        # Geographic, mobile and VoIP numbers print in pairs; parsing them
        # (35 µs each) was most of the time of a large export.
        n = e164
        if n[4:].isdigit():
            return f"0{n[3]} {n[4:6]} {n[6:8]} {n[8:10]} {n[10:12]}"
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code in FRENCH_COUNTRY_CODES:
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    else:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def parse_siret(text: str) -> str:
    """Return the 14 digits of a valid SIRET or raise ``ValueError``."""
    try:
        return stdnum_siret.validate(text)
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc


def format_siret(value: str | None) -> str:
    return stdnum_siret.format(value) if value else ""
