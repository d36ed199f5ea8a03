"""Translations: French first, English per user, through gettext."""

from __future__ import annotations

from pyramid import i18n
from translationstring import TranslationString, Translator

DOMAIN = "relais"
LOCALES = ("fr", "en")

_ = i18n.TranslationStringFactory(DOMAIN)


def negotiate_locale(request) -> str:
    """The signed-in user's language, else the browser's, else the default."""
    user = getattr(request, "identity", None)
    if user is not None and user.locale in LOCALES:
        return user.locale
    default = request.registry.relais_settings["relais.default_locale"]
    return request.accept_language.lookup(LOCALES, default=default)


def translate_nested(localizer: i18n.Localizer) -> i18n.Localizer:
    """Make ``localizer`` translate the messages given as mapping values.

    A message such as ``_("${field} is too long.", mapping={"field": _("Phone")})``
    would otherwise show the English "Phone" inside the French sentence: the
    interpolation turns each value into text without translating it.
    """
    if getattr(localizer, "relais_nested", False):
        return localizer
    plain = Translator(localizer.translations)

    def translate(tstring, domain=None, mapping=None, context=None):
        if isinstance(tstring, TranslationString) and tstring.mapping:
            tstring = TranslationString(tstring, mapping=_resolved(tstring.mapping))
        if mapping:
            mapping = _resolved(mapping)
        return plain(tstring, domain=domain, mapping=mapping, context=context)

    def _resolved(values: dict) -> dict:
        return {
            key: translate(value) if isinstance(value, TranslationString) else value
            for key, value in values.items()
        }

    localizer.translator = translate
    localizer.relais_nested = True
    return localizer


def make_localizer(locale: str, directories) -> i18n.Localizer:
    """A localizer for mail and tasks, which have no request to ask."""
    return translate_nested(i18n.make_localizer(locale, directories))


def request_localizer(request) -> i18n.Localizer:
    """Pyramid's localizer of the request, translating nested messages too."""
    return translate_nested(i18n.LocalizerRequestMixin.localizer.wrapped(request))


def includeme(config):
    config.add_translation_dirs("core:locale/")
    config.set_locale_negotiator(negotiate_locale)
    config.add_request_method(request_localizer, "localizer", reify=True)
    config.add_request_method(
        lambda request: request.localizer.translate, "translate", reify=True
    )
