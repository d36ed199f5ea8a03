"""A value the directory would refuse rejects its row, with the reason.

Creating the record without the value would lose it without a word; the
other rows still come in, in the same transaction.
"""

from sqlalchemy import func, select

from core.directory.models import Company, Contact
from core.transfer.testing import import_bytes

HEADER = "Société;SIRET;Site web;Prénom;Nom;E-mail;Téléphone;Code postal;Ville;Pays\n"


def run(dbsession, user, *lines):
    data = HEADER + "".join(line + "\n" for line in lines)
    return import_bytes(dbsession, user, data.encode())


def reasons(row) -> str:
    return " | ".join(error.interpolate() for error in row.errors)


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_bad_values_reject_the_row_and_say_why(dbsession, factories):
    plan, applied = run(
        dbsession,
        factories.user(),
        "Régie Ouest;SIRET 123;;Zoé;Bernard;pas-un-email;abc;;;",
        "Radio Sud;;;Léa;Petit;lea@radiosud.example;01 23 45 67 89;;;",
    )
    bad, good = plan.rows
    assert bad.status == "reject"
    assert reasons(bad) == (
        "SIRET “SIRET 123” is not valid. | E-mail “pas-un-email” is not valid."
        " | Phone “abc” is not valid."
    )
    assert good.status == "create"
    assert count(dbsession, Contact) == 1
    assert [c.name for c in dbsession.scalars(select(Company))] == ["Radio Sud"]
    assert len(applied.contacts) == 1


def test_a_company_only_row_with_bad_values_is_rejected(dbsession, factories):
    factories.company("Radio Sud")
    plan, _applied = run(
        dbsession, factories.user(), "Radio Sud;SIRET 123;pas un site;;;;;;;"
    )
    row = plan.rows[0]
    assert row.status == "reject"
    assert "SIRET 123" in reasons(row) and "pas un site" in reasons(row)
    company = dbsession.scalar(select(Company))
    assert (company.siret, company.website) == (None, None)


def test_a_french_postcode_has_five_digits(dbsession, factories):
    plan, _applied = run(
        dbsession,
        factories.user(),
        "Alpha;;;;Un;;;750;Paris;",
        "Beta;;;;Deux;;;75 008;Paris;France",
        "Gamma;;;;Trois;;;6000;Nice;",
        "Delta;;;;Quatre;;;1000;Bruxelles;Belgique",
        "Epsilon;;;;Cinq;;;75008;Paris;FR",
    )
    statuses = [row.status for row in plan.rows]
    assert statuses == ["reject", "reject", "create", "create", "create"]
    assert reasons(plan.rows[0]) == "Postcode “750” is not valid."
    trois = dbsession.scalar(select(Contact).where(Contact.last_name == "Trois"))
    # A spreadsheet dropped the leading zero: it is put back, not refused.
    assert trois.default_address.postcode == "06000"


def test_real_phones_and_reserved_addresses_still_come_in(dbsession, factories):
    """Extensions and foreign numbers the directory reads are kept; a number
    it cannot check (no country given) or an address on a reserved domain is
    left out with a warning, as address books are full of them."""
    plan, _applied = run(
        dbsession,
        factories.user(),
        "A;;;Zoé;Un;zoe@a.example;01 23 45 67 89 ext. 12;;;",
        "B;;;Léa;Deux;lea@b.example;+44 20 7946 0958;;;",
        "C;;;Luc;Trois;luc@host.invalid;905-666-1234;;;",
    )
    assert [row.status for row in plan.rows] == ["create"] * 3
    phones = dict(dbsession.execute(select(Contact.last_name, Contact.phone)).all())
    assert phones == {"Un": "+33123456789", "Deux": "+442079460958", "Trois": None}
    warned = " ".join(str(w.mapping) for w in plan.rows[2].warnings)
    assert "905-666-1234" in warned and "luc@host.invalid" in warned
