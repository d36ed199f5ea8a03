"""Translations: French first, English per user, through gettext."""

from __future__ import annotations

from babel.numbers import format_decimal
from pyramid import i18n
from translationstring import TranslationString, Translator

DOMAIN = "relais"
LOCALES = ("fr", "en")

_ = i18n.TranslationStringFactory(DOMAIN)

# Numbers from this size on are grouped the locale's way ("10 000" in French);
# shorter ones, years among them, stay as they are, as French typography allows.
GROUPED_FROM = 10_000


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
    locale = localizer.locale_name

    def translate(tstring, domain=None, mapping=None, context=None):
        if isinstance(tstring, TranslationString) and tstring.mapping:
            tstring = TranslationString(tstring, mapping=_resolved(tstring.mapping))
        if mapping:
            mapping = _resolved(mapping)
        return plain(tstring, domain=domain, mapping=mapping, context=context)

    def _resolved(values: dict) -> dict:
        return {key: _shown(value) for key, value in values.items()}

    def _shown(value):
        if isinstance(value, TranslationString):
            return translate(value)
        return shown_number(value, locale)

    localizer.translator = translate
    localizer.relais_nested = True
    return localizer


def format_number(value: int, locale: str) -> str:
    """``value`` as the reader of ``locale`` writes it, grouped when long."""
    if abs(value) < GROUPED_FROM:
        return str(value)
    return format_decimal(value, locale=locale)


def shown_number(value, locale: str):
    """A whole number of a message's mapping formatted; any other value as is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, locale)
    return value


def plural_translator(localizer: i18n.Localizer):
    """``ngettext(singular, plural, n)``: the form of the message fit for ``n``.

    French says "1 résultat" and "0 résultat" where English says "0 results",
    so a count message cannot be one message id with a ``${n}`` inside.
    The count is given to the message as ``${n}`` unless ``mapping`` names it.
    """

    def ngettext(singular: str, plural: str, n: int, mapping=None) -> str:
        values = {
            key: shown_number(value, localizer.locale_name)
            for key, value in {"n": n, **(mapping or {})}.items()
        }
        return localizer.pluralize(singular, plural, n, domain=DOMAIN, mapping=values)

    return ngettext


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
