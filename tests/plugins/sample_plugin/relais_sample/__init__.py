"""Sample notes: short notes on companies, to prove the plugin contract.

Everything a plugin can bring is here once: a model with its own migration
branch, a page, a menu entry, a panel on the company page, a permission,
settings with validation, a task and a periodic task, a reference list, a
quick-search source, and an implementation of every hook.
"""

from __future__ import annotations

from core import hookimpl
from core.access import AccessRule
from core.i18n import _
from core.plugins import MigrationBranch, ReferenceEntry, SearchSource
from core.settings import SettingError, as_positive_int, one_of

TIERS = (("bronze", "Bronze"), ("silver", "Argent"), ("gold", "Or"))


def as_greeting(value: str) -> str:
    if len(value) > 40:
        raise ValueError("keep it under 40 characters")
    return value


@hookimpl
def relais_register_migrations():
    return [MigrationBranch("sample", "relais_sample:migrations")]


@hookimpl
def relais_register_reference_data():
    return [ReferenceEntry("sample_tier", code, label) for code, label in TIERS]


@hookimpl
def relais_register_search_sources():
    from relais_sample.services import search_notes

    return [SearchSource("sample_notes", _("Sample notes"), search_notes, order=90)]


@hookimpl
def relais_register_notification_channels():
    from core.notifications.channels import NotificationChannel

    return [NotificationChannel("sample_alerts", _("Sample alerts"), ("noted",))]


@hookimpl
def relais_register_access_rules():
    from relais_sample.services import noted_companies

    return [AccessRule("company", "sample.noted", noted_companies)]


@hookimpl
def relais_on_user_created(dbsession, user):
    from relais_sample.models import SamplePreference

    dbsession.add(SamplePreference(user_id=user.id, tier_code="bronze"))


@hookimpl
def relais_on_demo_seed(dbsession, rng, users):
    from relais_sample.services import seed_demo_notes

    seed_demo_notes(dbsession, rng, users)


@hookimpl
def relais_on_startup(registry):
    settings = registry.relais_settings
    if settings["relais.sample.mode"] == "strict" and not settings["relais.base_url"]:
        raise SettingError("relais.sample.mode", "strict needs relais.base_url")
    registry.relais_sample_started = True


@hookimpl
def relais_register_merge_steps():
    from core.directory.services.merge_steps import column_step
    from relais_sample.models import SampleNote

    return [
        column_step(
            "sample.sample_note.company_id",
            "company",
            _("Sample notes"),
            SampleNote,
            "company_id",
        )
    ]


@hookimpl
def relais_on_change(dbsession, change):
    from relais_sample.models import SampleNote

    # A note on every company deactivated, written in the same transaction.
    if change.entity == "company" and change.kind == "deactivated":
        dbsession.add(SampleNote(company_id=change.entity_id, text="Désactivée"))


@hookimpl
def relais_resolve_calendar_provider(name):
    from relais_sample.services import SampleCalendar

    return SampleCalendar() if name == "sample" else None


def includeme(config):
    from relais_sample import models, tasks

    config.add_setting(
        "relais.sample.greeting",
        as_greeting,
        "Bonjour",
        "Greeting shown above the sample notes.",
    )
    config.add_setting(
        "relais.sample.max_notes",
        as_positive_int,
        3,
        "Notes one company may hold.",
    )
    config.add_setting(
        "relais.sample.mode",
        one_of("relaxed", "strict"),
        "relaxed",
        "strict refuses to start without relais.base_url.",
    )
    config.declare_permission(
        "sample.notes",
        _("Read and write sample notes"),
        ("admin", "manager", "salesperson"),
    )
    config.add_reference_list(models.SampleTier, _("Sample tiers"))
    config.add_route("sample_notes", "/sample/notes")
    config.add_menu_entry(
        "activity",
        "sample_notes",
        _("Sample notes"),
        "sample_notes",
        permission="sample.notes",
        order=90,
    )
    config.add_panel(
        "company",
        "sample_notes",
        _("Sample notes"),
        "relais_sample:templates/panel.pt",
        view=panel_values,
        permission="sample.notes",
    )
    config.add_task("sample.note_added", tasks.acknowledge_note)
    config.add_periodic_task("sample.tidy", tasks.tidy, minute="0", hour="3")
    config.scan("relais_sample.views")


def panel_values(company, request):
    from relais_sample.services import notes_of

    return {"notes": notes_of(request.dbsession, company.id)}
