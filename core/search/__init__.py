"""Search: the quick-search box, the advanced search and saved searches.

:mod:`core.search.criteria` holds the one query object every search path
shares; :mod:`core.search.index` keeps the text index in step with the
directory.
"""


def includeme(config):
    from core.search import index

    index.install()
    config.include(".views")
