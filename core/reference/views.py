"""Admin pages of the reference lists."""


def includeme(config):
    pass
