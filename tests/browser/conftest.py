"""Browser tests: Debian's chromium, driven by Playwright, on a live server.

Each backend gets one real waitress server on a committed database seeded
with the demo data; the tests sign in as different demo users so that they
do not depend on each other's order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its own browser here: use the system one."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url():
    """The tests use full addresses of their live server.

    Defined here because pytest-playwright 0.10's own ``base_url`` fixture is
    an instance method, which pytest 9 reports as deprecated (an error here).
    """
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Signed-out pages follow the browser's language; pin it for the texts.
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture(scope="session")
def live_server(live_server_factory, backend):
    return live_server_factory(backend)


@pytest.fixture(scope="session")
def demo_password(live_server) -> str:
    return live_server.registry.relais_settings["relais.demo.password"]


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "step")`` saves a PNG under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    test_name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")

    def take(page, step: str) -> Path:
        path = ARTIFACTS / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
