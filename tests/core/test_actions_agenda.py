"""The agenda: events in the user's wall clock, filters, moves, the feed."""

import base64
import datetime as dt
import zoneinfo

from icalendar import Calendar
from sqlalchemy import select

from core.actions.models import CalendarFeedToken
from core.reference.models import ActionType
from core.testing import csrf_token, sign_in

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def events(app, **params):
    params.setdefault("start", "2026-03-23T00:00:00Z")
    params.setdefault("end", "2026-04-06T00:00:00Z")
    return app.get("/agenda/events", params).json


def test_events_are_wall_clock_times_of_the_users_zone(signed_in, factories):
    meeting = factories.action(
        author=signed_in.user,
        subject="Visite Valmont",
        start=dt.datetime(2026, 3, 30, 10, 0, tzinfo=PARIS),
        end=dt.datetime(2026, 3, 30, 11, 30, tzinfo=PARIS),
        follow_up=dt.datetime(2026, 4, 2, 14, 30, tzinfo=PARIS),
    )
    found = {event["id"]: event for event in events(signed_in)}
    event = found[f"action-{meeting.id}"]
    assert event["start"] == "2026-03-30T10:00:00"
    assert event["end"] == "2026-03-30T11:30:00"
    assert event["title"] == "Rendez-vous · Visite Valmont"
    assert event["url"].endswith(f"/actions/{meeting.id}")
    follow_up = found[f"follow_up-{meeting.id}"]
    assert follow_up["start"] == "2026-04-02T14:30:00"
    assert follow_up["color"] == "#f2c300"

    hidden = events(signed_in, follow_ups="0")
    assert [e["id"] for e in hidden] == [f"action-{meeting.id}"]


def test_filter_by_type_and_by_colleague(make_app, factories, dbsession):
    team = factories.team()
    seller = factories.user(team=team)
    call = factories.action(
        author=seller,
        type_code="telephone",
        start=dt.datetime(2026, 3, 24, 9, 0, tzinfo=PARIS),
        follow_up=None,
    )
    lunch = factories.action(
        author=seller,
        type_code="dejeuner",
        start=dt.datetime(2026, 3, 25, 12, 30, tzinfo=PARIS),
        follow_up=None,
    )
    phone = dbsession.scalar(select(ActionType).where(ActionType.code == "telephone"))
    manager_app = make_app()
    sign_in(manager_app, factories.user(profile="manager", team=team).email)
    assert [e["id"] for e in events(manager_app)] == []
    ids = [e["id"] for e in events(manager_app, team=str(team.id))]
    assert ids == [f"action-{call.id}", f"action-{lunch.id}"]
    found = events(manager_app, user=str(seller.id), types=str(phone.id))
    ids = [e["id"] for e in found]
    assert ids == [f"action-{call.id}"]
    page = manager_app.get("/agenda", {"team": str(team.id)})
    assert page.html.find(id="f-team").find("option", selected=True)["value"] == str(
        team.id
    )


def test_moving_an_action_updates_it_and_its_invitation(
    signed_in, factories, dbsession, outbox
):
    contact = factories.contact(email="deplace@agence.example")
    page = signed_in.get(f"/contacts/{contact.id}")
    form = signed_in.get(
        page.html.find("a", attrs={"data-action": "new-action"})["href"]
    ).forms["action-form"]
    form["subject"] = "Réunion à déplacer"
    form["start"] = "2026-03-27T10:00"
    form["end"] = "2026-03-27T11:00"
    form["invite"] = True
    form.submit("save")
    outbox.wait_for_recipient("deplace@agence.example")
    outbox.clear()
    from core.actions.models import Action

    query = select(Action).where(Action.subject == "Réunion à déplacer")
    action = dbsession.scalar(query)
    answer = signed_in.post(
        "/agenda/move",
        {
            "action": str(action.id),
            "kind": "action",
            "start": "2026-03-30T15:00:00",
            "end": "2026-03-30T16:00:00",
        },
        headers={"X-CSRF-Token": csrf_token(signed_in)},
    ).json
    assert answer == {"ok": True, "invited": True}
    dbsession.refresh(action)
    # After the spring change: 15:00 in Paris is 13:00 UTC.
    assert action.starts_at == dt.datetime(2026, 3, 30, 13, 0, tzinfo=dt.UTC)
    assert action.follow_up_at.astimezone(PARIS) == dt.datetime(
        2026, 4, 6, 15, 0, tzinfo=PARIS
    )
    message = outbox.wait_for_recipient("deplace@agence.example")
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 30, 13, 0, tzinfo=dt.UTC)


def test_dragging_a_follow_up_postpones_it(signed_in, factories, dbsession):
    action = factories.action(author=signed_in.user)
    signed_in.post(
        "/agenda/move",
        {"action": str(action.id), "kind": "follow_up", "start": "2026-05-20T08:30:00"},
        headers={"X-CSRF-Token": csrf_token(signed_in)},
    )
    dbsession.refresh(action)
    assert action.follow_up_at == dt.datetime(2026, 5, 20, 8, 30, tzinfo=PARIS)


def test_bad_moves_are_refused_with_a_message(signed_in, factories, dbsession):
    headers = {"X-CSRF-Token": csrf_token(signed_in)}
    mine = factories.action(author=signed_in.user)
    before = mine.starts_at
    answer = signed_in.post(
        "/agenda/move",
        {
            "action": str(mine.id),
            "start": "2026-05-05T10:00",
            "end": "2026-05-05T09:00",
        },
        headers=headers,
        status=422,
    ).json
    assert answer == {"error": "The end comes before the start."}
    answer = signed_in.post(
        "/agenda/move",
        {"action": str(mine.id), "start": "hier"},
        headers=headers,
        status=422,
    ).json
    assert "Enter a date and time" in answer["error"]
    other = factories.action()
    signed_in.post(
        "/agenda/move",
        {"action": str(other.id), "start": "2026-05-05T10:00"},
        headers=headers,
        status=403,
    )
    signed_in.post("/agenda/move", {"action": "0"}, headers=headers, status=404)
    dbsession.refresh(mine)
    assert mine.starts_at == before


def new_feed(app):
    """Ask for a new feed address; the answer to the POST shows it."""
    page = app.get("/agenda")
    form = next(f for f in page.forms.values() if f.action.endswith("/feed/new"))
    return form.submit()


def readable_cookies(response) -> str:
    """The cookies the answer sets, as anyone holding them can read them.

    The session cookie is signed, not encrypted: its base64 body is JSON.
    """
    texts = []
    for header in response.headers.getall("Set-Cookie"):
        value = header.split(";", 1)[0].split("=", 1)[-1].strip('"')
        texts.append(value)
        padded = value + "=" * (-len(value) % 4)
        texts.append(base64.urlsafe_b64decode(padded).decode("latin-1"))
    return " ".join(texts)


def test_the_feed_address_never_travels_in_the_session_cookie(signed_in):
    for _renewal in range(2):
        page = new_feed(signed_in)
        # The session still works (the flash message), without the address.
        assert "relais=" in " ".join(page.headers.getall("Set-Cookie"))
        assert "/agenda/feed/" not in readable_cookies(page)
        url = page.html.find(attrs={"data-feed-url": ""})["value"]
        token = url.rsplit("/", 1)[1].removesuffix(".ics")
        assert token not in readable_cookies(page)
        assert "copy it now" in page.text
        assert "no-store" in page.headers["Cache-Control"]
    # The agenda page then shows only since when an address is active.
    again = signed_in.get("/agenda")
    assert again.html.find(attrs={"data-feed-url": ""}) is None
    assert again.html.find(attrs={"data-feed-active": ""}) is not None
    assert token not in again.text and token not in readable_cookies(again)


def test_the_private_feed_is_hashed_revocable_and_readable(
    signed_in, factories, dbsession, app
):
    action = factories.action(
        author=signed_in.user,
        subject="Visite abonnée",
        start=dt.datetime.now(dt.UTC) + dt.timedelta(days=3),
    )
    page = new_feed(signed_in)
    url = page.html.find(attrs={"data-feed-url": ""})["value"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = dbsession.scalar(select(CalendarFeedToken))
    assert stored.token_hash != token and token not in stored.token_hash

    anonymous = app.__class__(app.app)
    feed = anonymous.get(url.replace("http://localhost", ""))
    assert feed.content_type == "text/calendar"
    calendar = Calendar.from_ical(feed.body)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Rendez-vous · Visite abonnée"]
    uid = str(calendar.walk("VEVENT")[0]["UID"])
    assert uid.startswith(f"relais-action-{action.id}@")
    # The address is shown once only.
    assert signed_in.get("/agenda").html.find(attrs={"data-feed-url": ""}) is None

    page = signed_in.get("/agenda")
    page.forms[
        next(k for k, f in page.forms.items() if f.action.endswith("/feed/revoke"))
    ].submit()
    anonymous.get(url.replace("http://localhost", ""), status=404)
    anonymous.get("/agenda/feed/not-a-token.ics", status=404)


def test_the_agenda_loads_the_calendar_in_the_users_language(make_app, factories):
    locales = {}
    for locale in ("fr", "en"):
        app = make_app(**{"relais.default_locale": "fr"})
        sign_in(app, factories.user(locale=locale).email)
        page = app.get("/agenda").html
        script = page.select_one("script[data-agenda-locale]")
        locales[locale] = (
            page.select_one("#agenda")["data-locale"],
            script["src"].rsplit("/", 1)[-1] if script else None,
        )
        if script:
            assert app.get(script["src"]).text.count("allDayText") == 1
    assert locales == {"fr": ("fr", "fr.global.min.js"), "en": ("en", None)}
