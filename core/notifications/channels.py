"""Notification channels: the core's three, and those plugins declare."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import _
from core.plugins import PluginError, collect


@dataclass(frozen=True)
class NotificationChannel:
    """A stream of events a user may subscribe to, by e-mail or not."""

    name: str
    title: str
    events: tuple[str, ...] = ()


COMPANIES = NotificationChannel(
    "companies",
    _("Companies"),
    ("company_created", "company_address_changed", "company_contact_added"),
)
CONTACTS = NotificationChannel(
    "contacts",
    _("Contacts"),
    (
        "contact_created",
        "contact_departed",
        "contact_function_changed",
        "action_created",
        "opportunity_created",
    ),
)
MESSAGES = NotificationChannel("messages", _("User messages"), ("information_shared",))

EVENT_TITLES = {
    "company_created": _("Company created"),
    "company_address_changed": _("Company address changed"),
    "company_contact_added": _("New contact on a company"),
    "contact_created": _("New contact"),
    "contact_departed": _("Contact left"),
    "contact_function_changed": _("Function or title changed"),
    "action_created": _("Action created"),
    "opportunity_created": _("Opportunity created"),
    "information_shared": _("Information shared with you"),
    "export_ready": _("Your export is ready"),
    "export_failed": _("Your export failed"),
    "import_done": _("Your import is done"),
    "import_failed": _("Your import failed"),
}


def channels(registry) -> dict[str, NotificationChannel]:
    """Every channel by name, the core's first; computed once per registry."""
    known = getattr(registry, "relais_notification_channels", None)
    if known is not None:
        return known
    found: dict[str, NotificationChannel] = {}
    declared = collect(registry.relais_plugins, "relais_register_notification_channels")
    for channel in [COMPANIES, CONTACTS, MESSAGES, *declared]:
        if channel.name in found:
            raise PluginError(channel.name, "notification channel declared twice")
        found[channel.name] = channel
    registry.relais_notification_channels = found
    return found
