"""M-03: the server renumbers the capture folder; nothing is filed twice."""

from __future__ import annotations

from sqlalchemy import select

from core.mail.capture import capture_run
from core.mail.models import CapturedMail, CapturePosition, MailFiling
from core.testing.imap import compose


def test_a_new_uidvalidity_files_only_the_new_message(
    make_app, capture_settings, dovecot, factories, dbsession
):
    registry = make_app.registry(**capture_settings)
    factories.user(email="lea@relais.example")
    contact = factories.contact(factories.company(), email="client@annonceur.example")
    dovecot.deliver(
        *[
            compose("lea@relais.example", contact.email, subject=f"Échange {n}")
            for n in (1, 2, 3)
        ]
    )
    dovecot.renumber(uidvalidity=1000, first_uid=1)
    assert capture_run(registry) == {"filed": 3}

    # The migration: same messages under UIDVALIDITY 2000 as UIDs 7-9.
    dovecot.renumber(uidvalidity=2000, first_uid=7)
    dovecot.deliver(compose("lea@relais.example", contact.email, subject="Nouveau"))

    assert capture_run(registry) == {"duplicate": 3, "filed": 1}

    dbsession.expire_all()
    subjects = dbsession.scalars(select(CapturedMail.subject).order_by("id")).all()
    assert subjects == ["Échange 1", "Échange 2", "Échange 3", "Nouveau"]
    assert len(dbsession.scalars(select(MailFiling)).all()) == 4
    positions = {
        p.uidvalidity: p.last_uid for p in dbsession.scalars(select(CapturePosition))
    }
    assert positions == {1000: 3, 2000: 10}
    assert capture_run(registry) == {}
