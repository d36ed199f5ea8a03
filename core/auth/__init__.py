"""Users, teams, profiles and their rights; sign-in, tokens, password reset."""


def includeme(config):
    config.include(".permissions")
    config.include(".security")
    config.include(".views")
