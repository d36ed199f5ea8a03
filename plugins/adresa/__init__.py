"""AdResa: ad booking — rate cards, quotes, insertion orders, planning, revenue."""


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
