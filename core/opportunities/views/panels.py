"""What the opportunities add to other pages: the action's opportunity tab,
and the opportunities tab of company and contact sheets.

On the action's sheet the tab shows the opportunities proposed in it. In the
action form it also holds the fields of the action's opportunity (``opportunity-
title``, ``opportunity-lines-0-amount``...), read and saved with the action
through :class:`ActionTab`.
"""

from __future__ import annotations

import logging

from core.forms import validate
from core.opportunities import amounts
from core.opportunities.formatting import Formatter
from core.opportunities.models import Opportunity
from core.opportunities.schemas import ActionTabForm
from core.opportunities.services import FormErrors, sheets
from core.opportunities.services import opportunities as service
from core.opportunities.services.action_tab import (
    TITLE_MISSING,
    closed_one,
    proposed_in,
    save_from_action,
)
from core.opportunities.services.lines import line_values
from core.opportunities.services.pipe import sum_rows
from core.opportunities.views.pipe import today_for
from core.opportunities.visibility import can_change

log = logging.getLogger(__name__)

EDIT = "opportunities.edit"
PREFIX = "opportunity-"
BLANK_LINES = 2
# Fields whose value alone does not mean the tab was filled in.
PRESET = {"id", "status_id", "new"}


def _editable(request, found: list[Opportunity]) -> Opportunity | None:
    """The one the tab edits: the first open one the user may change."""
    return next(
        (
            record
            for record in found
            if not record.closed and can_change(request.access, record)
        ),
        None,
    )


def posted(post) -> tuple[dict, list[int]]:
    """The tab's fields from a posted form, and the row number of each line.

    Empty fields are left out; a line row left empty is no line.
    """
    data: dict = {}
    rows: dict[int, dict] = {}
    for key, value in post.items():
        if not key.startswith(PREFIX) or not str(value).strip():
            continue
        name = key.removeprefix(PREFIX)
        if name.startswith("lines-"):
            _lines, index, field = (name.split("-", 2) + ["", ""])[:3]
            if index.isdigit() and field:
                rows.setdefault(int(index), {})[field] = value
        else:
            data[name] = value
    numbers = sorted(rows)
    if numbers:
        data["lines"] = [rows[number] for number in numbers]
    return data, numbers


def _field_name(key: str, numbers: list[int]) -> str:
    """``lines.1.amount`` of the validated list as the posted field's name."""
    parts = key.split(".")
    if parts[0] == "lines" and len(parts) >= 3 and parts[1].isdigit():
        row = numbers[int(parts[1])] if int(parts[1]) < len(numbers) else parts[1]
        return f"{PREFIX}lines-{row}-{parts[2]}"
    if parts[0] == "lines":
        return f"{PREFIX}lines-0-product_id"
    return PREFIX + ("title" if parts[0] == "__all__" else parts[0])


def _prefixed(errors: dict, numbers: list[int]) -> dict:
    return {_field_name(key, numbers): message for key, message in errors.items()}


class ActionTab:
    """Reads and saves the opportunity tab of the action form."""

    def read(self, request):
        if not request.has_permission(EDIT):
            return None, {}
        data, numbers = posted(request.POST)
        if not set(data) - PRESET and "id" not in data:
            return None, {}
        form, errors = validate(ActionTabForm, data)
        if "title" not in data:
            errors.setdefault("title", TITLE_MISSING)
        return (form, numbers), _prefixed(errors, numbers)

    def save(self, request, action, values) -> dict:
        if values is None:
            return {}
        form, numbers = values
        try:
            record = save_from_action(
                request.dbsession, request.identity, request.access, action, form
            )
        except FormErrors as exc:
            log.info(
                "opportunity.action_tab.refused action_id=%s fields=%s",
                action.id,
                ",".join(sorted(exc.errors)),
            )
            return _prefixed(exc.errors, numbers)
        log.info(
            "opportunity.action_tab.saved action_id=%s opportunity_id=%s",
            action.id,
            record.id,
        )
        return {}


def _fields(request, record: Opportunity | None) -> tuple[dict, list[dict]]:
    """The tab's fields and line rows: as posted, or from the opportunity."""
    if request.method == "POST":
        data, numbers = posted(request.POST)
        rows = {
            number: line
            for number, line in zip(numbers, data.pop("lines", []), strict=True)
        }
        count = max([*numbers, -1]) + 1
        return data, [rows.get(number, {}) for number in range(count + BLANK_LINES)]
    if record is None:
        status = service.default_status(request.dbsession)
        return {"status_id": str(status.id) if status else ""}, [{}] * BLANK_LINES
    data = service.form_values(record)
    data["id"] = str(record.id)
    rows = [{**line_values(line), "id": str(line.id)} for line in record.open_lines]
    return data, rows + [{}] * BLANK_LINES


def action_tab(action, request) -> dict:
    """The opportunities proposed in ``action`` that the user may see.

    The action form shows the tabs too, before the action exists (``None``).
    """
    session, access = request.dbsession, request.access
    found = [] if action is None else proposed_in(session, access, action)
    record = _editable(request, found)
    fields, rows = _fields(request, record)
    return {
        "action": action,
        "items": [(item, amounts.figures(item)) for item in found],
        "edited": record,
        "closed": closed_one(found),
        "fmt": Formatter(request),
        "fields": fields,
        "rows": rows,
        "statuses": service.statuses(request.dbsession),
        "products": service.products(request.dbsession),
        "new_url": None
        if action is None
        else request.route_url("opportunity_new", _query={"action_id": action.id}),
    }


MINE_PARAM = "opportunities_mine"


def _sheet_values(request, condition) -> dict:
    mine = request.params.get(MINE_PARAM) == "1"
    found = sheets.sheet_rows(
        request.dbsession,
        request.access,
        condition,
        mine=mine,
        today=today_for(request),
    )
    return {
        "rows": found,
        "totals": sum_rows([row for row in found if not row.opportunity.closed]),
        "mine": mine,
        "mine_param": MINE_PARAM,
        "fmt": Formatter(request),
    }


def company_opportunities(company, request) -> dict:
    """The company's tab: its opportunities and those of all its contacts."""
    return _sheet_values(request, sheets.of_company(company.id))


def contact_opportunities(contact, request) -> dict:
    """The contact's tab: the opportunities proposed to this contact."""
    return _sheet_values(request, sheets.of_contact(contact.id))
