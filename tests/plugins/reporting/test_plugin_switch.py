"""Enabled, reporting brings its menu, pages, tasks and tables; disabled, nothing."""

from __future__ import annotations

import types

import pytest
from sqlalchemy import create_engine, inspect

from core import hookimpl
from core.plugins import check_hooks, make_plugin_manager, register_plugin
from core.testing import base_settings, migrate_database, sign_in
from tests.plugins.reporting.conftest import signed_in_app

REPORTING_TABLES = {
    "reporting_saved_filter",
    "reporting_subscription",
    "reporting_subscription_user",
    "reporting_delivery",
}


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_enabled_plugin_declares_its_tasks_and_permission(reporting_registry):
    assert "reporting.send_preview" in reporting_registry.relais_tasks
    schedules = {t.name: t.schedule for t in reporting_registry.relais_periodic_tasks}
    assert schedules["reporting.send_due"] == {"minute": "*"}
    assert "reporting.view" in reporting_registry.relais_permissions
    assert "reporting.companies" in reporting_registry.relais_reports


def test_admin_page_lists_reporting_with_its_migration_head(make_app, factories):
    app = signed_in_app(make_app, factories, profile="admin")
    row = app.get("/admin/plugins").html.find("tr", attrs={"data-plugin": "reporting"})
    assert "enabled" in row["class"]
    assert "reporting_0002" in row.text


def test_disabled_plugin_leaves_no_route_or_menu_entry(app, factories):
    user = factories.user()
    sign_in(app, user.email)
    home = app.get("/")
    assert home.html.find("details", attrs={"data-menu": "reporting"}) is None
    assert "/reports" not in home.text
    app.get("/reports", status=404)
    app.get("/reports/reporting.companies", status=404)
    app.get("/reports/subscriptions", status=404)


def test_disabled_plugin_leaves_no_task_permission_or_report(registry):
    assert not [name for name in registry.relais_tasks if name.startswith("reporting")]
    assert not [t for t in registry.relais_periodic_tasks if t.name.startswith("rep")]
    assert "reporting.view" not in registry.relais_permissions
    assert not hasattr(registry, "relais_reports")


def test_tables_exist_only_once_the_plugin_is_enabled(backend, databases, mail_sink):
    url = databases.new(backend, "noreporting")
    migrate_database(base_settings(url, mail_sink, **{"relais.plugins": ""}))
    assert not {name for name in tables(url) if name.startswith("reporting_")}

    migrate_database(base_settings(url, mail_sink, **{"relais.plugins": "reporting"}))
    assert REPORTING_TABLES <= tables(url)


def test_migration_matches_the_models(reporting_registry, connection):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from core.db import Base
    from core.db.migrate import comparison_options

    options = comparison_options(reporting_registry, connection.dialect.name)
    context = MigrationContext.configure(connection, opts=options)
    differences = [
        diff
        for diff in compare_metadata(context, Base.metadata)
        if "reporting_" in repr(diff)
    ]
    assert differences == []


def _extra_reports():
    from core.i18n import _
    from plugins.reporting.definitions import Column, ReportDefinition

    return [
        ReportDefinition(
            name="extra.hello",
            title=_("Hello"),
            columns=(Column("word", _("Word")),),
            query=lambda context: [{"word": "bonjour"}],
        )
    ]


def _extra_plugin():
    module = types.ModuleType("relais_extra_reports")

    @hookimpl(optionalhook=True)
    def relais_register_reports():
        return _extra_reports()

    module.relais_register_reports = relais_register_reports
    return module


def test_another_plugin_adds_a_report_through_the_hook(reporting_registry):
    from plugins.reporting import relais_on_startup

    pm = reporting_registry.relais_plugins
    extra = _extra_plugin()
    register_plugin(pm, extra, "extra")
    try:
        holder = types.SimpleNamespace(relais_plugins=pm)
        relais_on_startup(holder)
        assert "extra.hello" in holder.relais_reports
        assert "reporting.companies" in holder.relais_reports
    finally:
        pm.unregister(extra)


def test_a_report_plugin_starts_without_reporting_enabled():
    pm = make_plugin_manager()
    register_plugin(pm, _extra_plugin(), "extra")
    check_hooks(pm)


def test_two_reports_with_one_name_stop_start_up():
    from pyramid.exceptions import ConfigurationError

    from plugins.reporting.definitions import check_definitions

    with pytest.raises(ConfigurationError, match="declared twice"):
        check_definitions(_extra_reports() + _extra_reports())
