"""The reporting plugin's own hook: other plugins contribute reports through it.

Only this plugin calls the hook, so it is declared here rather than in
:mod:`core.hookspecs`. A plugin adding reports marks its implementation
``@hookimpl(optionalhook=True)``: it then starts whether reporting is enabled
or not, and its reports appear when it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core import hookspec

if TYPE_CHECKING:
    from plugins.reporting.definitions import ReportDefinition


@hookspec
def relais_register_reports() -> list[ReportDefinition]:
    """Declare reports for the Reporting menu and its subscriptions.

    Called once when an application or the worker starts with reporting
    enabled. Takes no arguments. Returns a list of
    :class:`plugins.reporting.definitions.ReportDefinition`: a unique
    ``name`` (prefix it with the plugin's name), a translatable ``title``, its
    parameters (filters with defaults; dates accept relative notations), its
    columns (or a callable of the context returning them), the column
    to group by, which columns are totalled, and ``query(context)`` returning
    the rows. The query must apply the requesting user's visibility rules
    itself (``context.access.filter(kind)``); it runs for the subscription's
    owner when a subscription is sent.
    A malformed definition or two reports with one name stop start-up.
    Added in 0.1.
    """
