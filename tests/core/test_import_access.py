"""An import neither changes nor reveals a record the importing user cannot
open: the row matching it is rejected, and the one who can see it imports it
as before."""

from __future__ import annotations

import webtest
from sqlalchemy import func, select

from core.access.services import set_reach
from core.directory.models import Company, CompanyPortfolio, Contact
from core.testing import sign_in

FILE = (
    "Société;Prénom;Nom;E-mail;Téléphone société\n"
    "Phare Conseil;;Durand;;01 23 45 67 89\n"
    ";Inès;Secrète;ines@phare.example;\n"
    "Nouvelle Régie;Zoé;Bernard;zoe@regie.example;\n"
)


def two_salespeople(factories, dbsession):
    """Paul holds "Phare Conseil" and its contact; Léa sees only her own."""
    lea = factories.user(first_name="Léa")
    paul = factories.user(first_name="Paul")
    hidden = factories.company("Phare Conseil")
    factories.contact(
        hidden, first_name="", last_name="Secrète", email="ines@phare.example"
    )
    dbsession.add(CompanyPortfolio(user_id=paul.id, company_id=hidden.id))
    for kind in ("company", "contact"):
        set_reach(dbsession, lea.profile, kind, "own", "own")
    dbsession.flush()
    return lea, paul, hidden


def dry_run(make_app, user):
    app = make_app()
    sign_in(app, user.email)
    form = app.get("/import").forms["import-upload"]
    form["file"] = webtest.Upload("contacts.csv", FILE.encode())
    preview = form.submit().follow()
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    rows = report.html.find_all(attrs={"data-line": True})
    return report, {int(tr["data-line"]): tr for tr in rows}


def test_a_row_matching_a_record_i_cannot_open_is_rejected_unnamed(
    make_app, factories, dbsession
):
    lea, paul, hidden = two_salespeople(factories, dbsession)
    ines = hidden.contacts[0]
    report, rows = dry_run(make_app, lea)
    for line in (2, 3):
        assert rows[line]["data-status"] == "reject"
        assert "cannot open" in rows[line].text
        assert "administrator" in rows[line].text
    assert rows[4]["data-status"] == "create"
    assert f"/companies/{hidden.id}" not in report.text
    assert f"/contacts/{ines.id}" not in report.text
    # Her dry run does not say what the hidden contact is called.
    assert "Inès" not in rows[2].text

    done = report.forms["import-preview"].submit("step", value="import").follow()
    assert done.html.find(attrs={"data-count": "reject"}).text == "2"
    assert done.html.find(attrs={"data-count": "create"}).text == "1"
    dbsession.refresh(hidden)
    dbsession.refresh(ines)
    assert hidden.phone is None
    assert ines.first_name == ""
    count = select(func.count(Company.id)).where(Company.name_key == "phareconseil")
    assert dbsession.scalar(count) == 1
    secrete = select(func.count(Contact.id)).where(Contact.last_name_key == "secrete")
    assert dbsession.scalar(secrete) == 1
    durand = select(func.count(Contact.id)).where(Contact.last_name_key == "durand")
    assert dbsession.scalar(durand) == 0


def test_the_holder_of_the_record_imports_it_as_before(make_app, factories, dbsession):
    lea, paul, hidden = two_salespeople(factories, dbsession)
    report, rows = dry_run(make_app, paul)
    assert rows[2]["data-status"] == "create"  # Durand is new at Phare Conseil.
    assert rows[3]["data-status"] == "update"
    assert "cannot open" not in report.text
    report.forms["import-preview"].submit("step", value="import").follow()
    dbsession.refresh(hidden)
    assert hidden.phone == "+33123456789"
    assert hidden.contacts[0].first_name == "Inès"


def test_a_record_i_may_see_but_not_change_is_used_and_left_as_it_is(
    make_app, factories, dbsession
):
    """Léa sees every company but changes only hers: the import adds her
    contact to Paul's company and leaves its empty phone empty."""
    lea, paul, company = two_salespeople(factories, dbsession)
    for kind in ("company", "contact"):
        set_reach(dbsession, lea.profile, kind, "all", "own")
    dbsession.flush()
    assert company.phone is None

    report, rows = dry_run(make_app, lea)
    assert "you may not change it" in rows[2].text

    form = report.forms["import-preview"]
    form.submit("step", value="import")
    dbsession.expire_all()
    assert dbsession.get(Company, company.id).phone is None
    assert (
        dbsession.scalar(
            select(func.count(Company.id)).where(Company.name == "Phare Conseil")
        )
        == 1
    )
