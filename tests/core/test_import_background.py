"""Large imports: run by the worker in one transaction, followed on their page."""

import datetime as dt

import pytest
import webtest
from sqlalchemy import func, select

from core.directory.models import Company, Contact
from core.notifications.models import Notification
from core.testing import sign_in
from core.transfer import background, importing
from core.transfer.models import ImportJob

# Above three rows an import goes to the worker (2,000 by default).
SMALL = {background.INLINE_ROWS: "3"}


@pytest.fixture
def client(make_app, factories):
    app = make_app(**SMALL)
    user = factories.user(profile="salesperson")
    sign_in(app, user.email)
    factories.dbsession.refresh(user)
    app.user = user
    return app


def csv_of(count: int, start: int = 0) -> bytes:
    lines = ["Société;Prénom;Nom;E-mail"]
    lines += [
        f"Société {n};Zoé;Bernard{n};zoe{n}@societe{n}.example"
        for n in range(start, start + count)
    ]
    return "\n".join(lines).encode()


def checked(app, data: bytes, name: str = "contacts.csv"):
    """The page after upload and dry run, with its Import button."""
    form = app.get("/import").forms["import-upload"]
    form["file"] = webtest.Upload(name, data)
    preview = form.submit().follow()
    return preview.forms["import-preview"].submit("step", value="dry-run")


def count(dbsession, model) -> int:
    return dbsession.scalar(select(func.count()).select_from(model))


def the_job(dbsession) -> ImportJob:
    dbsession.expire_all()
    return dbsession.scalar(select(ImportJob))


def test_a_small_import_still_runs_in_the_page(client, dbsession):
    report = checked(client, csv_of(3))
    done = report.forms["import-preview"].submit("step", value="import").follow()
    assert "Import done: 3 rows created" in done.text
    assert the_job(dbsession).status == "done"
    assert count(dbsession, Contact) == 3
    # Nothing to be told afterwards: the page said it.
    assert count(dbsession, Notification) == 0


def test_a_large_import_runs_in_the_worker_and_notifies(client, dbsession):
    data = csv_of(5) + b"\n;;Sans adresse;pas-une-adresse"
    report = checked(client, data)
    answer = report.forms["import-preview"].submit("step", value="import")
    assert answer.status_int == 303
    page = answer.follow()
    assert "The import of 6 rows has started" in page.text

    # Tests run tasks as soon as the request has committed.
    job = the_job(dbsession)
    assert job.status == "done"
    assert count(dbsession, Contact) == 5
    assert count(dbsession, Company) == 5
    assert len(job.summary["contacts"]) == 5
    result = page.html.find(attrs={"data-import-result": "done"})
    assert result.find(attrs={"data-count": "create"}).text == "5"
    assert result.find(attrs={"data-count": "reject"}).text == "1"
    rejected = result.find(attrs={"data-line": "7"})
    assert rejected["data-status"] == "reject"
    assert "not valid" in rejected.text
    bernard = dbsession.scalar(select(Contact).where(Contact.last_name == "Bernard0"))
    assert bernard.company.owners == [client.user]

    notification = dbsession.scalar(select(Notification))
    assert (notification.user_id, notification.event, notification.summary) == (
        client.user.id,
        "import_done",
        "contacts.csv",
    )
    assert notification.link == f"/import/{job.id}"
    centre = client.get("/notifications")
    assert "Your import is done" in centre.text
    # The history of imports lists it as done.
    history = client.get("/import").html.find(attrs={"data-job": str(job.id)})
    assert history["data-status"] == "done"


def test_a_failure_in_the_worker_leaves_nothing_and_notifies(
    client, dbsession, factories, monkeypatch
):
    existing = factories.company("Société 1")
    dbsession.flush()
    report = checked(client, csv_of(50))
    write_row = importing.Importer.row

    def failing(self, plan):
        if plan.line == 45:
            raise RuntimeError("disk full")
        write_row(self, plan)

    monkeypatch.setattr(importing.Importer, "row", failing)
    page = report.forms["import-preview"].submit("step", value="import").follow()
    assert page.html.find(attrs={"data-import-result": "failed"}) is not None
    assert "nothing was saved" in page.text
    # The base is as it was: the one company there before, nothing else.
    assert list(dbsession.scalars(select(Company.id))) == [existing.id]
    assert count(dbsession, Contact) == 0
    job = the_job(dbsession)
    assert job.status == "failed"
    notification = dbsession.scalar(select(Notification))
    assert (notification.event, notification.link) == (
        "import_failed",
        f"/import/{job.id}",
    )
    assert "Your import failed" in client.get("/notifications").text


def test_only_the_requester_follows_the_import(client, dbsession, make_app, factories):
    report = checked(client, csv_of(5))
    report.forms["import-preview"].submit("step", value="import")
    job = the_job(dbsession)
    other = make_app(**SMALL)
    sign_in(other, factories.user(profile="admin").email)
    other.get(f"/import/{job.id}", status=403)
    other.get(f"/import/{job.id}/status", status=403)
    assert count(dbsession, Notification) == 1
    assert dbsession.scalar(select(Notification.user_id)) == client.user.id


def test_importing_twice_runs_it_once(client, dbsession):
    report = checked(client, csv_of(5))
    form = report.forms["import-preview"]
    form.submit("step", value="import")
    # The same form posted again, as a second click would.
    again = form.submit("step", value="import")
    assert again.status_int == 303
    assert count(dbsession, Contact) == 5
    assert count(dbsession, Notification) == 1


def test_the_claim_is_taken_once(client, dbsession, registry):
    report = checked(client, csv_of(5))
    job = the_job(dbsession)
    assert background.queue(dbsession, job, 5, "/import/1") is True
    assert background.queue(dbsession, job, 5, "/import/1") is False
    dbsession.flush()
    background.import_task(registry, job.id)
    # A second delivery of the task finds it running or done: it does nothing.
    background.import_task(registry, job.id)
    assert count(dbsession, Contact) == 5
    assert report.status_int == 200


def test_the_page_follows_a_queued_import(make_app, factories, dbsession, tmp_path):
    """With a real queue the page first shows the import under way."""
    queued = {
        **SMALL,
        "relais.huey.immediate": "false",
        "relais.huey.url": f"sqlite:///{tmp_path}/huey.sqlite",
    }
    app = make_app(**queued)
    user = factories.user()
    sign_in(app, user.email)
    report = checked(app, csv_of(5))
    page = report.forms["import-preview"].submit("step", value="import").follow()
    job = the_job(dbsession)
    assert job.status == "queued"
    progress = page.html.find(attrs={"data-import-job": str(job.id)})
    assert progress["data-import-result"] == "queued"
    status_url = f"/import/{job.id}/status"
    assert progress["hx-get"].endswith(status_url)
    assert progress["hx-trigger"] == "every 2s"
    assert page.forms.get("import-preview") is None
    fragment = app.get(status_url)
    assert "HX-Refresh" not in fragment.headers
    assert "Waiting to start" in fragment.text
    history = app.get("/import").html.find(attrs={"data-job": str(job.id)})
    assert "under way" in history.text

    huey = make_app.registry(**queued).relais_huey
    task = huey.dequeue()
    assert (task.name, task.args) == (background.TASK, (job.id,))
    huey.execute(task)

    fragment = app.get(status_url)
    # Over: the page loads itself again, with the result.
    assert fragment.headers["HX-Refresh"] == "true"
    done = fragment.html.find(attrs={"data-import-job": str(job.id)})
    assert not done.has_attr("hx-get")
    result = app.get(f"/import/{job.id}")
    assert result.html.find(attrs={"data-count": "create"}).text == "5"
    assert count(dbsession, Contact) == 5


def test_an_import_left_running_shows_as_interrupted(client, dbsession, registry):
    checked(client, csv_of(5))
    job = the_job(dbsession)
    hours_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    job.status = "running"
    job.summary = {"total": 5, "stage": "importing", "queued_at": hours_ago.isoformat()}
    dbsession.flush()
    assert background.fail_interrupted(registry) == [job.id]
    page = client.get(f"/import/{job.id}")
    failed = page.html.find(attrs={"data-import-result": "failed"})
    assert "The import was interrupted" in failed.text
    assert dbsession.scalar(select(Notification.event)) == "import_failed"
    assert count(dbsession, Contact) == 0


def test_the_page_says_so_of_an_interrupted_import(client, dbsession):
    checked(client, csv_of(5))
    job = the_job(dbsession)
    hours_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    job.status = "queued"
    job.summary = {"total": 5, "stage": "queued", "queued_at": hours_ago.isoformat()}
    dbsession.flush()
    fragment = client.get(f"/import/{job.id}/status")
    assert fragment.headers["HX-Refresh"] == "true"
    page = client.get(f"/import/{job.id}")
    assert "The import was interrupted" in page.text
    assert the_job(dbsession).status == "failed"


def test_a_small_import_that_fails_still_says_so_in_the_page(
    client, dbsession, monkeypatch
):
    report = checked(client, csv_of(3))

    def failing(self, plan):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing.Importer, "row", failing)
    page = report.forms["import-preview"].submit("step", value="import").follow()
    assert "The import failed: nothing was saved. Check the file" in page.text
    assert the_job(dbsession).status == "failed"
    assert count(dbsession, Company) == 0
    assert count(dbsession, Notification) == 0


def test_a_requester_deactivated_meanwhile_imports_nothing(client, dbsession, registry):
    checked(client, csv_of(5))
    job = the_job(dbsession)
    assert background.queue(dbsession, job, 5, f"/import/{job.id}")
    client.user.active = False
    dbsession.flush()
    background.import_task(registry, job.id)
    job = the_job(dbsession)
    assert (job.status, job.summary) == (
        "failed",
        {"reason": "You may no longer import files."},
    )
    assert count(dbsession, Contact) == 0
    assert dbsession.scalar(select(Notification.event)) == "import_failed"
