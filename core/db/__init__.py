"""The database: declarative base, engine, and the per-request session.

Sessions join the request's transaction (``pyramid_tm`` + ``zope.sqlalchemy``):
views never commit; a request that raises rolls everything back.
"""

from __future__ import annotations

import logging
import sqlite3

import transaction
import zope.sqlalchemy
from pyramid_retry import mark_error_retryable
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model, core and plugins alike (one metadata, one history)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


SQLITE_BUSY_TIMEOUT_MS = 10000


def _sqlite_connector(busy_timeout_ms: int):
    def tune(dbapi_connection, _record):
        # The stdlib driver opens and commits transactions behind SQLAlchemy's
        # back, which breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # Readers no longer wait for the writer (a file database only).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return tune


# The execution option of a session that only reads (see read_only_session).
READ_ONLY = "relais_read_only"


def _begin_immediate(conn) -> None:
    """Take SQLite's write lock when the transaction starts, not at its first write.

    A deferred transaction that has read and then wants to write cannot wait
    for another writer: SQLite answers "database is locked" at once, busy
    timeout or not. Taken at BEGIN, the lock is waited for like any other.
    A session that only reads begins a deferred transaction: in WAL mode it
    reads its snapshot without ever keeping a writer waiting.
    """
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _retry_when_locked(context) -> None:
    """Let pyramid_retry run the request again when SQLite stayed locked."""
    original = context.original_exception
    wrapped = context.sqlalchemy_exception
    if (
        wrapped is not None
        and isinstance(original, sqlite3.OperationalError)
        and "database is locked" in str(original)
    ):
        log.warning("db.sqlite_locked statement=%.60s", context.statement)
        mark_error_retryable(wrapped)


def _tune_postgresql(dbapi_connection, _record):
    # On small machines parallel workers slow the app's short queries down.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    dbapi_connection.commit()


def make_engine(
    url: str, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs
) -> Engine:
    """Create an engine tuned for the backend the URL names.

    SQLite allows one writer at a time: every transaction takes the write lock
    at BEGIN and waits up to ``sqlite_busy_timeout_ms`` for it; a request
    that still finds the database locked is retried by pyramid_retry.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_connector(sqlite_busy_timeout_ms))
        event.listen(engine, "begin", _begin_immediate)
        event.listen(engine, "handle_error", _retry_when_locked)
    else:
        # psycopg prepares a statement after five runs; the generic plan it
        # then reuses cannot see a search term's length (trigram or not).
        connect_args = {"prepare_threshold": None, **kwargs.pop("connect_args", {})}
        engine = create_engine(
            url, pool_pre_ping=True, connect_args=connect_args, **kwargs
        )
        event.listen(engine, "connect", _tune_postgresql)
    return engine


def make_session_factory(engine: Engine, registry=None) -> sessionmaker[Session]:
    # Services that broadcast hooks find the registry on their session.
    return sessionmaker(
        bind=engine, expire_on_commit=False, info={"relais_registry": registry}
    )


def read_only_session(registry) -> Session:
    """A session for long reads (an export) that never writes.

    On SQLite it holds no write lock, so the rest of the application keeps
    writing while it reads for seconds; it must not write (SQLite would
    refuse the upgrade when another writer is busy).
    """
    return registry.relais_session_factory(execution_options={READ_ONLY: True})


def tm_session(factory: sessionmaker[Session], manager) -> Session:
    """Return a session whose commit and rollback follow ``manager``."""
    session = factory()
    zope.sqlalchemy.register(session, transaction_manager=manager)
    # Work queued "after commit" (mail, tasks) waits for this manager's commit.
    session.info["transaction_manager"] = manager
    return session


def _request_dbsession(request) -> Session:
    return tm_session(request.registry.relais_session_factory, request.tm)


def includeme(config):
    settings = config.registry.relais_settings
    engine = make_engine(
        settings["sqlalchemy.url"],
        sqlite_busy_timeout_ms=settings["relais.sqlite.busy_timeout"],
    )
    config.registry.relais_engine = engine
    config.registry.relais_session_factory = make_session_factory(
        engine, config.registry
    )
    config.add_request_method(_request_dbsession, "dbsession", reify=True)
    log.info("db.configured backend=%s", engine.dialect.name)


def run_in_transaction(registry, work):
    """Run ``work(session)`` in a transaction of its own (tasks, commands)."""
    manager = transaction.TransactionManager(explicit=True)
    session = tm_session(registry.relais_session_factory, manager)
    try:
        with manager:
            return work(session)
    finally:
        session.close()
