"""The database: declarative base, engine, and the per-request session.

Sessions join the request's transaction (``pyramid_tm`` + ``zope.sqlalchemy``):
views never commit; a request that raises rolls everything back.
"""

from __future__ import annotations

import logging

import transaction
import zope.sqlalchemy
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


def _tune_sqlite(dbapi_connection, _record):
    # The stdlib driver opens and commits transactions behind SQLAlchemy's back,
    # which breaks SAVEPOINT; let SQLAlchemy emit BEGIN itself instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _tune_postgresql(dbapi_connection, _record):
    # On small machines parallel workers slow the app's short queries down.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    dbapi_connection.commit()


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine tuned for the backend the URL names."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
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
    engine = make_engine(settings["sqlalchemy.url"])
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
