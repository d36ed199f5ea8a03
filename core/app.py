"""Build the Pyramid configuration and the WSGI application from settings."""

from __future__ import annotations

import logging

from pyramid.config import Configurator

from core import builtin
from core.access.rules import collect_rules
from core.plugins import installed_plugins, load_plugins, make_plugin_manager
from core.settings import load_core_settings

log = logging.getLogger(__name__)


class ClosingSpooledInput:
    """Close the copy of a request body spooled to disk once it is answered.

    pyramid_retry makes every body re-readable, and WebOb copies a large one
    (an uploaded logo or document) into a temporary file it never closes.
    Closing it here, outside every retry attempt, keeps one upload from
    holding a file until the garbage collector finds it.
    """

    def __init__(self, app):
        self.app = app

    def __getattr__(self, name):
        return getattr(self.app, name)

    def __call__(self, environ, start_response):
        original = environ.get("wsgi.input")
        try:
            return self.app(environ, start_response)
        finally:
            spooled = environ.get("wsgi.input")
            if spooled is not original and hasattr(spooled, "close"):
                spooled.close()


class RelaisConfigurator(Configurator):
    """Pyramid's configurator, keeping a public list of the directives added.

    The plugin contract documents and tests every directive; recording them
    here spares everyone a hand-kept list (``registry.relais_directives``).
    """

    def make_wsgi_app(self):
        return ClosingSpooledInput(super().make_wsgi_app())

    def add_directive(self, name, directive, action_wrap=True):
        directive = self.maybe_dotted(directive)
        self.registry.relais_directives[name] = directive
        return super().add_directive(name, directive, action_wrap=action_wrap)


def make_configurator(raw_settings: dict) -> Configurator:
    """Validate the settings, include the core and the enabled plugins."""
    settings = load_core_settings(raw_settings)
    config = RelaisConfigurator(settings=dict(raw_settings))
    registry = config.registry
    registry.relais_directives = {}
    registry.relais_settings = settings
    registry.relais_plugins = make_plugin_manager()
    registry.relais_plugins.register(builtin, name="core")

    config.include("pyramid_chameleon")
    config.include("pyramid_tm")
    config.include("pyramid_retry")
    config.include("core.settings")
    config.include("core.i18n")
    config.include("core.db")
    config.include("core.tasks")
    config.include("core.mail")
    config.include("core.web.menus")
    config.include("core.web.panels")
    config.include("core.auth")
    config.include("core.reference")
    config.include("core.web")
    config.include("core.access")
    config.include("core.attachments")
    config.include("core.history")
    config.include("core.directory")
    config.include("core.comments")
    config.include("core.documents")
    config.include("core.keywords")
    config.include("core.budgets")
    config.include("core.search")
    config.include("core.mail.views")
    config.include("core.notifications")
    config.include("core.lists")
    config.include("core.transfer")
    config.include("core.admin")
    config.include("core.api")
    config.include("core.actions")
    config.include("core.opportunities")
    config.include("core.dashboard")

    enabled = settings["relais.plugins"]
    load_plugins(config, enabled)
    config.include("core.themes")
    # Settings are declared while including, so every name is known by now.
    dormant = tuple(name for name in installed_plugins() if name not in enabled)
    settings.check_unknown(dormant)
    return config


def make_registry(raw_settings: dict):
    """Commit the configuration and return its registry (commands, workers)."""
    config = make_configurator(raw_settings)
    config.commit()
    registry = config.registry
    _collect_search_sources(registry)
    collect_rules(registry)
    registry.relais_plugins.hook.relais_on_startup(registry=registry)
    return config, registry


def _collect_search_sources(registry) -> None:
    from core.plugins import collect

    sources = collect(registry.relais_plugins, "relais_register_search_sources")
    registry.relais_search_sources = sorted(sources, key=lambda s: (s.order, s.name))


def make_wsgi_app(raw_settings: dict):
    config, _registry = make_registry(raw_settings)
    return config.make_wsgi_app()
