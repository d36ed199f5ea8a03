"""The contract between the core and its plugins: every hook, documented.

Two channels exist. What a plugin *has* (routes, views, templates, menu
entries, panels, permissions, settings, periodic tasks, reference lists) is
declared in its ``includeme`` with the Pyramid directives of
:mod:`core.plugins`. What a plugin *does* while Relais runs is one of the hooks
below. Names fall into three families:

``relais_register_<things>``
    Return declarations (a list, possibly empty). The core validates them and
    freezes the result at start-up or when the command needing them runs.
``relais_on_<event>``
    Broadcast inside the caller's transaction. Work that talks to the outside
    belongs in a task queued after commit (``request.tasks.enqueue``). An
    exception propagates and rolls the transaction back.
``relais_resolve_<thing>``
    ``firstresult``: the first implementation returning something other than
    ``None`` wins.

Hooks are called with keyword arguments; an implementation may accept any
subset of them. Every hook appeared in version 0.1 unless it says otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core import hookspec

if TYPE_CHECKING:
    import random

    from pyramid.registry import Registry
    from sqlalchemy.orm import Session

    from core.auth.models import User
    from core.plugins import MigrationBranch, ReferenceEntry, SearchSource


@hookspec
def relais_register_migrations() -> list[MigrationBranch]:
    """Declare the Alembic branch holding the plugin's tables.

    Called by ``relais migrate`` and by the plugins admin page. Return one
    :class:`core.plugins.MigrationBranch` whose label is the plugin's name;
    its first revision has no ``down_revision`` and may ``depends_on`` a core
    revision. A disabled plugin's branch is never upgraded, so a customer who
    enables the plugin later gets only its tables then.
    """


@hookspec
def relais_register_reference_data() -> list[ReferenceEntry]:
    """Declare rows of reference lists the plugin needs to exist.

    Called by ``relais migrate`` after upgrading, once per run. Each
    :class:`core.plugins.ReferenceEntry` names a reference list (its model's
    ``kind``), a stable ``code`` and a label. Missing rows are inserted; rows an
    administrator has edited are left alone, so the call is idempotent.
    """


@hookspec
def relais_register_search_sources() -> list[SearchSource]:
    """Declare groups of results for the quick search box.

    Called when the application starts. Each :class:`core.plugins.SearchSource`
    has a name, a title, an order and a callable
    ``search(request, text, limit) -> (items, total)``; the box shows each
    source as one group. The callable must apply the requesting user's
    visibility rules itself and never return more than ``limit`` items.
    """


@hookspec
def relais_on_user_created(dbsession: Session, user: User) -> None:
    """React to a new user account, inside the transaction that creates it.

    Called after the user is flushed (it has an id). Typical use: give the new
    user a plugin's default preferences. Raising aborts the creation.
    """


@hookspec
def relais_on_demo_seed(dbsession: Session, rng: random.Random, users: list[User]):
    """Add a plugin's records to the demo data.

    Called by ``relais demo`` after the core's demo records are flushed, with
    the seeded random generator every part of the demo draws from (so the
    same seed yields the same data) and the demo users. Only called on an
    empty database.
    """


@hookspec
def relais_on_startup(registry: Registry) -> None:
    """Run once per process when the application or a command has been built.

    Called after configuration is committed, with the registry holding the
    typed settings (``registry.relais_settings``). Use it to check that an
    outside service a plugin relies on is configured; raise
    :class:`core.settings.SettingError` to stop start-up with a message.
    """


@hookspec(firstresult=True)
def relais_resolve_calendar_provider(name: str) -> Any | None:
    """Return the calendar provider called ``name``, or ``None``.

    Called by calendar synchronisation when it needs the object that talks to
    one kind of calendar server ("caldav", "google", "outlook"). The first
    plugin that knows the name answers.
    """
