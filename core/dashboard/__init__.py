"""The home dashboard: charts of the pipe and of the activity.

Each chart is a panel of the home page (so a theme overriding ``home.pt``
keeps them): a ``<canvas>`` Chart.js draws from a JSON endpoint, and a table
beside it gives the same numbers to screen readers and to anyone who
prefers figures.
"""

from pyramid.events import BeforeRender
from pyramid.renderers import get_renderer

from core.i18n import _
from core.settings import as_positive_int

HOME = "core:templates/home.pt"
GRID = "core:templates/dashboard/home_grid.pt"


def _home_grid(event):
    """Give the home template (the core's or a theme's) the grid macro."""
    if event.get("renderer_name") == HOME:
        event["home_grid"] = get_renderer(GRID).implementation()


def includeme(config):
    config.add_setting(
        "relais.dashboard.coverage_days",
        as_positive_int,
        90,
        doc="Days an action keeps a portfolio company counted as covered.",
    )
    config.include(".views")
    config.add_subscriber(_home_grid, BeforeRender)
    order = 50
    for name, title in (
        ("dashboard_scope", _("Whose dashboard")),
        ("actions_per_week", _("Actions done and planned")),
        ("portfolio_coverage", _("Portfolio coverage")),
        ("pipe_by_month", _("Pipe by month")),
        ("pipe_by_status", _("Pipe by status")),
    ):
        from core.dashboard import views

        config.add_panel(
            "home",
            name,
            title,
            f"core:templates/dashboard/{name}.pt",
            view=getattr(views, name),
            order=order,
            kind="chart",
        )
        order += 1
