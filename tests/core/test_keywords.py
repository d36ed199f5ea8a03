"""Keywords grouped in families, and qualifications, on companies and contacts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.directory.models import Company
from core.keywords.models import Keyword, KeywordFamily, Qualification
from core.keywords.services import tagged_with


@pytest.fixture
def vocabulary(dbsession):
    """The seeded vocabulary, and a keyword deactivated for the test."""

    def code(model, value):
        return dbsession.scalar(select(model).where(model.code == value))

    words = {c: code(Keyword, c) for c in ("rugby", "golf", "salon")}
    events = code(KeywordFamily, "evenements")
    old = Keyword(code="t_ancien", label="Ancien", family_id=events.id, active=False)
    dbsession.add(old)
    dbsession.flush()
    return {**words, "ancien": old, "decideur": code(Qualification, "decideur")}


def choose(app, record_url, *values):
    sheet = app.get(record_url)
    form = app.get(sheet.html.find(attrs={"data-action": "edit-keywords"})["href"])
    form = form.forms["keywords-form"]
    for box in form.fields.get("keyword_ids", []) + form.fields.get(
        "qualification_ids", []
    ):
        box.checked = box._value in values
    return form


def test_keywords_are_shown_by_family(signed_in, factories, vocabulary):
    company = factories.company("Stade Média")
    ids = [str(vocabulary[c].id) for c in ("rugby", "salon", "decideur")]
    choose(signed_in, f"/companies/{company.id}", *ids).submit().follow()
    panel = signed_in.get(f"/companies/{company.id}").html.find(
        attrs={"data-keywords": ""}
    )
    families = [dt.text for dt in panel.find_all("dt")]
    assert families == ["Centres d'intérêt", "Événements"]
    assert [li.text for li in panel.select("[data-keyword]")] == [
        "Rugby",
        "Salons professionnels",
    ]
    assert panel.find(attrs={"data-qualifications": ""}).text.strip() == "Décideur"


def test_contacts_take_keywords(signed_in, factories, vocabulary):
    contact = factories.contact(factories.company("Dior"))
    choose(signed_in, f"/contacts/{contact.id}", str(vocabulary["golf"].id)).submit()
    sheet = signed_in.get(f"/contacts/{contact.id}")
    assert "Golf" in sheet.html.find(attrs={"data-keywords": ""}).text


def test_keywords_are_taken_off(signed_in, factories, vocabulary):
    company = factories.company("Dior")
    url = f"/companies/{company.id}"
    choose(signed_in, url, str(vocabulary["golf"].id)).submit()
    choose(signed_in, url).submit()
    panel = signed_in.get(url).html.find(attrs={"data-keywords": ""})
    assert "Golf" not in panel.text and "No keyword." in panel.text


def test_an_inactive_or_unknown_keyword_is_refused(
    signed_in, factories, vocabulary, csrf
):
    company = factories.company("Dior")
    url = f"/companies/{company.id}/keywords"
    for bad in (str(vocabulary["ancien"].id), "999999", "rugby"):
        page = signed_in.post(url, {"csrf_token": csrf, "keyword_ids": bad}, status=400)
        message = page.html.find(id="e-keyword_ids").text
        assert message == "Choose one of the proposed values."
    assert "No keyword." in signed_in.get(f"/companies/{company.id}").text


def test_lists_can_target_keywords(signed_in, factories, vocabulary, dbsession):
    rugby, golf = vocabulary["rugby"], vocabulary["golf"]
    both, one = factories.company("Les deux"), factories.company("Un seul")
    choose(signed_in, f"/companies/{both.id}", str(rugby.id), str(golf.id)).submit()
    choose(signed_in, f"/companies/{one.id}", str(rugby.id)).submit()
    ids = [rugby.id, golf.id]
    found = dbsession.scalars(
        select(Company.name).where(tagged_with("company", Company, ids))
    )
    assert sorted(found) == ["Les deux", "Un seul"]
    every = dbsession.scalars(
        select(Company.name).where(tagged_with("company", Company, ids, every=True))
    )
    assert list(every) == ["Les deux"]


def test_the_vocabulary_is_an_admin_reference_list(admin_app):
    lists = admin_app.get("/admin/reference").text
    assert "Keyword families" in lists and "Qualifications" in lists
    admin_app.get("/admin/reference/keyword")


@pytest.fixture
def csrf(signed_in):
    from core.testing import csrf_token

    return csrf_token(signed_in)
