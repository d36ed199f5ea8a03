"""The home page on the demo data: the charts are drawn and in sight at once."""

from __future__ import annotations

import pytest

from tests.browser.steps import open_signed_in

pytestmark = pytest.mark.browser

MANAGER = "claire.martin@relais.example"
CHARTS = ("actions_per_week", "portfolio_coverage", "pipe_by_month", "pipe_by_status")
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def home(browser, live_server):
    contexts = []

    def open_home(viewport):
        context, page = open_signed_in(browser, live_server, MANAGER)
        contexts.append(context)
        page.set_viewport_size(viewport)
        page.goto("/")
        wait_for_charts(page)
        return page

    yield open_home
    for context in contexts:
        context.close()


def wait_for_charts(page):
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-chart-src][data-drawn]').length"
        f" === {len(CHARTS)}"
    )


def drawn_values(page, name: str) -> list[float]:
    """Every value the chart ``name`` drew, read from its Chart.js instance."""
    return page.eval_on_selector(
        f'[data-chart="{name}"] canvas',
        "c => c.chart.data.datasets.flatMap(set => set.data)",
    )


def test_the_charts_are_drawn_beside_the_todo_on_a_desktop(home, screenshot):
    page = home(DESKTOP)
    for name in CHARTS:
        assert any(value > 0 for value in drawn_values(page, name)), name
        box = page.locator(f'[data-chart="{name}"] canvas').bounding_box()
        # In sight without scrolling, and not a sliver.
        assert box["y"] + box["height"] <= DESKTOP["height"], name
        assert box["height"] > 100 and box["width"] > 200, name

    # The long todo scrolls inside its panel, not the page.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= DESKTOP["height"]
    todo = page.locator('[data-panel="todo"]').bounding_box()
    first_chart = page.locator('[data-chart="actions_per_week"]').bounding_box()
    assert first_chart["x"] > todo["x"] + todo["width"] - 1
    screenshot(page, "desktop")

    # The numbers are there as a table too, for screen readers and for reading.
    page.click('[data-chart="pipe_by_status"] summary')
    rows = page.locator('[data-figures="pipe_by_status"] tbody tr')
    assert rows.count() >= 4


def test_a_manager_picks_one_salesperson(home):
    page = home(DESKTOP)
    team = drawn_values(page, "pipe_by_month")
    page.select_option("#f-seller", label="Hugo Bernard")
    page.wait_for_url("**/?seller=*")
    wait_for_charts(page)
    mine = drawn_values(page, "pipe_by_month")
    assert page.locator("#f-seller option:checked").inner_text() == "Hugo Bernard"
    assert sum(mine) < sum(team)


def test_the_home_fits_a_phone(home, screenshot):
    page = home(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    for name in CHARTS:
        assert any(value > 0 for value in drawn_values(page, name)), name
    screenshot(page, "phone")


def axis_labels(page, name: str) -> list[str]:
    """The labels Chart.js drew along the value axis of the chart ``name``."""
    return page.eval_on_selector(
        f'[data-chart="{name}"] canvas',
        "c => c.chart.scales.y.ticks.map(tick => tick.label)",
    )


@pytest.fixture(scope="session")
def french_server(live_server_factory, backend):
    """The demo with French as the language of its users."""
    return live_server_factory(backend, **{"relais.default_locale": "fr"})


def big_axis_labels(browser, server) -> tuple[str, list[str]]:
    """The page's language and the long labels of the pipe chart's value axis."""
    # The browser itself stays English: only the page's language may decide.
    context, page = open_signed_in(browser, server, MANAGER)
    try:
        page.goto("/")
        wait_for_charts(page)
        lang = page.evaluate("document.documentElement.lang")
        labels = axis_labels(page, "pipe_by_month")
    finally:
        context.close()
    big = [label for label in labels if len(label.strip("-")) > 4]
    assert big, labels
    return lang, big


def test_french_axes_group_digits_with_spaces(browser, french_server):
    lang, labels = big_axis_labels(browser, french_server)
    assert lang == "fr"
    for label in labels:
        assert "," not in label and ("\u202f" in label or "\u00a0" in label), label


def test_english_axes_group_digits_with_commas(browser, live_server):
    lang, labels = big_axis_labels(browser, live_server)
    assert lang == "en"
    for label in labels:
        assert "," in label, label
