"""A plugin that is unknown, misspelled or misconfigured stops start-up."""

from __future__ import annotations

import pytest

from core.app import make_registry
from core.plugins import PluginError
from core.settings import SettingError
from core.testing import base_settings


@pytest.fixture
def start(sample_plugin, tmp_path, mail_sink):
    """Build the application on a database that is never touched."""

    def start(plugins: str, **settings):
        url = f"sqlite:///{tmp_path}/unused.sqlite"
        raw = base_settings(url, mail_sink, **{"relais.plugins": plugins}, **settings)
        _config, registry = make_registry(raw)
        registry.relais_engine.dispose()
        return registry

    return start


def test_unknown_plugin_name_stops_start_up_naming_it(start):
    with pytest.raises(SettingError) as caught:
        start("sample reportnig")
    message = str(caught.value)
    assert message.startswith("setting relais.plugins: no installed plugin named")
    assert "reportnig" in message
    assert "reporting" in message  # the installed ones are listed


def test_misspelled_hook_stops_start_up(start):
    with pytest.raises(PluginError) as caught:
        start("sample_typo")
    assert "plugin sample_typo" in str(caught.value)
    assert "relais_on_user_creatd" in str(caught.value)


def test_bad_plugin_setting_stops_start_up_naming_it(start):
    with pytest.raises(SettingError) as caught:
        start("sample", **{"relais.sample.max_notes": "-3"})
    assert caught.value.name == "relais.sample.max_notes"
    assert "expected a positive whole number" in str(caught.value)


def test_plugin_validation_of_a_setting_stops_start_up(start):
    with pytest.raises(SettingError) as caught:
        start("sample", **{"relais.sample.greeting": "x" * 41})
    assert caught.value.name == "relais.sample.greeting"
    assert "under 40 characters" in str(caught.value)


def test_plugin_setting_without_a_doc_is_refused(start):
    with pytest.raises(SettingError) as caught:
        start("sample_broken_setting")
    assert caught.value.name == "relais.sample_broken_setting.colour"


def test_unknown_relais_setting_stops_start_up(start):
    with pytest.raises(SettingError) as caught:
        start("sample", **{"relais.sample.greting": "Salut"})
    assert caught.value.name == "relais.sample.greting"
    assert "is not a known setting" in str(caught.value)


def test_settings_of_a_disabled_plugin_are_tolerated(start):
    registry = start("", **{"relais.sample.greeting": "Salut"})
    assert "relais.sample.greeting" not in registry.relais_settings


def test_settings_of_no_installed_plugin_are_refused(start):
    with pytest.raises(SettingError) as caught:
        start("", **{"relais.nosuchplugin.colour": "red"})
    assert caught.value.name == "relais.nosuchplugin.colour"


def test_startup_hook_can_stop_start_up(start):
    with pytest.raises(SettingError) as caught:
        start("sample", **{"relais.sample.mode": "strict"})
    assert caught.value.name == "relais.sample.mode"
    registry = start(
        "sample",
        **{"relais.sample.mode": "strict", "relais.base_url": "https://crm.test"},
    )
    assert registry.relais_sample_started
