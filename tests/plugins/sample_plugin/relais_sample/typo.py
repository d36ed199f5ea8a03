"""A plugin with a misspelled hook name, which must stop start-up."""

from core import hookimpl


@hookimpl
def relais_on_user_creatd(dbsession, user):
    """Never called: the name has a typo."""
