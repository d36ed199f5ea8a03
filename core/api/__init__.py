"""The versioned JSON API under ``/api/v1/``.

Operations are declared with ``config.add_api_operation`` (see
:mod:`core.api.operations`); the OpenAPI document at ``/api/v1/openapi.json``
is generated from the same declarations.
"""


def includeme(config):
    config.include(".operations")
    config.include(".views")
    config.include(".resources")
