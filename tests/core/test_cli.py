"""The ``relais`` command, as an operator types it.

Commands run in-process through ``core.cli.main`` on one SQLite database
for the module; ``serve`` and ``worker`` run as real processes because
they block until they are stopped.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import webtest
from pyramid.paster import get_appsettings
from sqlalchemy import func, inspect, select

from core.actions.models import Action
from core.app import make_registry
from core.auth.models import User
from core.auth.passwords import verify
from core.auth.services import hasher_for
from core.cli import main
from core.db import run_in_transaction
from core.directory.models import Company, Contact
from core.mail.outgoing import mail_payload
from core.testing import TEST_SECRET, free_port, sign_in

RELAIS = str(Path(sys.executable).parent / "relais")
PASSWORD = "quarante-deux girafes bleues"
REDIS = ("127.0.0.1", 6379)


def write_ini(folder: Path, name: str = "site.ini", **settings: str) -> str:
    """An ini file for a site living in ``folder``; ``settings`` override."""
    values = {
        "sqlalchemy.url": f"sqlite:///{folder}/relais.sqlite",
        "relais.secret": TEST_SECRET,
        "relais.plugins": "",
        "relais.huey.url": f"sqlite:///{folder}/huey.sqlite",
        "relais.mail.transport": "folder",
        "relais.mail.folder": f"{folder}/mail",
        "relais.documents.folder": f"{folder}/documents",
        "relais.password.cheap_hashing": "true",
        "relais.default_locale": "en",
        **settings,
    }
    lines = ["[app:main]", "use = egg:relais"]
    lines += [f"{key} = {value}" for key, value in values.items()]
    lines += ["", "[server:main]", "use = egg:waitress#main"]
    lines += [f"listen = 127.0.0.1:{free_port()}", ""]
    path = folder / name
    path.write_text("\n".join(lines))
    return str(path)


@contextlib.contextmanager
def _stdin(text: str):
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def run(ini: str, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """Run ``relais -c INI ARGV...`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        with _stdin(stdin):
            code = main(["-c", ini, *argv])
    return code, out.getvalue(), err.getvalue()


def assert_one_line_failure(result, *words: str) -> str:
    code, _out, err = result
    assert code != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0]
    return lines[0]


class Site:
    """A folder holding an ini file and the SQLite database it names."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.ini = write_ini(folder)
        self.first_migrate = run(self.ini, "migrate")
        self._config = self._registry = self._app = None

    def _build(self):
        if self._registry is None:
            raw = dict(get_appsettings(self.ini))
            self._config, self._registry = make_registry(raw)
            self._app = self._config.make_wsgi_app()

    @property
    def registry(self):
        self._build()
        return self._registry

    def app(self) -> webtest.TestApp:
        self._build()
        return webtest.TestApp(self._app)

    def tables(self) -> set[str]:
        return set(inspect(self.registry.relais_engine).get_table_names())

    def user(self, email: str) -> dict | None:
        """The account's profile and password hash, or ``None``."""

        def work(session):
            user = session.scalar(select(User).where(User.email == email))
            if user is None:
                return None
            return {"profile": user.profile.code, "password_hash": user.password_hash}

        return run_in_transaction(self.registry, work)

    def dispose(self) -> None:
        if self._registry is not None:
            self._registry.relais_engine.dispose()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("cli"))
    yield site
    site.dispose()


# migrate ------


def test_migrate_creates_the_core_from_an_empty_database(site):
    code, out, _err = site.first_migrate
    assert code == 0
    assert out.startswith("Database up to date (core)")
    assert int(re.search(r"(\d+) reference rows added", out)[1]) > 0
    assert {"company", "contact", "user_account", "api_token"} <= site.tables()
    assert not any(name.startswith("reporting_") for name in site.tables())


def test_migrate_again_changes_nothing(site):
    code, out, _err = run(site.ini, "migrate")
    assert code == 0
    assert "0 reference rows added" in out


def test_migrate_with_a_plugin_enabled_adds_its_branch(site):
    ini = write_ini(site.folder, "reporting.ini", **{"relais.plugins": "reporting"})
    before = run(ini, "user", "add", "early@cli.example")
    assert_one_line_failure(before, "not up to date (reporting)", "relais migrate")

    code, out, _err = run(ini, "migrate")
    assert code == 0
    assert "core, reporting" in out
    assert "reporting_subscription" in site.tables()


# errors ------


def test_a_missing_config_file_is_one_line(tmp_path):
    result = run(str(tmp_path / "absent.ini"), "migrate")
    assert_one_line_failure(result, "absent.ini", "not found")


def test_an_unknown_plugin_is_one_line_naming_it(site):
    ini = write_ini(site.folder, "unknown.ini", **{"relais.plugins": "nosuchplugin"})
    assert_one_line_failure(run(ini, "migrate"), "nosuchplugin")


def test_a_wrong_setting_value_is_one_line_naming_it(site):
    ini = write_ini(site.folder, "wrong.ini", **{"mail.port": "twenty-five"})
    assert_one_line_failure(run(ini, "migrate"), "mail.port", "twenty-five")


@pytest.mark.parametrize(
    "argv",
    [["demo"], ["user", "add", "new@cli.example"], ["token", "create", "a@cli.example"]]
    + [["serve"], ["worker"]],
)
def test_a_database_never_migrated_asks_for_relais_migrate(tmp_path, argv):
    result = run(write_ini(tmp_path), *argv)
    assert_one_line_failure(result, "not up to date (core)", "relais migrate")


@pytest.mark.parametrize(
    "name, value",
    [
        ("sqlalchemy.url", "nonsense-hunter22"),
        ("sqlalchemy.url", "mysql://relais:hunter22@127.0.0.1/relais"),
        ("relais.secret", "hunter22"),
    ],
)
def test_a_bad_url_or_secret_is_named_but_never_shown(site, name, value):
    ini = write_ini(site.folder, "secret.ini", **{name: value})
    line = assert_one_line_failure(run(ini, "migrate"), name)
    assert "hunter22" not in line


# user add ------


def test_user_add_with_a_password_can_sign_in(site):
    code, out, _err = run(
        site.ini, "user", "add", "Ines.Roy@CLI.example", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, _err
    assert "ines.roy@cli.example created" in out
    assert "No password yet" not in out
    user = site.user("ines.roy@cli.example")
    assert user["profile"] == "salesperson"
    assert verify(hasher_for(site.registry), user["password_hash"], PASSWORD)

    app = site.app()
    signed_in = sign_in(app, "ines.roy@cli.example", PASSWORD)
    assert signed_in.location == "http://localhost/"


def test_user_add_admin(site):
    code, out, _err = run(site.ini, "user", "add", "chef@cli.example", "--admin")
    assert code == 0
    assert "No password yet" in out
    assert site.user("chef@cli.example")["profile"] == "admin"


def test_user_add_twice_is_one_line(site):
    run(site.ini, "user", "add", "double@cli.example")
    result = run(site.ini, "user", "add", "double@cli.example")
    assert_one_line_failure(result, "double@cli.example", "already exists")


def test_user_add_refuses_a_bad_address_or_a_weak_password(site):
    assert_one_line_failure(run(site.ini, "user", "add", "not-an-address"), "valid")
    result = run(
        site.ini, "user", "add", "weak@cli.example", "--password-stdin", stdin="abc\n"
    )
    assert_one_line_failure(result, "password refused")
    assert site.user("weak@cli.example") is None


# token create ------


def test_a_created_token_authenticates_api_calls(site):
    run(site.ini, "user", "add", "api@cli.example")
    code, out, _err = run(site.ini, "token", "create", "api@cli.example")
    assert code == 0
    token = out.strip()
    app = site.app()
    me = app.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json["email"] == "api@cli.example"


def test_a_token_for_an_unknown_email_is_one_line(site):
    result = run(site.ini, "token", "create", "nobody@cli.example")
    assert_one_line_failure(result, "nobody@cli.example")


# demo, settings, revision (tests/plugins/test_plugin_cli.py writes one) ------


def _demo_counts(site) -> dict[str, int]:
    models = {
        "companies": Company,
        "contacts": Contact,
        "users": User,
        "actions": Action,
    }

    def work(session):
        return {
            name: session.scalar(select(func.count()).select_from(model))
            for name, model in models.items()
        }

    return run_in_transaction(site.registry, work)


def test_demo_seeds_once_and_its_printed_users_sign_in(site):
    code, out, _err = run(site.ini, "demo")
    assert code == 0
    seeded = _demo_counts(site)
    assert seeded["companies"] > 20 and seeded["contacts"] > 100
    assert seeded["actions"] > 100

    password = re.search(r"Demo sign-in \(password '([^']+)'\)", out)[1]
    email = re.search(r"^\s+(\S+@relais\.example)\s", out, re.MULTILINE)[1]
    assert sign_in(site.app(), email, password).location == "http://localhost/"

    code, out, _err = run(site.ini, "demo")
    assert code == 0
    assert "demo data left as it is" in out
    assert _demo_counts(site) == seeded


def test_settings_lists_every_setting_and_a_plugins_settings(site):
    code, out, _err = run(site.ini, "settings")
    assert code == 0
    assert "relais.sqlite.busy_timeout" in out
    assert "relais.reporting." not in out
    code, out, _err = run(site.ini, "settings", "--plugins", "reporting", "--markdown")
    assert code == 0
    assert out.startswith("| Setting ")
    assert "relais.reporting." in out


def test_revision_for_a_branch_not_enabled_is_one_line(site):
    result = run(site.ini, "revision", "--branch", "reporting", "-m", "x")
    assert_one_line_failure(result, "reporting")


# serve and worker ------


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


def _wait_until(check, process: subprocess.Popen, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"the process ended ({process.returncode}): {output[-2000:]}")
        time.sleep(0.2)
    pytest.fail("the process did not do its work in time")


def _start(ini: str, *argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [RELAIS, "-c", ini, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=os.path.dirname(ini),
    )


def test_serve_answers_the_sign_in_page(site):
    listen = re.search(r"listen = (\S+)", Path(site.ini).read_text())[1]

    def sign_in_page():
        try:
            with urllib.request.urlopen(f"http://{listen}/login", timeout=5) as page:
                return page.read().decode()
        except (urllib.error.URLError, ConnectionError):
            return None

    site_cache = Path(site.ini).parent / "var" / "chameleon"
    cache = Path(os.environ.get("CHAMELEON_CACHE") or site_cache)
    process = _start(site.ini, "serve")
    try:
        page = _wait_until(sign_in_page, process)
        # The templates are compiled in the background, kept for the next start.
        _wait_until(lambda: len(list(cache.glob("*.py"))) > 50, process, 300)
    finally:
        _stop(process)
    assert 'name="password"' in page


def _worker_runs_a_queued_task(site, ini: str, command=("worker", "--workers", "1")):
    _config, registry = make_registry(dict(get_appsettings(ini)))
    mail = Path(registry.relais_settings["relais.mail.folder"])
    subject = f"Worker {secrets.token_hex(4)}"
    registry.relais_tasks["core.send_mail"](
        mail_payload(["ops@cli.example"], subject, "Queued for the worker.")
    )
    assert not _sent(mail, subject)

    process = _start(ini, *command)
    try:
        _wait_until(lambda: _sent(mail, subject), process)
    finally:
        _stop(process)
        registry.relais_huey.flush()
        registry.relais_engine.dispose()


def _sent(folder: Path, subject: str) -> bool:
    if not folder.exists():
        return False
    return any(subject in path.read_text(errors="replace") for path in folder.iterdir())


def test_worker_runs_tasks_queued_in_sqlite(site):
    _worker_runs_a_queued_task(site, site.ini)


def test_serve_with_worker_runs_queued_tasks_beside_the_server(site):
    """`make run` needs no second command for mail and reminders."""
    _worker_runs_a_queued_task(site, site.ini, ("serve", "--worker"))


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


def test_worker_runs_tasks_queued_in_redis(site):
    if not _redis_answers():
        pytest.fail("Redis does not answer on 127.0.0.1:6379: .ci/run starts it")
    ini = write_ini(
        site.folder,
        "redis.ini",
        **{
            "relais.huey.url": "redis://127.0.0.1:6379/0",
            "relais.huey.name": f"relais-cli-test-{secrets.token_hex(4)}",
        },
    )
    _worker_runs_a_queued_task(site, ini)


def test_a_worker_with_immediate_tasks_is_refused_in_one_line(site):
    ini = write_ini(site.folder, "immediate.ini", **{"relais.huey.immediate": "true"})
    assert_one_line_failure(run(ini, "worker"), "relais.huey.immediate")
