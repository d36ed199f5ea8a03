"""K-01: the weighted pipe sums each amount times its own probability."""

from __future__ import annotations

from core.opportunities.testing import opportunity, status


def test_weighted_total_is_not_total_times_average(signed_in, factories, dbsession):
    company = factories.company()
    me = signed_in.user
    opportunity(
        dbsession, me, company, amount="100", status=status(dbsession, "k99", rate=99)
    )
    opportunity(dbsession, me, company, amount="200", status=status(dbsession, "perdu"))
    for path in ("/opportunities", "/opportunities/months", "/opportunities/statuses"):
        box = signed_in.get(path).html.select_one("[data-totals]")
        assert box.select_one('[data-total="total"]').text == "€300.00"
        assert box.select_one('[data-total="weighted"]').text == "€99.00"
