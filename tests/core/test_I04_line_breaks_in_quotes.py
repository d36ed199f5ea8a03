"""I-04: a line break inside quotes stays in its cell."""

from core.transfer.tables import read_csv


def test_two_records_and_the_note_keeps_its_line_break():
    data = 'Société;Note\r\n"Agence Exemple";"ligne 1\nligne 2"\r\nMartin;ok\r\n'
    data = data.encode()
    table = read_csv(data)
    assert table.headers == ["Société", "Note"]
    assert [cells for _line, cells in table.rows] == [
        ["Agence Exemple", "ligne 1\nligne 2"],
        ["Martin", "ok"],
    ]
    # Line numbers are those of an editor: the quoted break adds one.
    assert [line for line, _cells in table.rows] == [2, 4]
