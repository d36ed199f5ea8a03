"""Reports as PDF documents, laid out in HTML and printed by WeasyPrint.

The page size and orientation come from the chosen format (A4 or A3, portrait
or landscape); every page carries the report's name and its number, and the
first one the filters in words and when the figures were taken.
"""

from __future__ import annotations

import logging

from chameleon import PageTemplateFile
from pyramid.path import AssetResolver
from translationstring import TranslationString

from core.i18n import DOMAIN, _
from plugins.reporting import formatting

log = logging.getLogger(__name__)
TEMPLATE = "plugins.reporting:templates/report_pdf.pt"
_templates: dict[str, PageTemplateFile] = {}


def _template() -> PageTemplateFile:
    if TEMPLATE not in _templates:
        path = AssetResolver().resolve(TEMPLATE).abspath()
        _templates[TEMPLATE] = PageTemplateFile(path)
    return _templates[TEMPLATE]


def report_html(table, output, translate, include_table=True, include_filters=True):
    """The printable HTML of ``table``; the PDF and the tests read it."""

    def text(value):
        return value if isinstance(value, str) else translate(value)

    def shown(row, column):
        return formatting.cell(row.get(column.key), column.kind, table.timezone, text)

    return _template()(
        table=table,
        page_size=f"{output.page_size} {output.orientation}",
        include_table=include_table,
        include_filters=include_filters,
        generated=formatting.instant(table.generated_at, table.timezone),
        text=text,
        shown=shown,
        total=lambda value, column: formatting.cell(
            value, column.kind, table.timezone, text
        ),
        page_word=translate(_("Page")),
        translate=_chameleon(translate),
    )


def _chameleon(translate):
    """Chameleon's ``translate`` calling convention over ours."""

    def chameleon_translate(msgid, domain=None, mapping=None, default=None, **_kw):
        if not isinstance(msgid, TranslationString):
            msgid = TranslationString(
                msgid, domain=domain or DOMAIN, default=default, mapping=mapping
            )
        return translate(msgid)

    return chameleon_translate


def render_pdf(table, output, request_like, include_table=True, include_filters=True):
    from weasyprint import HTML

    html = report_html(
        table, output, request_like.translate, include_table, include_filters
    )
    document = HTML(string=html).render()
    log.info(
        "reporting.pdf report=%s pages=%d size=%s",
        table.definition.name,
        len(document.pages),
        output.code,
    )
    return document.write_pdf()
