"""AdResa: ad booking — rate cards, quotes, insertion orders, planning, revenue."""

from core.i18n import _

# What the admin page of plugins says of this one, in the reader's language.
TITLE = _(
    "AdResa: ad booking — rate cards, quotes, insertion orders, planning, revenue."
)


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
