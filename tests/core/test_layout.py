"""The page shell: main menu sections, the user's menu, quick search, phone menu."""

import pytest
import webtest

from core.app import make_registry
from core.testing import base_settings, sign_in


@pytest.fixture(scope="module")
def menu_wsgi(database_url, mail_sink):
    """An application with menu entries of the kind plugins and features add."""
    config, registry = make_registry(base_settings(database_url, mail_sink))
    for name in ("agenda", "actions", "report"):
        config.add_route(f"test_{name}", f"/test/{name}")
    # Declared out of order on purpose: the menu sorts by ``order``. Named
    # apart from the core's own entries, which share the section.
    config.add_menu_entry(
        "activity", "sample_actions", "Actions commerciales", "test_actions", order=21
    )
    config.add_menu_entry(
        "activity", "sample_agenda", "Agenda", "test_agenda", order=11
    )
    config.add_menu_entry(
        "reporting",
        "report",
        "Rapports",
        "test_report",
        permission="admin.plugins",
    )
    wsgi = config.make_wsgi_app()
    yield wsgi, registry
    registry.relais_engine.dispose()


@pytest.fixture
def menu_app(menu_wsgi, connection):
    wsgi, registry = menu_wsgi
    registry.relais_session_factory.configure(
        bind=connection, join_transaction_mode="create_savepoint"
    )
    return webtest.TestApp(wsgi, extra_environ={"REMOTE_ADDR": "192.0.2.20"})


def signed_in_home(app, factories, profile="salesperson"):
    user = factories.user(profile=profile, locale="fr")
    sign_in(app, user.email)
    return app.get("/")


@pytest.fixture
def french(app, factories):
    """The core application signed in as a French-speaking salesperson."""
    sign_in(app, factories.user(locale="fr").email)
    return app


@pytest.fixture
def french_admin(make_app, factories):
    app = make_app()
    sign_in(app, factories.user(profile="admin", locale="fr").email)
    return app


def sections(page):
    return [d["data-menu"] for d in page.html.select("#main-menu details.menu")]


def entries(page, menu):
    details = page.html.select_one(f'#main-menu details[data-menu="{menu}"]')
    return [item["data-entry"] for item in details.select("[data-entry]")]


def test_core_alone_shows_no_empty_section(french):
    page = french.get("/")
    # The core has no report of its own: no empty "Reporting" heading.
    assert sections(page) == ["creation", "activity", "lists", "user"]
    assert entries(page, "creation") == [
        "company_new",
        "contact_new",
        "action_new",
        "links",
        "opportunity_new",
    ]
    assert entries(page, "lists") == ["lists", "list_new", "import"]
    assert entries(page, "activity") == ["todo", "agenda", "actions", "opportunities"]


def test_sections_with_entries_show_them_in_order(menu_app, factories):
    page = signed_in_home(menu_app, factories)

    assert sections(page) == ["creation", "activity", "lists", "user"]
    # The core's own entries sort among the added ones.
    samples = [e for e in entries(page, "activity") if e.startswith("sample_")]
    assert samples == ["sample_agenda", "sample_actions"]
    assert "opportunities" in entries(page, "activity")
    summary = page.html.select_one('details[data-menu="activity"] summary')
    assert summary.get_text(strip=True) == "Activité"
    link = page.html.select_one('a[data-entry="sample_agenda"]')
    assert link["href"].endswith("/test/agenda")
    assert link.get_text(strip=True) == "Agenda"


def test_a_section_the_user_may_not_open_is_hidden(menu_app, factories):
    salesperson = signed_in_home(menu_app, factories)
    assert "reporting" not in sections(salesperson)

    menu_app.reset()
    admin = signed_in_home(menu_app, factories, profile="admin")
    assert sections(admin) == ["creation", "activity", "lists", "reporting", "user"]
    summary = admin.html.select_one('details[data-menu="reporting"] summary')
    assert summary.get_text(strip=True) == "Reporting"


def test_user_menu_settings_then_sign_out(french):
    page = french.get("/")
    assert entries(page, "user") == ["account", "notifications", "logout"]
    menu = page.html.select_one('details[data-menu="user"]')
    assert menu.select_one('[data-entry="account"]').get_text() == "Paramétrage"
    sign_out = menu.select_one('[data-entry="logout"]')
    assert sign_out.get_text() == "Se déconnecter"
    form = sign_out.find_parent("form")
    assert form["method"] == "post" and form["action"].endswith("/logout")
    assert form.select_one('input[name="csrf_token"]')["value"]


def test_user_menu_lists_the_notification_centre(menu_app, factories):
    page = signed_in_home(menu_app, factories)
    assert entries(page, "user") == ["account", "notifications", "logout"]
    link = page.html.select_one('a[data-entry="notifications"]')
    assert link["href"].endswith("/notifications")


def test_administrators_get_the_administration_entry(french_admin):
    page = french_admin.get("/")
    assert entries(page, "user") == ["account", "notifications", "admin", "logout"]


def test_current_page_is_marked_in_the_menu(french):
    page = french.get("/account")
    link = page.html.select_one('a[data-entry="account"]')
    assert link["aria-current"] == "page"
    assert (
        french.get("/").html.select_one('a[data-entry="account"]').get("aria-current")
        is None
    )


def test_phone_menu_button_controls_the_navigation(french):
    page = french.get("/")
    toggle = page.html.select_one("button.menu-toggle")
    assert toggle["aria-controls"] == "main-menu"
    assert toggle["aria-expanded"] == "false"
    assert toggle["aria-label"] == "Menu"
    nav = page.html.select_one("nav#main-menu")
    assert nav["aria-label"] == "Menu principal"
    assert page.html.select_one('meta[name="viewport"]')["content"].startswith(
        "width=device-width"
    )


def test_quick_search_box_is_labelled_and_wired_to_htmx(french):
    page = french.get("/")
    box = page.html.select_one("form.quick-search")
    assert box["role"] == "search"
    field = box.select_one("input#qs")
    label = box.select_one('label[for="qs"]')
    assert label.get_text() == "Recherche rapide"
    assert field["placeholder"] == "Société, contact, téléphone…"
    assert field["hx-get"].endswith("/search/quick")
    assert field["hx-target"] == "#qs-results"
    assert field["aria-controls"] == "qs-results"
    help_text = page.html.select_one(f"#{field['aria-describedby']}").get_text()
    assert "Échap" in help_text


def test_quick_search_results_are_links_with_a_summary(french, factories):
    factories.company(name="Cobalt Médias")
    factories.company(name="Cobalt Régie")

    fragment = french.get("/search/quick", {"q": "cobalt"})
    group = fragment.html.select_one('section[data-source="companies"]')
    hits = [a.get_text(" ", strip=True) for a in group.select("a.qs-hit")]
    assert len(hits) == 2 and all("Cobalt" in hit for hit in hits)
    assert group.select_one("h3").get_text(" ", strip=True).startswith("Sociétés")
    root = fragment.html.select_one("[data-summary]")
    assert root["data-summary"] == "2 résultats"


def test_quick_search_says_when_the_text_is_too_short_or_unknown(french):
    short = french.get("/search/quick", {"q": "c"})
    assert "Saisissez au moins deux caractères." in short.text
    nothing = french.get("/search/quick", {"q": "zzzzqqq"})
    assert nothing.html.select_one("[data-summary]")["data-summary"] == (
        "Aucun résultat."
    )
    assert french.get("/search/quick", {"q": ""}).text.strip() == ""


def test_sign_in_page_has_no_shell(app):
    page = app.get("/login")
    assert page.html.select_one("header.topbar") is None
    assert page.html.select_one("body")["class"] == ["signed-out"]
