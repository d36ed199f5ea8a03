"""A plugin installed outside ``plugins/`` appears only when it is enabled."""

from __future__ import annotations

import pytest

from core.testing import sign_in


@pytest.fixture
def site(sample_site):
    return sample_site


def signed_in(site, profile="salesperson", plugins="sample", **settings):
    app = site.app(plugins, **settings)
    sign_in(app, site.user(profile, plugins))
    return app


def csrf(page) -> str:
    return page.html.find("meta", attrs={"name": "csrf-token"})["content"]


def add_note(app, company_id, text, status=303):
    page = app.get("/sample/notes")
    return app.post(
        "/sample/notes",
        {"company_id": company_id, "text": text, "csrf_token": csrf(page)},
        status=status,
    )


def test_enabled_plugin_serves_its_page_with_its_setting(site):
    app = signed_in(site, **{"relais.sample.greeting": "Salut l'équipe"})
    page = app.get("/sample/notes", status=200)
    assert "Salut l'équipe" in page.text


def test_enabled_plugin_adds_its_menu_entry(site):
    home = signed_in(site).get("/")
    assert home.html.find("a", href="http://localhost/sample/notes") is not None


def test_menu_entry_and_page_need_the_plugin_permission(site):
    app = signed_in(site, profile="assistant")
    home = app.get("/")
    assert home.html.find("a", href="http://localhost/sample/notes") is None
    app.get("/sample/notes", status=403)


def test_enabled_plugin_shows_its_panel_on_the_company_page(site):
    app = signed_in(site)
    company_id = site.company()
    add_note(app, company_id, "Budget TV en hausse")
    sheet = app.get(f"/companies/{company_id}")
    panel = sheet.html.find("section", attrs={"data-panel": "sample_notes"})
    assert panel is not None
    assert "Budget TV en hausse" in panel.text


def test_a_note_is_acknowledged_by_its_task_after_commit(site):
    app = signed_in(site)
    company_id = site.company()
    add_note(app, company_id, "Rappeler en septembre")
    assert site.scalar(
        "SELECT acknowledged FROM sample_note WHERE company_id = :id", id=company_id
    )


def test_a_rolled_back_request_queues_nothing(site, tmp_path):
    queue = {
        "relais.huey.url": f"sqlite:///{tmp_path}/huey.sqlite",
        "relais.huey.immediate": "false",
    }
    app = signed_in(site, **queue)
    huey = site.registry("sample", **queue).relais_huey
    full, empty = site.company(), site.company()
    for number in range(3):
        add_note(app, full, f"Note {number}")
    huey.flush()

    refused = add_note(app, full, "One too many", status=400)

    assert "This company holds enough notes." in refused.text
    assert huey.pending_count() == 0
    assert (
        site.scalar("SELECT count(*) FROM sample_note WHERE company_id = :id", id=full)
        == 3
    )
    add_note(app, empty, "Accepted")
    assert huey.pending_count() == 1
    huey.flush()


def test_enabled_plugin_registers_its_tasks(site):
    registry = site.registry()
    assert "sample.note_added" in registry.relais_tasks
    schedules = {task.name: task.schedule for task in registry.relais_periodic_tasks}
    assert schedules["sample.tidy"] == {"minute": "0", "hour": "3"}


def test_periodic_task_runs(site):
    company_id = site.company()

    def unacknowledged(session):
        from relais_sample.models import SampleNote

        session.add(
            SampleNote(company_id=company_id, text="Perdue", acknowledged=False)
        )

    site.run(unacknowledged)
    assert site.registry().relais_tasks["sample.tidy"].call_local() >= 1
    assert (
        site.scalar(
            "SELECT count(*) FROM sample_note WHERE acknowledged = :no", no=False
        )
        == 0
    )


def test_enabled_plugin_declares_its_permission_and_reference_list(site):
    registry = site.registry()
    assert registry.relais_permissions["sample.notes"].profiles == (
        "admin",
        "manager",
        "salesperson",
    )
    assert "sample_tier" in registry.relais_reference_lists
    codes = site.scalar(
        "SELECT count(*) FROM sample_tier WHERE code IN ('bronze', 'silver', 'gold')"
    )
    assert codes == 3


def test_a_new_user_gets_the_plugin_preferences(site):
    email = site.user()
    tier = site.scalar(
        "SELECT p.tier_code FROM sample_preference p JOIN user_account u"
        " ON u.id = p.user_id WHERE u.email = :email",
        email=email,
    )
    assert tier == "bronze"


def test_admin_page_lists_the_plugin_with_version_hooks_and_head(site):
    page = signed_in(site, profile="admin").get("/admin/plugins")
    row = page.html.find("tr", attrs={"data-plugin": "sample"})
    assert "enabled" in row["class"]
    assert "0.3.1" in row.text
    assert "relais_on_user_created" in row.text
    assert "sample_0001" in row.text


# With the plugin installed but not enabled.


def test_disabled_plugin_leaves_no_route(site):
    signed_in(site, plugins="").get("/sample/notes", status=404)


def test_disabled_plugin_leaves_no_menu_entry(site):
    home = signed_in(site, plugins="").get("/")
    assert "/sample/notes" not in home.text


def test_disabled_plugin_leaves_no_panel(site):
    company_id = site.company()
    sheet = signed_in(site, plugins="").get(f"/companies/{company_id}")
    assert sheet.html.find("section", attrs={"data-panel": "sample_notes"}) is None


def test_disabled_plugin_leaves_no_task_permission_or_list(site):
    registry = site.registry("")
    assert not [name for name in registry.relais_tasks if name.startswith("sample.")]
    assert not [t for t in registry.relais_periodic_tasks if t.name == "sample.tidy"]
    assert "sample.notes" not in registry.relais_permissions
    assert "sample_tier" not in registry.relais_reference_lists


def test_disabled_plugin_gets_no_hook_calls(site):
    email = site.user(plugins="")
    count = site.scalar(
        "SELECT count(*) FROM sample_preference p JOIN user_account u"
        " ON u.id = p.user_id WHERE u.email = :email",
        email=email,
    )
    assert count == 0


def test_admin_page_lists_the_disabled_plugin_as_disabled(site):
    page = signed_in(site, profile="admin", plugins="").get("/admin/plugins")
    row = page.html.find("tr", attrs={"data-plugin": "sample"})
    assert "disabled" in row["class"]
