"""The reports this plugin brings over the core's own data."""

from __future__ import annotations


def core_reports() -> list:
    from plugins.reporting.reports import actions, activity, directory, opportunities

    return [
        *actions.reports(),
        *opportunities.reports(),
        *activity.reports(),
        *directory.reports(),
    ]
