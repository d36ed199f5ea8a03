"""The resources of ``/api/v1``: plural nouns, one module each."""


def includeme(config):
    config.include(".users")
    config.include(".companies")
    config.include(".contacts")
    config.include(".search")
    config.include(".saved_searches")
    config.include(".attachments")
    config.include(".portfolios")
    config.include(".budgets")
    config.include(".lists")
