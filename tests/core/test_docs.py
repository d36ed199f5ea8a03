"""The reference pages that are derived from the code stay in step with it."""

from pathlib import Path

from core.app import make_registry
from core.settings import describe_settings
from core.testing import SHIPPED_PLUGINS, base_settings

ROOT = Path(__file__).resolve().parents[2]


def test_settings_page_lists_every_setting_with_its_default(database_url, mail_sink):
    settings = base_settings(database_url, mail_sink)
    _config, registry = make_registry({**settings, "relais.plugins": SHIPPED_PLUGINS})
    registry.relais_engine.dispose()
    table = describe_settings(registry.relais_settings, markdown=True)
    page = (ROOT / "docs" / "settings.md").read_text()
    assert table in page, "docs/settings.md is out of date: run `make docs`"


def test_readme_links_only_to_files_that_exist():
    readme = (ROOT / "README.md").read_text()
    targets = ("docs/architecture.md", "docs/plugins.md", "docs/settings.md")
    for target in (*targets, "docs/screenshot.png"):
        assert target in readme
        assert (ROOT / target).is_file(), target
