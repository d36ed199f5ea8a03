"""Static assets: shipped in the package, vendored with their licences, no CDN."""

import importlib.util
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "core" / "static"
VENDOR = STATIC / "vendor"
FREE_LICENCES = {"0BSD", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MIT", "Apache-2.0"}
# Attributes that make the browser fetch or send something; xmlns is a name only.
URL_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|action|srcset|poster)\s*=\s*["']([^"']*)"""
)
ABSOLUTE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def vendored_packages() -> dict:
    spec = importlib.util.spec_from_file_location(
        "vendor_assets", ROOT / "scripts" / "vendor_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PACKAGES


def versions() -> dict[str, tuple[str, str]]:
    lines = (VENDOR / "VERSIONS.txt").read_text("utf-8").splitlines()
    listed = {}
    for line in filter(None, lines):
        name, version, licence = line.split()
        listed[name] = (version, licence)
    return listed


def page_assets(page) -> list[str]:
    html = page.html
    urls = [tag["href"] for tag in html.select("link[href]")]
    urls += [tag["src"] for tag in html.select("script[src], img[src]")]
    return urls


@pytest.mark.parametrize("theme", ["default", "marine"])
def test_every_asset_of_the_layout_is_served_from_the_package(
    make_app, factories, theme
):
    from core.testing import sign_in

    app = make_app(**{"relais.theme": theme})
    user = factories.user()
    sign_in(app, user.email)
    page = app.get("/")

    assets = page_assets(page)
    assert any(url.endswith("/vendor/htmx/htmx.min.js") for url in assets)
    assert any(url.endswith("/static/relais.js") for url in assets)
    for url in assets:
        parts = urlsplit(url)
        assert parts.netloc in ("", "localhost"), url
        served = app.get(parts.path)
        if parts.path.startswith("/static/"):
            on_disk = STATIC / parts.path.removeprefix("/static/")
        else:
            on_disk = ROOT / "themes" / theme / "static" / parts.path.split("/", 2)[2]
        assert on_disk.is_file(), url
        assert served.body == on_disk.read_bytes(), url


def test_every_vendored_library_is_listed_with_its_licence():
    listed = versions()
    packages = vendored_packages()

    folders = {folder for folder, _files in packages.values()}
    assert folders == {path.name for path in VENDOR.iterdir() if path.is_dir()}
    for spec, (folder, files) in packages.items():
        name = spec.rsplit("@", 1)[0]
        assert name in listed, f"{name} missing from VERSIONS.txt"
        version, licence = listed[name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), name
        assert licence in FREE_LICENCES, f"{name} is under {licence}"
        assert (VENDOR / folder / "LICENSE.txt").stat().st_size > 0, name
        for target in files.values():
            assert (VENDOR / folder / target).stat().st_size > 0, target
    assert len(listed) == len(packages)


def test_vendored_versions_match_the_pins():
    listed = versions()
    for spec in vendored_packages():
        name, pin = spec.rsplit("@", 1)
        assert listed[name][0].startswith(pin + "."), f"{name} is not on {pin}"


def shipped_sources():
    for root in ("core", "plugins", "themes"):
        for path in sorted((ROOT / root).rglob("*")):
            if VENDOR in path.parents or not path.is_file():
                continue
            if (
                path.suffix in (".pt", ".css", ".js", ".txt")
                and "locale" not in path.parts
            ):
                yield path


def test_no_template_or_stylesheet_loads_from_another_host():
    offenders = []
    for path in shipped_sources():
        text = path.read_text("utf-8")
        urls = URL_ATTRIBUTE.findall(text)
        urls += re.findall(r"""url\(\s*["']?([^"')]+)""", text)
        urls += re.findall(r"""@import\s+["']([^"']+)""", text)
        offenders += [f"{path}: {url}" for url in urls if ABSOLUTE_URL.match(url)]
    assert offenders == []


def test_the_check_finds_a_cdn_link():
    sample = '<script src="https://cdn.example.org/htmx.js"></script>'
    assert [u for u in URL_ATTRIBUTE.findall(sample) if ABSOLUTE_URL.match(u)]
    assert not ABSOLUTE_URL.match("${h.static('relais.js')}")
