"""Compile the page templates before the first visitors ask for them.

Chameleon compiles a template the first time it is drawn: about 19 s for
the core's hundred templates on a small machine, so each first visit of a
page took seconds after a start. ``relais serve`` keeps the compiled
templates on disk (``CHAMELEON_CACHE``, next to the configuration) and
compiles the core's and the plugins' templates in a background thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from importlib import resources

log = logging.getLogger(__name__)


def use_disk_cache(config_path: str) -> str:
    """Keep compiled templates in ``var/chameleon`` beside the configuration.

    Chameleon reads ``CHAMELEON_CACHE`` when it is first imported: this runs
    before the application is loaded. A value already set is kept.
    """
    folder = os.path.join(os.path.dirname(os.path.abspath(config_path)), "var")
    cache = os.environ.setdefault("CHAMELEON_CACHE", os.path.join(folder, "chameleon"))
    os.makedirs(cache, exist_ok=True)
    return cache


def template_specs(packages) -> list[str]:
    """The asset specs of every ``.pt`` file under each package's templates."""
    specs = []
    for package in packages:
        root = resources.files(package) / "templates"
        if not root.is_dir():
            continue
        specs.extend(_specs(package, root, "templates"))
    return sorted(specs)


def _specs(package: str, folder, prefix: str):
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _specs(package, entry, f"{prefix}/{entry.name}")
        elif entry.name.endswith(".pt"):
            yield f"{package}:{prefix}/{entry.name}"


def compile_templates(registry, specs: list[str]) -> int:
    """Compile ``specs`` with the application's renderers; the number done."""
    from pyramid.renderers import get_renderer
    from pyramid.threadlocal import manager

    started, done = time.perf_counter(), 0
    manager.push({"registry": registry, "request": None})
    try:
        for spec in specs:
            try:
                get_renderer(spec).implementation().cook_check()
                done += 1
            except Exception:  # a broken template fails on its page, loudly
                log.warning("templates.warmup.failed spec=%s", spec, exc_info=True)
    finally:
        manager.pop()
    log.info(
        "templates.warmup.done count=%s seconds=%.1f",
        done,
        time.perf_counter() - started,
    )
    return done


def start(registry, packages) -> threading.Thread:
    """Compile the templates of ``packages`` in a background thread."""
    specs = template_specs(packages)
    thread = threading.Thread(
        target=compile_templates,
        args=(registry, specs),
        name="relais-templates-warmup",
        daemon=True,
    )
    thread.start()
    return thread
