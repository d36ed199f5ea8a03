"""Merge pages: choose the record kept, see what moves, confirm, undo."""

from __future__ import annotations

import re

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import or_, select

from core.directory.models import Company, Contact
from core.directory.normalise import person_key
from core.directory.services import FormErrors
from core.directory.services import merge as service
from core.directory.services.companies import picker_label, resolve_company
from core.directory.views.companies import flash
from core.history.models import Merge
from core.i18n import _

FORM = "core:templates/directory/merge.pt"
PICKER_LIMIT = 15
_REFERENCE = re.compile(r"#(\d+)\s*$")


def contact_label(contact: Contact) -> str:
    """What the contact picker shows and reads back: ``Name — Company #id``."""
    company = f" — {contact.company.name}" if contact.company else ""
    return f"{contact.display_name}{company} #{contact.id}"


def resolve_contact(session, text: str | None) -> Contact | None:
    """Read the contact picker's text back as an active contact, or ``None``."""
    found = _REFERENCE.search(text or "")
    if not found:
        return None
    contact = session.get(Contact, int(found.group(1)))
    return contact if contact is not None and contact.active else None


def pick_contacts(session, text: str, limit: int = PICKER_LIMIT) -> list[Contact]:
    key = person_key(text)
    if not key:
        return []
    query = (
        select(Contact)
        .outerjoin(Contact.company)
        .where(
            Contact.active.is_(True),
            Contact.last_name_key.contains(key, autoescape=True),
            or_(Contact.company_id.is_(None), Company.active.is_(True)),
        )
        .order_by(Contact.last_name, Contact.first_name)
        .limit(limit)
    )
    return list(session.scalars(query))


def _record(request, model):
    record = request.dbsession.get(model, int(request.matchdict["id"]))
    if record is None:
        raise HTTPNotFound()
    return record


def _page(request, source, entity, target_text="", errors=None, lines=None):
    return {
        "title": _("Merge into another record"),
        "source": source,
        "entity": entity,
        "source_name": service.record_name(source),
        "target_text": target_text,
        "errors": errors or {},
        "lines": lines,
        "action": request.route_url(f"{entity}_merge", id=source.id),
        "picker": request.route_url(
            "merge_company_pick" if entity == "company" else "contact_pick"
        ),
        "back": request.route_url(entity, id=source.id),
    }


def _merge_view(request, model, entity, resolve):
    session = request.dbsession
    source = _record(request, model)
    if request.method != "POST":
        return _page(request, source, entity)

    text = request.POST.get("target", "").strip()
    try:
        target = resolve(session, text)
    except LookupError:
        target = None
    try:
        service.check_merge(source, target)
    except FormErrors as exc:
        request.response.status = 400
        return _page(request, source, entity, text, errors=exc.errors)
    if "confirm" not in request.POST:
        lines = service.preview(session, request.registry, source)
        label = picker_label(target) if entity == "company" else contact_label(target)
        return _page(request, source, entity, label, lines=lines)

    service.merge(session, request.registry, request.identity, source, target)
    flash(request, _("The merge is done; it can be undone from the History tab."))
    return HTTPSeeOther(request.route_url(entity, id=target.id))


@view_config(route_name="company_merge", renderer=FORM, permission="directory.merge")
def company_merge(request):
    return _merge_view(request, Company, "company", resolve_company)


@view_config(route_name="contact_merge", renderer=FORM, permission="directory.merge")
def contact_merge(request):
    return _merge_view(request, Contact, "contact", resolve_contact)


@view_config(
    route_name="merge_undo", request_method="POST", permission="directory.merge"
)
def merge_undo(request):
    journal = request.dbsession.get(Merge, int(request.matchdict["id"]))
    if journal is None:
        raise HTTPNotFound()
    try:
        service.undo(request.dbsession, request.registry, request.identity, journal)
    except FormErrors as exc:
        flash(request, exc.errors["merge"])
        return HTTPSeeOther(request.route_url(journal.entity, id=journal.target_id))
    flash(request, _("The merge is undone."))
    return HTTPSeeOther(request.route_url(journal.entity, id=journal.source_id))


@view_config(route_name="contact_pick", renderer="core:templates/directory/picker.pt")
def contact_pick(request):
    names = ("q", "target", "contact")
    text = next((request.params[n] for n in names if n in request.params), "")
    contacts = pick_contacts(request.dbsession, text.strip())
    return {"labels": [contact_label(c) for c in contacts]}


@view_config(
    route_name="merge_company_pick", renderer="core:templates/directory/picker.pt"
)
def merge_company_pick(request):
    """Companies for the merge page's picker (its input is ``target``)."""
    from core.directory.services.companies import pick_companies

    companies = pick_companies(request.dbsession, request.params.get("target", ""))
    return {"labels": [picker_label(c) for c in companies]}


def redirect_if_merged(request, entity: str, record) -> None:
    """Send the sheet of a merged record to the record kept, saying so."""
    if record.active:
        return
    journal = service.latest_merge(request.dbsession, entity, record.id)
    if journal is None:
        return
    flash(
        request,
        _(
            "${name} was merged into this record.",
            mapping={"name": journal.source_name},
        ),
    )
    raise HTTPSeeOther(request.route_url(entity, id=journal.target_id))


def includeme(config):
    config.declare_permission(
        "directory.merge",
        _("Merge companies and contacts, and undo merges"),
        ("admin", "manager", "salesperson"),
    )
    config.add_route("company_merge", r"/companies/{id:\d+}/merge")
    config.add_route("contact_merge", r"/contacts/{id:\d+}/merge")
    config.add_route("merge_undo", r"/merges/{id:\d+}/undo")
    config.add_route("contact_pick", "/contacts/pick")
    config.add_route("merge_company_pick", "/merges/company-picker")
    config.scan(".merge")
    config.include(".email_structure")
