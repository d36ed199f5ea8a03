"""The import pages: preview, dry run per row, one transaction."""

import pytest
import webtest
from sqlalchemy import func, select

from core.directory.models import Company, Contact
from core.transfer import importing
from core.transfer.models import ImportJob


def upload(app, name: str, data: bytes):
    form = app.get("/import").forms["import-upload"]
    form["file"] = webtest.Upload(name, data)
    return form.submit().follow()


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def test_dry_run_reports_each_row_and_saves_nothing(signed_in, dbsession, factories):
    existing = factories.company("Agence Exemple", phone="+33123456789")
    factories.contact(
        existing, first_name="", last_name="Martin", email="paul.martin@agence.example"
    )
    data = (
        "Société;Prénom;Nom;E-mail;Fonction\n"
        "Agence Exemple;Paul;Martin;paul.martin@agence.example;Directeur\n"
        "Nouvelle Régie;Zoé;Bernard;pas-une-adresse;\n"
        ";;;;\n"
        "Régie <b>grasse</b>;Jean;Doe;;\n"
        "Nouvelle Régie;Léa;Petit;lea.petit@regie.example;\n"
    )
    preview = upload(signed_in, "contacts.csv", data.encode())
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    lines = report.html.find_all(attrs={"data-line": True})
    rows = {int(tr["data-line"]): tr for tr in lines}
    assert rows[2]["data-status"] == "update"
    # A value the directory refuses is not dropped: the row is refused.
    assert rows[3]["data-status"] == "reject"
    assert "pas-une-adresse" in rows[3].text and "not valid" in rows[3].text
    assert rows[6]["data-status"] == "create"
    assert rows[5]["data-status"] == "reject"
    assert "HTML" in rows[5].text
    # The empty line 4 is not a row at all.
    assert 4 not in rows
    assert count(dbsession, Company) == 1
    assert count(dbsession, Contact) == 1

    done = report.forms["import-preview"].submit("step", value="import").follow()
    assert done.html.find(attrs={"data-count": "create"}).text == "1"
    martin = dbsession.scalar(select(Contact).where(Contact.last_name == "Martin"))
    dbsession.refresh(martin)
    # The existing contact gets what it lacked; nothing of it is overwritten.
    assert martin.first_name == "Paul"
    assert martin.title == "Directeur"
    assert count(dbsession, Company) == 2
    assert (
        dbsession.scalar(select(Contact).where(Contact.last_name == "Bernard")) is None
    )
    lea = dbsession.scalar(select(Contact).where(Contact.last_name == "Petit"))
    assert lea.email == "lea.petit@regie.example"
    assert lea.company.name == "Nouvelle Régie"
    assert lea.company.owners == [signed_in.user]


def test_same_company_twice_in_the_file_is_created_once(dbsession, factories):
    from core.transfer.testing import import_bytes

    data = "Société;Nom\nRadio Sud;Alpha\nRADIO SUD;Beta\n"
    plan, applied = import_bytes(dbsession, factories.user(), data.encode())
    assert len(applied.companies) == 1
    alpha, beta = (
        dbsession.scalar(select(Contact).where(Contact.last_name == n))
        for n in ("Alpha", "Beta")
    )
    assert alpha.company_id == beta.company_id


def test_a_failure_on_row_9000_leaves_nothing(signed_in, dbsession, monkeypatch):
    lines = ["Société;Prénom;Nom;E-mail"]
    lines += [
        f"Société {n};Zoé;Bernard{n};zoe{n}@societe{n}.example" for n in range(10_000)
    ]
    preview = upload(signed_in, "big.csv", "\n".join(lines).encode())
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    assert report.html.find(attrs={"data-count": "create"}).text == "10000"

    write_row = importing.Importer.row

    def failing(self, plan):
        if plan.line == 9_001:
            raise RuntimeError("disk full")
        write_row(self, plan)

    monkeypatch.setattr(importing.Importer, "row", failing)
    result = report.forms["import-preview"].submit("step", value="import").follow()
    assert result.html.find(attrs={"data-import-result": "failed"}) is not None
    assert "nothing was saved" in result.text
    assert count(dbsession, Company) == 0
    assert count(dbsession, Contact) == 0
    job = dbsession.scalar(select(ImportJob))
    assert job.status == "failed"


def test_someone_else_cannot_open_my_import(signed_in, make_app, factories):
    from core.testing import sign_in

    preview = upload(signed_in, "a.csv", b"Nom;Prenom\nA;B\n")
    other = make_app()
    intruder = factories.user()
    sign_in(other, intruder.email)
    other.get(preview.request.path, status=403)


def test_xlsx_import(dbsession, factories):
    import io

    from openpyxl import Workbook

    from core.transfer.testing import import_bytes

    book = Workbook()
    sheet = book.active
    sheet.append(["Société", "Nom", "Prénom", "Code postal"])
    sheet.append(["Éditions Alpha", "Durand", "Zoé", 1000])
    buffer = io.BytesIO()
    book.save(buffer)
    import_bytes(dbsession, factories.user(), buffer.getvalue(), "liste.xlsx")
    durand = dbsession.scalar(select(Contact).where(Contact.last_name == "Durand"))
    assert durand.company.name == "Éditions Alpha"
    # A postcode typed as a number lost its zero in Excel: it comes back.
    assert durand.default_address.postcode == "01000"


def test_import_result_names_each_rejected_row_and_why(signed_in, dbsession):
    data = (
        "Société;Prénom;Nom\n"
        "Radio Nord;Léa;Petit\n"
        "Régie <i>Sud</i>;Jean;Doe\n"
        ";;\n"
        "Radio Ouest;Marc;Leroy\n"
        "Presse Est;Ana;" + "x" * 130 + "\n"
    )
    preview = upload(signed_in, "rejets.csv", data.encode())
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    done = report.forms["import-preview"].submit("step", value="import").follow()

    result = done.html.find(attrs={"data-import-result": "done"})
    assert result.find(attrs={"data-count": "create"}).text == "2"
    assert result.find(attrs={"data-count": "update"}).text == "0"
    assert result.find(attrs={"data-count": "reject"}).text == "2"
    lines = result.find_all(attrs={"data-line": True})
    rows = {int(tr["data-line"]): tr for tr in lines}
    # Only the rejected rows, numbered as in the file (the header is line 1).
    assert sorted(rows) == [3, 6]
    assert "HTML" in rows[3].text and "Régie <i>Sud</i>" in rows[3].text
    assert "longer than 120 characters" in rows[6].text
    assert count(dbsession, Company) == 2


def test_the_result_of_an_import_can_be_reopened_from_the_history(signed_in, dbsession):
    data = "Société;Nom\nRadio Nord;Petit\nRégie <b>Sud</b>;Doe\n"
    preview = upload(signed_in, "rejets.csv", data.encode())
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    report.forms["import-preview"].submit("step", value="import")

    job = dbsession.scalar(select(ImportJob))
    dbsession.refresh(job)
    assert job.summary["reject"] == 1
    assert [row["line"] for row in job.summary["rejected_rows"]] == [3]

    history = signed_in.get("/import").html.find(attrs={"data-import-history": True})
    entry = history.find(attrs={"data-job": str(job.id)})
    assert entry["data-status"] == "done"
    again = signed_in.get(entry.find("a")["href"])
    line = again.html.find(attrs={"data-line": "3"})
    assert line["data-status"] == "reject" and "HTML" in line.text


def test_a_reopened_result_speaks_the_language_of_its_reader(
    signed_in, dbsession, factories
):
    data = "Société;Nom\nRégie <b>Sud</b>;Doe\nRadio Nord;Petit\n"
    preview = upload(signed_in, "rejets.csv", data.encode())
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    done = report.forms["import-preview"].submit("step", value="import").follow()
    assert "cannot contain HTML tags" in done.html.find(attrs={"data-line": "2"}).text

    signed_in.user.locale = "fr"
    dbsession.flush()
    french = signed_in.get(done.request.path)
    line = french.html.find(attrs={"data-line": "2"})
    assert "HTML" in line.text and "cannot contain" not in line.text


def test_someone_else_does_not_see_my_imports_in_the_history(
    signed_in, make_app, factories
):
    from core.testing import sign_in

    upload(signed_in, "a.csv", b"Nom;Prenom\nA;B\n")
    other = make_app()
    sign_in(other, factories.user().email)
    assert other.get("/import").html.find(attrs={"data-import-history": True}) is None


@pytest.mark.parametrize("failing_line", [2, 26, 51])
def test_a_failure_on_any_row_leaves_nothing_and_is_kept_as_failed(
    signed_in, dbsession, monkeypatch, failing_line
):
    lines = ["Société;Nom"] + [f"Société {n};Nom{n}" for n in range(50)]
    lines.append("Régie <b>Sud</b>;Doe")
    preview = upload(signed_in, "fichier.csv", "\n".join(lines).encode())
    report = preview.forms["import-preview"].submit("step", value="dry-run")
    write_row = importing.Importer.row

    def failing(self, plan):
        if plan.line == failing_line:
            raise RuntimeError("disk full")
        write_row(self, plan)

    monkeypatch.setattr(importing.Importer, "row", failing)
    result = report.forms["import-preview"].submit("step", value="import").follow()
    assert result.html.find(attrs={"data-import-result": "failed"}) is not None
    # No list of rejected rows for an import that saved nothing.
    assert result.html.find(attrs={"data-line": True}) is None
    assert count(dbsession, Company) == 0
    assert count(dbsession, Contact) == 0
    history = signed_in.get("/import").html.find(attrs={"data-import-history": True})
    assert history.find(attrs={"data-status": "failed"}) is not None
