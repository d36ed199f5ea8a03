"""T-01: a follow-up keeps its wall-clock time across the spring change."""

import datetime as dt
import zoneinfo

from core.actions.services import create_action

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_plus_one_day_across_the_spring_change(factories, registry):
    author = factories.user(timezone="Europe/Paris")
    action = create_action(
        factories.dbsession,
        registry,
        author=author,
        type_code="telephone",
        subject="Relance",
        start=dt.datetime(2026, 3, 28, 9, 0, tzinfo=PARIS),
        contacts=[factories.contact()],
        follow_up=None,
    )
    from core.actions.timezones import add_days, user_zone

    follow_up = add_days(action.starts_at, 1, user_zone(author, registry))
    assert follow_up == dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC)
    assert follow_up.astimezone(PARIS).hour == 9


def test_the_default_week_crosses_the_change_at_the_same_local_time(
    factories, registry
):
    author = factories.user(timezone="Europe/Paris")
    action = factories.action(
        author=author, start=dt.datetime(2026, 3, 25, 9, 0, tzinfo=PARIS)
    )
    action_local = action.follow_up_at.astimezone(PARIS)
    assert action_local.replace(tzinfo=None) == dt.datetime(2026, 4, 1, 9, 0)
    assert action.follow_up_at == dt.datetime(2026, 4, 1, 7, 0, tzinfo=dt.UTC)
    factories.dbsession.expire(action)
    stored = factories.dbsession.get(type(action), action.id)
    assert stored.follow_up_at == dt.datetime(2026, 4, 1, 7, 0, tzinfo=dt.UTC)


def test_a_user_in_another_zone_gets_their_own_wall_clock(factories):
    montreal = zoneinfo.ZoneInfo("America/Montreal")
    author = factories.user(timezone="America/Montreal")
    action = factories.action(
        author=author, start=dt.datetime(2026, 3, 5, 9, 0, tzinfo=montreal)
    )
    assert action.follow_up_at.astimezone(montreal).hour == 9
    assert action.follow_up_at.astimezone(montreal).day == 12
