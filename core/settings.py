"""Every setting Relais reads, declared once, parsed and validated at start-up.

Pyramid keeps the raw ini values in ``registry.settings``; the typed values live
in ``registry.relais_settings``, so code never parses a string twice and a
misspelled or invalid setting stops the application before it serves anything.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyramid.exceptions import ConfigurationError

REQUIRED = object()


class SettingError(ConfigurationError):
    """A setting is missing, unknown or has a value that cannot be used."""

    def __init__(self, name: str, message: str):
        super().__init__(f"setting {name}: {message}")
        self.name = name


@dataclass(frozen=True)
class Setting:
    """The declaration of one setting: its name, parser, default and meaning."""

    name: str
    parse: Callable[[str], Any]
    default: Any
    doc: str
    # Passwords and keys: a refusal names the setting but never shows the value.
    secret: bool = False

    def read(self, raw: Mapping[str, Any]) -> Any:
        if self.name not in raw or raw[self.name] in (None, ""):
            if self.default is REQUIRED:
                raise SettingError(self.name, "is required")
            return self.default
        value = raw[self.name]
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value.strip())
        except (TypeError, ValueError) as exc:
            shown = "the value" if self.secret else repr(value)
            raise SettingError(self.name, f"{shown} is not valid: {exc}") from exc


def as_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true or false")


def as_words(value: str) -> tuple[str, ...]:
    return tuple(value.replace(",", " ").split())


def as_positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("expected a positive whole number")
    return number


def as_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("unknown time zone") from exc
    return value


def one_of(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return value

    return parse


def as_secret(value: str) -> str:
    if len(value) < 32:
        raise ValueError("use at least 32 random characters")
    return value


def as_path(value: str) -> str:
    return os.path.abspath(os.path.expanduser(value))


def as_url_prefix(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// address")
    return value.rstrip("/")


def as_database_url(value: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(value).get_backend_name()
    except ArgumentError as exc:
        raise ValueError("not a database URL") from exc
    if backend not in {"sqlite", "postgresql"}:
        raise ValueError("expected sqlite:///PATH or postgresql+psycopg://...")
    return value


CORE_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "sqlalchemy.url",
        as_database_url,
        REQUIRED,
        "Database URL (SQLite or PostgreSQL).",
        secret=True,
    ),
    Setting(
        "relais.sqlite.busy_timeout",
        as_positive_int,
        10000,
        "SQLite only: milliseconds a transaction waits for another's write lock.",
    ),
    Setting(
        "relais.secret", as_secret, REQUIRED, "Signs session cookies.", secret=True
    ),
    Setting("relais.plugins", as_words, (), "Names of the plugins to enable."),
    Setting("relais.theme", str, "default", "Name of the theme under themes/."),
    Setting(
        "relais.base_url",
        as_url_prefix,
        None,
        "Public address used in e-mailed links; the request's own when empty.",
    ),
    Setting(
        "relais.huey.url",
        str,
        "sqlite:///var/huey.sqlite",
        "Task queue: sqlite:///PATH or redis://HOST:PORT/DB.",
    ),
    Setting(
        "relais.huey.name",
        str,
        "relais",
        "Queue name; several Relais sites can share one Redis with distinct names.",
    ),
    Setting(
        "relais.huey.immediate",
        as_bool,
        False,
        "Run tasks in the calling process as soon as they are queued (tests).",
    ),
    Setting(
        "relais.mail.transport",
        one_of("smtp", "folder"),
        "folder",
        "smtp sends through mail.host; folder writes .eml files instead.",
    ),
    Setting(
        "relais.mail.folder",
        as_path,
        "var/mail",
        "Where the folder transport writes messages.",
    ),
    Setting(
        "relais.mail.sender",
        str,
        "Relais <relais@localhost>",
        "From address of the mail Relais sends.",
    ),
    Setting("mail.host", str, "127.0.0.1", "SMTP server host."),
    Setting("mail.port", as_positive_int, 25, "SMTP server port."),
    Setting("mail.username", str, None, "SMTP user name, if the server wants one."),
    Setting("mail.password", str, None, "SMTP password."),
    Setting("mail.tls", as_bool, False, "Use STARTTLS with the SMTP server."),
    Setting("mail.ssl", as_bool, False, "Connect to the SMTP server over TLS."),
    Setting(
        "relais.default_timezone",
        as_timezone,
        "Europe/Paris",
        "Time zone of new users and of mail sent to no one in particular.",
    ),
    Setting(
        "relais.default_locale",
        one_of("fr", "en"),
        "fr",
        "Interface language of new users and of the sign-in pages.",
    ),
    Setting(
        "relais.session.timeout",
        as_positive_int,
        8 * 3600,
        "Seconds of inactivity after which a browser session ends.",
    ),
    Setting(
        "relais.session.max_age",
        as_positive_int,
        14 * 86400,
        "Seconds after which a browser session ends whatever its activity.",
    ),
    Setting(
        "relais.password_reset.lifetime",
        as_positive_int,
        3600,
        "Seconds a password-reset link stays valid.",
    ),
    Setting(
        "relais.login.max_failures",
        as_positive_int,
        5,
        "Failed sign-ins on one account before attempts are slowed down.",
    ),
    Setting(
        "relais.login.max_failures_per_address",
        as_positive_int,
        20,
        "Failed sign-ins from one network address before it is slowed down.",
    ),
    Setting(
        "relais.login.window",
        as_positive_int,
        900,
        "Seconds over which failed sign-ins are counted.",
    ),
    Setting(
        "relais.password.cheap_hashing",
        as_bool,
        False,
        "Use low argon2 costs; for the test suite only.",
    ),
    Setting(
        "relais.demo.password",
        str,
        "relais-demo",
        "Password given to the demo users by `relais demo`.",
    ),
)

# Keys that belong to libraries Relais includes and that it does not validate.
FOREIGN_PREFIXES = ("pyramid.", "tm.", "retry.", "mail.", "sqlalchemy.")


class Settings(Mapping[str, Any]):
    """The typed settings of one application, filled as declarations arrive."""

    def __init__(self, raw: Mapping[str, Any]):
        self._raw = raw
        self._declared: dict[str, Setting] = {}
        self._values: dict[str, Any] = {}

    def declare(self, setting: Setting) -> Any:
        if setting.name in self._declared:
            raise SettingError(setting.name, "is declared twice")
        self._declared[setting.name] = setting
        self._values[setting.name] = setting.read(self._raw)
        return self._values[setting.name]

    def declarations(self) -> list[Setting]:
        return sorted(self._declared.values(), key=lambda s: s.name)

    def check_unknown(self, dormant: tuple[str, ...] = ()) -> None:
        """Refuse a ``relais.*`` key nobody declared: it is a typo or a leftover.

        ``dormant`` names installed plugins that are switched off: their
        settings may stay in the ini file so that switching back on is one edit.
        """
        prefixes = tuple(f"relais.{name}." for name in dormant)
        for name in sorted(self._raw):
            if not name.startswith("relais.") or name in self._declared:
                continue
            if name.startswith(prefixes):
                continue
            raise SettingError(name, "is not a known setting")

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def describe_settings(settings: Settings, markdown: bool = False) -> str:
    """The declared settings with their defaults, as text or a Markdown table."""
    rows = []
    for setting in settings.declarations():
        if setting.default is REQUIRED:
            default = "(required)"
        elif setting.default in (None, ()):
            default = "(empty)"
        elif isinstance(setting.default, tuple):
            default = " ".join(map(str, setting.default))
        else:
            default = str(setting.default)
            if isinstance(setting.default, bool):
                default = default.lower()
        rows.append((setting.name, default, setting.doc))
    if not markdown:
        return "\n".join(
            f"{name} = {default}\n    {doc}" for name, default, doc in rows
        )
    lines = ["| Setting | Default | Meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | `{default}` | {doc} |" for name, default, doc in rows]
    return "\n".join(lines)


def load_core_settings(raw: Mapping[str, Any]) -> Settings:
    settings = Settings(raw)
    for setting in CORE_SETTINGS:
        settings.declare(setting)
    return settings


def add_setting(config, name, parse=str, default=None, doc=""):
    """Declare a plugin's setting; return its parsed value at once.

    ``config.add_setting("relais.reporting.sender", default="...", doc="...")``.
    Name plugin settings ``relais.<plugin>.<key>``: the settings of an
    installed but disabled plugin may then stay in the ini file. ``parse``
    turns the ini text into the value and raises ``ValueError`` (or
    ``TypeError``) to refuse it; the helpers of :mod:`core.settings`
    (``as_bool``, ``as_positive_int``, ``one_of``...) cover the usual cases.
    ``default`` is used when the key is absent or empty (:data:`REQUIRED`
    makes it mandatory); ``doc`` is one sentence for ``docs/settings.md``.
    A refused or missing value raises :class:`SettingError` naming the
    setting, which stops start-up; so does declaring a name twice. Code reads
    the value later as ``request.settings[name]``. Added in 0.1.
    """
    if not doc:
        raise SettingError(name, "needs a doc sentence for docs/settings.md")
    settings: Settings = config.registry.relais_settings
    return settings.declare(Setting(name, parse, default, doc))


def includeme(config):
    config.add_directive("add_setting", add_setting)
    config.add_request_method(
        lambda request: request.registry.relais_settings, "settings", reify=True
    )
