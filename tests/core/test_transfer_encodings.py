"""Files that name no charset are read in the code page their bytes fit."""

import pytest

from core.transfer.decoding import decode, single_byte_encoding
from core.transfer.vcard import read_vcards


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Société Générale;Zoé;Noël;Hélène;garçon", "cp1252"),
        ("L'Haÿ-les-Roses;Œuvre;Cœur", "cp1252"),
        ("Lech Wałęsa;Białystok;Łódź", "cp1250"),
        ("Piotr Iksiński;Kraków", "cp1250"),
        ("Peña;España;Muñoz", "cp1252"),
    ],
)
def test_single_byte_code_page(text, encoding):
    data = text.encode(encoding)
    assert single_byte_encoding(data) == encoding
    assert decode(data).text == text


def first_row(data: bytes) -> dict:
    table = read_vcards(data)
    return dict(zip(table.headers, table.rows[0][1], strict=True))


def card(lines: list[str], encoding: str) -> bytes:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:2.1", *lines, "END:VCARD", ""]).encode(
        encoding
    )


def test_polish_card_in_raw_cp1250():
    data = card(
        ["N:Wałęsa;Lech", "ORG:Stocznia Gdańska", "TEL;CELL:+48601234567"], "cp1250"
    )
    assert read_vcards(data).encoding == "cp1250"
    row = first_row(data)
    assert (row["contact.last_name"], row["company.name"]) == (
        "Wałęsa",
        "Stocznia Gdańska",
    )


def test_french_card_in_cp1252_stays_cp1252():
    data = card(["N:Noël;Hélène", "ORG:Régie Sud"], "cp1252")
    row = first_row(data)
    assert (row["contact.last_name"], row["contact.first_name"]) == ("Noël", "Hélène")
    assert row["company.name"] == "Régie Sud"


def test_a_declared_charset_wins_over_the_file():
    # One value says ISO-8859-2, the others are UTF-8.
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=ISO-8859-2;ENCODING=QUOTED-PRINTABLE:=A3=F3d=BC;Anna\r\n"
        + "ORG:Société Générale\r\n".encode()
        + b"END:VCARD\r\n"
    )
    row = first_row(data)
    assert row["contact.last_name"] == "Łódź"
    assert row["company.name"] == "Société Générale"
