"""A company's id in one of its sources finds it from the quick search.

Imports and partner databases give a company their own id ("LEFAC 004512");
people look it up from the box as they do a SIRET, whole or in part.
"""

from __future__ import annotations

import pytest

from core.directory.models import Company, CompanySource
from core.directory.testing import company_form
from core.search.index import rebuild
from tests.core.test_search_quick import companies


@pytest.fixture
def sourced(factories, dbsession):
    company = factories.company(name="Régie Atlantique")
    company.sources.append(CompanySource(name="LEFAC", reference="LF-004512"))
    company.sources.append(CompanySource(name="Salon Media", reference=None))
    factories.company(name="Autre Régie")
    dbsession.flush()
    return company


@pytest.mark.parametrize("term", ["LF-004512", "lf-004512", "004512", "lf004512"])
def test_a_source_reference_finds_its_company(signed_in, sourced, term):
    assert companies(signed_in, term) == ["Régie Atlantique"]


def test_a_source_name_alone_finds_nothing(signed_in, sourced):
    assert companies(signed_in, "lefac") == []


def test_changing_the_sources_keeps_the_search_in_step(signed_in, dbsession, sourced):
    source = sourced.sources[0]
    source.reference = "LF-777001"
    dbsession.flush()
    assert companies(signed_in, "004512") == []
    assert companies(signed_in, "777001") == ["Régie Atlantique"]

    dbsession.add(CompanySource(company_id=sourced.id, name="Kompass", reference="K98"))
    dbsession.flush()
    assert companies(signed_in, "k98") == ["Régie Atlantique"]

    sourced.sources.remove(source)
    dbsession.flush()
    assert companies(signed_in, "777001") == []
    assert companies(signed_in, "k98") == ["Régie Atlantique"]


def test_a_reference_typed_in_the_company_form(signed_in, dbsession):
    form = company_form(signed_in, dbsession, name="Maison Source")
    form["sources.0.name"] = "LEFAC"
    form["sources.0.reference"] = "12345-B"
    form.submit("save").follow()
    assert companies(signed_in, "12345b") == ["Maison Source"]
    assert companies(signed_in, "*45-b") == ["Maison Source"]


def test_a_rebuilt_index_keeps_the_references(signed_in, dbsession, sourced):
    rebuild(dbsession, models={Company})
    dbsession.flush()
    assert companies(signed_in, "004512") == ["Régie Atlantique"]
