"""On the embedded SQLite database, writers arriving together all get through.

SQLite lets one transaction write at a time. These tests run real concurrent
writers on a file database of their own (outside the per-test rollback) and
check that every write lands instead of failing with "database is locked".
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
import webtest
from pyramid_retry import IBeforeRetry, IRetryableError
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from core.app import make_registry
from core.auth.services import create_token, create_user
from core.db import make_engine, read_only_session, run_in_transaction
from core.directory.models import Company
from core.reference.models import CompanyType
from core.testing import base_settings, migrate_database

WRITERS = 4
WRITES_EACH = 5


@pytest.fixture(scope="module")
def sqlite_url(databases, mail_sink) -> str:
    url = databases.new("sqlite", "writers")
    migrate_database(base_settings(url, mail_sink))
    return url


def _site(url, mail_sink, **settings):
    config, registry = make_registry(base_settings(url, mail_sink, **settings))
    return config, registry


def _company_count(registry, prefix: str) -> int:
    query = select(func.count()).where(Company.name.startswith(prefix))
    return run_in_transaction(registry, lambda s: s.scalar(query))


def _token(registry, email: str) -> str:
    def work(session):
        user = create_user(
            session, registry, email, last_name="Writer", profile_code="salesperson"
        )
        return create_token(session, user, "writers")[1]

    return run_in_transaction(registry, work)


def _run_together(target, count: int) -> list[Exception]:
    """Start ``count`` threads at the same moment; return what they raised."""
    start = threading.Barrier(count)
    failures: list[Exception] = []

    def run(number):
        start.wait()
        try:
            target(number)
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_concurrent_api_writes_all_land(sqlite_url, mail_sink):
    config, registry = _site(sqlite_url, mail_sink)
    app = webtest.TestApp(config.make_wsgi_app())
    headers = {"Authorization": f"Bearer {_token(registry, 'api@writers.test')}"}

    def write(number):
        for index in range(WRITES_EACH):
            app.post_json(
                "/api/v1/companies",
                {"name": f"Api {number}-{index}", "type": "media"},
                headers=headers,
                status=201,
            )

    assert _run_together(write, WRITERS) == []
    assert _company_count(registry, "Api ") == WRITERS * WRITES_EACH
    registry.relais_engine.dispose()


def test_transactions_that_read_then_write_wait_for_each_other(sqlite_url, mail_sink):
    _config, registry = _site(sqlite_url, mail_sink)

    def add_company(session, name):
        # Reading first is what makes a deferred transaction fail.
        kind = session.scalar(select(CompanyType.id).limit(1))
        session.add(Company(name=name, type_id=kind))

    def write(number):
        for index in range(WRITES_EACH):
            name = f"Task {number}-{index}"
            run_in_transaction(registry, lambda s, name=name: add_company(s, name))

    assert _run_together(write, WRITERS) == []
    assert _company_count(registry, "Task ") == WRITERS * WRITES_EACH
    registry.relais_engine.dispose()


def _hold_write_lock(url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_database_still_locked_gives_a_retryable_error(sqlite_url):
    engine = make_engine(sqlite_url, sqlite_busy_timeout_ms=1)
    holder = _hold_write_lock(sqlite_url)
    try:
        with pytest.raises(OperationalError, match="database is locked") as caught:
            with engine.begin():
                pass
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()
    assert IRetryableError.providedBy(caught.value)


def test_a_request_that_found_the_database_locked_is_run_again(sqlite_url, mail_sink):
    config, registry = _site(
        sqlite_url, mail_sink, **{"relais.sqlite.busy_timeout": "1"}
    )
    token = _token(registry, "retry@writers.test")
    holder = _hold_write_lock(sqlite_url)
    retries = []

    def release(event):
        # The first attempt failed on the lock: let the next one through.
        retries.append(event.exception)
        holder.rollback()

    config.add_subscriber(release, IBeforeRetry)
    app = webtest.TestApp(config.make_wsgi_app())
    try:
        created = app.post_json(
            "/api/v1/companies",
            {"name": "Retried", "type": "media"},
            headers={"Authorization": f"Bearer {token}"},
            status=201,
        )
    finally:
        holder.close()
    assert created.json["name"] == "Retried"
    assert len(retries) == 1
    assert _company_count(registry, "Retried") == 1
    registry.relais_engine.dispose()


def test_a_long_read_keeps_no_writer_waiting(sqlite_url, mail_sink):
    """An export reads for seconds: meanwhile the others write as usual."""
    _config, registry = _site(
        sqlite_url, mail_sink, **{"relais.sqlite.busy_timeout": "1"}
    )
    reader = read_only_session(registry)
    try:
        before = reader.scalar(select(func.count()).select_from(CompanyType))
        # The reader's transaction is open; with a 1 ms timeout a writer that
        # had to wait for it would fail at once.
        kind = run_in_transaction(
            registry, lambda s: s.scalar(select(CompanyType.id).limit(1))
        )
        run_in_transaction(
            registry, lambda s: s.add(Company(name="Pendant export", type_id=kind))
        )
        # And a writer holding the lock does not stop the reader.
        holder = _hold_write_lock(sqlite_url)
        try:
            again = reader.scalar(select(func.count()).select_from(CompanyType))
        finally:
            holder.rollback()
            holder.close()
        assert again == before
    finally:
        reader.close()
    assert _company_count(registry, "Pendant export") == 1
    registry.relais_engine.dispose()
