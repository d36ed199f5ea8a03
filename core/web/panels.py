"""Tabs and panels that plugins add to the company, contact and action pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyramid.exceptions import ConfigurationError
from pyramid.renderers import render

TARGETS = ("company", "contact", "action", "home")
KINDS = ("tab", "panel", "header", "chart")


@dataclass(frozen=True)
class Panel:
    target: str
    name: str
    title: str
    template: str
    view: Callable[[Any, Any], dict] | None
    permission: str
    order: int
    kind: str


def add_panel(
    config,
    target: str,
    name: str,
    title: str,
    template: str,
    view: Callable[[Any, Any], dict] | None = None,
    permission: str = "view",
    order: int = 100,
    kind: str = "panel",
):
    """Show a panel (or a tab, ``kind="tab"``) on a page of the core.

    ``kind="header"`` puts it in the record's header instead (the logo);
    on the home page, ``kind="chart"`` puts it among the charts, beside the
    todo and the other panels.

    ``target`` is one of :data:`TARGETS`. ``view(context, request)`` returns
    the values ``template`` is rendered with; ``context`` is the company,
    contact or action shown (``None`` on the home page). Added in 0.1.
    """
    if target not in TARGETS:
        raise ConfigurationError(f"unknown panel target {target!r}")
    if kind not in KINDS:
        raise ConfigurationError(f"unknown panel kind {kind!r}")
    panel = Panel(target, name, title, template, view, permission, order, kind)
    registry = config.registry

    def register():
        panels = registry.relais_panels.setdefault(target, [])
        panels.append(panel)
        panels.sort(key=lambda p: (p.order, p.name))

    config.action(("relais-panel", target, name), register)


def panels_for(request, target: str, context: Any, kind: str = "panel"):
    """Render the panels of ``target`` the user may see: ``[(panel, html)]``."""
    rendered = []
    for panel in request.registry.relais_panels.get(target, []):
        if panel.kind != kind or not request.has_permission(panel.permission):
            continue
        values = panel.view(context, request) if panel.view else {}
        values.setdefault("context", context)
        rendered.append((panel, render(panel.template, values, request=request)))
    return rendered


def includeme(config):
    config.registry.relais_panels = {}
    config.add_directive("add_panel", add_panel)
