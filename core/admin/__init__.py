"""Administration: users, teams, profiles, reference lists, plugins."""


def includeme(config):
    config.include(".views")
    config.include(".user_views")
    config.include(".team_views")
    config.include(".profile_views")
