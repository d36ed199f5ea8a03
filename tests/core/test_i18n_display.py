"""What the French interface shows around its messages: counts, numbers, units."""

import json
from pathlib import Path

import pytest

from core.documents.services import DocumentProblem, check_file
from core.i18n import _, make_localizer, plural_translator
from core.lists import services as lists
from core.lists.models import ListCriteria
from core.testing import sign_in
from core.web.editor import toolbar_titles
from core.web.layout import PageHelpers

LOCALE = Path(__file__).resolve().parents[2] / "core" / "locale"
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def localizer(locale: str):
    return make_localizer(locale, [str(LOCALE)])


def shown(text: str) -> str:
    """The text as a reader sees it: non-breaking spaces are spaces."""
    return text.translate(SPACES)


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("fr", 0, "0 résultat"),
        ("fr", 1, "1 résultat"),
        ("fr", 2, "2 résultats"),
        ("en", 0, "0 results"),
        ("en", 1, "1 result"),
        ("en", 2, "2 results"),
    ],
)
def test_a_count_takes_the_form_its_number_asks_for(locale, count, expected):
    ngettext = plural_translator(localizer(locale))
    assert ngettext("${n} result", "${n} results", count) == expected


def test_long_numbers_in_messages_are_grouped_the_french_way():
    french = localizer("fr")
    message = _("${max} characters at most.", mapping={"max": 10_000})
    assert shown(french.translate(message)) == "10 000 caractères au plus."
    year = _("Page ${page}", mapping={"page": 2026})
    assert french.translate(year) == "Page 2026"
    english = localizer("en")
    assert english.translate(message) == "10,000 characters at most."


def test_the_rich_text_toolbar_speaks_french():
    titles = json.loads(toolbar_titles(localizer("fr")))
    assert titles["bold"] == "Gras"
    assert titles["italic"] == "Italique"
    assert titles["strike"] == "Barré"
    assert titles["link"] == "Lien"
    assert titles["unlink"] == "Supprimer le lien"


def test_attachment_sizes_use_the_french_unit_and_comma():
    class Request:
        pass

    request = Request()
    request.localizer = localizer("fr")
    assert PageHelpers(request).megabytes(1_572_864) == "1,5"
    size = _("${size} MB", mapping={"size": "1,5"})
    assert shown(request.localizer.translate(size)) == "1,5 Mo"


def test_a_mislabelled_text_file_is_named_by_its_format():
    with pytest.raises(DocumentProblem) as refused:
        check_file("notes.pdf", b"plain words\n", 1_000_000)
    french = localizer("fr").translate(refused.value.message)
    assert "le contenu est TXT" in french
    assert "text" not in french


def test_the_criteria_history_keeps_a_code_worded_when_shown(dbsession, factories):
    owner = factories.user()
    record_list = lists.create_list(dbsession, owner, "Salon", "company", criteria={})
    dbsession.flush()

    (version,) = lists.criteria_history(dbsession, record_list)
    assert version.note == lists.CREATED
    french = localizer("fr")
    assert french.translate(lists.criteria_note(version.note)) == "Création"
    assert french.translate(lists.criteria_note("Created")) == "Création"
    assert dbsession.get(ListCriteria, version.id).note == "created"


def test_the_plugins_page_describes_the_plugins_in_french(make_app, factories):
    app = make_app()
    admin = factories.user(profile="admin", locale="fr")
    sign_in(app, admin.email)
    page = app.get("/admin/plugins")

    row = page.html.select_one('tr[data-plugin="reporting"]')
    title = shown(row.find("small").get_text())
    assert title == "Reporting : rapports à la demande et programmés en PDF et XLSX."


def test_the_follow_up_delay_says_one_day_in_the_singular():
    ngettext = plural_translator(localizer("fr"))
    single = ngettext(
        "Left empty, the follow-up comes ${n} day after the start.",
        "Left empty, the follow-up comes ${n} days after the start.",
        1,
    )
    assert single == "Laissée vide, la relance vient 1 jour après le début."


def test_a_french_list_page_spaces_its_colons_and_words_its_history(
    app, dbsession, factories
):
    owner = factories.user(locale="fr")
    record_list = lists.create_list(dbsession, owner, "Salon", "company", criteria={})
    lists.add_records(dbsession, record_list, [factories.company("Régie").id])
    dbsession.flush()
    sign_in(app, owner.email)
    page = app.get(f"/lists/{record_list.id}")

    no_info = page.html.find("li", attrs={"data-info-count": ""})
    assert shown(no_info.get_text()) == "Sans info : 1"
    history = page.html.select_one(".criteria-history li")
    assert history.get_text().endswith("· Création")
