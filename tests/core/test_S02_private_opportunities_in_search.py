"""S-02 and S-03 in the quick search's opportunity group, on both engines.

B's private opportunity "Régie Secrète" never shows to A: not in the box,
not in the advanced search, not in the API, and not in the counts. A plugin
rule granting "assistants read confirmed opportunities" opens those and
nothing else. The box keeps its statements per shape; each user still gets
an answer built on their own rights.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core import hookimpl
from core.access import AccessRule
from core.access.rules import collect_rules
from core.access.services import set_reach
from core.opportunities.models import Opportunity
from core.opportunities.testing import opportunity, status
from core.reference.models import OpportunityStatus
from core.testing import sign_in
from tests.core.test_api_support import bearer_client
from tests.core.test_search_quick import groups

pytest_plugins = ["tests.core.test_api_support"]


def titles(app, text: str, source: str = "opportunities") -> list[str]:
    return groups(app, text).get(source, {}).get("titles", [])


@pytest.fixture
def pipe(factories, dbsession, make_app):
    a = factories.user(first_name="Anne")
    b = factories.user(first_name="Bruno")
    client = factories.company("Annonceur Discret")
    opportunity(dbsession, b, client, title="Régie Secrète", private=True)
    opportunity(dbsession, b, client, title="Régie Publique")
    opportunity(dbsession, a, client, title="Régie d'Anne")
    apps = {}
    for user in (a, b):
        apps[user.first_name] = app = make_app()
        sign_in(app, user.email)
        app.user = user
    return apps


def test_a_never_sees_b_private_opportunity(pipe, make_app, dbsession):
    anne, bruno = pipe["Anne"], pipe["Bruno"]
    assert titles(bruno, "secrète") == ["Régie Secrète"]
    assert titles(anne, "secrète") == []
    # The same shape of statement, run for Anne after Bruno: her own rights.
    assert titles(anne, "régie") == ["Régie d'Anne", "Régie Publique"]
    assert groups(anne, "régie")["opportunities"]["count"] == "2"
    assert titles(bruno, "régie") == ["Régie d'Anne", "Régie Publique", "Régie Secrète"]
    # By the client's name too.
    assert titles(anne, "discret") == ["Régie d'Anne", "Régie Publique"]
    # The advanced search and the API.
    page = anne.get("/search", {"q": "secrète"})
    assert "Régie Secrète" not in page.text
    page = anne.get("/search", {"entity": "budget", "budget_q": "secrète"})
    assert "Régie Secrète" not in page.text
    api = bearer_client(make_app(), dbsession, anne.user)
    body = api.get("/search?q=secr%C3%A8te").json
    found = [item["title"] for group in body["groups"] for item in group["items"]]
    assert found == []
    body = api.get("/search?q=regie").json
    group = next(g for g in body["groups"] if g["source"] == "opportunities")
    assert group["total"] == 2


def test_the_count_opens_the_table_filtered_by_the_text(pipe, dbsession, factories):
    anne, bruno = pipe["Anne"], pipe["Bruno"]
    client = factories.company("Maison Lumen")
    for number in range(11):
        opportunity(dbsession, anne.user, client, title=f"Campagne {number:02d}")
    opportunity(dbsession, bruno.user, client, title="Campagne Cachée", private=True)
    found = groups(anne, "campagne")["opportunities"]
    assert (len(found["titles"]), found["count"]) == (10, "11")
    table = anne.get(found["more"]).html
    shown = {row.a.get_text(strip=True) for row in table.select("[data-row]")}
    assert shown == {f"Campagne {number:02d}" for number in range(11)}
    assert table.select_one("#f-q")["value"] == "campagne"
    # By the client's name, as the box matches it; nothing for a stray text.
    by_client = anne.get("/opportunities", {"q": "lumen", "filtered": "1"}).html
    assert len(by_client.select("[data-row]")) == 11
    none = anne.get("/opportunities", {"q": "%_'\\", "filtered": "1"}).html
    assert none.select("[data-row]") == []


def test_an_opportunity_of_a_deactivated_company_leaves_the_box(pipe, factories):
    """D-04: the box counts what the table would show."""
    anne = pipe["Anne"]
    closed = factories.company("Maison Fermée")
    opportunity(factories.dbsession, anne.user, closed, title="Campagne Fermée")
    assert titles(anne, "campagne ferm") == ["Campagne Fermée"]
    closed.active = False
    factories.dbsession.flush()
    assert titles(anne, "campagne ferm") == []


class ConfirmedForAssistants:
    """A plugin: assistants (a set it keeps) read confirmed opportunities."""

    def __init__(self):
        self.assistants: set[int] = set()

    def confirmed(self, access):
        if access.user.id not in self.assistants:
            return None
        confirmed = select(OpportunityStatus.id).where(
            OpportunityStatus.code == "confirmee"
        )
        return Opportunity.status_id.in_(confirmed)

    @hookimpl
    def relais_register_access_rules(self):
        return [AccessRule("opportunity", "assistants.confirmed", self.confirmed)]


@pytest.fixture
def plugin(registry):
    plugin = ConfirmedForAssistants()
    registry.relais_plugins.register(plugin, name="s03-confirmed")
    collect_rules(registry)
    yield plugin
    registry.relais_plugins.unregister(name="s03-confirmed")
    collect_rules(registry)


def test_a_plugin_rule_opens_only_what_it_names(plugin, factories, dbsession, make_app):
    a = factories.user(first_name="Anne")
    b = factories.user(first_name="Bruno")
    set_reach(dbsession, a.profile, "opportunity", "own", "own")
    client = factories.company("Annonceur")
    confirmed = status(dbsession, "confirmee")
    opportunity(dbsession, b, client, title="Ordre confirmé", status=confirmed)
    opportunity(dbsession, b, client, title="Ordre brouillon")
    opportunity(dbsession, b, client, title="Ordre brouillon privé", private=True)
    opportunity(
        dbsession,
        b,
        client,
        title="Ordre confirmé privé",
        status=confirmed,
        private=True,
    )
    app = make_app()
    sign_in(app, a.email)
    assert titles(app, "ordre") == []
    plugin.assistants.add(a.id)
    assert titles(app, "ordre") == ["Ordre confirmé"]
    api = bearer_client(make_app(), dbsession, a)
    body = api.get("/search?q=ordre").json
    group = next(g for g in body["groups"] if g["source"] == "opportunities")
    assert [item["title"] for item in group["items"]] == ["Ordre confirmé"]
    assert group["total"] == 1


def test_the_box_keeps_each_users_rights_from_one_term_to_the_next(
    factories, dbsession, make_app
):
    from core.directory.models import CompanyPortfolio

    anne = factories.user(first_name="Anne")
    bruno = factories.user(first_name="Bruno")
    for user, name in ((anne, "Régie Ouverte"), (bruno, "Régie Fermée")):
        company = factories.company(name)
        dbsession.add(CompanyPortfolio(user_id=user.id, company_id=company.id))
    set_reach(dbsession, anne.profile, "company", "own", "own")
    bruno.profile = factories.user(profile="manager").profile
    dbsession.flush()
    apps = {}
    for user in (anne, bruno):
        apps[user.first_name] = app = make_app()
        sign_in(app, user.email)
    # Same shape of term, one after the other: each sees what is theirs.
    for term in ("régie", "regie", "*gie*"):
        assert titles(apps["Bruno"], term, "companies") == [
            "Régie Fermée",
            "Régie Ouverte",
        ]
        assert titles(apps["Anne"], term, "companies") == ["Régie Ouverte"]
