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
subset of them. An implementation of a hook that is not declared here stops
start-up, so a misspelled name cannot go unnoticed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core import hookspec

if TYPE_CHECKING:
    import random

    from pyramid.registry import Registry
    from sqlalchemy.orm import Session

    from core.access.rules import AccessRule
    from core.auth.models import User
    from core.directory.models import Company, Contact
    from core.directory.services.merge_steps import MergeStep
    from core.history.recorder import Change
    from core.notifications.channels import NotificationChannel
    from core.plugins import MigrationBranch, ReferenceEntry, SearchSource


@hookspec
def relais_register_migrations() -> list[MigrationBranch]:
    """Declare the Alembic branch holding the plugin's tables.

    Called by ``relais migrate`` and ``relais revision``, and by the plugins
    admin page (for every installed plugin, enabled or not). Takes no
    arguments. Returns a list with one :class:`core.plugins.MigrationBranch`
    whose ``label`` is the plugin's name and whose ``location`` is an asset
    spec of the folder of revisions (``"my_plugin:migrations"``). The first
    revision has no ``down_revision``, carries the branch label and
    ``depends_on`` the core revision it needs. Tables are named
    ``<plugin>_<thing>``. A disabled plugin's branch is never upgraded, so a
    customer who enables the plugin later gets only its tables then. An
    exception stops the command. Added in 0.1.
    """


@hookspec
def relais_register_reference_data() -> list[ReferenceEntry]:
    """Declare rows of reference lists the plugin needs to exist.

    Called by ``relais migrate`` after upgrading, once per run. Takes no
    arguments. Returns a list of :class:`core.plugins.ReferenceEntry`, each
    naming a reference list (the ``kind`` of a model made editable with
    ``config.add_reference_list``), a stable ``code``, a label and extra
    column values. Missing rows are inserted; rows that exist (even if an
    administrator renamed them) are left alone, so the call is idempotent.
    An entry for an unknown list stops the command. Added in 0.1.
    """


@hookspec
def relais_register_search_sources() -> list[SearchSource]:
    """Declare groups of results for the quick search box.

    Called once when the application or a command starts. Takes no
    arguments. Returns a list of :class:`core.plugins.SearchSource`, each with
    a ``name``, a translatable ``title``, an ``order`` and a callable
    ``search(request, text, limit) -> (hits, total)`` where a hit has
    ``title``, ``detail`` and ``url``. The box shows each source as one group,
    sorted by ``order``. The callable must apply the requesting user's
    visibility rules itself and never return more than ``limit`` hits; an
    exception in it is a server error of the search request. Added in 0.1.
    """


@hookspec
def relais_register_access_rules() -> list[AccessRule]:
    """Declare rules that open or hide records on top of the base access rule.

    Called once when the application or a command starts. Takes no
    arguments. Returns a list of :class:`core.access.AccessRule`, each naming
    the ``kind`` it concerns (declared with ``config.add_access_kind``) and a
    ``clause(access)`` returning a SQL condition on that kind's model, or
    ``None`` when the rule does not apply to ``access.user``. A ``grant`` is
    ORed with the base rule and stays within the privacy rule unless it says
    ``private=True``; a ``narrow`` rule is ANDed with everything. A grant
    returning ``True`` (opening everything) is refused with
    :class:`core.access.AccessRuleError`; a rule for an unknown kind stops
    start-up. Every path (pages, pickers, search, exports, the API) applies
    the rules alike. Added in 0.1.
    """


@hookspec
def relais_on_user_created(dbsession: Session, user: User) -> None:
    """React to a new user account, inside the transaction that creates it.

    Called by :func:`core.auth.services.create_user` (sign-up by an admin,
    ``relais user add``, the demo) after the new ``user`` is flushed, so its id
    is set. ``dbsession`` is the session of that transaction: add rows to it,
    never commit. The return value is ignored; raising aborts the creation.
    Typical use: give the new user a plugin's default preferences.
    Added in 0.1.
    """


@hookspec
def relais_on_demo_seed(dbsession: Session, rng: random.Random, users: list[User]):
    """Add a plugin's records to the demo data.

    Called by ``relais demo`` on an empty database, after the core's demo
    records are flushed. ``dbsession`` is the seeding transaction; ``rng`` is
    the seeded random generator every part of the demo draws from (draw only
    from it, so the same seed yields the same data); ``users`` are the demo
    users, in a fixed order. The return value is ignored; raising aborts the
    whole seeding. Added in 0.1.
    """


@hookspec
def relais_on_startup(registry: Registry) -> None:
    """Check the configuration once the application or a command is built.

    Called once per process, after the configuration is committed, with the
    ``registry`` holding the typed settings (``registry.relais_settings``),
    the tasks and everything the directives declared. The return value is
    ignored. Use it for checks that span several settings or outside
    services; raise :class:`core.settings.SettingError` to stop start-up with
    a message naming the setting. Added in 0.1.
    """


@hookspec(firstresult=True)
def relais_resolve_calendar_provider(name: str) -> Any | None:
    """Return the calendar provider called ``name``, or ``None``.

    Called by calendar synchronisation when it needs the object that talks to
    one kind of calendar server; ``name`` is the kind a user's calendar link
    records ("caldav", "google", "outlook"...). Returns the provider object, or
    ``None`` when the plugin does not know ``name``; the first implementation
    returning something else wins and the others are not called. An
    exception propagates to the caller. Added in 0.1.
    """


@hookspec
def relais_register_notification_channels() -> list[NotificationChannel]:
    """Declare notification channels users can subscribe to.

    Called once when the notification centre is first needed in a process.
    Takes no arguments. Returns a list of
    :class:`core.notifications.channels.NotificationChannel`, each with a
    unique ``name``, a translatable ``title`` and the ``events`` it carries
    (names of ``relais_on_<event>`` hooks without the prefix). The plugin
    sends into its channel with :func:`core.notifications.services.fan_out`.
    A name used twice stops start-up. Added in 0.1.
    """


@hookspec
def relais_on_company_created(dbsession: Session, company: Company, user: User):
    """React to a new company, inside the transaction that creates it.

    Called by :func:`core.directory.services.companies.save_company` after the
    new ``company`` is flushed; ``user`` created it; ``dbsession`` is the
    transaction's session (add rows, never commit). The return value is
    ignored; raising aborts the creation. Added in 0.1.
    """


@hookspec
def relais_on_company_address_changed(dbsession: Session, company: Company, user: User):
    """React to a change of a company's addresses.

    Called by :func:`core.directory.services.companies.save_company` when an
    edit adds, removes or changes an address of ``company``; ``user`` made
    the edit; ``dbsession`` is the transaction's session. The return value
    is ignored; raising aborts the edit. Added in 0.1.
    """


@hookspec
def relais_on_contact_created(dbsession: Session, contact: Contact, user: User):
    """React to a new contact (at a company, or at none).

    Called by :func:`core.directory.services.contacts.save_contact` after the
    new ``contact`` is flushed; ``user`` created it; ``dbsession`` is the
    transaction's session. The return value is ignored; raising aborts the
    creation. Added in 0.1.
    """


@hookspec
def relais_on_contact_departed(dbsession: Session, contact: Contact, user: User):
    """React to a contact leaving their company.

    Called by :func:`core.directory.services.contacts.set_departure` when a
    departure date is set on ``contact``, and when the mobility flow marks a
    homonym departed; ``user`` recorded it; ``dbsession`` is the transaction's
    session. The return value is ignored; raising aborts the change.
    Added in 0.1.
    """


@hookspec
def relais_on_contact_function_changed(
    dbsession: Session, contact: Contact, user: User
):
    """React to a change of a contact's function or title.

    Called by :func:`core.directory.services.contacts.save_contact` when an
    edit changes the function or the title of ``contact``; ``user`` made the
    edit; ``dbsession`` is the transaction's session. The return value is
    ignored; raising aborts the edit. Added in 0.1.
    """


@hookspec
def relais_on_action_created(dbsession: Session, action: Any, user: User):
    """React to a new action (meeting, call, e-mail...) on contacts.

    Called by the actions service after the new ``action`` is flushed;
    ``user`` created it; ``dbsession`` is the transaction's session. The
    return value is ignored; raising aborts the creation. Added in 0.1.
    """


@hookspec
def relais_on_opportunity_created(dbsession: Session, opportunity: Any, user: User):
    """React to a new opportunity.

    Called by the opportunities service after the new ``opportunity`` is
    flushed; ``user`` created it; ``dbsession`` is the transaction's session.
    The return value is ignored; raising aborts the creation. Added in 0.1.
    """


@hookspec
def relais_register_merge_steps() -> list[MergeStep]:
    """Declare the rows of the plugin that follow a company or contact in a merge.

    Called once per process, the first time a merge is previewed, done or
    undone. Takes no arguments. Returns a list of
    :class:`core.directory.services.merge_steps.MergeStep`, usually built with
    :func:`core.directory.services.merge_steps.column_step`, one per foreign
    key column of the plugin's tables that points at ``company.id`` or
    ``contact.id``:

    ``column_step("actions.action.company_id", "company", _("Actions"),
    Action, "company_id")``

    A merge runs every step of its entity in the merge's transaction and
    journals the rows each step returns; the undo hands them back to the same
    step. After a merge nothing may point at the merged record any more, so
    a table without a step fails the directory's merge test. Two steps with
    one name, or a step that is not a ``MergeStep``, stop the merge with an
    error. Added in 0.1.
    """


@hookspec
def relais_on_change(dbsession: Session, change: Change) -> None:
    """React to a change of a tracked record, inside the transaction making it.

    Called once per history event when the transaction that made it is
    about to commit (the changes of one record in one transaction make one
    event, however many flushes wrote them). ``change`` is a
    :class:`core.history.recorder.Change` (a company created, a contact's
    function changed, a budget deactivated, a merge...) with its
    ``event_id`` set and the fields that changed, before and after, as
    shown to people.
    ``dbsession`` is the session of that transaction: add rows to it (they
    are flushed with the commit) but never commit from here; anything that
    talks to the outside (mail, push) belongs in a task queued after commit.
    ``change.entity`` is the name the model was tracked under
    (``config.track_history``), ``change.kind`` one of
    :data:`core.history.recorder.KINDS`. The return value is ignored;
    raising rolls the whole change back. Added in 0.1.
    """
