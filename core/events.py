"""Broadcasting domain events from services: the ``relais_on_<event>`` hooks.

Services receive a session, not a request; the session knows the registry
(and so the plugin manager) and the transaction it belongs to, so a service
can tell plugins what happened and queue work for after the commit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.tasks import TaskQueue


def registry_of(session: Session):
    registry = session.info.get("relais_registry")
    if registry is None:
        raise LookupError("this session was not made by the application")
    return registry


def notify(session: Session, event: str, **kwargs) -> None:
    """Call ``relais_on_<event>`` with ``dbsession=session`` and ``kwargs``."""
    hook = getattr(registry_of(session).relais_plugins.hook, f"relais_on_{event}")
    hook(dbsession=session, **kwargs)


def tasks_after_commit(session: Session) -> TaskQueue:
    """A queue whose tasks leave when ``session``'s transaction commits."""
    return TaskQueue(registry_of(session), session.info.get("transaction_manager"))
