"""Subscribing to a report: the form, the test rendering, the list."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from core.auth.models import User
from core.forms import validate
from core.i18n import _
from plugins.reporting import filters as filter_values
from plugins.reporting import subscriptions as service
from plugins.reporting.models import Subscription
from plugins.reporting.outputs import FORMATS
from plugins.reporting.schedule import DAILY
from plugins.reporting.schemas import SubscriptionForm, missing
from plugins.reporting.services import (
    FilterErrors,
    UnknownReport,
    build,
    report_named,
    user_zone,
)
from plugins.reporting.views import definition_of, filter_fields, flash

FORM = "plugins.reporting:templates/subscription_form.pt"
WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


def form_values(request, definition, form, raw, errors=None, subscription=None):
    users = request.dbsession.scalars(
        select(User).where(User.active.is_(True)).order_by(User.last_name, User.id)
    )
    return {
        "title": _("Subscribe to a report"),
        "definition": definition,
        "form": form,
        "raw": raw,
        "errors": errors or {},
        "subscription": subscription,
        "formats": FORMATS,
        "weekdays": WEEKDAYS,
        "users": list(users),
        "choices": filter_values.choices_for(definition, request.dbsession),
        "zone": user_zone(request.identity, request.registry),
        "fields": filter_fields(),
    }


def posted(request) -> dict:
    data = {
        key: value
        for key, value in request.POST.items()
        if key not in {"csrf_token", "recipient_ids", "action"} and value.strip()
    }
    data["include_table"] = "include_table" in request.POST
    data["include_filters"] = "include_filters" in request.POST
    data["recipient_ids"] = [v for v in request.POST.getall("recipient_ids") if v]
    return data


def read(request, definition):
    """Validate the form and the filters it carries; return all three."""
    data = posted(request)
    raw = filter_values.from_params(definition, request.POST)
    form, errors = validate(SubscriptionForm, data)
    errors.update(missing(data))
    try:
        build(
            definition,
            request.dbsession,
            raw,
            request.identity,
            user_zone(request.identity, request.registry),
            registry=request.registry,
        )
    except FilterErrors as exc:
        errors.update(exc.errors)
    return form, raw, errors, data


def initial_form(request, definition) -> dict:
    return {
        "name": request.localizer.translate(definition.title),
        "include_table": True,
        "include_filters": True,
        "output": "pdf-a4-landscape",
        "frequency": DAILY,
        "time": "08:00",
        "recipient_ids": [str(request.identity.id)],
        "addresses": "",
    }


@view_config(
    route_name="reporting_subscribe",
    renderer=FORM,
    permission="reporting.view",
    request_method="GET",
)
def subscribe_form(request):
    definition = definition_of(request)
    raw = filter_values.from_params(definition, request.params)
    return form_values(request, definition, initial_form(request, definition), raw)


def queue_test_rendering(request, definition, form, raw):
    """Queue the report for the current user alone, now."""
    spec = {
        "report": definition.name,
        "name": form.name,
        "output": form.output,
        "filters": raw,
        "include_table": form.include_table,
        "include_filters": form.include_filters,
    }
    request.tasks.enqueue("reporting.send_preview", request.identity.id, spec)
    flash(request, _("A test rendering is on its way to your mailbox."))


@view_config(
    route_name="reporting_subscribe",
    renderer=FORM,
    permission="reporting.view",
    request_method="POST",
)
def subscribe(request):
    definition = definition_of(request)
    form, raw, errors, data = read(request, definition)
    if errors:
        request.response.status = 400
        return form_values(request, definition, data, raw, errors)
    if request.POST.get("action") == "test":
        queue_test_rendering(request, definition, form, raw)
        return form_values(request, definition, data, raw)
    service.save(
        request.dbsession,
        request.registry,
        request.identity,
        definition.name,
        form,
        raw,
    )
    flash(request, _("You are subscribed to this report."))
    return HTTPSeeOther(request.route_url("reporting_subscriptions"))


def own_subscription(request) -> tuple[Subscription, object]:
    """The user's own subscription and its report; anyone else's is not found."""
    subscription = request.dbsession.get(Subscription, int(request.matchdict["id"]))
    if subscription is None or subscription.owner_id != request.identity.id:
        raise HTTPNotFound()
    try:
        return subscription, report_named(request.registry, subscription.report)
    except UnknownReport:
        raise HTTPNotFound() from None


def stored_form(subscription: Subscription) -> dict:
    return {
        "name": subscription.name,
        "include_table": subscription.include_table,
        "include_filters": subscription.include_filters,
        "output": subscription.output,
        "frequency": subscription.frequency,
        "time": f"{subscription.hour:02d}:{subscription.minute:02d}",
        "weekday": "" if subscription.weekday is None else str(subscription.weekday),
        "monthday": "" if subscription.monthday is None else str(subscription.monthday),
        "recipient_ids": [str(user.id) for user in subscription.recipients],
        "addresses": "\n".join(subscription.addresses or []),
    }


@view_config(
    route_name="reporting_subscription",
    renderer=FORM,
    permission="reporting.view",
    request_method="GET",
)
def edit_form(request):
    subscription, definition = own_subscription(request)
    raw = filter_values.raw_values(definition, subscription.filters or {})
    return form_values(
        request, definition, stored_form(subscription), raw, subscription=subscription
    )


@view_config(
    route_name="reporting_subscription",
    renderer=FORM,
    permission="reporting.view",
    request_method="POST",
)
def edit(request):
    subscription, definition = own_subscription(request)
    form, raw, errors, data = read(request, definition)
    if errors:
        request.response.status = 400
        return form_values(request, definition, data, raw, errors, subscription)
    if request.POST.get("action") == "test":
        queue_test_rendering(request, definition, form, raw)
        return form_values(request, definition, data, raw, subscription=subscription)
    service.save(
        request.dbsession,
        request.registry,
        request.identity,
        definition.name,
        form,
        raw,
        subscription=subscription,
    )
    flash(request, _("The subscription is saved."))
    return HTTPSeeOther(request.route_url("reporting_subscriptions"))


@view_config(
    route_name="reporting_subscription_delete",
    permission="reporting.view",
    request_method="POST",
)
def delete(request):
    subscription, _definition = own_subscription(request)
    request.dbsession.delete(subscription)
    flash(request, _("The subscription is deleted."))
    return HTTPSeeOther(request.route_url("reporting_subscriptions"))


@view_config(
    route_name="reporting_subscriptions",
    renderer="plugins.reporting:templates/subscriptions.pt",
    permission="reporting.view",
    request_method="GET",
)
def my_subscriptions(request):
    rows = request.dbsession.scalars(
        select(Subscription)
        .where(Subscription.owner_id == request.identity.id)
        .order_by(Subscription.name, Subscription.id)
    )
    reports = request.registry.relais_reports
    return {
        "title": _("My report subscriptions"),
        "subscriptions": [s for s in rows if s.report in reports],
        "reports": reports,
        "formats": FORMATS,
        "weekdays": WEEKDAYS,
    }
