"""LeFac: import companies and contacts from the media-industry directory."""

from core.i18n import _

# What the admin page of plugins says of this one, in the reader's language.
TITLE = _("LeFac: import companies and contacts from the media-industry directory.")


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
