"""D-03: a merge moves everything, leaves nothing pointing at the merged
company, and its undo gives back exactly the state before.

Company A carries every kind of row the modules keep on a company
(comments, documents, actions through its contacts, an opportunity, an
agency's opportunity naming A as its client, a budget, a list membership,
portfolio and follow rows, a subsidiary); B has its own comment. The check
that nothing points at A walks every foreign key of the schema, so a module
whose table points at companies without a merge step fails here.
"""

from __future__ import annotations

from sqlalchemy import func, select

from core.budgets.models import Budget
from core.directory.models import Address, CompanyFollow, CompanyPortfolio
from core.directory.services.companies import picker_label
from tests.core.merge_support import pointing_at, snapshot


def attach(dbsession, company, user, comments=0, documents=0):
    from core.comments.models import Comment
    from core.documents.models import Document

    for number in range(comments):
        dbsession.add(
            Comment(
                target_kind="company",
                target_id=company.id,
                body=f"Commentaire {number}",
                author_id=user.id,
            )
        )
    for number in range(documents):
        dbsession.add(
            Document(
                target_kind="company",
                target_id=company.id,
                name=f"devis-{number}.pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
                storage_key=f"d03-{company.id}-{number}",
                owner_id=user.id,
            )
        )


def act(dbsession, contact, user, type_code, count):
    from core.actions.models import Action, ActionChain
    from core.auth.models import utcnow
    from core.reference.models import ActionType

    kind = dbsession.scalar(select(ActionType).where(ActionType.code == type_code))
    for number in range(count):
        chain = ActionChain()
        dbsession.add(chain)
        dbsession.flush()
        dbsession.add(
            Action(
                type=kind,
                subject=f"{type_code} {number}",
                starts_at=utcnow(),
                follow_up_at=utcnow(),
                chain=chain,
                author_id=user.id,
                contacts=[contact],
            )
        )


def counts(dbsession, company) -> dict[str, int]:
    from core.actions.models import action_contact
    from core.comments.models import Comment
    from core.directory.models import Contact
    from core.documents.models import Document
    from core.lists.models import ListRow
    from core.opportunities.models import Opportunity

    def attached(model):
        return dbsession.scalar(
            select(func.count(model.id)).where(
                model.target_kind == "company", model.target_id == company.id
            )
        )

    actions = select(func.count(func.distinct(action_contact.c.action_id))).join(
        Contact, Contact.id == action_contact.c.contact_id
    )
    return {
        "comments": attached(Comment),
        "documents": attached(Document),
        "actions": dbsession.scalar(actions.where(Contact.company_id == company.id)),
        "budgets": len(
            dbsession.scalars(
                select(Budget).where(Budget.company_id == company.id)
            ).all()
        ),
        "opportunities": dbsession.scalar(
            select(func.count(Opportunity.id)).where(
                Opportunity.company_id == company.id
            )
        ),
        "as client": dbsession.scalar(
            select(func.count(Opportunity.id)).where(
                Opportunity.client_id == company.id
            )
        ),
        "lists": dbsession.scalar(
            select(func.count(ListRow.id)).where(ListRow.company_id == company.id)
        ),
    }


def opportunities_and_list(factories, dbsession, user, a, contact):
    """A's own opportunity, an agency's naming A as client, the list membership."""
    from core.lists.models import ListRow, RecordList
    from core.opportunities.testing import opportunity

    opportunity(dbsession, user, a, contact=contact, amount="10000")
    agency = factories.company("Agence Média C", type_code="agence_media")
    opportunity(dbsession, user, agency, client=a, title="Achat pour A")
    annonceurs = RecordList(name="Annonceurs 2026", kind="company", owner=user)
    dbsession.add(annonceurs)
    dbsession.flush()
    dbsession.add(ListRow(list_id=annonceurs.id, company_id=a.id))


def company_a_and_b(factories, dbsession, user):
    a = factories.company(
        "Annonceur A",
        addresses=[Address(street="1 rue A", city="Lyon", is_default=True)],
    )
    b = factories.company("Annonceur B")
    contacts = [factories.contact(a) for _ in range(4)]
    factories.contact(b)
    dbsession.add_all(
        [
            CompanyPortfolio(user_id=user.id, company_id=a.id),
            CompanyFollow(user_id=user.id, company_id=a.id),
        ]
    )
    factories.company("Filiale de A", group=a)
    attach(dbsession, a, user, comments=3, documents=2)
    attach(dbsession, b, user, comments=1)
    act(dbsession, contacts[0], user, "rdv", 2)
    act(dbsession, contacts[1], user, "email", 5)
    dbsession.add(Budget(name="Budget de A", company=a))
    opportunities_and_list(factories, dbsession, user, a, contacts[0])
    dbsession.flush()
    return a, b, contacts


def merge_through_the_pages(app, a, b):
    form = app.get(f"/companies/{a.id}/merge").forms["merge-form"]
    form["target"] = picker_label(b)
    return form.submit("preview").forms["merge-form"].submit("confirm").follow()


def test_merge_moves_everything_and_undo_restores_it(signed_in, factories, dbsession):
    a, b, contacts = company_a_and_b(factories, dbsession, signed_in.user)
    before = snapshot(dbsession)

    sheet = merge_through_the_pages(signed_in, a, b)
    dbsession.expire_all()

    assert pointing_at(dbsession, "company", a.id) == {}
    assert counts(dbsession, b) == {
        "comments": 4,
        "documents": 2,
        "actions": 7,
        "budgets": 1,
        "opportunities": 1,
        "as client": 1,
        "lists": 1,
    }
    assert counts(dbsession, a) == dict.fromkeys(counts(dbsession, a), 0)
    assert {c.company_id for c in contacts} == {b.id}
    assert len(b.contacts) == 5
    assert signed_in.user in b.owners
    assert not a.active
    opened = signed_in.get(f"/companies/{a.id}")
    assert opened.location.endswith(f"/companies/{b.id}")

    history = sheet.html.find(attrs={"data-tab": "history"})
    merged = history.find(attrs={"data-event": "merged"})
    assert "Annonceur A" in merged.text
    assert signed_in.user.display_name in merged.text

    undo_form = next(
        f for name, f in sheet.forms.items() if str(name).startswith("undo-")
    )
    undo_form.submit().follow()
    dbsession.expire_all()
    assert snapshot(dbsession) == before
    assert a.active
