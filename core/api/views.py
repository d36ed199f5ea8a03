"""API resources."""


def includeme(config):
    pass
