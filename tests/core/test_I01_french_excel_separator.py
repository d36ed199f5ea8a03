"""I-01: a French Excel CSV is cut on semicolons; one column is refused."""

import webtest

from core.transfer.tables import FileRefused, read_csv


def test_semicolons_give_three_columns():
    data = "Société;Contact;Téléphone\r\nAgence Exemple;Zoé Bernard;01 23 45 67 89\r\n"
    table = read_csv(data.encode("cp1252"))
    assert table.delimiter == ";"
    assert table.headers == ["Société", "Contact", "Téléphone"]
    assert table.rows == [(2, ["Agence Exemple", "Zoé Bernard", "01 23 45 67 89"])]


def test_one_column_is_refused_with_the_separator_to_choose(signed_in):
    page = signed_in.get("/import")
    form = page.forms["import-upload"]
    form["file"] = webtest.Upload(
        "export.csv", "Société:Contact\nAgence Exemple:Zoé\n".encode()
    )
    preview = form.submit().follow()
    error = preview.html.find(attrs={"data-error": "file"}).text
    assert "Only one column was found" in error
    assert "semicolon" in error
    # The separator can be chosen and the file read again.
    assert preview.html.find("select", id="f-delimiter") is not None


def test_the_import_maps_company_contact_and_phone(signed_in, dbsession):
    from sqlalchemy import select

    from core.directory.models import Contact

    page = signed_in.get("/import")
    form = page.forms["import-upload"]
    data = "Société;Contact;Téléphone\r\nAgence Exemple;Zoé Bernard;01 23 45 67 89\r\n"
    form["file"] = webtest.Upload("export.csv", data.encode("cp1252"))
    preview = form.submit().follow()
    form = preview.forms["import-preview"]
    assert form["map.0"].value == "company.name"
    assert form["map.1"].value == "contact.full_name"
    assert form["map.2"].value == "contact.phone"
    report = form.submit("step", value="dry-run")
    assert report.html.find(attrs={"data-count": "create"}).text == "1"
    done = report.forms["import-preview"].submit("step", value="import").follow()
    assert done.html.find(attrs={"data-import-result": "done"}) is not None
    zoe = dbsession.scalar(select(Contact).where(Contact.last_name == "Bernard"))
    assert zoe.first_name == "Zoé"
    assert zoe.phone == "+33123456789"
    assert zoe.company.name == "Agence Exemple"


def test_refusal_is_a_clear_error(signed_in):
    try:
        read_csv(b"just one column\nanother\n")
    except FileRefused as exc:
        assert "separator" in exc.message.interpolate()
    else:
        raise AssertionError("a one-column file was accepted")
