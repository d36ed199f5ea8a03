"""Bulk portfolio changes act on the list's own kind of records, with the
sheet's rules: one's own portfolio for anyone, another's with the right to
assign and to change the record."""

import pytest
from sqlalchemy import select

from core.access.services import set_reach
from core.directory.models import CompanyPortfolio, ContactPortfolio
from core.lists import services
from core.testing import csrf_token, sign_in


def post_bulk(app, record_list, status=303, **fields):
    fields.setdefault("target", "visible")
    fields["csrf_token"] = csrf_token(app)
    return app.post(f"/lists/{record_list.id}/bulk", fields, status=status)


def company_owners(dbsession, company):
    query = select(CompanyPortfolio.user_id).where(
        CompanyPortfolio.company_id == company.id
    )
    return set(dbsession.scalars(query))


def contact_owners(dbsession, contact):
    query = select(ContactPortfolio.user_id).where(
        ContactPortfolio.contact_id == contact.id
    )
    return set(dbsession.scalars(query))


@pytest.fixture
def held(dbsession, factories):
    """Radio Sud held by Marc; its contact Inès by Marc too, Jules by nobody."""
    marc = factories.user(first_name="Marc")
    company = factories.company("Radio Sud")
    ines, jules = factories.contact(company), factories.contact(company)
    dbsession.add(CompanyPortfolio(user_id=marc.id, company_id=company.id))
    dbsession.add(ContactPortfolio(user_id=marc.id, contact_id=ines.id))
    dbsession.flush()
    return marc, company, ines, jules


def test_a_contact_list_changes_the_contacts_portfolios(
    signed_in, dbsession, factories, held
):
    marc, company, ines, jules = held
    lea = factories.user(first_name="Léa")
    record_list = services.create_list(dbsession, signed_in.user, "C", "contact")
    services.add_records(dbsession, record_list, [ines.id, jules.id])

    post_bulk(signed_in, record_list, operation="portfolio", user_id=lea.id)
    assert contact_owners(dbsession, ines) == {marc.id, lea.id}
    assert contact_owners(dbsession, jules) == {lea.id}
    assert company_owners(dbsession, company) == {marc.id}

    post_bulk(
        signed_in, record_list, operation="portfolio", user_id=lea.id, mode="replace"
    )
    assert contact_owners(dbsession, ines) == contact_owners(dbsession, jules)
    assert contact_owners(dbsession, ines) == {lea.id}
    # The company's owners are not the contacts' owners: Marc keeps it.
    assert company_owners(dbsession, company) == {marc.id}

    post_bulk(signed_in, record_list, operation="unassign", user_id=lea.id)
    assert contact_owners(dbsession, ines) == contact_owners(dbsession, jules) == set()
    assert company_owners(dbsession, company) == {marc.id}


def test_a_company_list_replaces_only_the_companies_owners(
    signed_in, dbsession, factories, held
):
    marc, company, ines, _jules = held
    other = factories.company("Hebdo Nord")
    dbsession.add(CompanyPortfolio(user_id=marc.id, company_id=other.id))
    lea = factories.user(first_name="Léa")
    record_list = services.create_list(dbsession, signed_in.user, "L", "company")
    services.add_records(dbsession, record_list, [company.id])
    post_bulk(
        signed_in, record_list, operation="portfolio", user_id=lea.id, mode="replace"
    )
    assert company_owners(dbsession, company) == {lea.id}
    assert company_owners(dbsession, other) == {marc.id}
    assert contact_owners(dbsession, ines) == {marc.id}


def test_without_the_right_to_assign_only_ones_own_portfolio(
    make_app, dbsession, factories, held
):
    marc, company, _ines, _jules = held
    assistant = factories.user(profile="assistant")
    app = make_app()
    sign_in(app, assistant.email)
    record_list = services.create_list(dbsession, assistant, "L", "company")
    services.add_records(dbsession, record_list, [company.id])

    page = post_bulk(
        app, record_list, status=400, operation="portfolio", user_id=marc.id
    )
    assert "your own portfolio" in page.text
    page = post_bulk(
        app,
        record_list,
        status=400,
        operation="portfolio",
        user_id=assistant.id,
        mode="replace",
    )
    assert "replace the owners" in page.text
    page = post_bulk(
        app, record_list, status=400, operation="unassign", user_id=marc.id
    )
    assert company_owners(dbsession, company) == {marc.id}

    post_bulk(app, record_list, operation="portfolio", user_id=assistant.id)
    assert company_owners(dbsession, company) == {marc.id, assistant.id}
    post_bulk(app, record_list, operation="unassign", user_id=assistant.id)
    assert company_owners(dbsession, company) == {marc.id}


def test_another_portfolio_only_for_records_one_may_change(
    signed_in, dbsession, factories, held
):
    marc, company, _ines, _jules = held
    mine = factories.company("Hebdo Ouest")
    dbsession.add(CompanyPortfolio(user_id=signed_in.user.id, company_id=mine.id))
    set_reach(dbsession, signed_in.user.profile, "company", "all", "own")
    lea = factories.user(first_name="Léa")
    record_list = services.create_list(dbsession, signed_in.user, "L", "company")
    services.add_records(dbsession, record_list, [company.id, mine.id])

    page = post_bulk(
        signed_in, record_list, operation="portfolio", user_id=lea.id, mode="replace"
    ).follow()
    assert "1 left as they were" in page.text
    assert company_owners(dbsession, mine) == {lea.id}
    # Marc's company is not the user's to change: it stays as it was.
    assert company_owners(dbsession, company) == {marc.id}
    # Taking it into one's own portfolio is the star: allowed on what one sees.
    post_bulk(signed_in, record_list, operation="portfolio", user_id=signed_in.user.id)
    assert company_owners(dbsession, company) == {marc.id, signed_in.user.id}
