"""Helpers for testing plugins: install a plugin package, watch hook calls.

A plugin's own test suite installs its distribution for real (entry points
included) with :func:`install_package`, then builds applications with it
enabled or not through the fixtures of :mod:`core.testing`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InstalledPackage:
    """A distribution installed into a folder of its own."""

    target: Path

    def activate(self) -> None:
        """Make it importable, and its entry points visible, in this process."""
        if str(self.target) not in sys.path:
            sys.path.insert(0, str(self.target))

    def environ(self, **extra: str) -> dict[str, str]:
        """Environment variables for a subprocess that should see it too."""
        env = dict(os.environ, **extra)
        paths = [str(self.target), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        return env


def install_package(source: Path, target: Path) -> InstalledPackage:
    """``pip install`` the distribution at ``source`` into ``target``.

    The source is copied first so that building leaves nothing in the
    repository. Dependencies are not installed: the plugin runs against the
    Relais being tested.
    """
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / source.name
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("*.egg-info"))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--no-compile",
                "--target",
                str(target),
                str(copy),
            ],
            check=True,
            capture_output=True,
        )
    return InstalledPackage(target)


class HookCalls:
    """Count the hooks a plugin manager calls, by name, while it is watched."""

    def __init__(self, pm):
        self.calls: Counter[str] = Counter()
        self.results: dict[str, list] = {}
        self._undo = pm.add_hookcall_monitoring(self._before, self._after)

    def _before(self, hook_name, hook_impls, kwargs):
        self.calls[hook_name] += 1

    def _after(self, outcome, hook_name, hook_impls, kwargs):
        if outcome.exception is None:
            self.results.setdefault(hook_name, []).append(outcome.get_result())

    def stop(self) -> None:
        self._undo()

    def __contains__(self, hook_name: str) -> bool:
        return self.calls[hook_name] > 0
