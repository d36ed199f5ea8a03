"""Sign-in, sign-out, the forgotten-password path and the user's own settings."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from pyramid.httpexceptions import HTTPFound, HTTPSeeOther
from pyramid.renderers import render
from pyramid.security import NO_PERMISSION_REQUIRED, forget, remember
from pyramid.view import view_config, view_defaults

from core.auth import schemas, services
from core.auth.passwords import verify, weakness
from core.forms import clean_form, validate
from core.i18n import LOCALES, _, plural_translator
from core.mail import send_mail

log = logging.getLogger(__name__)

PUBLIC = NO_PERMISSION_REQUIRED


def client_address(request) -> str:
    # Not ``client_addr``: it believes X-Forwarded-For, which anyone can send
    # to dodge the per-address throttle. Behind a proxy, waitress's
    # ``trusted_proxy`` puts the real address in REMOTE_ADDR.
    return request.remote_addr or "unknown"


def safe_next(request, target: str | None) -> str:
    """Follow ``next`` only to a page of this site.

    Browsers read ``/\\host`` like ``//host`` and drop tabs and newlines,
    so anything but a plain absolute path goes home instead.
    """
    if target and target.startswith("/") and not target.startswith("//"):
        plain = target.isprintable() and "\\" not in target
        parsed = urlparse(target)
        if plain and not parsed.scheme and not parsed.netloc:
            return target
    return request.route_url("home")


def public_url(request, route_name: str, **kw) -> str:
    base = request.registry.relais_settings["relais.base_url"]
    if base:
        return base + request.route_path(route_name, **kw)
    return request.route_url(route_name, **kw)


@view_config(
    route_name="login", renderer="core:templates/auth/login.pt", permission=PUBLIC
)
def login(request):
    next_url = request.params.get("next", "")
    values = {"title": _("Sign in"), "errors": {}, "email": "", "next": next_url}
    if request.method != "POST":
        if request.identity is not None:
            return HTTPFound(safe_next(request, next_url))
        return values

    form, errors = validate(schemas.SignIn, clean_form(request.POST))
    values["email"] = request.POST.get("email", "")
    if errors:
        values["errors"] = errors
        request.response.status = 400
        return values
    try:
        user = services.authenticate(
            request.dbsession,
            request.registry,
            form.email,
            form.password,
            client_address(request),
        )
    except services.AuthError as exc:
        if exc.reason == "throttled":
            ngettext = plural_translator(request.localizer)
            values["errors"] = {
                "__all__": ngettext(
                    "Too many failed attempts. Try again in ${n} second.",
                    "Too many failed attempts. Try again in ${n} seconds.",
                    exc.retry_after,
                )
            }
            request.response.status = 429
            request.response.headers["Retry-After"] = str(exc.retry_after)
        else:
            values["errors"] = {"__all__": _("Wrong e-mail address or password.")}
            request.response.status = 400
        return values
    headers = remember(request, user.id)
    return HTTPSeeOther(safe_next(request, next_url), headers=headers)


@view_config(route_name="logout", request_method="POST", permission=PUBLIC)
def logout(request):
    headers = forget(request)
    return HTTPSeeOther(request.route_url("login"), headers=headers)


@view_config(
    route_name="password_forgot",
    renderer="core:templates/auth/forgot.pt",
    permission=PUBLIC,
)
def password_forgot(request):
    values = {
        "title": _("Forgotten password"),
        "errors": {},
        "sent": False,
        "email": "",
    }
    if request.method != "POST":
        return values
    form, errors = validate(schemas.ForgotPassword, clean_form(request.POST))
    values["email"] = request.POST.get("email", "")
    if errors:
        values["errors"] = errors
        request.response.status = 400
        return values
    token = services.start_password_reset(
        request.dbsession, request.registry, form.email
    )
    if token is not None:
        user = services.user_by_email(request.dbsession, form.email)
        link = public_url(request, "password_reset", token=token)
        mail_values = {"user": user, "link": link, "request": request}
        # Chameleon's text templates render to UTF-8 bytes.
        body = render("core:templates/auth/reset_mail.txt", mail_values, request)
        send_mail(
            request,
            [user.email],
            request.localizer.translate(_("Reset your Relais password")),
            body.decode("utf-8"),
            kind="password_reset",
        )
    # The same answer whether or not the address has an account.
    values["sent"] = True
    return values


@view_config(
    route_name="password_reset",
    renderer="core:templates/auth/reset.pt",
    permission=PUBLIC,
)
def password_reset(request):
    token = request.matchdict["token"]
    values = {"title": _("New password"), "errors": {}, "valid": True}
    reset = services.pending_reset(request.dbsession, token)
    if reset is None:
        values["valid"] = False
        request.response.status = 410
        return values
    if request.method != "POST":
        return values
    form, errors = validate(schemas.NewPassword, clean_form(request.POST))
    problem = form and weakness(form.password, reset.user.email)
    if problem:
        errors["password"] = problem
    if errors:
        values["errors"] = errors
        request.response.status = 400
        return values
    services.finish_password_reset(
        request.dbsession, request.registry, token, form.password
    )
    request.session.flash(
        request.localizer.translate(_("Your password is changed. Sign in with it."))
    )
    return HTTPSeeOther(request.route_url("login"))


@view_defaults(route_name="account", renderer="core:templates/auth/account.pt")
class AccountViews:
    """The user's own settings: name, language, time zone, password, tokens."""

    def __init__(self, request):
        self.request = request
        self.user = request.identity

    def values(self, **extra):
        values = {
            "title": _("My settings"),
            "errors": {},
            "form": {
                "first_name": self.user.first_name,
                "last_name": self.user.last_name,
                "timezone": self.user.timezone,
                "locale": self.user.locale,
            },
            "locales": LOCALES,
            "tokens": services.tokens_of(self.request.dbsession, self.user),
            "new_token": None,
        }
        values.update(extra)
        return values

    @view_config(request_method="GET")
    def show(self):
        return self.values()

    @view_config(request_method="POST", request_param="action=preferences")
    def save_preferences(self):
        form, errors = validate(schemas.Preferences, clean_form(self.request.POST))
        if errors:
            self.request.response.status = 400
            return self.values(errors=errors, form=dict(self.request.POST))
        for field in ("first_name", "last_name", "timezone", "locale"):
            setattr(self.user, field, getattr(form, field))
        self.request.session.flash(
            self.request.localizer.translate(_("Your settings are saved."))
        )
        return HTTPSeeOther(self.request.route_url("account"))

    @view_config(request_method="POST", request_param="action=password")
    def change_password(self):
        current = self.request.POST.get("current", "")
        form, errors = validate(schemas.NewPassword, clean_form(self.request.POST))
        problem = form and weakness(form.password, self.user.email)
        if problem:
            errors["password"] = problem
        hasher = services.hasher_for(self.request.registry)
        if not verify(hasher, self.user.password_hash, current):
            errors["current"] = _("This is not your current password.")
        if errors:
            self.request.response.status = 400
            return self.values(errors=errors)
        services.set_password(self.request.registry, self.user, form.password)
        # The other sessions end; this one is renewed with the new version.
        headers = remember(self.request, self.user.id)
        self.request.session.flash(
            self.request.localizer.translate(_("Your password is changed."))
        )
        return HTTPSeeOther(self.request.route_url("account"), headers=headers)

    @view_config(request_method="POST", request_param="action=token")
    def create_token(self):
        form, errors = validate(schemas.TokenName, clean_form(self.request.POST))
        if errors:
            self.request.response.status = 400
            return self.values(errors=errors)
        _token, secret = services.create_token(
            self.request.dbsession, self.user, form.name
        )
        return self.values(new_token=secret)

    @view_config(request_method="POST", request_param="action=revoke")
    def revoke_token(self):
        token_id = self.request.POST.get("token_id", "")
        if token_id.isdigit():
            services.revoke_token(self.request.dbsession, self.user, int(token_id))
        return HTTPSeeOther(self.request.route_url("account"))


def includeme(config):
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.add_route("password_forgot", "/password/forgot")
    config.add_route("password_reset", "/password/reset/{token}")
    config.add_route("account", "/account")
    config.add_menu_entry("user", "account", _("Settings"), "account", order=10)
    config.scan(__name__)
