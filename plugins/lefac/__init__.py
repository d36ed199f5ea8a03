"""LeFac: import companies and contacts from the media-industry directory."""


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
