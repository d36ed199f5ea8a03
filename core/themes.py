"""Themes: per-customer templates, static files, logo and colours.

A theme is a folder ``<name>/`` holding ``theme.toml`` (its settings block)
and optionally ``templates/`` and ``static/``. A file under ``templates/``
replaces the core template of the same relative path; every other template
still comes from the core. ``relais.theme`` picks the theme among the ones
shipped in the ``themes`` package and those of ``relais.theme.folder``, so a
customer's theme can live outside the installed package. ``themes/README.md``
describes the format.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pyramid.path import AssetResolver
from pyramid.security import NO_PERMISSION_REQUIRED

from core.settings import SettingError, as_path

SETTING = "relais.theme"
NAME = re.compile(r"[a-z][a-z0-9_]*")
COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
COLOUR_NAMES = (
    "primary",
    "primary-contrast",
    "accent",
    "background",
    "surface",
    "text",
)
KEYS = ("title", "logo", "stylesheet", "colours")


@dataclass(frozen=True)
class Theme:
    """A theme read from its folder; templates receive it as ``theme``."""

    name: str
    folder: str
    title: str = "Relais"
    logo: str | None = None
    stylesheet: str | None = None
    colours: dict[str, str] = field(default_factory=dict)

    @property
    def templates(self) -> str | None:
        path = os.path.join(self.folder, "templates")
        return path if os.path.isdir(path) else None

    @property
    def static(self) -> str:
        return os.path.join(self.folder, "static")

    @property
    def css_variables(self) -> str:
        return " ".join(f"--{name}: {value};" for name, value in self.colours.items())

    def static_file_url(self, request, filename: str) -> str:
        return request.static_url(os.path.join(self.static, filename))

    def logo_url(self, request) -> str | None:
        return self.static_file_url(request, self.logo) if self.logo else None

    def stylesheet_url(self, request) -> str | None:
        if not self.stylesheet:
            return None
        return self.static_file_url(request, self.stylesheet)


def shipped_root() -> str:
    return AssetResolver().resolve("themes:").abspath()


def theme_roots(extra_folder: str | None) -> list[str]:
    """Where themes are looked for, the deployment's own folder first."""
    return [extra_folder, shipped_root()] if extra_folder else [shipped_root()]


def available_themes(roots: list[str]) -> dict[str, str]:
    """Theme name -> folder; a name found in an earlier root wins."""
    found: dict[str, str] = {}
    for root in reversed(roots):
        for entry in sorted(os.listdir(root)):
            folder = os.path.join(root, entry)
            if NAME.fullmatch(entry) and os.path.isfile(
                os.path.join(folder, "theme.toml")
            ):
                found[entry] = folder
    return dict(sorted(found.items()))


def _fail(name: str, message: str):
    raise SettingError(SETTING, f"theme {name!r}: {message}")


def read_theme(name: str, folder: str) -> Theme:
    """Parse and check ``theme.toml``; any mistake names the setting."""
    try:
        block = tomllib.loads(Path(folder, "theme.toml").read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        _fail(name, f"theme.toml is not valid TOML: {exc}")

    unknown = sorted(set(block) - set(KEYS))
    if unknown:
        _fail(name, f"unknown key(s) in theme.toml: {', '.join(unknown)}")
    colours = block.get("colours", {})
    if not isinstance(colours, dict):
        _fail(name, "[colours] must be a table")
    for key, value in colours.items():
        if key not in COLOUR_NAMES:
            _fail(name, f"unknown colour {key!r} (known: {', '.join(COLOUR_NAMES)})")
        if not isinstance(value, str) or not COLOUR.fullmatch(value):
            _fail(name, f"bad colour {key} = {value!r}, expected #rgb or #rrggbb")

    for key in ("logo", "stylesheet"):
        filename = block.get(key)
        if filename is not None and not os.path.isfile(
            os.path.join(folder, "static", str(filename))
        ):
            _fail(name, f"{key} {filename!r} is not a file under static/")
    return Theme(
        name=name,
        folder=folder,
        title=str(block.get("title", "Relais")),
        logo=block.get("logo"),
        stylesheet=block.get("stylesheet"),
        colours=dict(colours),
    )


def load_theme(name: str, extra_folder: str | None = None) -> Theme:
    """The theme called ``name``, or a :class:`SettingError` naming the setting."""
    if extra_folder is not None and not os.path.isdir(extra_folder):
        raise SettingError(f"{SETTING}.folder", f"{extra_folder} is not a folder")
    themes = available_themes(theme_roots(extra_folder))
    if name not in themes:
        raise SettingError(
            SETTING, f"no theme {name!r} (available: {', '.join(themes)})"
        )
    return read_theme(name, themes[name])


def includeme(config):
    extra_folder = config.add_setting(
        f"{SETTING}.folder",
        parse=as_path,
        default=None,
        doc="Folder of the deployment's own themes, searched before the shipped ones.",
    )
    theme = load_theme(config.registry.relais_settings[SETTING], extra_folder)
    config.registry.relais_theme = theme
    if theme.templates:
        config.override_asset(
            to_override="core:templates/", override_with=theme.templates + os.sep
        )
    if os.path.isdir(theme.static):
        config.add_static_view(
            "theme", theme.static + os.sep, permission=NO_PERMISSION_REQUIRED
        )
