"""What the budget form accepts; references are checked in the services."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, StringConstraints

from core.directory.schemas import Name, no_markup

Brief = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Picker = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=220),
    AfterValidator(no_markup),
]


class AgencyForm(BaseModel):
    """One agency taking part in the budget, in a role, with its contacts."""

    role_id: int | None = None
    company: Picker | None = None
    contact_ids: list[int] = []


class BudgetForm(BaseModel):
    name: Name
    sector_ids: list[int] = []
    brief: Brief | None = None
    advertiser_contact_ids: list[int] = []


def agency_blocks(post) -> dict[int, dict]:
    """The posted ``agencies.<n>.<field>`` inputs, by block number.

    Blocks left entirely empty (the blank row of the form) are dropped; the
    numbers are kept so errors come back beside the inputs the user saw.
    """
    blocks: dict[int, dict] = {}
    for key in post.keys():
        if not key.startswith("agencies."):
            continue
        parts = key.split(".", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        index, field = int(parts[1]), parts[2]
        block = blocks.setdefault(index, {"contact_ids": []})
        if field == "contact_ids":
            block["contact_ids"] = [v for v in post.getall(key) if v.strip()]
        else:
            value = post.get(key, "").strip()
            if value:
                block[field] = value
    return {
        index: block
        for index, block in sorted(blocks.items())
        if block.get("role_id") or block.get("company")
    }
