"""Administration: users, teams, profiles, reference lists, plugins."""


def includeme(config):
    config.include(".views")
