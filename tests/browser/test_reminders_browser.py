"""The follow-up reminder in the browser: a sound and a notification when a
follow-up falls due on an open page, and nothing once reminders are off."""

from __future__ import annotations

import datetime as dt
import json
import time
import zoneinfo

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.actions.services import create_action, set_follow_up
from core.auth.models import User
from core.db import run_in_transaction
from core.directory.models import Contact

pytestmark = pytest.mark.browser

EMAIL = "hugo.bernard@relais.example"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# Records what the page asks of the notification and audio APIs, leaving the
# real ones to work (the permission is granted through the context).
RECORDER = """
window.__notified = [];
window.__sounds = [];
window.__polls = 0;
(function () {
  var fetch = window.fetch;
  window.fetch = function (url) {
    if (String(url).indexOf("/todo/reminders") !== -1) { window.__polls += 1; }
    return fetch.apply(this, arguments);
  };
  var Real = window.Notification;
  function Recording(title, options) {
    window.__notified.push({ title: title, body: options && options.body });
    return new Real(title, options);
  }
  Object.defineProperty(Recording, "permission", {
    get: function () { return Real.permission; }
  });
  Recording.requestPermission = function () { return Real.requestPermission(); };
  window.Notification = Recording;
  var start = AudioScheduledSourceNode.prototype.start;
  OscillatorNode.prototype.start = function () {
    window.__sounds.push(this.context.state);
    return start.apply(this, arguments);
  };
})();
"""


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


def run(server, work):
    return run_in_transaction(server.registry, work)


def plan(server, subject: str, follow_up: dt.datetime) -> int:
    """An action of the user whose follow-up falls at ``follow_up``."""

    def arrange(session):
        user = session.scalar(select(User).where(User.email == EMAIL))
        contact = session.scalars(select(Contact).order_by(Contact.id)).first()
        action = create_action(
            session,
            server.registry,
            author=user,
            type_code="telephone",
            subject=subject,
            start=follow_up - dt.timedelta(days=7),
            contacts=[contact],
            follow_up=follow_up,
        )
        return action.id

    return run(server, arrange)


def move_follow_up(server, action_id: int, when: dt.datetime) -> None:
    run(server, lambda session: set_follow_up(session.get(Action, action_id), when))


def open_page(browser, server):
    """Sign in and stay on the home page; returns the reminder polls' answers."""
    context = browser.new_context(base_url=server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    context.grant_permissions(["notifications"], origin=server.url)
    context.add_init_script(RECORDER)
    page = context.new_page()
    # The page's timers run on a clock the test moves forward: no minute-long
    # wait for the next poll.
    page.clock.install()
    answers = []

    def keep(response):
        if response.url.endswith("/todo/reminders"):
            answers.append(json.loads(response.body()))

    page.on("response", keep)
    page.goto("/login")
    page.fill("#f-email", EMAIL)
    page.fill("#f-password", server.registry.relais_settings["relais.demo.password"])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return context, page, answers


def notified(page, subject: str) -> list[dict]:
    found = page.evaluate("window.__notified")
    return [item for item in found if item["title"] == subject]


def notified_js(subject: str) -> str:
    return f"window.__notified.some(n => n.title === {json.dumps(subject)})"


def wait_for_answers(page, answers, count: int) -> None:
    for _tick in range(150):
        if len(answers) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{len(answers)} reminder polls answered, {count} awaited")


def test_the_page_rings_and_notifies_at_the_follow_up_time(browser, server):
    subject = "Rappeler pour le devis"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    action_id = plan(server, subject, later)
    context, page, answers = open_page(browser, server)
    wait_for_answers(page, answers, 1)
    assert answers[0]["enabled"] is True
    assert notified(page, subject) == []

    # The follow-up time comes while the page stays open.
    due = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    move_follow_up(server, action_id, due)
    time.sleep(max(0.0, (due - dt.datetime.now(dt.UTC)).total_seconds()) + 0.2)
    page.clock.fast_forward("01:05")
    page.wait_for_function(notified_js(subject))

    shown = notified(page, subject)
    assert shown == [
        {"title": subject, "body": due.astimezone(PARIS).strftime("%H:%M")}
    ]
    page.wait_for_function("window.__sounds.includes('running')")

    # The next poll does not ring the same follow-up twice.
    count = len(answers)
    page.clock.fast_forward("01:05")
    wait_for_answers(page, answers, count + 1)
    assert len(notified(page, subject)) == 1
    context.close()


def test_reminders_switched_off_stay_silent(browser, server):
    context, page, answers = open_page(browser, server)
    page.goto("/todo")
    page.uncheck("#reminder-preferences [name=browser_reminders]")
    page.click("#reminder-preferences button[type=submit]")
    page.wait_for_url("**/todo")
    assert not page.is_checked("#reminder-preferences [name=browser_reminders]")

    plan(
        server,
        "Relance silencieuse",
        dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30),
    )
    count = len(answers)
    page.goto("/")
    wait_for_answers(page, answers, count + 1)
    assert answers[-1] == {"enabled": False, "reminders": []}

    # Switched off, the page stops asking: minutes pass without a poll.
    polls = page.evaluate("window.__polls")
    page.clock.fast_forward("05:00")
    assert page.evaluate("window.__polls") == polls
    assert page.evaluate("window.__notified") == []
    assert page.evaluate("window.__sounds") == []
    context.close()
