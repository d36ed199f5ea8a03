"""Translated text holds no bare element, so its message id stays matchable.

Chameleon turns an element nested in ``i18n:translate`` text into a
``<dynamic element>`` placeholder unless it carries ``i18n:name``; the id then
never matches the catalog and the text stays in English.
"""

from html.parser import HTMLParser
from pathlib import Path

from core.testing import sign_in

ROOT = Path(__file__).resolve().parents[2]
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class NestedElements(HTMLParser):
    """Collect the unnamed elements found inside translated text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, bool]] = []
        self.found: list[tuple[int, str]] = []

    def _check(self, tag, attrs) -> dict:
        names = dict(attrs)
        translating = any(flag for _tag, flag in self.open)
        if translating and "i18n:name" not in names:
            self.found.append((self.getpos()[0], tag))
        return names

    def handle_starttag(self, tag, attrs):
        names = self._check(tag, attrs)
        if tag not in VOID:
            translates = "i18n:translate" in names and "i18n:name" not in names
            self.open.append((tag, translates))

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return


def test_no_template_nests_an_unnamed_element_in_translated_text():
    templates = [
        path
        for folder in ("core", "plugins", "themes")
        for path in sorted((ROOT / folder).rglob("*.pt"))
    ]
    assert templates
    faults = []
    for path in templates:
        scan = NestedElements()
        scan.feed(path.read_text(encoding="utf-8"))
        faults += [
            f"{path.relative_to(ROOT)}:{line} <{tag}>" for line, tag in scan.found
        ]
    assert faults == []


def test_the_action_form_labels_are_french(make_app, factories):
    app = make_app(**{"relais.default_locale": "fr"})
    sign_in(app, factories.user(profile="salesperson", locale="fr").email)

    page = app.get("/actions/new").html
    visitors = page.select_one("label[for=f-visitors]")
    assert visitors.get_text() == "Visiteurs*"
    assert visitors.select_one(".required")["aria-hidden"] == "true"
    assert page.select_one("label[for=f-type]").get_text() == "Type*"
    assert page.select_one("[data-contact-picker] legend").get_text() == "Contacts*"
