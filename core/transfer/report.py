"""The outcome of an import kept with its job, so its page can be reopened.

The rejected rows and their reasons are stored as message ids with their
values rather than as translated text: the page shows them in the language
of whoever opens it, on the day of the import or later.
"""

from __future__ import annotations

from translationstring import TranslationString

from core.i18n import DOMAIN
from core.transfer.importing import REJECT, Plan, RowPlan

# Enough for any file a person fixes by hand; a file rejected beyond this is
# better read again after fixing the first reasons.
KEPT_REJECTS = 5_000


def message_data(message) -> dict | str | int | float | None:
    """A message, translatable or not, as plain JSON values."""
    if isinstance(message, TranslationString):
        return {
            "msgid": str(message),
            "default": message.default,
            "mapping": {
                key: message_data(value)
                for key, value in (message.mapping or {}).items()
            },
        }
    if message is None or isinstance(message, int | float | str):
        return message
    return str(message)


def message_from(data):
    """The message ``message_data`` stored, translatable again."""
    if not isinstance(data, dict):
        return data
    mapping = {key: message_from(value) for key, value in data["mapping"].items()}
    return TranslationString(
        data["msgid"],
        domain=DOMAIN,
        default=data.get("default"),
        mapping=mapping or None,
    )


def _row_data(row: RowPlan) -> dict:
    return {
        "line": row.line,
        "company": row.company.get("name") or "",
        "first_name": row.contact.get("first_name") or "",
        "last_name": row.contact.get("last_name") or "",
        "errors": [message_data(m) for m in row.errors],
    }


def summary_of(plan: Plan, companies: list[int], contacts: list[int]) -> dict:
    """What the job keeps: the counts, the records made, each rejected row."""
    rejected = [row for row in plan.rows if row.status == REJECT]
    return {
        **plan.counts,
        "companies": companies,
        "contacts": contacts,
        "rejected_rows": [_row_data(row) for row in rejected[:KEPT_REJECTS]],
    }


def rejected_rows(summary: dict) -> list[RowPlan]:
    """The rejected rows of a stored summary, shaped as the dry run's rows."""
    rows = []
    for data in (summary or {}).get("rejected_rows", []):
        contact = {}
        if data.get("last_name"):
            contact = {"first_name": data["first_name"], "last_name": data["last_name"]}
        rows.append(
            RowPlan(
                data["line"],
                status=REJECT,
                company={"name": data["company"]} if data.get("company") else {},
                contact=contact,
                errors=[message_from(m) for m in data.get("errors", [])],
            )
        )
    return rows
