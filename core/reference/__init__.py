"""Reference lists administrators edit: types, sectors, statuses, products..."""

from core.reference.registry import add_reference_list  # noqa: F401


def includeme(config):
    config.include(".registry")
    config.include(".views")
