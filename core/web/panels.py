"""Tabs and panels that plugins add to the company, contact and action pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pyramid.exceptions import ConfigurationError
from pyramid.renderers import render

TARGETS = ("company", "contact", "action", "home")
KINDS = ("tab", "panel", "header", "chart")


class TabForm(Protocol):
    """The fields a tab adds to the form of the page it is on (the action's).

    ``read(request)`` validates what the tab posted and returns ``(values,
    errors)``, ``errors`` keyed by the tab's field names; nothing is saved
    when any tab or the form itself has errors. ``save(request, context,
    values)`` then saves the tab's part in the same transaction, after the
    form's record (``context``) is flushed; it returns the errors it finds
    only then (a record gone meanwhile), and the whole save is undone.
    """

    def read(self, request) -> tuple[Any, dict]: ...

    def save(self, request, context, values) -> dict: ...


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
    form: TabForm | None = None


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
    form: TabForm | None = None,
):
    """Show a panel (or a tab, ``kind="tab"``) on a page of the core.

    ``kind="header"`` puts it in the record's header instead (the logo);
    on the home page, ``kind="chart"`` puts it among the charts, beside the
    todo and the other panels.

    ``target`` is one of :data:`TARGETS`. ``view(context, request)`` returns
    the values ``template`` is rendered with; ``context`` is the company,
    contact or action shown (``None`` on the home page). Added in 0.1.

    A tab of the action form may bring its own fields: ``form`` (a
    :class:`TabForm`) reads and saves them with the action; the template
    then gets ``in_form`` (true inside the form) and ``errors``. Added in 0.2.
    """
    if target not in TARGETS:
        raise ConfigurationError(f"unknown panel target {target!r}")
    if kind not in KINDS:
        raise ConfigurationError(f"unknown panel kind {kind!r}")
    panel = Panel(target, name, title, template, view, permission, order, kind, form)
    registry = config.registry

    def register():
        panels = registry.relais_panels.setdefault(target, [])
        panels.append(panel)
        panels.sort(key=lambda p: (p.order, p.name))

    config.action(("relais-panel", target, name), register)


def _shown(request, target: str, kind: str):
    for panel in request.registry.relais_panels.get(target, []):
        if panel.kind == kind and request.has_permission(panel.permission):
            yield panel


def panels_for(request, target: str, context: Any, kind: str = "panel", errors=None):
    """Render the panels of ``target`` the user may see: ``[(panel, html)]``.

    ``errors`` is given when the panels are tabs of a form (the action's):
    each tab's template gets ``in_form`` and the errors of the whole form.
    """
    rendered = []
    for panel in _shown(request, target, kind):
        values = panel.view(context, request) if panel.view else {}
        values.setdefault("context", context)
        values.setdefault("in_form", errors is not None)
        values.setdefault("errors", errors or {})
        rendered.append((panel, render(panel.template, values, request=request)))
    return rendered


def read_tab_forms(request, target: str) -> tuple[dict, dict]:
    """What the tabs of ``target``'s form posted: ``({tab: values}, errors)``."""
    values: dict = {}
    errors: dict = {}
    for panel in _shown(request, target, "tab"):
        if panel.form is not None:
            values[panel.name], found = panel.form.read(request)
            errors.update(found)
    return values, errors


def save_tab_forms(request, target: str, context: Any, values: dict) -> dict:
    """Save each tab's part of the form with ``context``; the errors found."""
    errors: dict = {}
    for panel in _shown(request, target, "tab"):
        if panel.form is not None and panel.name in values:
            errors.update(panel.form.save(request, context, values[panel.name]))
    return errors


def includeme(config):
    config.registry.relais_panels = {}
    config.add_directive("add_panel", add_panel)
