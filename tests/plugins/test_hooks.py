"""Every hook is documented and exercised through the sample plugin.

Each hook of :mod:`core.hookspecs` has a ``test_hook_<name>`` below that
drives the core code path calling it; adding a hook without one fails
:func:`test_every_hook_has_a_test`.
"""

from __future__ import annotations

import inspect

import pytest
from sqlalchemy import delete, select

from core import hookimpl, hookspecs
from core.access.models import AccessScope
from core.db import run_in_transaction
from core.db.migrate import upgrade
from core.demo import seed_demo
from core.plugins import make_plugin_manager, register_plugin
from core.reference.registry import seed_reference_data
from core.testing import base_settings, migrate_database, sign_in
from core.testing.plugins import HookCalls

HOOKS = sorted(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("relais_") and inspect.isfunction(value)
)


def watch(registry) -> HookCalls:
    return HookCalls(registry.relais_plugins)


def test_hook_relais_register_migrations(sample_site):
    registry = sample_site.registry()
    calls = watch(registry)
    with registry.relais_engine.begin() as connection:
        labels = upgrade(registry, connection)
    calls.stop()
    assert "relais_register_migrations" in calls
    assert labels == ["core", "sample"]


def test_hook_relais_register_reference_data(sample_site):
    from relais_sample.models import SampleTier

    registry = sample_site.registry()
    sample_site.run(
        lambda s: s.execute(delete(SampleTier).where(SampleTier.code == "gold"))
    )
    calls = watch(registry)
    added = run_in_transaction(registry, lambda s: seed_reference_data(s, registry))
    calls.stop()
    assert "relais_register_reference_data" in calls
    assert added == 1
    assert (
        sample_site.scalar("SELECT label FROM sample_tier WHERE code = 'gold'") == "Or"
    )


def test_hook_relais_register_search_sources(sample_site):
    registry = sample_site.registry()
    assert [s.name for s in registry.relais_search_sources][-1] == "sample_notes"
    company_id = sample_site.company()
    sample_site.run(lambda s: _note(s, company_id, "Plan média automne"))
    app = sample_site.app()
    sign_in(app, sample_site.user())
    results = app.get("/search/quick", {"q": "média automne"})
    group = results.html.find("section", attrs={"data-source": "sample_notes"})
    assert group is not None and "Plan média automne" in group.text


def _note(session, company_id, text):
    from relais_sample.models import SampleNote

    note = SampleNote(company_id=company_id, text=text)
    session.add(note)
    return note


def test_hook_relais_register_access_rules(sample_site):
    from core.access.services import set_reach
    from core.auth.models import User

    registry = sample_site.registry()
    assert [r.name for r in registry.relais_access_rules["company"]] == ["sample.noted"]
    email = sample_site.user()
    noted, other = sample_site.company("Notée Exprès"), sample_site.company("Autre")

    def arrange(session):
        user = session.scalar(select(User).where(User.email == email))
        set_reach(session, user.profile, "company", "none", "none")
        _note(session, noted, "Vue grâce à la note").author_id = user.id

    sample_site.run(arrange)
    try:
        app = sample_site.app()
        sign_in(app, email)
        app.get(f"/companies/{noted}")
        app.get(f"/companies/{other}", status=404)
    finally:
        sample_site.run(lambda s: s.execute(delete(AccessScope)))


def test_hook_relais_on_user_created(sample_site):
    calls = watch(sample_site.registry())
    email = sample_site.user()
    calls.stop()
    assert calls.calls["relais_on_user_created"] == 1
    assert sample_site.scalar(
        "SELECT count(*) FROM sample_preference p JOIN user_account u"
        " ON u.id = p.user_id WHERE u.email = :email",
        email=email,
    )


def test_hook_relais_on_demo_seed(sample_plugin, backend, databases, mail_sink):
    from core.app import make_registry

    url = databases.new(backend, "demohook")
    settings = base_settings(url, mail_sink, **{"relais.plugins": "sample"})
    migrate_database(settings)
    _config, registry = make_registry(settings)
    calls = watch(registry)
    run_in_transaction(registry, lambda s: seed_demo(s, registry))
    calls.stop()
    assert calls.calls["relais_on_demo_seed"] == 1
    with registry.relais_engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM sample_note")).scalar() == 3
    registry.relais_engine.dispose()


def test_hook_relais_on_startup(sample_site):
    # Called while building, so its effect is what can be seen afterwards;
    # test_plugin_startup checks that raising from it stops start-up.
    assert sample_site.registry().relais_sample_started is True
    assert not hasattr(sample_site.registry(""), "relais_sample_started")


def test_hook_relais_resolve_calendar_provider(sample_site):
    registry = sample_site.registry()
    hook = registry.relais_plugins.hook
    assert hook.relais_resolve_calendar_provider(name="sample").name == "sample"
    assert hook.relais_resolve_calendar_provider(name="google") is None


def test_hook_relais_register_merge_steps(sample_site):
    from core.auth.models import User
    from core.directory.models import Company
    from core.directory.services import merge

    registry = sample_site.registry()
    source, target = sample_site.company(), sample_site.company()
    sample_site.run(lambda s: _note(s, source, "Brief de rentrée"))
    email = sample_site.user()

    def work(session):
        user = session.scalar(select(User).where(User.email == email))
        pair = session.get(Company, source), session.get(Company, target)
        return merge.merge(session, registry, user, *pair).id

    merge_id = sample_site.run(work)
    moved = "SELECT company_id FROM sample_note WHERE text = 'Brief de rentrée'"
    assert sample_site.scalar(moved) == target

    def undo(session):
        from core.history.models import Merge

        user = session.scalar(select(User).where(User.email == email))
        merge.undo(session, registry, user, session.get(Merge, merge_id))

    sample_site.run(undo)
    assert sample_site.scalar(moved) == source


def test_hook_relais_on_change(sample_site):
    from core.directory.models import Company

    registry = sample_site.registry()
    company_id = sample_site.company()
    calls = watch(registry)

    def deactivate(session):
        session.get(Company, company_id).active = False

    sample_site.run(deactivate)
    calls.stop()
    assert calls.calls["relais_on_change"] == 1
    note = "SELECT text FROM sample_note WHERE company_id = :id"
    assert sample_site.scalar(note, id=company_id) == "Désactivée"


def test_resolve_hooks_stop_at_the_first_answer(sample_plugin):
    import relais_sample

    class Greedy:
        @hookimpl
        def relais_resolve_calendar_provider(self, name):
            return "greedy"

    pm = make_plugin_manager()
    register_plugin(pm, relais_sample, "sample")
    register_plugin(pm, Greedy(), "greedy")
    # pluggy calls the last registered first: its answer ends the call.
    assert pm.hook.relais_resolve_calendar_provider(name="sample") == "greedy"


def test_every_hook_has_a_test():
    tests = {name for name in globals() if name.startswith("test_hook_")}
    missing = [hook for hook in HOOKS if f"test_hook_{hook}" not in tests]
    assert not missing, f"hooks without a test_hook_<name>: {missing}"
    assert len(HOOKS) >= 7


def test_every_hook_documents_its_contract():
    for name in HOOKS:
        spec = getattr(hookspecs, name)
        doc = inspect.getdoc(spec) or ""
        assert "Called" in doc, f"{name}: say when it is called"
        assert "Return" in doc or "return value" in doc, f"{name}: say what it returns"
        assert "Added in" in doc, f"{name}: say which version added it"
        for parameter in inspect.signature(spec).parameters:
            assert f"``{parameter}``" in doc, f"{name}: document {parameter}"


def test_every_directive_documents_its_contract(sample_site):
    directives = sample_site.registry().relais_directives
    assert {"add_menu_entry", "add_panel", "add_setting", "add_task"} <= set(directives)
    for name, directive in directives.items():
        doc = inspect.getdoc(directive) or ""
        assert "Added in" in doc, f"config.{name}: say which version added it"


def _directory_calls(signed_in, registry, dbsession, drive) -> HookCalls:
    calls = watch(registry)
    try:
        drive()
    finally:
        calls.stop()
    return calls


@pytest.fixture
def records(dbsession, registry):
    # core.testing's own ``factories`` fixture is shadowed in this folder by
    # the conftest's import of the core.testing.factories module.
    from core.testing.factories import Factories

    return Factories(dbsession, registry)


@pytest.fixture
def signed_in(make_app, records, dbsession):
    app = make_app()
    app.user = records.user(profile="salesperson")
    sign_in(app, app.user.email)
    return app


def test_hook_relais_register_notification_channels(sample_site):
    from core.notifications.channels import channels

    registry = sample_site.registry()
    assert "sample_alerts" in channels(registry)
    assert list(channels(registry))[:3] == ["companies", "contacts", "messages"]


def test_hook_relais_on_company_created(signed_in, registry, dbsession):
    from core.directory.testing import company_form

    calls = _directory_calls(
        signed_in,
        registry,
        dbsession,
        lambda: company_form(signed_in, dbsession, name="Hook SA").submit("save"),
    )
    assert calls.calls["relais_on_company_created"] == 1
    assert "relais_on_company_address_changed" not in calls


def test_hook_relais_on_company_address_changed(
    signed_in, registry, dbsession, records
):
    from core.directory.testing import company_form

    company = records.company(name="Adresse SA")
    form = company_form(
        signed_in,
        dbsession,
        f"/companies/{company.id}/edit",
        name="Adresse SA",
        **{"addresses.0.street": "2 rue Neuve", "addresses.0.city": "Lyon"},
    )
    calls = _directory_calls(
        signed_in, registry, dbsession, lambda: form.submit("save")
    )
    assert calls.calls["relais_on_company_address_changed"] == 1


def test_hook_relais_on_contact_created(signed_in, registry, dbsession):
    from core.directory.testing import contact_form

    form = contact_form(signed_in, dbsession, last_name="Crochet")
    calls = _directory_calls(
        signed_in, registry, dbsession, lambda: form.submit("save")
    )
    assert calls.calls["relais_on_contact_created"] == 1


def test_hook_relais_on_contact_function_changed(
    signed_in, registry, dbsession, records
):
    from core.directory.testing import contact_form

    contact = records.contact(records.company(), title="Assistante")
    form = contact_form(
        signed_in,
        dbsession,
        f"/contacts/{contact.id}/edit",
        last_name=contact.last_name,
        function="pdg",
        title="Responsable",
    )
    calls = _directory_calls(
        signed_in, registry, dbsession, lambda: form.submit("save")
    )
    assert calls.calls["relais_on_contact_function_changed"] == 1


def test_hook_relais_on_contact_departed(signed_in, registry, dbsession, records):
    from core.testing import csrf_token

    contact = records.contact(records.company())
    token = csrf_token(signed_in)
    calls = _directory_calls(
        signed_in,
        registry,
        dbsession,
        lambda: signed_in.post(
            f"/contacts/{contact.id}/departure",
            {"departed_on": "2026-11-30", "csrf_token": token},
        ),
    )
    assert calls.calls["relais_on_contact_departed"] == 1


def test_hook_relais_on_action_created(registry, dbsession, records):
    import datetime as dt

    from core.actions.services import create_action

    author = records.user()
    contact = records.contact(records.company())
    calls = watch(registry)
    create_action(
        dbsession,
        registry,
        author=author,
        type_code="telephone",
        subject="Appel",
        start=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
        contacts=[contact],
    )
    calls.stop()
    assert calls.calls["relais_on_action_created"] == 1


def test_hook_relais_on_opportunity_created(registry, dbsession, records):
    from types import SimpleNamespace

    from core.events import notify
    from core.notifications.models import Notification
    from core.notifications.services import set_subscriptions

    reader = records.user()
    set_subscriptions(dbsession, reader, {"contacts": False})
    contact = records.contact(records.company())
    opportunity = SimpleNamespace(id=7, title="Campagne", contacts=[contact])
    calls = watch(registry)
    notify(
        dbsession,
        "opportunity_created",
        opportunity=opportunity,
        user=records.user(),
    )
    calls.stop()
    assert calls.calls["relais_on_opportunity_created"] == 1
    notification = dbsession.query(Notification).filter_by(user_id=reader.id).one()
    assert (notification.event, notification.opportunity_id) == (
        "opportunity_created",
        7,
    )
