"""Pytest fixtures for Relais and for plugins' own test suites.

Enable with ``pytest_plugins = ["core.testing"]``. Every test that asks for
the database runs once per backend: SQLite always, PostgreSQL when
``RELAIS_TEST_DATABASE_URL`` is set or a server answers on 127.0.0.1:5432
(a throw-away database is created for the run and dropped after it). With
``RELAIS_REQUIRE_SERVICES=1`` a missing PostgreSQL is an error, not a skip.

Each test runs inside a transaction that is rolled back at its end; commits
made by the application become savepoints, so after-commit hooks (and the
tasks they queue, run eagerly) behave as in production.
"""

from __future__ import annotations

import os
import secrets
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import create_engine, text

# Imported before the ``factories`` fixture is defined: loading the submodule
# sets ``core.testing.factories`` to the module, and a later first import (from
# a conftest) would hide the fixture from pytest.
from core.testing.factories import Factories

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TEST_SECRET = "test-secret-" + "x" * 40


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def backends() -> list[str]:
    wanted = ["sqlite"]
    if os.environ.get("RELAIS_TEST_DATABASE_URL") or _postgres_answers():
        wanted.append("postgresql")
    elif os.environ.get("RELAIS_REQUIRE_SERVICES") == "1":
        wanted.append("postgresql")  # the fixture then fails loudly
    return wanted


class Databases:
    """Create and drop the throw-away databases of one test run."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory
        self.created: list[str] = []

    def new(self, backend: str, label: str) -> str:
        if backend == "sqlite":
            folder = self.tmp.mktemp(label)
            return f"sqlite:///{folder}/relais.sqlite"
        base = os.environ.get("RELAIS_TEST_DATABASE_URL", PG_ADMIN_URL)
        name = f"relais_test_{label}_{os.getpid()}_{secrets.token_hex(3)}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as exc:
            pytest.fail(f"PostgreSQL is required but not usable: {exc}")
        finally:
            admin.dispose()
        self.created.append(name)
        return base.rsplit("/", 1)[0] + "/" + name

    def drop_all(self) -> None:
        if not self.created:
            return
        base = os.environ.get("RELAIS_TEST_DATABASE_URL", PG_ADMIN_URL)
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory)
    yield dbs
    dbs.drop_all()


@dataclass
class MailSink:
    """An SMTP server on loopback that keeps what it receives."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)

    def clear(self) -> None:
        self.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} messages arrived"
        return self.messages

    def to(self, address: str) -> list[EmailMessage]:
        """The messages received so far for ``address``."""
        return [m for m in list(self.messages) if address in m.get("To", "")]

    def wait_for_recipient(self, address: str, timeout: float = 10.0) -> EmailMessage:
        """The latest message to ``address``, waiting for one to arrive.

        Browser tests share the sink with a live server; filtering by
        recipient keeps them independent of each other's mail.
        """
        deadline = time.monotonic() + timeout
        while not self.to(address) and time.monotonic() < deadline:
            time.sleep(0.05)
        found = self.to(address)
        assert found, f"no message for {address} among {len(self.messages)}"
        return found[-1]


class _Handler:
    def __init__(self, sink: MailSink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.sink.messages.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mail_sink() -> Iterator[MailSink]:
    from aiosmtpd.controller import Controller

    sink = MailSink(port=free_port())
    controller = Controller(_Handler(sink), hostname=sink.host, port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture
def outbox(mail_sink) -> MailSink:
    """The mail sink, emptied for this test."""
    mail_sink.clear()
    return mail_sink


def base_settings(url: str, mail_sink: MailSink, **overrides) -> dict:
    settings = {
        "sqlalchemy.url": url,
        "relais.secret": TEST_SECRET,
        "relais.plugins": "",
        # Immediate mode keeps tasks in memory; the file only has to be creatable.
        "relais.huey.url": f"sqlite:///{tempfile.gettempdir()}/relais-test-huey.sqlite",
        "relais.huey.immediate": "true",
        "relais.mail.transport": "smtp",
        "mail.host": mail_sink.host,
        "mail.port": str(mail_sink.port),
        "relais.password.cheap_hashing": "true",
        "relais.documents.folder": f"{tempfile.gettempdir()}/relais-test-documents",
        # Tests read the English message ids; the i18n tests ask for French.
        "relais.default_locale": "en",
    }
    settings.update(overrides)
    return settings


def down_and_up(registry, revision: str):
    """Downgrade the core to ``revision``, then upgrade it back to its head.

    Yields the target after each step, so that a test can look at the data
    in between; each step runs as ``relais migrate`` runs migrations.
    """
    from alembic import command

    from core.db.migrate import (
        alembic_config,
        dormant_branches,
        enabled_branches,
        migration_connection,
    )

    branches = enabled_branches(registry) + dormant_branches(registry)
    for target, step in ((revision, command.downgrade), ("core@head", command.upgrade)):
        with migration_connection(registry.relais_engine) as connection:
            step(alembic_config(branches, connection, registry), target)
        yield target


def rows_kept_down_and_up(settings: dict, fill, snapshot, revision: str) -> dict:
    """Migrate a new database, ``fill`` it, go down to ``revision`` and up.

    ``snapshot(connection)`` must read the same after each step; the first
    snapshot is returned for the test to check it held something.
    """
    from core.app import make_registry
    from core.db import run_in_transaction

    migrate_database(settings)
    _config, registry = make_registry(settings)
    engine = registry.relais_engine
    try:
        run_in_transaction(registry, lambda session: fill(session, registry))
        with engine.connect() as connection:
            before = snapshot(connection)
        for step in down_and_up(registry, revision):
            with engine.connect() as connection:
                assert snapshot(connection) == before, step
        return before
    finally:
        engine.dispose()


def migrate_database(settings: dict) -> None:
    """Upgrade a database and seed its reference rows, as `relais migrate` does."""
    from core.app import make_registry
    from core.db import run_in_transaction
    from core.db.migrate import upgrade_database
    from core.reference.registry import seed_reference_data

    _config, registry = make_registry(settings)
    upgrade_database(registry)
    run_in_transaction(registry, lambda s: seed_reference_data(s, registry))
    registry.relais_engine.dispose()


SHIPPED_PLUGINS = "adresa lefac calendar_sync reporting"


@pytest.fixture(scope="session", params=backends())
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, databases, mail_sink) -> str:
    """A database migrated with the core and every shipped plugin."""
    url = databases.new(backend, "main")
    settings = base_settings(url, mail_sink, **{"relais.plugins": SHIPPED_PLUGINS})
    migrate_database(settings)
    return url


class Apps:
    """Applications built on the test database, one per plugin set and settings.

    Building a Pyramid application takes a while, so each is built once per run;
    before every test its session factory is bound to that test's transaction.
    """

    def __init__(self, url: str, mail_sink: MailSink):
        self.url = url
        self.mail_sink = mail_sink
        self.built: dict = {}
        self.connection = None

    def _get(self, plugins: str, settings: dict):
        key = (plugins, tuple(sorted(settings.items())))
        if key not in self.built:
            from core.app import make_registry

            raw = base_settings(
                self.url, self.mail_sink, **{"relais.plugins": plugins}, **settings
            )
            config, registry = make_registry(raw)
            self.built[key] = (config.make_wsgi_app(), registry)
        wsgi, registry = self.built[key]
        registry.relais_session_factory.configure(
            bind=self.connection, join_transaction_mode="create_savepoint"
        )
        return wsgi, registry

    def registry(self, plugins: str = "", **settings):
        return self._get(plugins, settings)[1]

    def __call__(self, plugins: str = "", **settings):
        import webtest

        wsgi, _registry = self._get(plugins, settings)
        return webtest.TestApp(wsgi, extra_environ={"REMOTE_ADDR": "192.0.2.10"})

    def dispose(self) -> None:
        for _wsgi, registry in self.built.values():
            registry.relais_engine.dispose()


@pytest.fixture(scope="session")
def engine(database_url):
    from core.db import make_engine

    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    """The test's connection; everything written through it is rolled back."""
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture(scope="session")
def _apps(database_url, mail_sink):
    apps = Apps(database_url, mail_sink)
    yield apps
    apps.dispose()


@pytest.fixture
def make_app(_apps, connection) -> Apps:
    """``make_app(plugins="reporting", **settings)`` returns a WebTest client."""
    _apps.connection = connection
    return _apps


@pytest.fixture
def registry(make_app):
    return make_app.registry()


@pytest.fixture
def app(make_app):
    """A WebTest client of the core application (no optional plugin)."""
    return make_app()


@pytest.fixture
def dbsession(registry, connection):
    """A session on the test's transaction, for arranging and checking data."""
    session = registry.relais_session_factory()
    yield session
    session.close()


@pytest.fixture
def factories(dbsession, registry):
    return Factories(dbsession, registry)


def sign_in(app, email: str, password: str = "correct horse battery", **request_kw):
    """Sign ``app`` in through the real form; return the response.

    ``request_kw`` (``extra_environ``, ``headers``...) go to both requests.
    """
    page = app.get("/login", **request_kw)
    form = page.forms[0]
    form["email"] = email
    form["password"] = password
    return form.submit(status="*", **request_kw)


@pytest.fixture
def signed_in(app, factories):
    """An app signed in as a salesperson; ``signed_in.user`` is that user."""
    user = factories.user(profile="salesperson")
    sign_in(app, user.email)
    # Signing in wrote to the row (last sign-in, version): see it as it is now.
    factories.dbsession.refresh(user)
    app.user = user
    return app


@pytest.fixture
def admin_app(make_app, factories):
    app = make_app()
    user = factories.user(profile="admin")
    sign_in(app, user.email)
    # Signing in wrote to the row (last sign-in, version): see it as it is now.
    factories.dbsession.refresh(user)
    app.user = user
    return app


def csrf_token(app) -> str:
    """The CSRF token of the signed-in session, read from a page."""
    page = app.get("/account")
    return page.html.find("meta", attrs={"name": "csrf-token"})["content"]


@pytest.fixture(scope="session")
def live_server_factory(databases, mail_sink):
    """Start real HTTP servers on committed databases (for browser tests)."""
    servers = []

    def start(backend: str, plugins: str = "", demo: bool = True, **settings):
        from waitress.server import create_server

        from core.app import make_registry
        from core.db import run_in_transaction
        from core.demo import seed_demo

        url = databases.new(backend, "live")
        raw = base_settings(url, mail_sink, **{"relais.plugins": plugins}, **settings)
        migrate_database(raw)
        config, registry = make_registry(raw)
        if demo:
            run_in_transaction(registry, lambda s: seed_demo(s, registry))
        port = free_port()
        server = create_server(config.make_wsgi_app(), host="127.0.0.1", port=port)
        thread = threading.Thread(target=serve, args=(server,), daemon=True)
        thread.start()
        servers.append((server, thread, registry))
        return LiveServer(f"http://127.0.0.1:{port}", registry)

    def serve(server):
        try:
            server.run()
        except OSError:
            # Closing the listening socket under the loop's select() ends it
            # with EBADF; anything else while serving is a real failure.
            if not closing.is_set():
                raise

    closing = threading.Event()
    yield start
    closing.set()
    for server, thread, registry in servers:
        server.close()
        thread.join(timeout=10)
        registry.relais_engine.dispose()


@dataclass
class LiveServer:
    url: str
    registry: object
