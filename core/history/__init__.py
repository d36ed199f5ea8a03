"""The change history of companies, contacts, budgets and whatever adopts it.

Adopting it takes one directive in a module's ``includeme``::

    config.track_history(Action, "action", {"subject": _("Subject"), ...},
                         route="action")

and every change of an ``Action`` row is then recorded and broadcast through
``relais_on_change``. Sheets show a record's events with the ``history`` tab
(:func:`core.history.views.history_panel`); searches filter on them with
:func:`core.history.services.changed_ids`.
"""

from core.history.recorder import track_history


def includeme(config):
    from core.history import recorder

    config.registry.relais_history_tracked = {}
    config.add_directive("track_history", track_history)
    recorder.install(config.registry)
    config.include(".tracking")
    config.include(".views")
