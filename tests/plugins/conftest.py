"""The sample plugin, installed for real, and a database it was migrated on."""

from __future__ import annotations

from pathlib import Path

import pytest
import webtest
from sqlalchemy import select, text

from core.testing import base_settings, migrate_database
from core.testing.factories import DEFAULT_PASSWORD
from core.testing.plugins import install_package

SAMPLE_SOURCE = Path(__file__).parent / "sample_plugin"


@pytest.fixture(scope="session")
def sample_plugin(tmp_path_factory):
    """``relais-sample`` pip-installed into a folder put on ``sys.path``."""
    package = install_package(SAMPLE_SOURCE, tmp_path_factory.mktemp("sample-site"))
    package.activate()
    return package


class Site:
    """A committed database migrated with the sample plugin, and its apps.

    Unlike the core fixtures nothing is rolled back: the plugin's tasks open
    transactions of their own, as they do in production.
    """

    def __init__(self, url: str, mail_sink):
        self.url = url
        self.mail_sink = mail_sink
        self.built: dict = {}
        self.counter = 0

    def settings(self, plugins: str = "sample", **overrides) -> dict:
        return base_settings(
            self.url, self.mail_sink, **{"relais.plugins": plugins}, **overrides
        )

    def registry(self, plugins: str = "sample", **overrides):
        key = (plugins, tuple(sorted(overrides.items())))
        if key not in self.built:
            from core.app import make_registry

            config, registry = make_registry(self.settings(plugins, **overrides))
            self.built[key] = (config.make_wsgi_app(), registry)
        return self.built[key][1]

    def app(self, plugins: str = "sample", **overrides) -> webtest.TestApp:
        self.registry(plugins, **overrides)
        wsgi = self.built[(plugins, tuple(sorted(overrides.items())))][0]
        return webtest.TestApp(wsgi, extra_environ={"REMOTE_ADDR": "192.0.2.20"})

    def run(self, work, plugins: str = "sample"):
        """Run ``work(session)`` in a committed transaction of its own."""
        from core.db import run_in_transaction

        return run_in_transaction(self.registry(plugins), work)

    def user(self, profile: str = "salesperson", plugins: str = "sample") -> str:
        from core.auth import services

        self.counter += 1
        email = f"sample{self.counter}-{profile}@relais.test"

        def work(session):
            services.create_user(
                session,
                self.registry(plugins),
                email,
                last_name="Sample",
                profile_code=profile,
                password=DEFAULT_PASSWORD,
            )

        self.run(work, plugins)
        return email

    def company(self, name: str | None = None) -> int:
        from core.directory.models import Company
        from core.reference.models import CompanyType

        self.counter += 1

        def work(session):
            kind = session.scalar(
                select(CompanyType).where(CompanyType.code == "annonceur")
            )
            company = Company(name=name or f"Annonceur {self.counter}", type=kind)
            session.add(company)
            session.flush()
            return company.id

        return self.run(work)

    def tables(self) -> set[str]:
        from sqlalchemy import inspect

        engine = self.registry("").relais_engine
        return set(inspect(engine).get_table_names())

    def scalar(self, sql: str, **params):
        engine = self.registry("").relais_engine
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def dispose(self) -> None:
        for _wsgi, registry in self.built.values():
            registry.relais_engine.dispose()


@pytest.fixture(scope="session")
def sample_site(sample_plugin, backend, databases, mail_sink):
    url = databases.new(backend, "sample")
    migrate_database(base_settings(url, mail_sink, **{"relais.plugins": "sample"}))
    site = Site(url, mail_sink)
    yield site
    site.dispose()
