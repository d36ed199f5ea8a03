"""Changing the e-mail structure of a company's contacts, previewed first."""

from __future__ import annotations

import datetime as dt

from core.history.services import events_of


def staff(factories):
    company = factories.company("Havas")
    people = [
        factories.contact(company, email="lydia.k@havas.fr"),
        factories.contact(company, email="Benoit.M@HAVAS.FR"),
        factories.contact(company, email="perso@gmail.example"),
        factories.contact(
            company,
            email="parti@havas.fr",
            departed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        ),
    ]
    return company, people


def test_preview_then_change_and_record(signed_in, factories, dbsession):
    company, people = staff(factories)
    sheet = signed_in.get(f"/companies/{company.id}")
    form = sheet.click(href="email-structure").forms["email-structure-form"]
    assert form["old_domain"].value == "havas.fr"
    form["new_domain"] = "havas.com"
    preview = form.submit("preview")
    rows = preview.html.select("[data-preview] tbody tr")
    assert sorted(r.find(class_="new").text for r in rows) == [
        "Benoit.M@havas.com",
        "lydia.k@havas.com",
    ]
    dbsession.expire_all()
    assert people[0].email == "lydia.k@havas.fr"

    preview.forms["email-structure-form"].submit("confirm").follow()
    dbsession.expire_all()
    assert [p.email for p in people] == [
        "lydia.k@havas.com",
        "Benoit.M@havas.com",
        "perso@gmail.example",
        "parti@havas.fr",
    ]
    event = events_of(dbsession, "contact", people[0].id)[0]
    assert event.kind == "email_structure" and event.actor_id == signed_in.user.id
    assert [(c.field, c.old_value, c.new_value) for c in event.changes] == [
        ("email", "lydia.k@havas.fr", "lydia.k@havas.com")
    ]
    company_event = events_of(dbsession, "company", company.id)[0]
    assert company_event.detail == {
        "old": "havas.fr",
        "new": "havas.com",
        "contacts": 2,
    }


def test_wrong_domains_are_flagged_and_change_nothing(signed_in, factories, dbsession):
    company, people = staff(factories)
    url = f"/companies/{company.id}/email-structure"
    cases = [
        ("havas.fr", "not a domain", "e-new_domain", "Enter a domain"),
        ("", "havas.com", "e-old_domain", "Enter a domain"),
        ("havas.fr", "HAVAS.FR", "e-new_domain", "same as the old one"),
        ("publicis.fr", "havas.com", "e-old_domain", "No current contact"),
    ]
    for old, new, ident, message in cases:
        form = signed_in.get(url).forms["email-structure-form"]
        form["old_domain"], form["new_domain"] = old, new
        page = form.submit("preview", status=400).html
        assert message in page.find(id=ident).text, (old, new)
    dbsession.expire_all()
    assert people[0].email == "lydia.k@havas.fr"


def test_the_old_address_is_kept_shown_found_and_still_files_mail(
    signed_in, factories, dbsession, registry
):
    from sqlalchemy import select

    from core.directory.models import Contact
    from core.mail.filing import Origin, file_message
    from core.mail.models import MailFiling
    from core.search.index import rebuild
    from core.testing.imap import compose

    company, people = staff(factories)
    other = factories.contact(factories.company("Publicis"), email="x@publicis.fr")
    form = signed_in.get(f"/companies/{company.id}/email-structure").forms[
        "email-structure-form"
    ]
    form["new_domain"] = "havas.com"
    form.submit("preview").forms["email-structure-form"].submit("confirm")
    dbsession.expire_all()
    lydia = people[0]
    assert lydia.email == "lydia.k@havas.com"
    assert [p.email for p in lydia.previous_emails] == ["lydia.k@havas.fr"]

    sheet = signed_in.get(f"/contacts/{lydia.id}").html
    assert sheet.find(attrs={"data-previous-emails": True}).text == "lydia.k@havas.fr"
    found = signed_in.get("/search/quick", {"q": "lydia.k@havas.fr"}).text
    assert lydia.last_name in found
    # Rebuilding the index (after an import) keeps the old address findable.
    rebuild(dbsession, models=[Contact])
    found = signed_in.get("/search/quick", {"q": "lydia.k@havas.fr"}).text
    assert lydia.last_name in found

    # Mail to the old address still files on her; a current address wins.
    raw = compose(
        signed_in.user.email,
        ["Lydia <LYDIA.K@havas.fr>", "x@publicis.fr"],
        subject="Relance",
    )
    file_message(dbsession, registry.relais_settings, raw, Origin("box", 1, 1))
    dbsession.flush()
    filed = dbsession.scalars(select(MailFiling.contact_id)).all()
    assert sorted(filed) == sorted([lydia.id, other.id])

    # Going back to the old address takes it out of the previous ones.
    lydia.email = "lydia.k@havas.fr"
    dbsession.flush()
    assert [p.email for p in lydia.previous_emails] == ["lydia.k@havas.com"]
