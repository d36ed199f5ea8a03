"""Large XLSX exports of a list: written by the worker, downloaded later."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.lists import exports, services
from core.lists.queries import RowFilter
from core.notifications.models import Notification
from core.testing import sign_in
from core.transfer.exporting import ExportOptions
from core.transfer.models import ExportJob

# Above two rows an XLSX export goes to the worker (5,000 by default).
SMALL = {exports.INLINE_ROWS: "2"}
NAMES = ("Alpha Radio", "Beta Radio", "Gamma Presse", "Delta Radio")


@pytest.fixture
def client(make_app, factories):
    app = make_app(**SMALL)
    user = factories.user(profile="salesperson")
    sign_in(app, user.email)
    factories.dbsession.refresh(user)
    app.user = user
    return app


@pytest.fixture
def radio_list(client, dbsession, factories):
    """Four companies; Delta hidden, so three rows are shown."""
    companies = [factories.company(name) for name in NAMES]
    record_list = services.create_list(dbsession, client.user, "Régies", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    services.existing_rows(dbsession, record_list)[companies[3].id].hidden = True
    dbsession.flush()
    return record_list


def export_url(record_list, query=""):
    return f"/lists/{record_list.id}/export?format=xlsx{query}"


def sheet_values(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body)).active
    return list(sheet.iter_rows(values_only=True))


def the_job(dbsession) -> ExportJob:
    dbsession.expire_all()
    return dbsession.scalar(select(ExportJob))


def test_a_small_export_still_downloads_at_once(client, radio_list, dbsession):
    response = client.get(export_url(radio_list, "&q=radio"))
    assert response.content_type.endswith("spreadsheetml.sheet")
    values = sheet_values(response.body)
    assert sorted(row[0] for row in values[1:]) == ["Alpha Radio", "Beta Radio"]
    assert the_job(dbsession) is None


def test_a_large_export_is_prepared_then_downloaded(client, radio_list, dbsession):
    response = client.get(export_url(radio_list, "&keywords=1"))
    assert response.status_int == 303
    page = response.follow()
    assert "is being prepared" in page.text

    job = the_job(dbsession)
    # Tests run tasks as soon as the request has committed.
    assert (job.status, job.total, job.done) == ("done", 3, 3)
    assert job.filename == "R_gies.xlsx"
    listed = page.html.find(attrs={"data-export-job": str(job.id)})
    assert listed["data-status"] == "done"
    link = listed.find("a", attrs={"data-action": "download-export"})["href"]

    notification = dbsession.scalar(
        select(Notification).where(Notification.user_id == client.user.id)
    )
    assert (notification.event, notification.summary, notification.link) == (
        "export_ready",
        "Régies",
        f"/lists/exports/{job.id}",
    )
    centre = client.get("/notifications")
    anchor = centre.html.find("a", attrs={"data-notification-link": True})
    assert anchor["href"] == f"/lists/exports/{job.id}"
    assert "Your export is ready" in centre.text

    download = client.get(link)
    assert download.content_type.endswith("spreadsheetml.sheet")
    assert 'filename="R_gies.xlsx"' in download.headers["Content-Disposition"]
    values = sheet_values(download.body)
    assert values[0][0] == "Company"
    assert "Keywords" in values[0]
    # The hidden row stays out, as in the list.
    assert [row[0] for row in values[1:]] == [
        "Alpha Radio",
        "Beta Radio",
        "Gamma Presse",
    ]


def test_the_filter_of_the_request_is_the_one_exported(
    client, radio_list, dbsession, factories
):
    extra = factories.company("Epsilon Radio")
    services.add_records(dbsession, radio_list, [extra.id])
    dbsession.flush()
    client.get(export_url(radio_list, "&q=radio"))
    job = the_job(dbsession)
    assert (job.status, job.total) == ("done", 3)
    values = sheet_values(client.get(f"/lists/exports/{job.id}").body)
    assert [row[0] for row in values[1:]] == [
        "Alpha Radio",
        "Beta Radio",
        "Epsilon Radio",
    ]


def test_only_the_requester_downloads_it(
    client, radio_list, dbsession, factories, make_app
):
    client.get(export_url(radio_list))
    job = the_job(dbsession)
    other = make_app(**SMALL)
    colleague = factories.user(profile="admin")
    sign_in(other, colleague.email)
    other.get(f"/lists/exports/{job.id}", status=404)
    other.get(f"/lists/exports/{job.id}/status", status=404)
    page = other.get(f"/lists/{radio_list.id}")
    assert page.html.find(attrs={"data-export-job": True}) is None


def test_an_expired_export_is_gone(client, radio_list, dbsession, registry):
    client.get(export_url(radio_list))
    job = the_job(dbsession)
    job.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    dbsession.flush()
    url = f"/lists/exports/{job.id}"
    page = client.get(url, status=410)
    assert page.html.find(attrs={"data-export-gone": True}) is not None
    assert the_job(dbsession) is None
    client.get(url, status=404)


def test_the_periodic_task_deletes_expired_exports(
    client, radio_list, dbsession, registry
):
    client.get(export_url(radio_list))
    client.get(export_url(radio_list, "&keywords=1"))
    first, second = dbsession.scalars(select(ExportJob).order_by(ExportJob.id))
    first.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    dbsession.flush()
    assert exports.clean_expired(registry) == 1
    dbsession.expire_all()
    assert list(dbsession.scalars(select(ExportJob.id))) == [second.id]
    # Kept 24 hours by default from the moment it was ready.
    left = second.expires_at - second.finished_at
    assert left == dt.timedelta(hours=24)


def test_a_failed_export_says_so(client, radio_list, dbsession, monkeypatch):
    def broken(cell_rows):
        raise OSError("No space left on device")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    page = client.get(export_url(radio_list)).follow()
    job = the_job(dbsession)
    assert job.status == "failed"
    assert job.message.startswith("The export could not be written")
    listed = page.html.find(attrs={"data-export-job": str(job.id)})
    assert listed["data-status"] == "failed"
    assert "could not be written" in listed.text
    notification = dbsession.scalar(select(Notification))
    assert notification.event == "export_failed"
    assert notification.link.startswith(f"/lists/{radio_list.id}")
    answer = client.get(f"/lists/exports/{job.id}", status=409)
    assert "could not be written" in answer.text


def test_a_list_no_longer_visible_is_not_exported(
    client, radio_list, dbsession, factories, registry
):
    """The worker checks the requester's access again when it runs."""
    owner = factories.user()
    radio_list.owner_id = owner.id
    radio_list.visibility = "private"
    dbsession.flush()
    job = exports.start(
        dbsession,
        client.user,
        radio_list,
        exports.job_parameters(RowFilter(), ExportOptions(), "en"),
        3,
        24,
    )
    exports.export_task(registry, job.id)
    job = the_job(dbsession)
    assert job.status == "failed"
    assert job.message == "The list is no longer available to you."


def test_a_running_export_shows_its_progress(client, radio_list, dbsession):
    job = exports.start(
        dbsession,
        client.user,
        radio_list,
        exports.job_parameters(RowFilter(), ExportOptions(), "en"),
        3,
        24,
    )
    job.status, job.done = "running", 2
    dbsession.flush()
    fragment = client.get(f"/lists/exports/{job.id}/status")
    item = fragment.html.find(attrs={"data-export-job": str(job.id)})
    assert item["hx-get"].endswith(f"/lists/exports/{job.id}/status")
    assert item.find(attrs={"data-progress": "2"}).text == "2 / 3"
    page = client.get(f"/lists/exports/{job.id}")
    assert "Being prepared" in page.text


def test_progress_is_recorded_between_pages(dbsession, factories):
    from core.lists.queries import paged_ids, shown_query

    owner = factories.user()
    companies = [factories.company(f"Régie {n}") for n in range(5)]
    record_list = services.create_list(dbsession, owner, "L", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    seen = []
    query = shown_query(record_list, RowFilter())
    ids = list(paged_ids(dbsession, query, page=2, between_pages=seen.append))
    assert ids == [c.id for c in companies]
    assert seen == [2, 4]


def test_a_second_click_does_not_start_a_second_export(
    client, radio_list, dbsession, monkeypatch
):
    # The worker has not started on it yet.
    monkeypatch.setattr(exports, "_write", lambda registry, job_id: None)
    client.get(export_url(radio_list)).follow()
    page = client.get(export_url(radio_list)).follow()
    assert "already being prepared" in page.text
    listed = page.html.find(attrs={"data-export-job": True})
    assert listed["data-status"] == "pending"
    assert "Being prepared" in listed.text
    assert len(dbsession.scalars(select(ExportJob)).all()) == 1
    # Other options are another export.
    client.get(export_url(radio_list, "&keywords=1"))
    assert len(dbsession.scalars(select(ExportJob)).all()) == 2


def test_an_export_a_stopped_worker_left_is_said_interrupted(
    client, radio_list, dbsession, registry
):
    job = exports.start(
        dbsession,
        client.user,
        radio_list,
        exports.job_parameters(RowFilter(), ExportOptions(), "en"),
        3,
        24,
    )
    job.status = "running"
    job.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    dbsession.flush()
    exports.clean(registry)
    job = the_job(dbsession)
    assert job.status == "failed"
    assert job.message == "The export was interrupted. Export the list again."
    assert dbsession.scalar(select(Notification.event)) == "export_failed"


def test_the_worker_picks_the_export_from_the_queue(
    make_app, factories, dbsession, tmp_path
):
    """With a real queue the page first says it is being prepared."""
    queued = {
        **SMALL,
        "relais.huey.immediate": "false",
        "relais.huey.url": f"sqlite:///{tmp_path}/huey.sqlite",
    }
    app = make_app(**queued)
    user = factories.user()
    sign_in(app, user.email)
    companies = [factories.company(name) for name in NAMES]
    record_list = services.create_list(dbsession, user, "Régies", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    dbsession.flush()

    page = app.get(export_url(record_list)).follow()
    job = the_job(dbsession)
    listed = page.html.find(attrs={"data-export-job": str(job.id)})
    assert listed["data-status"] == "pending"
    status_url = f"/lists/exports/{job.id}/status"
    assert listed["hx-get"].endswith(status_url)

    huey = make_app.registry(**queued).relais_huey
    task = huey.dequeue()
    assert (task.name, task.args) == (exports.TASK, (job.id,))
    huey.execute(task)

    fragment = app.get(status_url)
    done = fragment.html.find(attrs={"data-export-job": str(job.id)})
    assert done["data-status"] == "done"
    # Ready: the page stops asking.
    assert not done.has_attr("hx-get")
    link = done.find("a", attrs={"data-action": "download-export"})["href"]
    values = sheet_values(app.get(link).body)
    assert len(values) == 5


def test_a_small_export_that_fails_says_so(client, radio_list, monkeypatch):
    from core.lists.views import export

    def broken(cell_rows):
        raise OSError("No space left on device")

    monkeypatch.setattr(export, "write_xlsx", broken)
    page = client.get(export_url(radio_list, "&q=radio")).follow()
    assert "The export could not be written. Try again." in page.text


def test_a_job_already_taken_is_not_run_twice(client, radio_list, dbsession, registry):
    client.get(export_url(radio_list))
    job = the_job(dbsession)
    exports.export_task(registry, job.id)
    job = the_job(dbsession)
    assert job.status == "done"
    notifications = dbsession.scalars(select(Notification)).all()
    assert len(notifications) == 1
