"""Every page template of the core and the shipped plugins compiles.

``relais serve`` compiles them all in the background at start (see
:mod:`core.web.warmup`); a template that fails there fails on its page too.
"""

from core.app import make_registry
from core.web import warmup

PACKAGES = ["core", "plugins.reporting", "plugins.adresa", "plugins.lefac"]


def test_every_template_compiles(tmp_path):
    # No database is read: one registry, whatever the backends under test.
    _config, registry = make_registry(
        {
            "sqlalchemy.url": f"sqlite:///{tmp_path}/warmup.sqlite",
            "relais.secret": "warmup-" + "x" * 40,
            "relais.huey.url": f"sqlite:///{tmp_path}/huey.sqlite",
            "relais.huey.immediate": "true",
        }
    )
    specs = warmup.template_specs(PACKAGES)
    assert "core:templates/lists/list.pt" in specs
    assert "plugins.reporting:templates/report.pt" in specs
    assert warmup.compile_templates(registry, specs) == len(specs)


def test_the_disk_cache_sits_beside_the_configuration(tmp_path, monkeypatch):
    # Set then removed, so that the variable is as before once the test ends.
    monkeypatch.setenv("CHAMELEON_CACHE", "")
    monkeypatch.delenv("CHAMELEON_CACHE")
    ini = tmp_path / "site.ini"
    assert warmup.use_disk_cache(str(ini)) == str(tmp_path / "var" / "chameleon")
    assert (tmp_path / "var" / "chameleon").is_dir()
    monkeypatch.setenv("CHAMELEON_CACHE", str(tmp_path / "elsewhere"))
    assert warmup.use_disk_cache(str(ini)) == str(tmp_path / "elsewhere")
