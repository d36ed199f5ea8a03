"""Reporting: on-demand and scheduled reports in PDF and XLSX.

Reports are declarations (:mod:`plugins.reporting.definitions`) contributed
through the plugin's own hook ``relais_register_reports``; this plugin brings
the ones over the core's data. Enabled, it adds the Reporting menu, the
report pages with their saved filters and exports, subscriptions mailed by
the worker, and its ``reporting_*`` tables; disabled, none of it exists.
"""

from __future__ import annotations

from core import hookimpl
from core.i18n import _
from core.plugins import MigrationBranch, collect
from core.settings import as_positive_int

# What the admin page of plugins says of this one, in the reader's language.
TITLE = _("Reporting: on-demand and scheduled reports in PDF and XLSX.")


@hookimpl
def relais_register_migrations():
    from plugins.reporting import models  # noqa: F401  (tables on the metadata)

    return [MigrationBranch("reporting", "plugins.reporting:migrations")]


@hookimpl
def relais_register_reports():
    from plugins.reporting.reports import core_reports

    return core_reports()


@hookimpl
def relais_on_demo_seed(dbsession, rng, users):
    from plugins.reporting.demo import seed_demo

    seed_demo(dbsession, users)


@hookimpl
def relais_on_startup(registry):
    from plugins.reporting.definitions import check_definitions

    # Every plugin is registered by now, so their reports are all known.
    registry.relais_reports = check_definitions(
        collect(registry.relais_plugins, "relais_register_reports")
    )


def includeme(config):
    from plugins.reporting import hookspecs, pipe_history, subscriptions

    config.registry.relais_plugins.add_hookspecs(hookspecs)
    # Once every include has run, the session factory exists.
    config.action(
        "reporting-pipe-history", lambda: pipe_history.install(config.registry)
    )
    config.add_setting(
        "relais.reporting.max_attempts",
        as_positive_int,
        3,
        "Attempts at sending a subscribed report before its owner is told.",
    )
    config.add_setting(
        "relais.reporting.retry_minutes",
        as_positive_int,
        10,
        "Minutes before retrying a failed report mail, times the attempts made.",
    )
    config.declare_permission(
        "reporting.view",
        _("Run reports and subscribe to them"),
        ("admin", "manager", "salesperson"),
    )

    config.add_route("reporting", "/reports")
    config.add_route("reporting_subscriptions", "/reports/subscriptions")
    config.add_route("reporting_subscription", "/reports/subscriptions/{id:\\d+}")
    config.add_route(
        "reporting_subscription_delete", "/reports/subscriptions/{id:\\d+}/delete"
    )
    config.add_route("reporting_report", "/reports/{name}")
    config.add_route("reporting_export", "/reports/{name}/export")
    config.add_route("reporting_filters", "/reports/{name}/filters")
    config.add_route(
        "reporting_filter_delete", "/reports/{name}/filters/{id:\\d+}/delete"
    )
    config.add_route("reporting_subscribe", "/reports/{name}/subscribe")

    config.add_menu_entry(
        "reporting",
        "reports",
        _("Reports"),
        "reporting",
        permission="reporting.view",
        order=10,
    )
    config.add_menu_entry(
        "reporting",
        "report_subscriptions",
        _("My report subscriptions"),
        "reporting_subscriptions",
        permission="reporting.view",
        order=20,
    )
    config.add_task("reporting.send_preview", subscriptions.send_preview)
    config.add_periodic_task("reporting.send_due", subscriptions.send_due, minute="*")
    config.scan("plugins.reporting.views")
