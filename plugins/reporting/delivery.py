"""Render a subscription and mail it, from the worker, outside any request.

The mail goes through the core's configured mailer (``registry.relais_mailer``)
with the report attached; the queue of :func:`core.mail.send_mail` carries
text bodies only, and the worker is already where mail is sent from.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo
from dataclasses import dataclass

from pyramid.interfaces import ITranslationDirectories
from pyramid_mailer.message import Attachment, Message

from core.i18n import _, make_localizer
from plugins.reporting import formatting
from plugins.reporting.outputs import FORMATS, render
from plugins.reporting.services import build, report_named, user_zone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spec:
    """What to send: a report, its filter texts, its format and contents."""

    report: str
    name: str
    output: str
    filters: dict
    include_table: bool = True
    include_filters: bool = True


class Translator:
    """Enough of a request for the outputs: ``translate`` in one language."""

    def __init__(self, registry, locale: str):
        dirs = registry.queryUtility(ITranslationDirectories) or []
        self.localizer = make_localizer(locale, dirs)

    def translate(self, value, mapping=None):
        if isinstance(value, str) and mapping is None:
            return self.localizer.translate(value)
        return self.localizer.translate(value, mapping=mapping)


def filename(title: str, now: dt.datetime, extension: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "report"
    return f"{slug}-{now:%Y-%m-%d}.{extension}"


def render_spec(registry, dbsession, spec: Spec, user, now: dt.datetime):
    """Build and render ``spec`` for ``user``; return the mail's parts."""
    definition = report_named(registry, spec.report)
    locale = user.locale or registry.relais_settings["relais.default_locale"]
    words = Translator(registry, locale)
    zone = user_zone(user, registry)
    table = build(
        definition,
        dbsession,
        spec.filters,
        user,
        zone,
        now,
        words.translate,
        registry=registry,
    )
    output = FORMATS[spec.output]
    data = render(table, output, words, spec.include_table, spec.include_filters)
    title = words.translate(definition.title)
    lines = [
        words.translate(
            _(
                "Please find attached the report ${report}, generated on ${date}.",
                mapping={"report": title, "date": formatting.instant(now, zone)},
            )
        )
    ]
    if spec.include_filters:
        lines.append("")
        lines.extend(
            f"{words.translate(label)} : {shown}" for label, shown in table.filters
        )
    attachment = Attachment(
        filename(title, now.astimezone(zoneinfo.ZoneInfo(zone)), output.extension),
        output.content_type,
        data,
    )
    subject = f"{spec.name} – {title}" if spec.name != title else title
    return subject, "\n".join(lines), attachment


def send(registry, recipients: list[str], subject: str, body: str, attachment):
    message = Message(
        subject=subject,
        sender=registry.relais_settings["relais.mail.sender"],
        recipients=recipients,
        body=body,
        attachments=[attachment],
    )
    registry.relais_mailer.send_immediately(message)
    log.info(
        "reporting.mail.sent recipients=%d attachment=%s",
        len(recipients),
        attachment.content_type,
    )
