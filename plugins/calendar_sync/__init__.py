"""Calendar sync: two-way synchronisation with Outlook, Gmail and CalDAV."""

from core.i18n import _

# What the admin page of plugins says of this one, in the reader's language.
TITLE = _("Calendar sync: two-way synchronisation with Outlook, Gmail and CalDAV.")


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
