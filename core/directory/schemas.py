"""What the company and contact forms accept, field by field.

These check the shape of the input; whether a type, sector or group exists
is checked against the database in the services.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

import phonenumbers
from pydantic import AfterValidator, BaseModel, StringConstraints, field_validator

from core.auth.schemas import check_email
from core.directory.normalise import parse_phone, parse_siret
from core.forms import FieldError, RecordId, no_markup
from core.i18n import _


def check_phone(value: str) -> str:
    try:
        return parse_phone(value)
    except ValueError as exc:
        raise FieldError(_("Enter a phone number, e.g. 01 23 45 67 89.")) from exc


def check_siret(value: str) -> str:
    try:
        return parse_siret(value)
    except ValueError as exc:
        raise FieldError(
            _("This SIRET is not valid: 14 digits with a correct checksum.")
        ) from exc


def check_url(value: str) -> str:
    """Accept ``www.site.fr`` for ``https://www.site.fr``; refuse anything else."""
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc:
        raise FieldError(_("Enter a web address, e.g. https://www.example.fr."))
    if " " in value:
        raise FieldError(_("Enter a web address, e.g. https://www.example.fr."))
    return value


# ISO 3166 territories that have no telephone numbering plan of their own.
_COUNTRIES_WITHOUT_PHONES = {"AQ", "BV", "GS", "HM", "PN", "TF", "UM"}
COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS) | _COUNTRIES_WITHOUT_PHONES
_FRENCH_POSTCODE = re.compile(r"\d{5}")


def check_country(value: str) -> str:
    """An ISO 3166 two-letter code such as FR or BE, in any case."""
    code = value.strip().upper()
    if code not in COUNTRIES:
        raise FieldError(_("Enter a country code such as FR or BE (ISO 3166)."))
    return code


def check_postcode(postcode: str | None, country: str) -> None:
    if postcode and country == "FR" and not _FRENCH_POSTCODE.fullmatch(postcode):
        raise FieldError(_("A French postal code has 5 digits, e.g. 75008."))


def _text(max_length: int, required: bool = False):
    return StringConstraints(
        strip_whitespace=True, min_length=1 if required else 0, max_length=max_length
    )


Name = Annotated[str, _text(200, required=True), AfterValidator(no_markup)]
OptionalName = Annotated[str, _text(200), AfterValidator(no_markup)]
Phone = Annotated[str, _text(40), AfterValidator(check_phone)]
Siret = Annotated[str, _text(40), AfterValidator(check_siret)]
Url = Annotated[str, _text(300), AfterValidator(check_url)]
Email = Annotated[str, _text(254), AfterValidator(check_email)]


class AddressForm(BaseModel):
    label: Annotated[str, _text(80)] | None = None
    street: Annotated[str, _text(200)] = ""
    street2: Annotated[str, _text(200)] | None = None
    street3: Annotated[str, _text(200)] | None = None
    # Read before the postal code, whose shape depends on the country.
    country: Annotated[str, AfterValidator(check_country)] = "FR"
    postcode: Annotated[str, _text(12)] | None = None
    city: Annotated[str, _text(120)] | None = None

    @field_validator("postcode")
    @classmethod
    def _postcode_fits_country(cls, value, info):
        check_postcode(value, info.data.get("country"))
        return value


class SourceForm(BaseModel):
    """A source the company came from and its id there; any name will do."""

    name: Annotated[str, _text(100, required=True), AfterValidator(no_markup)]
    reference: Annotated[str, _text(100), AfterValidator(no_markup)] | None = None


class SocialForm(BaseModel):
    instagram_url: Url | None = None
    facebook_url: Url | None = None
    linkedin_url: Url | None = None
    x_url: Url | None = None
    youtube_url: Url | None = None


class CompanyForm(SocialForm):
    name: Name
    trade_name: OptionalName | None = None
    type_id: RecordId
    group: Annotated[str, _text(220)] | None = None
    situation_id: RecordId | None = None
    phone: Phone | None = None
    fax: Phone | None = None
    siret: Siret | None = None
    website: Url | None = None
    sector_ids: Annotated[list[RecordId], AfterValidator(lambda v: _some(v))]
    brief: Annotated[str, _text(2000)] | None = None
    addresses: list[AddressForm] = []
    default_address: int = 0
    sources: list[SourceForm] = []


def _some(values: list[int]) -> list[int]:
    if not values:
        raise FieldError(_("Choose at least one sector."))
    return sorted(set(values))


class ContactForm(SocialForm):
    civility: Annotated[str, _text(10, required=True)]
    first_name: Annotated[str, _text(80), AfterValidator(no_markup)] = ""
    last_name: Annotated[str, _text(120, required=True), AfterValidator(no_markup)]
    do_not_contact: bool = False
    company: Annotated[str, _text(220)] | None = None
    function_id: RecordId
    title: Annotated[str, _text(200)] | None = None
    email: Email | None = None
    phone: Phone | None = None
    mobile: Phone | None = None
    addresses: list[AddressForm] = []
    default_address: int = 0


# The repeated blocks of the forms (``sources.0.name``), and the fields that
# alone do not make a block worth keeping: a country is preset, and a block
# ticked "remove" is dropped whatever it holds.
ROWS = {"addresses": {"country"}, "sources": set()}
REMOVE = "remove"


def _block_key(key: str) -> tuple[str, int, str] | None:
    """``("sources", 0, "name")`` for ``sources.0.name``; ``None`` for a field."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] in ROWS and parts[1].isdigit():
        return parts[0], int(parts[1]), parts[2]
    return None


def _kept_blocks(post) -> dict[str, tuple[list[int], dict[int, dict]]]:
    """Per kind of block, the indexes kept in order and every block's values."""
    blocks: dict[str, dict[int, dict]] = {name: {} for name in ROWS}
    for key, value in post.items():
        found = _block_key(key)
        value = value.strip() if isinstance(value, str) else value
        if found is not None and value:
            name, index, field = found
            blocks[name].setdefault(index, {})[field] = value
    kept = {}
    for name, preset in ROWS.items():
        indexes = sorted(
            index
            for index, block in blocks[name].items()
            if REMOVE not in block and set(block) - preset
        )
        kept[name] = (indexes, blocks[name])
    return kept


def form_data(post, list_fields=(), checkboxes=()) -> dict:
    """Turn a posted form into the nested data the schemas read.

    ``addresses.0.street`` or ``sources.0.name`` inputs become lists of dicts
    (blocks left empty or ticked "remove" are dropped); ``list_fields`` are
    read with ``getall``. Error keys then come back as the same dotted names
    the inputs carry.
    """
    data: dict = {}
    for key, value in post.items():
        if key == "csrf_token" or key in list_fields or _block_key(key):
            continue
        value = value.strip() if isinstance(value, str) else value
        if value != "":
            data[key] = value
    for key in list_fields:
        data[key] = [value for value in post.getall(key) if value.strip()]
    for key in checkboxes:
        data[key] = key in post
    blocks = _kept_blocks(post)
    for name, (indexes, values) in blocks.items():
        data[name] = [values[index] for index in indexes]
    # The default address moves with its block.
    default = data.get("default_address", "0")
    kept = blocks["addresses"][0]
    data["default_address"] = (
        kept.index(int(default))
        if str(default).isdigit() and int(default) in kept
        else 0
    )
    return data


def remap_address_errors(errors: dict, post) -> dict:
    """Give block errors back the input names the user saw (before renumbering)."""
    indexes = {name: kept for name, (kept, _values) in _kept_blocks(post).items()}
    fixed = {}
    for key, message in errors.items():
        parts = key.split(".")
        if parts[0] in ROWS and len(parts) > 1 and parts[1].isdigit():
            position = int(parts[1])
            if position < len(indexes[parts[0]]):
                parts[1] = str(indexes[parts[0]][position])
            key = ".".join(parts)
        fixed[key] = message
    return fixed
