"""S-03: a plugin rule can only add what it says.

The base rule: a private record is seen by its owner and the managers above.
A plugin adds "assistants read confirmed ..."; user A is a salesperson and,
for the plugin, an assistant. A then reads the confirmed records and still
none of B's private drafts, on the sheet, the download and the API. Here
the records are documents; opportunities use the same rule machinery.
"""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import true

from core import hookimpl
from core.access import AccessRule, AccessRuleError, access_for
from core.access.rules import collect_rules
from core.access.services import set_reach
from core.documents.models import Document
from core.testing import sign_in
from tests.core.test_api_support import bearer_client
from tests.core.test_documents import PDF

pytest_plugins = ["tests.core.test_api_support"]


class AssistantsPlugin:
    """Assistants (a set the plugin keeps) read the confirmed documents."""

    def __init__(self):
        self.assistants: set[int] = set()
        self.extra: list[AccessRule] = []

    def confirmed(self, access):
        if access.user.id not in self.assistants:
            return None
        return Document.name.contains("confirmé")

    @hookimpl
    def relais_register_access_rules(self):
        rule = AccessRule("document", "assistants.confirmed", self.confirmed)
        return [rule, *self.extra]


@pytest.fixture
def plugin(registry):
    plugin = AssistantsPlugin()
    registry.relais_plugins.register(plugin, name="s03-assistants")
    collect_rules(registry)
    yield plugin
    registry.relais_plugins.unregister(name="s03-assistants")
    collect_rules(registry)


@pytest.fixture
def setting(make_app, factories, dbsession):
    """B's four documents on a company; A's document reach is "own"."""
    a, b = factories.user(first_name="A"), factories.user(first_name="B")
    set_reach(dbsession, a.profile, "document", "own", "own")
    company = factories.company("Annonceur")
    api_b = bearer_client(make_app(), dbsession, b)
    for name, visibility in (
        ("Ordre confirmé.pdf", "public"),
        ("Brouillon.pdf", "public"),
        ("Brouillon privé.pdf", "private"),
        ("Ordre confirmé privé.pdf", "private"),
    ):
        api_b.post(
            "/documents",
            {
                "target_kind": "company",
                "target_id": company.id,
                "name": name,
                "visibility": visibility,
                "content_base64": base64.b64encode(PDF).decode(),
            },
        )
    return a, b, company


def seen(make_app, dbsession, user, company) -> dict[str, set[str]]:
    api = bearer_client(make_app(), dbsession, user)
    browser = make_app()
    sign_in(browser, user.email)
    sheet = browser.get(f"/companies/{company.id}")
    panel = sheet.html.find(attrs={"data-documents": ""})
    return {
        "sheet": {a.text for a in panel.find_all("a", attrs={"data-name": ""})},
        "api": {d["name"] for d in api.get("/documents").json["items"]},
    }


def test_without_the_rule_a_reads_none_of_b_documents(
    make_app, dbsession, plugin, setting
):
    a, _b, company = setting
    assert seen(make_app, dbsession, a, company) == {"sheet": set(), "api": set()}


def test_the_rule_opens_confirmed_documents_and_nothing_private(
    make_app, dbsession, plugin, setting
):
    a, _b, company = setting
    plugin.assistants.add(a.id)
    expected = {"Ordre confirmé.pdf"}
    assert seen(make_app, dbsession, a, company) == {
        "sheet": expected,
        "api": expected,
    }
    browser = make_app()
    sign_in(browser, a.email)
    for document in dbsession.query(Document):
        status = 200 if document.name in expected else 404
        browser.get(f"/documents/{document.id}", status=status)


def test_the_rule_does_not_change_what_b_reads(make_app, dbsession, plugin, setting):
    a, b, company = setting
    plugin.assistants.add(a.id)
    everything = {
        "Ordre confirmé.pdf",
        "Brouillon.pdf",
        "Brouillon privé.pdf",
        "Ordre confirmé privé.pdf",
    }
    assert seen(make_app, dbsession, b, company)["api"] == everything


def test_a_rule_opening_private_records_must_say_so(
    dbsession, registry, plugin, setting
):
    a, _b, company = setting
    plugin.extra.append(
        AccessRule(
            "document",
            "assistants.private",
            lambda access: Document.name.contains("privé"),
            private=True,
        )
    )
    collect_rules(registry)
    plugin.assistants.add(a.id)
    names = {
        d.name
        for d in dbsession.query(Document).where(
            access_for(dbsession, registry, a).filter("document")
        )
    }
    assert names == {
        "Ordre confirmé.pdf",
        "Brouillon privé.pdf",
        "Ordre confirmé privé.pdf",
    }


def test_a_rule_that_opens_everything_is_refused(dbsession, registry, plugin, setting):
    a, _b, _company = setting
    plugin.extra.append(AccessRule("document", "too.wide", lambda access: true()))
    collect_rules(registry)
    with pytest.raises(AccessRuleError, match="too.wide"):
        access_for(dbsession, registry, a).filter("document")


def test_a_narrowing_rule_hides_even_from_the_owner(
    make_app, dbsession, registry, plugin, setting
):
    _a, b, company = setting
    plugin.extra.append(
        AccessRule(
            "document",
            "no.drafts",
            lambda access: Document.name.not_like("Brouillon%"),
            effect="narrow",
        )
    )
    collect_rules(registry)
    assert seen(make_app, dbsession, b, company)["api"] == {
        "Ordre confirmé.pdf",
        "Ordre confirmé privé.pdf",
    }


def test_a_rule_for_an_unknown_kind_stops_start_up(registry, plugin):
    from pyramid.exceptions import ConfigurationError

    plugin.extra.append(AccessRule("unicorn", "x", lambda access: None))
    with pytest.raises(ConfigurationError, match="no kind unicorn"):
        collect_rules(registry)
    plugin.extra.clear()
