"""The installed-plugins page."""

import importlib.metadata

from core.plugins import describe_plugin, installed_plugins
from core.testing import sign_in

SHIPPED = {"adresa", "lefac", "calendar_sync", "reporting"}


def test_lists_the_shipped_plugins_with_their_state(make_app, factories):
    app = make_app(plugins="reporting")
    admin = factories.user(profile="admin")
    sign_in(app, admin.email)
    page = app.get("/admin/plugins")

    rows = {row["data-plugin"]: row for row in page.html.select("tr[data-plugin]")}
    assert SHIPPED <= set(rows)
    version = importlib.metadata.version("relais")
    for name in SHIPPED:
        cells = rows[name].find_all("td")
        assert cells[2].get_text(strip=True) == version
        state = cells[3].get_text(strip=True)
        assert state == ("enabled" if name == "reporting" else "disabled")
        described = describe_plugin(installed_plugins()[name], name == "reporting")
        assert cells[4].get_text(" ", strip=True) == " ".join(described["hooks"])
        heads = cells[5].get_text(" ", strip=True)
        assert heads == (" ".join(described["migration_heads"]) or "—")
    assert "enabled" in rows["reporting"]["class"]


def test_the_same_plugins_show_as_disabled_when_none_is_enabled(admin_app):
    page = admin_app.get("/admin/plugins")
    states = {
        row["data-plugin"]: row.find_all("td")[3].get_text(strip=True)
        for row in page.html.select("tr[data-plugin]")
    }
    assert all(states[name] == "disabled" for name in SHIPPED)
