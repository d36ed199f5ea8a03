"""Themes: the shipped ones, a deployment's own folder, mistakes that stop start-up."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from core.app import make_wsgi_app
from core.settings import SettingError
from core.testing import base_settings, sign_in

THEMES = Path(__file__).resolve().parents[2] / "themes"
MARINE_PRIMARY = "#0b3c5d"
DEFAULT_PRIMARY = "#1f5f8b"


def home_of(app, factories):
    user = factories.user(first_name="Léa", locale="fr")
    sign_in(app, user.email)
    return app.get("/")


def path_of(url: str) -> str:
    return urlsplit(url).path


def theme_style(page) -> str:
    return page.html.select_one("head style").get_text()


def write_theme(root: Path, name: str, toml: str, files: dict | None = None) -> Path:
    folder = root / name
    (folder / "static").mkdir(parents=True)
    (folder / "theme.toml").write_text(toml, "utf-8")
    for relative, content in (files or {}).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, "utf-8")
    return folder


def test_marine_overrides_home_logo_colours_and_stylesheet(make_app, factories):
    app = make_app(**{"relais.theme": "marine"})
    page = home_of(app, factories)

    assert page.html.select_one('[data-theme="marine"].marine-welcome')
    assert "Bienvenue à bord de la régie." in page.text
    assert "Léa" in page.html.select_one("h1").get_text()
    assert f"--primary: {MARINE_PRIMARY};" in theme_style(page)
    assert page.html.select_one("title").get_text().endswith("Relais · Groupe Marine")

    logo = page.html.select_one("img.brand-logo")["src"]
    served = app.get(path_of(logo))
    assert served.content_type == "image/svg+xml"
    assert served.body == (THEMES / "marine/static/logo.svg").read_bytes()

    sheets = [link["href"] for link in page.html.select('link[rel="stylesheet"]')]
    assert len(sheets) == 2 and sheets[1].endswith("/marine.css")
    assert b"--accent" in app.get(path_of(sheets[1])).body


def test_default_theme_keeps_the_core_home(app, factories):
    page = home_of(app, factories)

    assert page.html.select_one(".marine-welcome") is None
    assert "Bienvenue à bord" not in page.text
    assert f"--primary: {DEFAULT_PRIMARY};" in theme_style(page)
    assert MARINE_PRIMARY not in page.text
    sheets = [link["href"] for link in page.html.select('link[rel="stylesheet"]')]
    assert len(sheets) == 1 and sheets[0].endswith("/static/relais.css")
    logo = page.html.select_one("img.brand-logo")["src"]
    assert (
        app.get(path_of(logo)).body == (THEMES / "default/static/logo.svg").read_bytes()
    )


def test_marine_falls_back_to_core_templates_it_does_not_override(make_app, factories):
    app = make_app(**{"relais.theme": "marine", "relais.default_locale": "fr"})
    login = app.get("/login")
    assert login.html.select_one("h1").get_text() == "Se connecter"
    assert path_of(login.html.select_one("img.auth-logo")["src"]).startswith("/theme/")

    user = factories.user()
    sign_in(app, user.email)
    account = app.get("/account")
    assert account.html.select_one('[data-theme="marine"].marine-welcome') is None
    assert account.html.select_one("body")["data-theme"] == "marine"


def test_theme_from_the_deployment_folder_overrides_one_template(
    make_app, factories, tmp_path
):
    write_theme(
        tmp_path,
        "acme",
        'title = "Acme CRM"\n[colours]\nprimary = "#123"\n',
        {
            "templates/error.pt": (
                "<!DOCTYPE html>\n<p class='acme-error'>${_(title)}</p>\n"
            )
        },
    )
    app = make_app(
        **{
            "relais.theme": "acme",
            "relais.theme.folder": str(tmp_path),
            "relais.default_locale": "fr",
        }
    )

    missing = app.get("/nowhere", status=404)
    assert missing.html.select_one("p.acme-error").get_text() == "Page introuvable"

    page = home_of(app, factories)
    assert page.html.select_one("title").get_text() == "Accueil · Acme CRM"
    assert "--primary: #123;" in theme_style(page)
    assert page.html.select_one("img.brand-logo") is None
    assert page.html.select_one("nav#main-menu")


def start(mail_sink, **settings):
    return make_wsgi_app(base_settings("sqlite://", mail_sink, **settings))


def test_unknown_theme_stops_start_up(mail_sink):
    with pytest.raises(SettingError) as error:
        start(mail_sink, **{"relais.theme": "nautilus"})
    assert error.value.name == "relais.theme"
    message = str(error.value)
    assert "relais.theme" in message and "nautilus" in message
    assert "default" in message and "marine" in message


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ('[colours]\nprimary = "blue"\n', "bad colour primary"),
        ('[colours]\naccent = "#12345"\n', "bad colour accent"),
        ("[colours]\nprimary = 255\n", "bad colour primary"),
        ('[colours]\nshadow = "#000"\n', "unknown colour 'shadow'"),
        ('logo = "missing.svg"\n', "logo 'missing.svg' is not a file"),
        ('titel = "Typo"\n', "unknown key(s) in theme.toml: titel"),
        ("title = \n", "not valid TOML"),
    ],
)
def test_bad_theme_file_stops_start_up(mail_sink, tmp_path, toml, complaint):
    write_theme(tmp_path, "broken", toml)
    with pytest.raises(SettingError) as error:
        start(
            mail_sink,
            **{"relais.theme": "broken", "relais.theme.folder": str(tmp_path)},
        )
    assert error.value.name == "relais.theme"
    assert str(error.value).startswith("setting relais.theme: theme 'broken': ")
    assert complaint in str(error.value)


def test_missing_theme_folder_stops_start_up(mail_sink, tmp_path):
    with pytest.raises(SettingError) as error:
        start(mail_sink, **{"relais.theme.folder": str(tmp_path / "absent")})
    assert error.value.name == "relais.theme.folder"


def test_shipped_themes_are_valid():
    from core.themes import available_themes, load_theme, theme_roots

    names = available_themes(theme_roots(None))
    assert list(names) == ["default", "marine"]
    for name in names:
        theme = load_theme(name)
        assert theme.logo and theme.colours["primary"].startswith("#")
