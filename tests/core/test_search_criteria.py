"""Every advanced-search criterion, alone and combined, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from webob.multidict import MultiDict

from core.access import access_for
from core.budgets.models import Budget
from core.directory.models import (
    Address,
    Company,
    CompanyFollow,
    CompanyPortfolio,
    ContactFollow,
    ContactPortfolio,
)
from core.history.models import HistoryEvent
from core.reference.models import (
    CompanyType,
    Function,
    FunctionFamily,
    Sector,
    Situation,
)
from core.search.criteria import Criteria
from core.search.services import result_page


def ref(session, model, code):
    return session.scalar(select(model).where(model.code == code))


@pytest.fixture
def world(factories, dbsession, registry):
    """A small directory with one company per trait the criteria look at."""
    s = dbsession
    me = factories.user()
    other = factories.user()
    agency = factories.company(
        name="Agence Bleue",
        type_code="agence_media",
        situation=ref(s, Situation, "client"),
        sectors=[ref(s, Sector, "luxe.1")],
        addresses=[Address(street="1 rue", postcode="75008", city="Paris")],
    )
    group = factories.company(
        name="Groupe Azur",
        sectors=[ref(s, Sector, "automobile")],
        addresses=[Address(street="2 rue", postcode="69002", city="Lyon")],
    )
    child = factories.company(
        name="Azur Filiale",
        group=group,
        addresses=[Address(street="3 rue", postcode="13001", city="Marseille")],
    )
    grandchild = factories.company(
        name="Azur Petite-Fille",
        group=child,
        addresses=[
            Address(street="4 rue", postcode="20000", city="Ajaccio", country="FR")
        ],
    )
    closed = factories.company(name="Ancienne Régie", active=False)
    twin = factories.company(name="Agence Bleue SAS", phone="+33142685300")
    phone_twin = factories.company(name="Autre Nom", phone="+33142685300")
    abroad = factories.company(
        name="Brussels Media",
        addresses=[
            Address(street="5 rue", postcode="1000", city="Bruxelles", country="BE")
        ],
    )
    s.add_all(
        [
            CompanyPortfolio(user_id=me.id, company_id=agency.id),
            CompanyPortfolio(user_id=other.id, company_id=group.id),
            CompanyFollow(user_id=me.id, company_id=child.id),
        ]
    )
    director = ref(s, Function, "dir_media")
    ceo = ref(s, Function, "pdg")
    anna = factories.contact(
        company=agency,
        civility="Mme",
        first_name="Anna",
        last_name="Média",
        function=director,
        title="Directrice des Achats Médias",
    )
    bob = factories.contact(
        company=group,
        civility="M.",
        first_name="Bob",
        last_name="Patron",
        function=ceo,
        email=None,
        do_not_contact=True,
    )
    gone = factories.contact(
        company=agency,
        first_name="Gaston",
        last_name="Parti",
        departed_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
    )
    s.add(ContactFollow(user_id=me.id, contact_id=bob.id))
    s.flush()
    return {
        "access": access_for(s, registry, me),
        "me": me,
        "other": other,
        "agency": agency,
        "group": group,
        "child": child,
        "grandchild": grandchild,
        "closed": closed,
        "twin": twin,
        "phone_twin": phone_twin,
        "abroad": abroad,
        "anna": anna,
        "bob": bob,
        "gone": gone,
    }


def names(session, world, **values) -> set[str]:
    criteria = Criteria.model_validate(values)
    page = result_page(session, criteria, world["access"])
    if criteria.entity == "company":
        return {c.name for c in page.records}
    return {c.last_name for c in page.records}


def test_portfolio_and_follow(dbsession, world):
    n = lambda **v: names(dbsession, world, **v)  # noqa: E731
    assert n(portfolio="mine") == {"Agence Bleue"}
    assert n(portfolio="users", owner_ids=[world["other"].id]) == {"Groupe Azur"}
    assert "Agence Bleue" not in n(portfolio="none")
    assert "Groupe Azur" not in n(portfolio="none")
    assert "Azur Filiale" in n(portfolio="none")
    assert n(followed="yes") == {"Azur Filiale"}
    assert "Azur Filiale" not in n(followed="no")


def test_contacts_by_their_own_portfolio(dbsession, factories, world):
    """Mine: assigned to me, or at a company of my portfolio (core.access)."""
    n = lambda **v: names(dbsession, world, entity="contact", **v)  # noqa: E731
    mine = factories.contact(company=world["abroad"], last_name="Tenue")
    theirs = factories.contact(company=world["abroad"], last_name="Ailleurs")
    factories.contact(company=world["abroad"], last_name="Libre")
    factories.contact(last_name="Seule")
    dbsession.add_all(
        [
            ContactPortfolio(user_id=world["me"].id, contact_id=mine.id),
            ContactPortfolio(user_id=world["other"].id, contact_id=theirs.id),
        ]
    )
    dbsession.flush()
    assert n(portfolio="mine") == {"Média", "Tenue"}
    assert n(portfolio="users", owner_ids=[world["other"].id]) == {
        "Patron",
        "Ailleurs",
    }
    nobody = n(portfolio="none")
    assert {"Libre", "Seule"} <= nobody
    assert not nobody & {"Média", "Tenue", "Patron", "Ailleurs"}
    # The company search keeps its companies' portfolio.
    assert names(dbsession, world, portfolio="mine") == {"Agence Bleue"}


def test_type_sector_situation(dbsession, world):
    s = dbsession
    n = lambda **v: names(s, world, **v)  # noqa: E731
    media = ref(s, CompanyType, "agence_media").id
    assert n(type_ids=[media]) == {"Agence Bleue"}
    # The parent sector finds companies filed under a sub-sector.
    assert n(sector_ids=[ref(s, Sector, "luxe").id]) == {"Agence Bleue"}
    assert n(sector_ids=[ref(s, Sector, "luxe.1").id]) == {"Agence Bleue"}
    assert n(sector_ids=[ref(s, Sector, "automobile").id]) == {"Groupe Azur"}
    assert n(situation_ids=[ref(s, Situation, "client").id]) == {"Agence Bleue"}


def test_location(dbsession, world):
    n = lambda **v: names(dbsession, world, **v)  # noqa: E731
    assert n(country="BE") == {"Brussels Media"}
    assert n(department="75") == {"Agence Bleue"}
    assert n(department="2A") == {"Azur Petite-Fille"}
    assert n(region="84") == {"Groupe Azur"}
    assert n(region="94") == {"Azur Petite-Fille"}
    assert n(postcode="130") == {"Azur Filiale"}
    assert n(city="MARSEILLE") == {"Azur Filiale"}
    assert n(city="paris") == {"Agence Bleue"}


def test_city_starts_with_its_folded_name(factories, dbsession, world):
    factories.company(
        name="Forestière",
        addresses=[Address(street="6 rue", postcode="07800", city="Chauvin-la-Forêt")],
    )
    factories.company(
        name="Charentaise",
        addresses=[
            Address(street="7 rue", postcode="17400", city="Saint-Jean-d'Angély")
        ],
    )
    factories.company(
        name="Dionysienne",
        addresses=[Address(street="8 rue", postcode="93200", city="ST DENIS")],
    )
    factories.company(
        name="Pourcentage",
        addresses=[Address(street="9 rue", postcode="12345", city="Cent_Pour")],
    )
    n = lambda **v: names(dbsession, world, **v)  # noqa: E731
    typed_ways = ("chauvin", "CHAUVIN LA FORET", "chauvin-la-foret", "Chauvin-la-Forêt")
    for typed in typed_ways:
        assert n(city=typed) == {"Forestière"}, typed
    assert n(city="saint") == {"Charentaise"}
    assert n(city="Saint-Denis") == {"Dionysienne"}
    assert n(city="st jean") == {"Charentaise"}
    assert n(city="saint jean d angely") == {"Charentaise"}
    assert n(city="saint-jean-d'ang") == {"Charentaise"}
    # Only the start of the name: "la foret" is no town's first words here.
    assert n(city="la foret") == set()
    # %, _ are letters, not wildcards.
    assert n(city="cent_") == {"Pourcentage"}
    assert n(city="cent%") == set()
    assert n(city="c_nt") == set()


def test_around_a_place_on_real_postal_codes(dbsession, world):
    n = lambda **v: names(dbsession, world, **v)  # noqa: E731
    # Lyon–Marseille is about 280 km as the crow flies.
    assert n(near="69002", radius_km=20) == {"Groupe Azur"}
    assert n(near="69002", radius_km=300) == {"Groupe Azur", "Azur Filiale"}
    assert n(near="Marseille", radius_km=10) == {"Azur Filiale"}
    # Around me: a point given by the browser, here Versailles (~17 km).
    assert n(near_lat=48.8049, near_lon=2.1204, radius_km=25) == {"Agence Bleue"}
    assert n(near_lat=48.8049, near_lon=2.1204, radius_km=5) == set()


def test_active_groups_duplicates(dbsession, world):
    n = lambda **v: names(dbsession, world, **v)  # noqa: E731
    assert "Ancienne Régie" not in n()
    assert n(active="no") == {"Ancienne Régie"}
    assert "Ancienne Régie" in n(active="all")
    assert n(group_id=world["group"].id) == {"Azur Filiale", "Azur Petite-Fille"}
    assert n(group_id=world["child"].id) == {"Azur Petite-Fille"}
    assert n(duplicates=True) == {"Agence Bleue", "Agence Bleue SAS", "Autre Nom"}


def _dated_events(session, entity, entity_id, kind, at):
    """Move the history events of one record to a known instant."""
    session.execute(
        update(HistoryEvent)
        .where(
            HistoryEvent.entity == entity,
            HistoryEvent.entity_id == entity_id,
            HistoryEvent.kind == kind,
        )
        .values(at=at)
    )


def test_change_tracking(dbsession, world):
    old = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    dbsession.execute(
        update(Company)
        .where(Company.id == world["abroad"].id)
        .values(created_at=old, updated_at=old)
    )
    n = lambda **v: names(dbsession, world, **v)  # noqa: E731
    march = {"changed_from": "2026-03-01", "changed_to": "2026-03-10"}
    assert n(changed="created", **march) == {"Brussels Media"}
    # Created is not updated: nothing was changed in March.
    assert n(changed="updated", **march) == set()
    assert (
        n(changed="created", changed_from="2026-03-11", changed_to="2026-03-31")
        == set()
    )


def test_updated_means_changed_after_creation(dbsession, world, factories):
    """Only records with a recorded change in the range count as updated."""
    s = dbsession
    s.commit()  # what follows is a later change, not part of the creation
    world["group"].phone = "+33478000000"
    world["anna"].title = "Directrice générale"
    s.flush()
    march = dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC)
    _dated_events(s, "company", world["group"].id, "updated", march)
    _dated_events(s, "contact", world["anna"].id, "updated", march)
    n = lambda **v: names(s, world, **v)  # noqa: E731
    in_march = {
        "changed": "updated",
        "changed_from": "2026-03-01",
        "changed_to": "2026-03-31",
    }
    assert n(**in_march) == {"Groupe Azur"}
    assert n(entity="contact", **in_march) == {"Média"}
    april = {**in_march, "changed_from": "2026-04-01", "changed_to": "2026-04-30"}
    assert n(**april) == set()
    assert n(entity="contact", **april) == set()
    # Records created today and never edited are not "updated" today.
    fresh = factories.company(name="Toute Neuve")
    s.commit()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    since_today = {"changed": "updated", "changed_from": today}
    assert "Toute Neuve" not in n(**since_today)
    assert "Toute Neuve" in n(changed="created", changed_from=today)
    fresh.phone = "+33145000000"
    s.flush()
    assert "Toute Neuve" in n(**since_today)


def test_updated_budgets(dbsession, world, registry):
    s = dbsession
    kept = Budget(name="Budget Gardé", company=world["agency"])
    edited = Budget(name="Budget Revu", company=world["agency"])
    s.add_all([kept, edited])
    s.commit()
    edited.name = "Budget Revu Deux"
    s.flush()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    criteria = Criteria.model_validate(
        {"entity": "budget", "changed": "updated", "changed_from": today}
    )
    page = result_page(s, criteria, world["access"])
    assert {b.name for b in page.records} == {"Budget Revu Deux"}


def test_contact_criteria(dbsession, world):
    s = dbsession
    n = lambda **v: names(s, world, entity="contact", **v)  # noqa: E731
    assert n() == {"Média", "Patron"}
    assert n(in_position="no") == {"Parti"}
    assert n(in_position="all") == {"Média", "Patron", "Parti"}
    assert n(contact_followed="yes") == {"Patron"}
    assert n(function_ids=[ref(s, Function, "pdg").id]) == {"Patron"}
    assert n(family_ids=[ref(s, FunctionFamily, "media").id]) == {"Média"}
    assert n(title="achats medias") == {"Média"}
    assert n(civilities=["M."]) == {"Patron"}
    assert n(has_email="no") == {"Patron"}
    assert n(has_email="yes") == {"Média"}
    assert n(do_not_contact="yes") == {"Patron"}
    assert n(contact_q="anna") == {"Média"}


def test_criteria_combine_and_the_toggle_keeps_them(dbsession, world):
    s = dbsession
    n = lambda **v: names(s, world, **v)  # noqa: E731
    luxe = ref(s, Sector, "luxe").id
    # Company criteria on contacts: the contacts of these companies.
    assert n(entity="contact", sector_ids=[luxe]) == {"Média"}
    assert n(entity="contact", portfolio="mine", in_position="all") == {
        "Média",
        "Parti",
    }
    # Contact criteria on companies: the companies having such contacts.
    assert n(do_not_contact="yes") == {"Groupe Azur"}
    assert n(q="azur", do_not_contact="yes") == {"Groupe Azur"}
    assert n(q="azur", department="13") == {"Azur Filiale"}
    assert n(q="agence", portfolio="mine", sector_ids=[luxe]) == {"Agence Bleue"}


def test_params_and_json_round_trip():
    params = MultiDict(
        [
            ("entity", "contact"),
            ("sector_ids", "3"),
            ("sector_ids", "4"),
            ("near", "75008"),
            ("radius_km", "10"),
            ("title", "  chef  "),
            ("page", "2"),
            ("csrf_token", "x"),
        ]
    )
    criteria, errors = Criteria.from_params(params)
    assert errors == {}
    assert criteria.to_json() == {
        "entity": "contact",
        "sector_ids": [3, 4],
        "near": "75008",
        "radius_km": 10,
        "title": "chef",
    }
    assert Criteria.from_json(criteria.to_json()) == criteria
    assert Criteria.from_params(MultiDict(criteria.to_params()))[0] == criteria


def test_bad_values_are_messages_beside_the_fields():
    params = MultiDict(
        [("sector_ids", "x"), ("near", "99999"), ("radius_km", "-3"), ("active", "?")]
    )
    criteria, errors = Criteria.from_params(params)
    assert criteria is None
    assert set(errors) == {"sector_ids.0", "near", "radius_km", "active"}


def test_keywords_any_or_all(dbsession, world):
    from core.keywords.models import Keyword, RecordKeyword

    rugby, golf = (
        Keyword(code="t-rugby", label="Rugby"),
        Keyword(code="t-golf", label="Golf"),
    )
    dbsession.add_all([rugby, golf])
    dbsession.flush()
    for contact, keywords in ((world["anna"], (rugby, golf)), (world["bob"], (rugby,))):
        for keyword in keywords:
            dbsession.add(
                RecordKeyword(
                    target_kind="contact", target_id=contact.id, keyword_id=keyword.id
                )
            )
    dbsession.flush()
    n = lambda **v: names(dbsession, world, entity="contact", **v)  # noqa: E731
    both = [rugby.id, golf.id]
    assert n(keyword_ids=[rugby.id]) == {"Média", "Patron"}
    assert n(keyword_ids=both) == {"Média", "Patron"}
    assert n(keyword_ids=both, keywords_match="all") == {"Média"}
    assert n(keyword_ids=[golf.id]) == {"Média"}
    # On companies: those having such a contact.
    assert names(dbsession, world, keyword_ids=[golf.id]) == {"Agence Bleue"}
