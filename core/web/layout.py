"""What every page template receives: the layout macro, menus, the user."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from babel.numbers import format_decimal
from pyramid.csrf import get_csrf_token
from pyramid.events import BeforeRender
from pyramid.i18n import TranslationString
from pyramid.renderers import get_renderer

from core.i18n import DOMAIN, _, plural_translator
from core.web.editor import toolbar_titles
from core.web.menus import MenuEntry, visible_entries
from core.web.panels import panels_for
from core.web.returns import current_page

MEBIBYTE = 1024 * 1024

# The main menu of the manual, in its order; ``add_menu_entry`` fills them.
MAIN_MENU = (
    ("creation", _("Create")),
    ("activity", _("Activity")),
    ("lists", _("Lists")),
    ("reporting", _("Reporting")),
)


@dataclass(frozen=True)
class MenuSection:
    name: str
    title: TranslationString
    entries: list[MenuEntry]


class PageHelpers:
    """Formatting and navigation helpers templates call as ``h.<name>``."""

    def __init__(self, request):
        self.request = request

    @property
    def timezone(self) -> zoneinfo.ZoneInfo:
        user = self.request.identity
        name = user.timezone if user else None
        default = self.request.registry.relais_settings["relais.default_timezone"]
        return zoneinfo.ZoneInfo(name or default)

    def local(self, instant: dt.datetime | None) -> dt.datetime | None:
        return instant.astimezone(self.timezone) if instant else None

    def datetime(self, instant: dt.datetime | None) -> str:
        local = self.local(instant)
        return local.strftime("%d/%m/%Y %H:%M") if local else ""

    def date(self, instant: dt.datetime | None) -> str:
        local = self.local(instant)
        return local.strftime("%d/%m/%Y") if local else ""

    def here(self) -> str:
        """This page's path and query: where a form started here comes back."""
        return current_page(self.request)

    def menu(self, name: str) -> list[MenuEntry]:
        return visible_entries(self.request, name)

    def main_menu(self) -> list[MenuSection]:
        """The sections of the main menu that have an entry for this user.

        A section with nothing the user may open is left out rather than shown
        empty, so a deployment without a plugin shows no dead heading.
        """
        sections = (
            MenuSection(name, title, self.menu(name)) for name, title in MAIN_MENU
        )
        return [section for section in sections if section.entries]

    def url(self, entry: MenuEntry) -> str:
        query = entry.query(self.request) if entry.query else {}
        return self.request.route_url(entry.route_name, _query=query)

    def is_current(self, entry: MenuEntry) -> bool:
        route = self.request.matched_route
        return route is not None and route.name == entry.route_name

    def panels(self, target: str, context, kind: str = "panel"):
        return panels_for(self.request, target, context, kind)

    @property
    def csrf_token(self) -> str:
        return get_csrf_token(self.request)

    def editor_titles(self) -> str:
        return toolbar_titles(self.request.localizer)

    def megabytes(self, size: int) -> str:
        """A size in megabytes with one decimal, written the reader's way."""
        locale = self.request.localizer.locale_name
        return format_decimal(size / MEBIBYTE, "0.0", locale=locale)

    def static(self, path: str) -> str:
        return self.request.static_url(f"core:static/{path}")


def translator(request):
    """``_()`` for templates: plain strings are message ids of our domain."""
    localizer = request.localizer

    def translate(message, mapping=None):
        if not isinstance(message, TranslationString):
            message = TranslationString(message, domain=DOMAIN, mapping=mapping)
        return localizer.translate(message, mapping=mapping)

    return translate


def _add_globals(event: BeforeRender) -> None:
    request = event.get("request")
    if request is None:
        return
    event["layout"] = get_renderer("core:templates/layout.pt").implementation()
    event["forms"] = get_renderer("core:templates/forms.pt").implementation()
    event["h"] = PageHelpers(request)
    event["user"] = request.identity
    event["theme"] = request.registry.relais_theme
    event["_"] = translator(request)
    event["ngettext"] = plural_translator(request.localizer)
    if "title" not in event:
        event["title"] = None


def includeme(config):
    config.add_subscriber(_add_globals, BeforeRender)
