"""The access rules on directory features: duplicate and homonym warnings
announce a record the user may not open without its name, its company or a
way in; a contact held in one's own portfolio is one's own."""

from __future__ import annotations

from sqlalchemy import func, select

from core.access.services import set_reach
from core.directory.models import Company, CompanyPortfolio, Contact
from core.directory.testing import company_form, contact_form
from core.testing import sign_in


def as_user(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    return app


def two_salespeople(factories, dbsession):
    """Paul holds "Phare Conseil" and its contact; Léa's profile sees only her
    own portfolio."""
    lea = factories.user(first_name="Léa")
    paul = factories.user(first_name="Paul")
    hidden = factories.company("Phare Conseil", siret="73282932000074")
    factories.contact(
        hidden, first_name="Inès", last_name="Secrète", email="ines@phare.example"
    )
    dbsession.add(CompanyPortfolio(user_id=paul.id, company_id=hidden.id))
    for kind in ("company", "contact"):
        set_reach(dbsession, lea.profile, kind, "own", "own")
    dbsession.flush()
    return lea, paul, hidden


def test_a_hidden_duplicate_company_is_announced_without_its_name(
    make_app, factories, dbsession
):
    lea, paul, hidden = two_salespeople(factories, dbsession)
    app = as_user(make_app, lea)
    warned = company_form(app, dbsession, name="PHARE CONSEIL SA").submit()
    box = warned.html.find(attrs={"data-duplicates": True})
    assert box.find(attrs={"data-duplicate": "hidden"}) is not None
    assert "Phare" not in box.text and f"/companies/{hidden.id}" not in str(box)
    assert box.find("a", attrs={"data-action": "open-duplicate"}) is None
    assert "same name" in box.text
    # She may still create hers: nothing is lost.
    warned.forms["company-form"].submit("not_duplicate").follow()
    count = select(func.count(Company.id)).where(Company.name_key == "phareconseil")
    assert dbsession.scalar(count) == 2

    # Paul, who holds it, sees it by name with the way to open it.
    seen = company_form(as_user(make_app, paul), dbsession, name="Phare Conseil")
    box = seen.submit().html.find(attrs={"data-duplicates": True})
    assert box.find(attrs={"data-duplicate": str(hidden.id)}) is not None
    assert "Phare Conseil" in box.text


def test_a_hidden_homonym_is_announced_without_its_name(make_app, factories, dbsession):
    lea, paul, hidden = two_salespeople(factories, dbsession)
    app = as_user(make_app, lea)
    form = contact_form(
        app,
        dbsession,
        last_name="SECRETE",
        first_name="Inès",
        email="ines@phare.example",
    )
    warned = form.submit()
    box = warned.html.find(attrs={"data-homonyms": True})
    assert box.find(attrs={"data-homonym": "hidden"}) is not None
    assert "Phare" not in box.text and "Secrète" not in box.text
    assert box.find(attrs={"data-action": "moved"}) is None
    warned.forms["contact-form"].submit("not_duplicate").follow()
    count = select(func.count(Contact.id)).where(Contact.last_name_key == "secrete")
    assert dbsession.scalar(count) == 2

    seen = contact_form(
        as_user(make_app, paul),
        dbsession,
        last_name="Secrète",
        email="ines@phare.example",
    ).submit()
    box = seen.html.find(attrs={"data-homonyms": True})
    assert "Phare Conseil" in box.text


def test_a_contact_in_my_portfolio_is_mine_under_the_own_rule(
    make_app, factories, dbsession
):
    from core.directory.models import ContactPortfolio

    lea, paul, hidden = two_salespeople(factories, dbsession)
    ines = hidden.contacts[0]
    app = as_user(make_app, lea)
    app.get(f"/contacts/{ines.id}", status=404)
    dbsession.add(ContactPortfolio(user_id=lea.id, contact_id=ines.id))
    dbsession.flush()
    assert "Secrète" in app.get(f"/contacts/{ines.id}").html.find("h1").text
    # Her company stays Paul's.
    app.get(f"/companies/{hidden.id}", status=404)
