"""The action services: defaults, validation, chains, follow-up states."""

import datetime as dt
import zoneinfo

import pytest

from core.actions import services
from core.actions.models import FollowUpState
from core.actions.services import ActionErrors, create_action, plan_next

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def test_an_action_gets_its_author_as_visitor_and_a_follow_up_a_week_later(
    factories, registry
):
    author = factories.user()
    contact = factories.contact()
    action = create_action(
        factories.dbsession,
        registry,
        author=author,
        type_code="telephone",
        subject="  Présentation de l'offre été ",
        start=paris(2026, 5, 4, 10, 0),
        contacts=[contact, contact],
    )
    assert action.subject == "Présentation de l'offre été"
    assert action.visitors == [author]
    assert action.contacts == [contact]
    assert action.follow_up_at == paris(2026, 5, 11, 10, 0)
    assert action.follow_up_open
    assert action.chain.actions == [action]


def test_missing_fields_are_reported_one_per_field(factories, registry):
    with pytest.raises(ActionErrors) as caught:
        create_action(
            factories.dbsession,
            registry,
            author=factories.user(),
            type_code="rdv",
            subject="   ",
            start=paris(2026, 5, 4, 10, 0),
            end=paris(2026, 5, 4, 9, 0),
            contacts=[],
            visitors=[],
        )
    assert set(caught.value.errors) == {"subject", "end", "contacts", "visitors"}


def test_an_unknown_type_is_refused(factories, registry):
    with pytest.raises(ActionErrors) as caught:
        factories.action(type_code="nope")
    assert set(caught.value.errors) == {"type"}


def test_do_not_follow_up_leaves_no_follow_up(factories):
    action = factories.action(follow_up=None)
    assert action.follow_up_at is None
    assert not action.follow_up_open


def test_planning_the_next_action_closes_the_follow_up_and_extends_the_chain(
    factories, registry
):
    author = factories.user()
    call = factories.action(
        author=author,
        type_code="telephone",
        subject="Budget rentrée",
        start=paris(2026, 5, 4, 10, 0),
        end=paris(2026, 5, 4, 10, 20),
    )
    meeting = plan_next(
        factories.dbsession,
        registry,
        call,
        author=author,
        type_code="rdv",
        start=paris(2026, 5, 12, 14, 0),
        end=paris(2026, 5, 12, 15, 30),
    )
    assert meeting.subject == "Budget rentrée"
    assert meeting.contacts == call.contacts
    assert meeting.chain_id == call.chain_id
    assert meeting.previous == call
    assert call.follow_up_done_at is not None
    assert services.follow_up_state(call, registry, author) == FollowUpState.DONE
    assert services.chain_history(meeting) == [call, meeting]
    assert services.chain_time(services.chain_history(call)) == dt.timedelta(
        minutes=110
    )


@pytest.mark.parametrize(
    ("follow_up", "state"),
    [
        (paris(2026, 6, 2, 9, 0), FollowUpState.UPCOMING),
        (paris(2026, 6, 1, 23, 30), FollowUpState.DUE),
        (paris(2026, 6, 1, 0, 10), FollowUpState.DUE),
        (paris(2026, 5, 31, 23, 59), FollowUpState.LATE),
    ],
)
def test_follow_up_states_follow_the_viewers_calendar_day(
    factories, registry, follow_up, state
):
    viewer = factories.user()
    action = factories.action(follow_up=follow_up)
    now = paris(2026, 6, 1, 12, 0)
    assert services.follow_up_state(action, registry, viewer, now=now) == state


def test_postponing_moves_the_follow_up_and_rearms_the_reminder(factories):
    action = factories.action()
    action.follow_up_reminded_at = paris(2026, 5, 11, 8, 0)
    services.postpone_follow_up(action, paris(2026, 5, 20, 16, 0), action.author)
    assert action.follow_up_at == paris(2026, 5, 20, 16, 0)
    assert action.follow_up_reminded_at is None
    services.clear_follow_up(action, action.author)
    assert action.follow_up_at is None


def test_a_report_with_scripts_is_stored_harmless(factories):
    action = factories.action(
        report_html=(
            "<div>Client <strong>ravi</strong><script>alert(1)</script>"
            '<img src="x" onerror="alert(2)">'
            '<a href="javascript:alert(3)">voir</a>'
            '<a href="https://media.example/offre" onclick="x()">offre</a>'
            "<ul><li><em>relancer</em></li></ul></div>"
        )
    )
    html = action.report_html
    for dangerous in ("<script", "onerror", "javascript:", "onclick", "<img"):
        assert dangerous not in html
    assert "<strong>ravi</strong>" in html
    assert '<a href="https://media.example/offre"' in html
    assert "<li><em>relancer</em></li>" in html


def test_an_empty_report_is_no_report(factories):
    assert factories.action(report_html="<div><br></div>").report_html is None


def test_cancelling_keeps_the_action_in_the_chain(factories, registry):
    action = factories.action()
    services.cancel_action(factories.dbsession, registry, action, actor=action.author)
    assert action.cancelled_at is not None
    assert services.chain_history(action) == [action]
    assert services.follow_up_state(action, registry, action.author) == (
        FollowUpState.NONE
    )


def test_the_action_sheet_shows_the_chain(signed_in, factories, registry):
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=2)
    first = factories.action(author=signed_in.user, subject="Offre web", start=soon)
    second = plan_next(
        factories.dbsession,
        registry,
        first,
        author=signed_in.user,
        type_code="dejeuner",
        start=soon + dt.timedelta(days=1),
        end=soon + dt.timedelta(days=1, minutes=90),
    )
    page = signed_in.get(f"/actions/{second.id}").html
    assert page.find("h1").text.startswith("Offre web")
    chain = [li["data-chain-action"] for li in page.select("[data-chain-action]")]
    assert chain == [str(first.id), str(second.id)]
    assert page.find(attrs={"data-chain-time": True})["data-chain-time"] == "90"
    assert page.find(attrs={"data-follow-up": True})["data-follow-up"] == "upcoming"


def test_an_unknown_action_is_not_found(signed_in):
    signed_in.get("/actions/999999", status=404)
