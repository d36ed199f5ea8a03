"""Themes: per-customer templates, static files, logo and colours.

A theme is a folder ``themes/<name>/`` holding ``theme.toml`` (its settings
block), and optionally ``templates/`` and ``static/`` whose files replace the
core's files of the same name. ``relais.theme`` picks the theme.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field

from pyramid.path import AssetResolver
from pyramid.security import NO_PERMISSION_REQUIRED

from core.settings import SettingError

COLOUR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")
COLOUR_NAMES = (
    "primary",
    "primary-contrast",
    "accent",
    "background",
    "surface",
    "text",
)


@dataclass(frozen=True)
class Theme:
    name: str
    title: str
    logo: str | None = None
    stylesheet: str | None = None
    colours: dict[str, str] = field(default_factory=dict)

    @property
    def css_variables(self) -> str:
        return " ".join(f"--{name}: {value};" for name, value in self.colours.items())

    def logo_url(self, request) -> str | None:
        return request.static_url(f"themes:{self.name}/static/{self.logo}")

    def stylesheet_url(self, request) -> str | None:
        return request.static_url(f"themes:{self.name}/static/{self.stylesheet}")


def theme_folder(name: str) -> str:
    return AssetResolver().resolve(f"themes:{name}").abspath()


def available_themes() -> list[str]:
    root = AssetResolver().resolve("themes:").abspath()
    return sorted(
        entry
        for entry in os.listdir(root)
        if os.path.isfile(os.path.join(root, entry, "theme.toml"))
    )


def load_theme(name: str) -> Theme:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name not in available_themes():
        raise SettingError(
            "relais.theme",
            f"no theme {name!r} (available: {', '.join(available_themes())})",
        )
    with open(os.path.join(theme_folder(name), "theme.toml"), "rb") as handle:
        block = tomllib.load(handle)
    colours = block.get("colours", {})
    for key, value in colours.items():
        if key not in COLOUR_NAMES or not COLOUR.match(str(value)):
            raise SettingError(
                "relais.theme", f"theme {name}: bad colour {key}={value}"
            )
    return Theme(
        name=name,
        title=block.get("title", "Relais"),
        logo=block.get("logo"),
        stylesheet=block.get("stylesheet"),
        colours=colours,
    )


def includeme(config):
    theme = load_theme(config.registry.relais_settings["relais.theme"])
    config.registry.relais_theme = theme
    folder = theme_folder(theme.name)
    if os.path.isdir(os.path.join(folder, "templates")):
        config.override_asset(
            to_override="core:templates/",
            override_with=f"themes:{theme.name}/templates/",
        )
    config.add_static_view(
        "theme", f"themes:{theme.name}/static/", permission=NO_PERMISSION_REQUIRED
    )
