"""The HTML shell: layout, home page, quick search box, error pages."""


def includeme(config):
    config.include(".layout")
    config.include(".views")
