"""The fields an import fills and the column names that usually mean them.

Column names come from Outlook (English and French), Google Contacts,
Thunderbird, LinkedIn, INSEE's SIRENE files and hand-made spreadsheets. A
suggestion is only a starting point: the preview lets the user change it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.directory.normalise import fold
from core.i18n import _


@dataclass(frozen=True)
class Target:
    key: str
    title: object
    # Several columns mapped to a joined field are glued with a space
    # (SIRENE's number, street type and street name); otherwise the first
    # column holding a usable value wins.
    joined: bool = False


TARGETS = (
    Target("company.name", _("Company: name")),
    Target("company.trade_name", _("Company: trade name")),
    Target("company.siret", _("Company: SIRET")),
    Target("company.phone", _("Company: phone")),
    Target("company.website", _("Company: website")),
    Target("company.street", _("Company: street"), joined=True),
    Target("company.postcode", _("Company: postcode")),
    Target("company.city", _("Company: city")),
    Target("company.country", _("Company: country")),
    Target("contact.civility", _("Contact: civility")),
    Target("contact.first_name", _("Contact: first name")),
    Target("contact.last_name", _("Contact: last name")),
    Target("contact.full_name", _("Contact: full name (split in two)")),
    Target("contact.title", _("Contact: job title")),
    Target("contact.email", _("Contact: e-mail")),
    Target("contact.phone", _("Contact: phone")),
    Target("contact.mobile", _("Contact: mobile")),
    Target("contact.linkedin_url", _("Contact: LinkedIn page")),
    Target("contact.street", _("Contact: street"), joined=True),
    Target("contact.postcode", _("Contact: postcode")),
    Target("contact.city", _("Contact: city")),
    Target("contact.country", _("Contact: country")),
)
TARGET_KEYS = {target.key: target for target in TARGETS}

# Header keys (see :func:`header_key`) and the field each one means.
_SYNONYMS = {
    "company.name": (
        "societe",
        "company",
        "organization",
        "organisation",
        "organization name",
        "raison sociale",
        "entreprise",
        "nom de la societe",
        "company name",
        "denominationusuelleetablissement",
        "enseigne1etablissement",
        "denomination",
    ),
    "company.trade_name": ("nom commercial", "enseigne", "trade name"),
    "company.siret": ("siret", "numero siret", "n siret"),
    "company.phone": ("telephone societe", "company phone", "standard"),
    "company.website": (
        "web page 1",
        "web page",
        "website",
        "site web",
        "site internet",
        "page web",
        "website work",
        "website home page",
        "website 1 value",
        "url",
    ),
    "company.street": (
        "numerovoieetablissement",
        "typevoieetablissement",
        "libellevoieetablissement",
    ),
    "company.postcode": ("codepostaletablissement",),
    "company.city": ("libellecommuneetablissement",),
    "contact.civility": ("civilite", "name prefix", "civility", "salutation"),
    "contact.first_name": ("first name", "prenom", "given name", "firstname"),
    "contact.last_name": (
        "last name",
        "nom",
        "family name",
        "surname",
        "nom de famille",
        "lastname",
    ),
    "contact.full_name": (
        "display name",
        "name",
        "contact",
        "nom complet",
        "full name",
        "nom et prenom",
    ),
    "contact.title": (
        "job title",
        "position",
        "fonction",
        "poste",
        "organization title",
        "titre du poste",
    ),
    "contact.email": (
        "e mail address",
        "email",
        "e mail",
        "primary email",
        "email address",
        "e mail 1 value",
        "email work",
        "email home",
        "email other",
        "adresse de messagerie",
        "courriel",
        "mail",
        "e mail 2 address",
        "e mail 3 address",
        "secondary email",
        "adresse de messagerie 2",
        "adresse de messagerie 3",
        "e mail 2 value",
        "e mail 3 value",
        "adresse e mail",
    ),
    "contact.phone": (
        "business phone",
        "work phone",
        "telephone bureau",
        "telephone",
        "phone",
        "tel",
        "phone 1 value",
        "primary phone",
        "telephone professionnel",
        "business phone 2",
        "telephone 2 bureau",
    ),
    "contact.mobile": (
        "mobile",
        "mobile number",
        "mobile phone",
        "home mobile",
        "tel mobile",
        "portable",
        "telephone mobile",
        "cell",
        "cellulaire",
    ),
    "contact.linkedin_url": ("linkedin", "profil linkedin", "linkedin url"),
    "contact.street": (
        "rue bureau",
        "work address",
        "business street",
        "address 1 street",
        "adresse",
        "rue",
        "street",
        "rue bureau 2",
        "work address 2",
        "business street 2",
    ),
    "contact.postcode": (
        "code postal bureau",
        "work zipcode",
        "work zip",
        "business postal code",
        "code postal",
        "cp",
        "postal code",
        "zip",
        "address 1 postal code",
    ),
    "contact.city": (
        "ville bureau",
        "work city",
        "business city",
        "ville",
        "city",
        "address 1 city",
    ),
    "contact.country": (
        "pays region bureau",
        "work country",
        "business country region",
        "pays",
        "country",
        "address 1 country",
    ),
}
_INDEX = {phrase: key for key, phrases in _SYNONYMS.items() for phrase in phrases}
# Outlook's "Title" / "Titre" is the civility in one column and the job title
# in the next: the values decide.
_TITLE_HEADERS = frozenset({"title", "titre"})
CIVILITY_WORDS = frozenset(
    "m m. mr mr. mme mme. mrs mrs. ms ms. mlle mlle. miss monsieur madame "
    "mademoiselle dr dr. docteur".split()
)


def header_key(header: str) -> str:
    """``Pays/Région (bureau)`` → ``pays region bureau``."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(header))).split())


def _column_values(rows, index: int, limit: int = 200) -> list[str]:
    values = []
    for _line, cells in rows[:limit]:
        if index < len(cells) and str(cells[index]).strip():
            values.append(str(cells[index]).strip())
    return values


def _guess(header: str, values: list[str]) -> str | None:
    key = header_key(header)
    if key in _TITLE_HEADERS:
        if values and all(v.lower() in CIVILITY_WORDS for v in values):
            return "contact.civility"
        return "contact.title"
    if key in TARGET_KEYS:
        return key
    # "Phone 3 - Value" or "E-mail 4 - Value" mean what their first one means.
    target = _INDEX.get(key) or _INDEX.get(re.sub(r"\b\d+\b", "1", key))
    if target == "company.website" and any("linkedin.com/in" in v for v in values):
        return "contact.linkedin_url"
    return target


def suggest_mapping(headers: list[str], rows) -> list[str]:
    """One target key (or ``""``) per column, from its header and values."""
    mapping = [
        _guess(header, _column_values(rows, i)) or ""
        for i, header in enumerate(headers)
    ]
    # A bare "Téléphone" is the company's switchboard in a file of companies.
    has_person = any(t.startswith("contact.") and "name" in t for t in mapping)
    if not has_person:
        mapping = [
            t.replace("contact.", "company.", 1)
            if t
            in (
                "contact.phone",
                "contact.street",
                "contact.postcode",
                "contact.city",
                "contact.country",
            )
            else t
            for t in mapping
        ]
    # Only joined targets take several columns of different meaning; for the
    # others the extra columns are fallbacks (E-mail 2, E-mail 3).
    return mapping
