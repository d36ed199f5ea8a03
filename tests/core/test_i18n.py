"""French interface by default, English per user or per browser, full catalogs."""

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from core.settings import load_core_settings
from core.testing import TEST_SECRET, sign_in

LOCALE = Path(__file__).resolve().parents[2] / "core" / "locale"
POT = LOCALE / "relais.pot"
LOCALES = ("fr", "en")


def catalog(path: Path, locale=None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def po_path(locale: str) -> Path:
    return LOCALE / locale / "LC_MESSAGES" / "relais.po"


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\$\{[^}]*\}", text))


def forms(value) -> tuple:
    """The forms of a msgid or msgstr: one, or one per plural form."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def messages(cat) -> dict:
    return {forms(message.id): forms(message.string) for message in cat if message.id}


def test_every_message_has_a_french_translation():
    template = catalog(POT)
    french = catalog(po_path("fr"), "fr")

    wanted = {forms(message.id) for message in template if message.id}
    assert wanted, "the template catalog is empty"
    translated = messages(french)
    missing = sorted(msgid for msgid in wanted if not all(translated.get(msgid, [""])))
    assert missing == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogs_follow_the_template_without_fuzzy_entries(locale):
    template = {forms(message.id) for message in catalog(POT) if message.id}
    cat = catalog(po_path(locale), locale)

    assert {forms(message.id) for message in cat if message.id} == template
    assert [message.id for message in cat if message.id and message.fuzzy] == []
    assert list(cat.obsolete) == []


def test_french_keeps_the_placeholders_of_each_message():
    for message in catalog(po_path("fr"), "fr"):
        if message.id:
            wanted = placeholders(forms(message.id)[-1])
            for text in forms(message.string):
                assert placeholders(text) == wanted, message.id


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_matches_its_source(locale, tmp_path):
    """The committed .mo is what compiling the committed .po gives."""
    source = catalog(po_path(locale), locale)
    fresh = tmp_path / "relais.mo"
    with fresh.open("wb") as handle:
        write_mo(handle, source)

    committed_path = po_path(locale).with_suffix(".mo")
    with committed_path.open("rb") as handle:
        committed = messages(read_mo(handle))
    with fresh.open("rb") as handle:
        compiled = messages(read_mo(handle))
    assert committed == compiled


def test_french_is_the_default_locale():
    settings = load_core_settings(
        {"sqlalchemy.url": "sqlite://", "relais.secret": TEST_SECRET}
    )
    assert settings["relais.default_locale"] == "fr"


@pytest.fixture
def french_default(make_app):
    """The application as shipped: French unless someone asks otherwise."""
    return make_app(**{"relais.default_locale": "fr"})


def test_sign_in_page_is_french_by_default(french_default):
    app = french_default
    page = app.get("/login")
    assert page.html.select_one("html")["lang"] == "fr"
    assert page.html.select_one("h1").get_text() == "Se connecter"
    assert "Mot de passe oublié" in page.text


def test_browser_asking_for_english_gets_english(french_default):
    app = french_default
    page = app.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})
    assert page.html.select_one("html")["lang"] == "en"
    assert page.html.select_one("h1").get_text() == "Sign in"
    assert "Forgotten password?" in page.text


def test_browser_asking_for_an_unknown_language_gets_the_default(french_default):
    app = french_default
    page = app.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert page.html.select_one("h1").get_text() == "Se connecter"


def test_default_locale_setting_applies_to_anonymous_pages(make_app):
    app = make_app(**{"relais.default_locale": "en"})
    assert app.get("/login").html.select_one("h1").get_text() == "Sign in"


def test_user_locale_wins_over_the_browser(app, factories):
    english = factories.user(locale="en")
    sign_in(app, english.email)

    home = app.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert home.html.select_one("html")["lang"] == "en"
    assert home.html.select_one('[data-entry="logout"]').get_text() == "Sign out"


def test_french_user_keeps_french_with_an_english_browser(app, factories):
    french = factories.user(locale="fr")
    sign_in(app, french.email)

    home = app.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert home.html.select_one("html")["lang"] == "fr"
    assert home.html.select_one('[data-entry="logout"]').get_text() == "Se déconnecter"


def test_error_pages_and_messages_are_translated(french_default, factories):
    app = french_default
    missing = app.get("/nowhere", status=404)
    assert missing.html.select_one("h1").get_text() == "Page introuvable"

    user = factories.user(locale="fr")
    response = sign_in(app, user.email, "not the password")
    assert "Adresse e-mail ou mot de passe incorrect." in response.text


def test_a_message_inside_a_message_is_translated_too(app, factories):
    """The import names the refused field in French within the French sentence."""
    import webtest

    french = factories.user(locale="fr")
    sign_in(app, french.email)
    form = app.get("/import").forms["import-upload"]
    data = "Société;Nom\nRégie <b>grasse</b>;Doe\n".encode()
    form["file"] = webtest.Upload("contacts.csv", data)
    preview = form.submit().follow()
    report = preview.forms["import-preview"].submit("step", value="dry-run")

    row = report.html.find(attrs={"data-line": "2"})
    assert "raison sociale ne peut pas contenir de balises HTML." in row.text
    assert "Company" not in row.text


def test_the_template_catalog_holds_every_message_of_the_sources(tmp_path):
    """`make i18n` has been run: a message added since is not left in English.

    Extraction also fails on an expression lingua cannot read, which would
    stop the next `make i18n` for everyone.
    """
    import subprocess
    import sys

    root = LOCALE.parents[1]
    # The same files as scripts/i18n.sh: no static files, no test helpers.
    paths = [
        path.relative_to(root)
        for folder in ("core", "plugins", "themes")
        for path in (root / folder).rglob("*")
        if path.is_file()
    ]
    files = sorted(
        str(path)
        for path in paths
        if path.parts[:2] not in (("core", "static"), ("core", "testing"))
        and "__pycache__" not in path.parts
        and (
            path.suffix in (".py", ".pt")
            or (path.suffix == ".txt" and "templates" in path.parts)
        )
    )
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(files))
    fresh = tmp_path / "relais.pot"
    pot_create = Path(sys.executable).parent / "pot-create"
    subprocess.run(
        [
            pot_create,
            "--config",
            str(LOCALE / "lingua.cfg"),
            "--files-from",
            str(listing),
            "--output",
            str(fresh),
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    extracted = {message.id for message in catalog(fresh) if message.id}
    committed = {message.id for message in catalog(POT) if message.id}
    assert len(extracted) > 1000
    assert sorted(extracted - committed) == []
