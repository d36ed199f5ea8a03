"""Background tasks: one huey instance per application, queued after commit.

Tasks are declared with ``config.add_task`` (and ``config.add_periodic_task``)
under an explicit name, receive ids rather than ORM objects, and open their
own transaction. ``request.tasks.enqueue`` defers the queueing until the
request's transaction has committed, so a worker never sees an id that a
rollback erased.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import transaction
from huey import Huey, RedisHuey, SqliteHuey, crontab

from core.settings import SettingError

log = logging.getLogger(__name__)


def make_huey(url: str, immediate: bool, name: str = "relais") -> Huey:
    """Build the queue the ``relais.huey.url`` setting names."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = os.path.abspath(url[len("sqlite:///") :])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        huey = SqliteHuey(name, filename=path)
    elif parsed.scheme in {"redis", "rediss", "unix"}:
        huey = RedisHuey(name, url=url)
    else:
        raise SettingError("relais.huey.url", "expected sqlite:/// or redis://")
    if immediate:
        huey.immediate = True
    return huey


class TaskRefused(Exception):
    """A queued task that must not run; ``message`` is what its user reads."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    schedule: dict[str, str]


class TaskQueue:
    """Queue tasks by name; the request's variant waits for the commit."""

    def __init__(self, registry, manager=None):
        self.registry = registry
        self.manager = manager

    def enqueue(self, name: str, *args) -> None:
        task = self.registry.relais_tasks.get(name)
        if task is None:
            raise LookupError(f"no task named {name}")
        if self.manager is None:
            task(*args)
            return

        def after_commit(succeeded: bool) -> None:
            if succeeded:
                task(*args)
                log.info("tasks.queued name=%s", name)

        self.manager.get().addAfterCommitHook(after_commit)


def add_task(config, name: str, func: Callable, retries: int = 0, retry_delay=0):
    """Declare a background task called ``name``.

    ``func(registry, *args)`` runs in the worker; give it ids, not objects.
    Queue it with ``request.tasks.enqueue(name, *args)``. Added in 0.1.
    """
    registry = config.registry

    def register():
        def run(*args):
            return func(registry, *args)

        run.__name__ = name.replace(".", "_")
        registry.relais_tasks[name] = registry.relais_huey.task(
            name=name, retries=retries, retry_delay=retry_delay
        )(run)

    config.action(("relais-task", name), register)


def add_periodic_task(config, name: str, func: Callable, **schedule: str):
    """Declare a task huey runs on a schedule (``crontab`` keyword arguments).

    ``config.add_periodic_task("reporting.send_due", send_due, minute="*/5")``
    runs ``func(registry)`` every five minutes in ``relais worker``.
    Added in 0.1.
    """
    registry = config.registry

    def register():
        def run():
            return func(registry)

        run.__name__ = name.replace(".", "_")
        registry.relais_tasks[name] = registry.relais_huey.periodic_task(
            crontab(**schedule), name=name
        )(run)
        registry.relais_periodic_tasks.append(PeriodicTask(name, schedule))

    config.action(("relais-task", name), register)


def _request_tasks(request) -> TaskQueue:
    return TaskQueue(request.registry, request.tm)


def includeme(config):
    settings = config.registry.relais_settings
    config.registry.relais_huey = make_huey(
        settings["relais.huey.url"],
        settings["relais.huey.immediate"],
        settings["relais.huey.name"],
    )
    config.registry.relais_tasks = {}
    config.registry.relais_periodic_tasks = []
    config.add_directive("add_task", add_task)
    config.add_directive("add_periodic_task", add_periodic_task)
    config.add_request_method(_request_tasks, "tasks", reify=True)


def queue_outside_request(registry) -> TaskQueue:
    """A queue for commands and tasks: queued at once, or after ``transaction``."""
    return TaskQueue(registry, transaction.manager)
