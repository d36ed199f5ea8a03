"""Translations: French first, English per user, through gettext."""

from __future__ import annotations

from pyramid.i18n import TranslationStringFactory

DOMAIN = "relais"
LOCALES = ("fr", "en")

_ = TranslationStringFactory(DOMAIN)


def negotiate_locale(request) -> str:
    """The signed-in user's language, else the browser's, else the default."""
    user = getattr(request, "identity", None)
    if user is not None and user.locale in LOCALES:
        return user.locale
    default = request.registry.relais_settings["relais.default_locale"]
    return request.accept_language.lookup(LOCALES, default=default)


def includeme(config):
    config.add_translation_dirs("core:locale/")
    config.set_locale_negotiator(negotiate_locale)
    config.add_request_method(
        lambda request: request.localizer.translate, "translate", reify=True
    )
