"""The reports this plugin brings over the core's own data."""

from __future__ import annotations


def core_reports() -> list:
    from plugins.reporting.reports import actions, directory

    return [*actions.reports(), *directory.reports()]
