"""The ``relais`` command: migrate, serve, worker, demo, settings, users, tokens."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

log = logging.getLogger(__name__)


class CommandError(Exception):
    """A command cannot do what was asked; the message is shown as is."""


def load_registry(config_uri: str):
    from pyramid.paster import get_appsettings, setup_logging

    from core.app import make_registry

    if not os.path.exists(config_uri):
        raise CommandError(f"configuration file {config_uri} not found")
    setup_logging(config_uri)
    _config, registry = make_registry(dict(get_appsettings(config_uri)))
    return registry


def load_migrated_registry(config_uri: str):
    """The registry, once the database is known to be migrated for it."""
    from core.db.migrate import branches_behind

    registry = load_registry(config_uri)
    with registry.relais_engine.connect() as connection:
        behind = branches_behind(registry, connection)
    if behind:
        raise CommandError(
            f"the database is not up to date ({', '.join(behind)}): "
            "run relais migrate first"
        )
    return registry


def cmd_migrate(args) -> None:
    from core.db import run_in_transaction
    from core.db.migrate import upgrade_database
    from core.reference.registry import seed_reference_data

    registry = load_registry(args.config)
    labels = upgrade_database(registry)
    added = run_in_transaction(
        registry, lambda session: seed_reference_data(session, registry)
    )
    print(f"Database up to date ({', '.join(labels)}); {added} reference rows added.")


def cmd_revision(args) -> None:
    from alembic import command

    from core.db.migrate import alembic_config, dormant_branches_run, enabled_branches

    registry = load_registry(args.config)
    branches = {b.label: b for b in enabled_branches(registry)}
    if args.branch not in branches:
        raise CommandError(
            f"no enabled branch {args.branch!r} (enabled: {', '.join(branches)})"
        )
    with registry.relais_engine.begin() as connection:
        known = list(branches.values()) + dormant_branches_run(registry, connection)
        cfg = alembic_config(known, connection, registry)
        head = f"{args.branch}@head"
        script = command.revision(
            cfg,
            message=args.message,
            autogenerate=True,
            head=head if args.parent else "base",
            branch_label=None if args.parent else args.branch,
            version_path=_resolve(branches[args.branch].location),
            rev_id=args.rev_id,
            depends_on=args.depends_on,
        )
    print(f"Created {script.path}")


def _resolve(location):
    from core.db.migrate import resolve_location

    return resolve_location(location)


def cmd_demo(args) -> None:
    from core.db import run_in_transaction
    from core.demo import seed_demo

    registry = load_migrated_registry(args.config)
    report = run_in_transaction(
        registry, lambda session: seed_demo(session, registry, seed=args.seed)
    )
    print(report)


def cmd_serve(args) -> None:
    from pyramid.scripts.pserve import PServeCommand

    from core.web import warmup

    warmup.use_disk_cache(args.config)
    registry = load_migrated_registry(args.config)
    if args.worker:
        _start_worker_threads(registry, args.workers)
    plugins = [
        registry.relais_plugins.get_plugin(name).__name__
        for name in registry.relais_enabled_plugins
    ]
    warmup.start(registry, ["core", *plugins])
    argv = ["pserve", args.config]
    if args.reload:
        argv.append("--reload")
    sys.exit(PServeCommand(argv).run())


def _worker_consumer(registry, workers: int):
    if registry.relais_settings["relais.huey.immediate"]:
        raise CommandError(
            "relais.huey.immediate is on: tasks run where they are queued, "
            "there is nothing for a worker to do"
        )
    from core.mail.idle import start_idle_watcher

    consumer = registry.relais_huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True
    )
    log.info("worker.start workers=%s", workers)
    start_idle_watcher(registry)
    return consumer


def _start_worker_threads(registry, workers: int) -> None:
    """Run the task consumer in threads beside the web server.

    For one machine with nothing else running (``make run``): mail, reminders
    and periodic tasks work without a second command. The consumer's own
    signal handlers expect its run loop, so the server's are put back and
    Ctrl-C still stops the server; the daemon threads end with it.
    """
    watched = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    saved = {signum: signal.getsignal(signum) for signum in watched}
    _worker_consumer(registry, workers).start()
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def cmd_worker(args) -> None:
    registry = load_migrated_registry(args.config)
    _worker_consumer(registry, args.workers).run()


def cmd_settings(args) -> None:
    """Print every setting the configuration declares, for operators and docs."""
    from pyramid.paster import get_appsettings

    from core.app import make_registry
    from core.settings import describe_settings

    if not os.path.exists(args.config):
        raise CommandError(f"configuration file {args.config} not found")
    raw = dict(get_appsettings(args.config))
    if args.plugins is not None:
        raw["relais.plugins"] = args.plugins
    _config, registry = make_registry(raw)
    print(describe_settings(registry.relais_settings, markdown=args.markdown))
    registry.relais_engine.dispose()


def cmd_user_add(args) -> None:
    from core.auth import services
    from core.auth.schemas import check_email
    from core.db import run_in_transaction
    from core.forms import FieldError

    registry = load_migrated_registry(args.config)
    try:
        email = check_email(args.email)
    except FieldError as exc:
        raise CommandError(f"{args.email} is not a valid e-mail address") from exc
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        from core.auth.passwords import weakness

        problem = weakness(password, email)
        if problem:
            raise CommandError(f"password refused: {problem.interpolate()}")

    def work(session):
        try:
            user = services.create_user(
                session,
                registry,
                email,
                last_name=args.last_name or email.split("@")[0],
                first_name=args.first_name or "",
                profile_code="admin" if args.admin else args.profile,
                password=password,
            )
        except services.AuthError as exc:
            raise CommandError(
                f"a user with the e-mail {email} already exists"
            ) from exc
        return user.id

    user_id = run_in_transaction(registry, work)
    print(f"User {email} created (id {user_id}).")
    if password is None:
        print(
            "No password yet: 'Forgotten password?' on the sign-in page "
            "e-mails a link to choose one."
        )


def cmd_token_create(args) -> None:
    from core.auth import services
    from core.db import run_in_transaction

    registry = load_migrated_registry(args.config)

    def work(session):
        user = services.user_by_email(session, args.email)
        if user is None or not user.active:
            raise CommandError(f"no active user with the e-mail {args.email}")
        _token, secret = services.create_token(session, user, args.name)
        return secret

    print(run_in_transaction(registry, work))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relais", description=__doc__)
    parser.add_argument(
        "-c", "--config", default="development.ini", help="ini file (development.ini)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="upgrade the database").set_defaults(
        func=cmd_migrate
    )
    revision = commands.add_parser(
        "revision", help="write a migration comparing the models with the database"
    )
    revision.add_argument("--branch", default="core", help="core or a plugin's name")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--rev-id", help="the revision id (default: random)")
    revision.add_argument("--depends-on", help="a core revision the first one needs")
    revision.add_argument(
        "--first",
        dest="parent",
        action="store_false",
        help="start the branch: the revision has no parent",
    )
    revision.set_defaults(func=cmd_revision)
    demo = commands.add_parser("demo", help="fill an empty database with demo data")
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(func=cmd_demo)
    serve = commands.add_parser("serve", help="serve the web application")
    serve.add_argument("--reload", action="store_true")
    serve.add_argument(
        "--worker",
        action="store_true",
        help="also run the task consumer in this process (one-machine set-up)",
    )
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=cmd_serve)
    worker = commands.add_parser("worker", help="run the background task consumer")
    worker.add_argument("--workers", type=int, default=2)
    worker.set_defaults(func=cmd_worker)

    settings = commands.add_parser(
        "settings", help="list every setting with its default and meaning"
    )
    settings.add_argument(
        "--plugins", metavar="NAMES", help="as if these plugins were enabled"
    )
    settings.add_argument("--markdown", action="store_true", help="as a table")
    settings.set_defaults(func=cmd_settings)

    user = commands.add_parser("user", help="manage users").add_subparsers(
        dest="user_command", required=True
    )
    add = user.add_parser("add", help="create a user")
    add.add_argument("email")
    add.add_argument("--admin", action="store_true", help="give the admin profile")
    add.add_argument(
        "--profile",
        default="salesperson",
        choices=["admin", "manager", "salesperson", "assistant"],
    )
    add.add_argument("--first-name")
    add.add_argument("--last-name")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    add.set_defaults(func=cmd_user_add)

    token = commands.add_parser("token", help="manage API tokens").add_subparsers(
        dest="token_command", required=True
    )
    create = token.add_parser("create", help="create a personal API token")
    create.add_argument("email")
    create.add_argument("--name", default="cli")
    create.set_defaults(func=cmd_token_create)
    return parser


def main(argv: list[str] | None = None) -> int:
    from alembic.util import CommandError as AlembicError
    from pyramid.exceptions import ConfigurationError, ConfigurationExecutionError
    from sqlalchemy.exc import DBAPIError

    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except CommandError as exc:
        return _fail(str(exc))
    except ConfigurationExecutionError as exc:
        # Raised inside a configuration action: the cause is what matters.
        return _fail(f"configuration error: {_first_line(exc.evalue)}")
    except ConfigurationError as exc:
        return _fail(f"configuration error: {_first_line(exc)}")
    except AlembicError as exc:
        return _fail(f"migration error: {_first_line(exc)}")
    except DBAPIError as exc:
        return _fail(f"database error: {_first_line(exc.orig)}")
    return 0


def _fail(message: str) -> int:
    print(f"relais: {message}", file=sys.stderr)
    return 1


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
