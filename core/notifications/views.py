"""The notification centre, the subscriptions form and sharing an information."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from core.actions.models import Action
from core.auth.models import User
from core.directory.models import Company, Contact
from core.directory.services.references import sector_tree
from core.directory.views.companies import flash
from core.forms import parse_id, parse_ids
from core.i18n import _
from core.notifications import services
from core.notifications.channels import EVENT_TITLES, channels

TEMPLATES = "core:templates/notifications/"


def _ints(values) -> list[int]:
    return parse_ids(values)


@view_config(route_name="notifications", renderer=TEMPLATES + "centre.pt")
def centre(request):
    session, user = request.dbsession, request.identity
    known = channels(request.registry)
    channel = request.params.get("channel") or None
    if channel not in known:
        channel = None
    sector_ids = _ints(request.params.getall("sector_ids"))
    portfolio = request.params.get("portfolio") == "1"
    return {
        "title": _("Notification centre"),
        "channels": known,
        "channel": channel,
        "sector_ids": sector_ids,
        "portfolio": portfolio,
        "sectors": sector_tree(session),
        "notifications": services.timeline(
            session, user, channel, sector_ids, portfolio
        ),
        "subscriptions": services.subscriptions(session, user),
        "event_titles": EVENT_TITLES,
    }


def _back(request):
    return HTTPSeeOther(request.route_url("notifications", _query=request.GET))


@view_config(route_name="notifications_read", request_method="POST")
def mark_read(request):
    ident = request.POST.get("id", "")
    services.mark_read(request.dbsession, request.identity, parse_id(ident))
    return _back(request)


@view_config(route_name="notifications_subscriptions", request_method="POST")
def save_subscriptions(request):
    wanted = {
        name: f"email.{name}" in request.POST
        for name in channels(request.registry)
        if f"channel.{name}" in request.POST
    }
    services.set_subscriptions(request.dbsession, request.identity, wanted)
    flash(request, _("Your channels are saved."))
    return _back(request)


def share_panel(context, request) -> dict:
    users = request.dbsession.scalars(
        select(User)
        .where(User.active.is_(True), User.id != request.identity.id)
        .order_by(User.last_name, User.first_name)
    )
    kind = type(context).__name__.lower() if context is not None else ""
    return {"users": list(users), "kind": kind, "target": context}


@view_config(route_name="share", request_method="POST")
def share(request):
    session = request.dbsession
    kind, ident = request.POST.get("kind"), request.POST.get("id", "")
    message = (request.POST.get("message") or "").strip()
    recipients = _ints(request.POST.getall("user_ids"))
    if not ident.isdigit():
        raise HTTPBadRequest()
    target, back = _target(request, kind, int(ident))
    if not message or not recipients:
        flash(request, _("Choose at least one colleague and write a message."))
        return HTTPSeeOther(back)
    company = target if isinstance(target, Company) else None
    contact = target if isinstance(target, Contact) else None
    summary = getattr(target, "name", None) or getattr(target, "display_name", "")
    if kind == "action":
        summary = str(getattr(target, "subject", "") or "")
    count = services.share(
        session,
        request.identity,
        recipients,
        message[:5000],
        company=company,
        contact=contact,
        action_id=target.id if kind == "action" else None,
        summary=summary,
    )
    flash(
        request,
        _("The information is shared with ${count} colleague(s).", {"count": count}),
    )
    return HTTPSeeOther(back)


def _target(request, kind: str, ident: int):
    if kind == "company":
        found = request.dbsession.get(Company, ident)
        route = "company"
    elif kind == "contact":
        found = request.dbsession.get(Contact, ident)
        route = "contact"
    elif kind == "action":
        found = _action(request, ident)
        route = "action"
    else:
        raise HTTPBadRequest()
    if found is None:
        raise HTTPNotFound()
    return found, request.route_url(route, id=ident)


def _action(request, ident: int):
    return request.dbsession.get(Action, ident)


def includeme(config):
    config.add_route("notifications", "/notifications")
    config.add_route("notifications_read", "/notifications/read")
    config.add_route("notifications_subscriptions", "/notifications/subscriptions")
    config.add_route("share", "/share")
    config.add_menu_entry(
        "user", "notifications", _("Notification centre"), "notifications", order=20
    )
    for target in ("company", "contact", "action"):
        config.add_panel(
            target,
            "share",
            _("Share an information"),
            TEMPLATES + "share_panel.pt",
            view=share_panel,
            order=90,
        )
    config.scan(__name__)
