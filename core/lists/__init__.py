"""Lists of companies and contacts: segmenting, working them, bulk changes."""

from core.i18n import _


def includeme(config):
    from core.lists import bulk, hooks
    from core.lists.models import ListType

    config.registry.relais_plugins.register(hooks, name="core.lists")
    config.add_reference_list(ListType, _("List types"))
    config.add_task("lists.bulk", bulk.bulk_task)
    config.include(".exports")
    config.include(".access")
    config.include(".views")
