"""Calendar sync: two-way synchronisation with Outlook, Gmail and CalDAV."""


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
