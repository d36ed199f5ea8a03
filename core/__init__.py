"""Relais, a CRM for media and advertising sales teams.

The package is the Pyramid application; optional modules attach to it as
plugins through the markers below and the directives in ``core.plugins``.
"""

import pluggy

PROJECT = "relais"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


def main(global_config, **settings):
    """Build the WSGI application (the PasteDeploy ``core:main`` factory)."""
    from core.app import make_wsgi_app

    return make_wsgi_app(settings)


__all__ = ["PROJECT", "hookimpl", "hookspec", "main"]
