"""A captured mail filed on several contacts gives its files to every action."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
import transaction
from sqlalchemy import select

from core.actions.models import Action
from core.directory.services import merge as merging
from core.documents.models import Document
from core.documents.services import delete_document, document_path
from core.mail.filing import Origin, file_message
from core.mail.inbox import associate
from core.mail.models import CapturedMail
from core.testing.imap import compose
from tests.core.merge_support import pointing_at, snapshot

_uids = itertools.count(1)
PDF = b"%PDF-1.4 devis signe"


def capture(registry, dbsession, raw: bytes) -> CapturedMail:
    origin = Origin("test-box", 1, next(_uids))
    file_message(dbsession, registry.relais_settings, raw, origin)
    dbsession.flush()
    return dbsession.scalar(select(CapturedMail).where(CapturedMail.uid == origin.uid))


def action_documents(dbsession, mail: CapturedMail) -> dict[int, Document]:
    """The document of each e-mail action of ``mail``, by contact."""
    found = {}
    for filing in mail.filings:
        (document,) = dbsession.scalars(
            select(Document).where(
                Document.target_kind == "action",
                Document.target_id == filing.action_id,
            )
        )
        found[filing.contact_id] = document
    return found


def mail_to(sender, *recipients) -> bytes:
    return compose(
        sender.email,
        [r if isinstance(r, str) else r.email for r in recipients],
        subject="Devis signé",
        attachments=[("devis.pdf", "application/pdf", PDF)],
    )


@pytest.fixture
def people(factories):
    """A salesperson and two contacts of one company."""
    company = factories.company()
    return SimpleNamespace(
        seller=factories.user(),
        zoe=factories.contact(company, email="zoe@annonceur.example"),
        marc=factories.contact(company, email="marc@annonceur.example"),
    )


def test_every_contact_of_the_mail_sees_its_files_stored_once(
    people, registry, dbsession
):
    seller, zoe, marc = people.seller, people.zoe, people.marc

    mail = capture(registry, dbsession, mail_to(seller, zoe, marc))

    documents = action_documents(dbsession, mail)
    assert set(documents) == {zoe.id, marc.id}
    assert {d.name for d in documents.values()} == {"devis.pdf"}
    assert {d.owner_id for d in documents.values()} == {seller.id}
    # One file on disk for both documents.
    assert len({d.storage_key for d in documents.values()}) == 1
    assert document_path(registry, documents[zoe.id]).read_bytes() == PDF
    (attachment,) = mail.attachments
    assert attachment.document_id in {d.id for d in documents.values()}
    assert attachment.data is None


def test_removing_one_document_keeps_the_file_of_the_others(
    people, registry, dbsession
):
    seller, zoe, marc = people.seller, people.zoe, people.marc
    mail = capture(registry, dbsession, mail_to(seller, zoe, marc))
    documents = action_documents(dbsession, mail)
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()

    delete_document(dbsession, manager, registry, seller, documents[zoe.id])
    manager.commit()

    assert document_path(registry, documents[marc.id]).read_bytes() == PDF
    assert dbsession.get(Document, documents[marc.id].id) is not None


def test_a_contact_associated_from_the_inbox_gets_the_files_too(
    factories, registry, dbsession
):
    seller = factories.user()
    company = factories.company()
    zoe = factories.contact(company, email="zoe@annonceur.example")
    mail = capture(registry, dbsession, mail_to(seller, zoe, "new@annonceur.example"))
    assert mail.unmatched == ["new@annonceur.example"]
    newcomer = factories.contact(company, email="new@annonceur.example")

    assert associate(dbsession, seller, mail) == 1

    documents = action_documents(dbsession, mail)
    assert set(documents) == {zoe.id, newcomer.id}
    assert len({d.storage_key for d in documents.values()}) == 1
    assert document_path(registry, documents[newcomer.id]).read_bytes() == PDF


def merged_pair(factories, registry, dbsession):
    """A mail filed on two records of one person, then the records merged."""
    seller = factories.user()
    company = factories.company()
    zoe = factories.contact(company, first_name="Zoé", email="zoe@annonceur.example")
    double = factories.contact(company, first_name="Zoé", email="zm@annonceur.example")
    mail = capture(registry, dbsession, mail_to(seller, zoe, double))
    before = snapshot(dbsession)
    journal = merging.merge(dbsession, registry, seller, double, zoe)
    return seller, zoe, double, mail, before, journal


def test_merging_the_two_contacts_moves_the_mail_and_its_files(
    factories, registry, dbsession
):
    seller, zoe, double, mail, _before, _journal = merged_pair(
        factories, registry, dbsession
    )

    assert pointing_at(dbsession, "contact", double.id) == {}
    dbsession.expire_all()
    assert [f.contact_id for f in mail.filings] == [zoe.id]
    # Both e-mail actions, with their documents, now sit on the kept contact.
    documents = list(dbsession.scalars(select(Document)))
    assert len(documents) == 2
    for document in documents:
        assert dbsession.get(Action, document.target_id).contacts == [zoe]
    # Associating again from the inbox files nothing twice.
    assert associate(dbsession, seller, mail) == 0


def test_undoing_the_merge_puts_the_mail_back_on_both_records(
    factories, registry, dbsession
):
    seller, _zoe, _double, _mail, before, journal = merged_pair(
        factories, registry, dbsession
    )

    merging.undo(dbsession, registry, seller, journal)

    assert snapshot(dbsession) == before


def test_each_action_sheet_lists_the_file_and_downloads_it(
    signed_in, factories, registry, dbsession
):
    company = factories.company()
    zoe = factories.contact(company, email="zoe@annonceur.example")
    marc = factories.contact(company, email="marc@annonceur.example")
    mail = capture(registry, dbsession, mail_to(signed_in.user, zoe, marc))

    for filing in mail.filings:
        sheet = signed_in.get(f"/actions/{filing.action_id}")
        listed = sheet.html.find(attrs={"data-documents": ""})
        link = listed.find("a", string="devis.pdf")
        assert signed_in.get(link["href"]).body == PDF
