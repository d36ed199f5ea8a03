"""The versioned JSON API under ``/api/v1/``."""


def includeme(config):
    config.include(".views")
