"""I-02: a UTF-8 byte-order mark does not stick to the first column."""

import webtest

from core.transfer.tables import read_csv


def test_first_column_is_clean():
    table = read_csv(b"\xef\xbb\xbfSoci\xc3\xa9t\xc3\xa9;E-mail\nAgence;a@b.fr\n")
    assert table.headers == ["Société", "E-mail"]


def test_mapped_like_the_others_and_unmapped_columns_listed(signed_in):
    form = signed_in.get("/import").forms["import-upload"]
    data = b"\xef\xbb\xbfSoci\xc3\xa9t\xc3\xa9;E-mail;Humeur\nAgence;a@agence.fr;ok\n"
    form["file"] = webtest.Upload("bom.csv", data)
    preview = form.submit().follow()
    form = preview.forms["import-preview"]
    assert form["map.0"].value == "company.name"
    assert form["map.1"].value == "contact.email"
    assert form["map.2"].value == ""
    unmapped = preview.html.find(attrs={"data-unmapped": ""})
    assert [tag.text for tag in unmapped.find_all(class_="tag")] == ["Humeur"]
