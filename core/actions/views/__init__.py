"""Action pages: routes and menu entries."""

from __future__ import annotations


def includeme(config):
    config.add_route("action", r"/actions/{id:\d+}")
    config.scan(".sheet")
