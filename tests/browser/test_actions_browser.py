"""Actions in a real browser: create from a contact, chain, postpone, drag."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.actions.services import create_action
from core.auth.models import User
from core.db import run_in_transaction
from core.directory.models import CompanyPortfolio, Contact

pytestmark = pytest.mark.browser

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


def open_as(browser, server, email):
    # Tall enough for the whole working day of the agenda's week view.
    context = browser.new_context(
        base_url=server.url, locale="en-GB", viewport={"width": 1280, "height": 1400}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", email)
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return context, page


def run(server, work):
    return run_in_transaction(server.registry, work)


def a_contact_of(server, email) -> int:
    def find(session):
        user = session.scalar(select(User).where(User.email == email))
        return session.scalar(
            select(Contact.id)
            .join(CompanyPortfolio, CompanyPortfolio.company_id == Contact.company_id)
            .where(CompanyPortfolio.user_id == user.id, Contact.email.is_not(None))
            .order_by(Contact.id)
            .limit(1)
        )

    return run(server, find)


def next_weekday(hour: int, days: int = 1) -> dt.datetime:
    day = dt.datetime.now(PARIS).date() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def test_create_a_call_from_a_contact_then_chain_a_meeting(browser, server, screenshot):
    context, page = open_as(browser, server, "lea.dubois@relais.example")
    contact_id = a_contact_of(server, "lea.dubois@relais.example")
    page.goto(f"/contacts/{contact_id}")
    page.click("[data-panel=actions] [data-action=new-action]")
    page.wait_for_selector("#action-form")
    assert page.locator("#chosen-contacts input:checked").count() == 1

    page.select_option("#f-type", label="Téléphone")
    page.fill("#f-subject", "Découverte des besoins digitaux")
    start = next_weekday(10)
    page.fill("#f-start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-end", (start + dt.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    page.click("trix-editor")
    page.keyboard.type("Client intéressé par la vidéo")
    screenshot(page, "call-form")
    page.click("#action-form button[name=save]")
    page.wait_for_selector("[data-section=chain]")
    assert "Découverte des besoins digitaux" in page.inner_text("h1")
    assert "Client intéressé par la vidéo" in page.inner_text("[data-section=report]")

    page.click("[data-action=plan-next]")
    page.wait_for_selector("[data-previous]")
    assert page.input_value("#f-subject") == "Découverte des besoins digitaux"
    page.select_option("#f-type", label="Rendez-vous")
    meeting = next_weekday(15, days=8)
    page.fill("#f-start", meeting.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-end", (meeting + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.click("#action-form button[name=save]")
    page.wait_for_selector("[data-section=chain]")
    assert page.locator("[data-chain-action]").count() == 2
    screenshot(page, "chain")

    def check(session):
        actions = session.scalars(
            select(Action)
            .where(Action.subject == "Découverte des besoins digitaux")
            .order_by(Action.starts_at)
        ).all()
        return [
            (a.type.code, a.chain_id, a.follow_up_done_at is not None) for a in actions
        ]

    (call, chain, closed), (rdv, chain2, open_) = run(server, check)
    assert (call, rdv, chain == chain2, closed, open_) == (
        "telephone",
        "rdv",
        True,
        True,
        False,
    )
    context.close()


def test_postpone_a_follow_up_from_the_todo(browser, server):
    email = "sarah.laurent@relais.example"
    contact_id = a_contact_of(server, email)

    def arrange(session):
        user = session.scalar(select(User).where(User.email == email))
        action = create_action(
            session,
            server.registry,
            author=user,
            type_code="telephone",
            subject="Relance navigateur",
            start=next_weekday(9, days=-10),
            contacts=[session.get(Contact, contact_id)],
            follow_up=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
        )
        return action.id

    action_id = run(server, arrange)
    context, page = open_as(browser, server, email)
    page.goto("/todo?q=Relance+navigateur")
    row = page.locator(f"[data-todo-row=follow_up-{action_id}]")
    assert row.get_attribute("data-state") == "late"
    target = next_weekday(14, days=3)
    row.locator("input[type=datetime-local]").fill(target.strftime("%Y-%m-%dT%H:%M"))
    row.locator("[data-action=postpone]").click()
    page.wait_for_url("**/todo?q=Relance+navigateur")
    row = page.locator(f"[data-todo-row=follow_up-{action_id}]")
    assert row.get_attribute("data-state") == "upcoming"

    stored = run(server, lambda s: s.get(Action, action_id).follow_up_at)
    assert stored == target
    context.close()


def test_drag_an_action_in_the_agenda(browser, server, screenshot):
    email = "thomas.petit@relais.example"
    contact_id = a_contact_of(server, email)
    # Tuesday of next week at 10:00, well inside the week view.
    today = dt.datetime.now(PARIS).date()
    tuesday = today + dt.timedelta(days=7 - today.weekday() + 1)
    start = dt.datetime.combine(tuesday, dt.time(10), tzinfo=PARIS)

    def arrange(session):
        user = session.scalar(select(User).where(User.email == email))
        action = create_action(
            session,
            server.registry,
            author=user,
            type_code="rdv",
            subject="Réunion à glisser",
            start=start,
            end=start + dt.timedelta(hours=1),
            contacts=[session.get(Contact, contact_id)],
        )
        return action.id

    action_id = run(server, arrange)
    context, page = open_as(browser, server, email)
    page.goto("/agenda")
    page.wait_for_selector("#agenda[data-loaded='1']")
    page.click(".fc-next-button")
    event = page.locator(f"[data-event=action-{action_id}]")
    event.wait_for()

    wednesday = (tuesday + dt.timedelta(days=1)).isoformat()
    column = page.locator(f".fc-timegrid-col[data-date='{wednesday}']")
    slot = page.locator(".fc-timegrid-slot-lane[data-time='14:00:00']")
    column_box, slot_box = column.bounding_box(), slot.bounding_box()
    event_box = event.bounding_box()
    # The slots lie over the day columns: drag with the mouse, in steps, as
    # FullCalendar follows the pointer.
    page.mouse.move(event_box["x"] + 10, event_box["y"] + 5)
    page.mouse.down()
    page.mouse.move(
        column_box["x"] + column_box["width"] / 2, slot_box["y"] + 5, steps=20
    )
    screenshot(page, "dragging")
    page.mouse.up()
    page.wait_for_function(
        "document.getElementById('agenda-status').textContent.length > 0"
    )
    screenshot(page, "dragged")

    moved = run(server, lambda s: s.get(Action, action_id).starts_at)
    assert moved.astimezone(PARIS) == dt.datetime.combine(
        tuesday + dt.timedelta(days=1), dt.time(14), tzinfo=PARIS
    )
    context.close()
