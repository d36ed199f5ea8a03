"""I-03: the same row in UTF-8 and cp1252 imports to the same values."""

import webtest

from core.transfer.tables import read_csv

ROW = "Société;Prénom;Nom\nSociété Générale;Zoé;Noël\n"


def test_both_encodings_read_the_same():
    utf8 = read_csv(ROW.encode("utf-8"))
    cp1252 = read_csv(ROW.encode("cp1252"))
    assert utf8.rows == cp1252.rows == [(2, ["Société Générale", "Zoé", "Noël"])]
    assert (utf8.encoding, cp1252.encoding) == ("utf-8", "cp1252")
    assert not utf8.notices and not cp1252.notices


def test_latin1_bytes_outside_cp1252_are_read_too():
    # 0x81 is undefined in cp1252; Latin-1 reads every byte.
    table = read_csv("Société;Nom\nA\x81;Noël\n".encode("latin-1"))
    assert table.encoding == "latin-1"
    assert table.rows[0][1][1] == "Noël"


def test_double_encoded_file_is_pointed_out(signed_in):
    mangled = ROW.encode("utf-8").decode("cp1252").encode("utf-8")
    form = signed_in.get("/import").forms["import-upload"]
    form["file"] = webtest.Upload("twice.csv", mangled)
    preview = form.submit().follow()
    notice = preview.html.find(attrs={"data-notice": ""})
    assert "encoded twice" in notice.text


def test_no_mojibake_after_import(dbsession, factories):
    from sqlalchemy import select

    from core.directory.models import Contact
    from core.transfer.testing import import_bytes

    user = factories.user()
    import_bytes(dbsession, user, ROW.encode("cp1252"))
    import_bytes(
        dbsession, user, ROW.replace("Zoé;Noël", "Zoé;Noël-Bis").encode("utf-8")
    )
    names = sorted(c.last_name for c in dbsession.scalars(select(Contact)))
    assert names == ["Noël", "Noël-Bis"]
    companies = {c.company.name for c in dbsession.scalars(select(Contact))}
    assert companies == {"Société Générale"}
