"""The formats a report is delivered in, besides its page."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import _


@dataclass(frozen=True)
class OutputFormat:
    code: str
    label: object
    extension: str
    content_type: str
    page_size: str | None = None
    orientation: str | None = None


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMATS = {
    f.code: f
    for f in (
        OutputFormat(
            "pdf-a4-portrait", _("PDF A4 portrait"), "pdf", PDF, "A4", "portrait"
        ),
        OutputFormat(
            "pdf-a4-landscape", _("PDF A4 landscape"), "pdf", PDF, "A4", "landscape"
        ),
        OutputFormat(
            "pdf-a3-portrait", _("PDF A3 portrait"), "pdf", PDF, "A3", "portrait"
        ),
        OutputFormat(
            "pdf-a3-landscape", _("PDF A3 landscape"), "pdf", PDF, "A3", "landscape"
        ),
        OutputFormat("xlsx", _("Excel (XLSX)"), "xlsx", XLSX),
    )
}


def render(
    table, output: OutputFormat, request_like, include_table=True, include_filters=True
) -> bytes:
    """The bytes of ``table`` in ``output``; ``request_like`` translates."""
    if output.extension == "xlsx":
        from plugins.reporting.outputs.xlsx import render_xlsx

        return render_xlsx(
            table, request_like.translate, include_table, include_filters
        )
    from plugins.reporting.outputs.pdf import render_pdf

    return render_pdf(table, output, request_like, include_table, include_filters)
