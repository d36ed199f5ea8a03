"""T-03: a reminder due while the worker is down is sent once after restart."""

import datetime as dt

import pytest

from core.actions import reminders
from core.actions.models import ActionPreference


@pytest.fixture
def due(factories, dbsession):
    user = factories.user(email="rappel.user@relais.example")
    dbsession.add(ActionPreference(user_id=user.id, mail_reminders=True))
    now = dt.datetime.now(dt.UTC)
    action = factories.action(
        author=user,
        subject="Rappeler Horizon Média",
        start=now - dt.timedelta(days=7),
        # Due twenty minutes ago, while no worker was running.
        follow_up=now - dt.timedelta(minutes=20),
    )
    dbsession.flush()
    return action


def test_the_first_sweep_after_a_restart_sends_it_once(due, registry, outbox):
    assert reminders.send_due_reminders(registry) == 1
    message = outbox.wait_for_recipient("rappel.user@relais.example")
    assert "Rappeler Horizon Média" in message["Subject"]
    assert reminders.send_due_reminders(registry) == 0
    assert len(outbox.to("rappel.user@relais.example")) == 1


def test_a_sweep_killed_midway_is_redone_once(due, registry, outbox, monkeypatch):
    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(reminders, "message", killed)
    with pytest.raises(SystemExit):
        reminders.send_due_reminders(registry)
    monkeypatch.undo()
    assert outbox.to("rappel.user@relais.example") == []

    assert reminders.send_due_reminders(registry) == 1
    assert reminders.send_due_reminders(registry) == 0
    outbox.wait_for_recipient("rappel.user@relais.example")
    assert len(outbox.to("rappel.user@relais.example")) == 1


def test_postponing_arms_a_new_reminder(due, registry, outbox, dbsession):
    from core.actions import services

    reminders.send_due_reminders(registry)
    dbsession.refresh(due)
    assert due.follow_up_reminded_at is not None
    services.postpone_follow_up(
        due, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1), due.author
    )
    dbsession.flush()
    assert reminders.send_due_reminders(registry) == 1


def test_users_without_mail_reminders_get_none(factories, registry, outbox):
    now = dt.datetime.now(dt.UTC)
    factories.action(start=now - dt.timedelta(days=1), follow_up=now)
    assert reminders.send_due_reminders(registry) == 0
