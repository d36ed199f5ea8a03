"""The directory: companies, their contacts, addresses and portfolios."""


def includeme(config):
    config.include(".access")
    config.include(".views")
