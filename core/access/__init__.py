"""Who sees and changes which records: portfolios, teams and privacy.

The one place other modules ask. In a view::

    query = select(Opportunity).where(request.access.filter("opportunity"))
    if not request.access.can_edit(opportunity): ...
    record = require_view(request, request.dbsession.get(Company, ident))

Outside a request (tasks, report subscriptions) build the same object with
``access_for(dbsession, registry, user)``.

A module declares a kind with ``config.add_access_kind`` (see
:mod:`core.access.kinds`): how to tell whose a record is, and optionally the
columns of its private / shared / public visibility. Then:

* the *reach* of each profile over each kind (``all``, ``team``, ``own``,
  ``none``, for seeing and for editing) comes from the kind's defaults or the
  administrator's choice on the access page;
* a *private* record is seen by its owner and the managers above (holders of
  ``access.private.team`` in the owner's team, holders of
  ``access.private.all`` everywhere); a *shared* one by the owner's team
  too; a *public* one by everyone the reach allows;
* plugins add rules through ``relais_register_access_rules``
  (:mod:`core.access.rules`): a grant opens what it names, a narrowing hides.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound

from core.access.kinds import AUTHORED, OPEN, AccessKind
from core.access.models import PRIVATE, PUBLIC, SHARED, VISIBILITIES
from core.access.policy import (
    READ_PRIVATE_ALL,
    READ_PRIVATE_TEAM,
    Access,
    access_for,
)
from core.access.rules import AccessRule, AccessRuleError
from core.i18n import _

__all__ = [
    "AUTHORED",
    "OPEN",
    "PRIVATE",
    "PUBLIC",
    "SHARED",
    "VISIBILITIES",
    "Access",
    "AccessKind",
    "AccessRule",
    "AccessRuleError",
    "access_for",
    "require_edit",
    "require_view",
]


def require_view(request, record):
    """Return ``record``, or answer 404 when it is missing or hidden.

    Hidden records answer "not found" rather than "forbidden" so that their
    existence does not leak.
    """
    if record is None or not request.access.can_view(record):
        raise HTTPNotFound()
    return record


def require_edit(request, record):
    """Return ``record`` when the user may change it; 404 or 403 otherwise."""
    require_view(request, record)
    if not request.access.can_edit(record):
        raise HTTPForbidden()
    return record


def _access(request) -> Access:
    return Access(
        request.dbsession, request.registry, request.identity, request.permissions
    )


def includeme(config):
    from core.access.kinds import add_access_kind

    config.registry.relais_access_kinds = {}
    config.registry.relais_access_rules = {}
    config.add_directive("add_access_kind", add_access_kind)
    config.add_request_method(_access, "access", reify=True)
    config.declare_permission(
        READ_PRIVATE_TEAM,
        _("Read the private records of my team (managers above)"),
        ("admin", "manager"),
    )
    config.declare_permission(READ_PRIVATE_ALL, _("Read everyone's private records"))
    config.include(".views")
