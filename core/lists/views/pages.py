"""My lists, the new-list form, a list's page and its edit, copy, delete."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config
from sqlalchemy import func, select

from core.auth.models import User
from core.forms import get_by_id, parse_id, parse_ids
from core.i18n import _
from core.keywords.services import keyword_choices, qualification_choices
from core.lists import services
from core.lists.access import can_change, can_manage, get_list
from core.lists.criteria import matching_ids, read_criteria
from core.lists.exports import recent_for
from core.lists.models import COMPANY, VISIBILITIES, ListOperation, ListType, RecordList
from core.lists.queries import PAGE_SIZES, TARGETS, RowFilter, page_of
from core.lists.services import ListError
from core.reference.models import ActionType, Situation
from core.web.conflicts import stale_form

log = logging.getLogger(__name__)

# The session key of the new-list forms already saved, how many it keeps and
# for how long the same form sent again opens the list it made.
CREATED_KEY = "lists.created"
KEPT_FORMS = 10
REPLAY_SECONDS = 30 * 60
PERIODS = {"week": 7, "month": 31, "quarter": 92, "year": 366}
# The fields whose saved value a refused (stale) save of the settings lists.
LABELS = {"name": _("Name"), "visibility": _("Visible to")}


def flash(request, message) -> None:
    request.session.flash(request.localizer.translate(message))


def list_types(request):
    query = select(ListType).where(ListType.active.is_(True))
    return request.dbsession.scalars(query.order_by(ListType.position)).all()


@view_config(
    route_name="lists", renderer="core:templates/lists/index.pt", permission="lists.use"
)
def my_lists(request):
    """Mine and those I may see, filtered by period, type and owner."""
    session = request.dbsession
    params = request.params
    query = select(RecordList).where(request.access.filter("list"))
    period = params.get("period", "")
    if period in PERIODS:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=PERIODS[period])
        query = query.where(RecordList.created_at >= since)
    # A filter value that names nothing (too long a number, a word) is ignored.
    type_id = parse_id(params.get("type", ""))
    if type_id is not None:
        query = query.where(RecordList.type_id == type_id)
    owner = params.get("owner", "")
    owner_id = parse_id(owner)
    if owner == "me":
        query = query.where(RecordList.owner_id == request.identity.id)
    elif owner_id is not None:
        query = query.where(RecordList.owner_id == owner_id)
    lists = session.scalars(query.order_by(RecordList.created_at.desc())).all()
    counts = {
        record_list.id: services.counters(session, record_list, request.access)
        for record_list in lists
    }
    owners = session.scalars(
        select(User)
        .where(User.id.in_(select(RecordList.owner_id)))
        .order_by(User.last_name)
    ).all()
    return {
        "title": _("My lists"),
        "lists": lists,
        "counts": counts,
        "types": list_types(request),
        "owners": owners,
        "params": params,
        "periods": PERIODS,
    }


def _form_values(request, record_list=None) -> dict:
    if record_list is None:
        return {
            "name": "",
            "kind": request.params.get("kind", COMPANY),
            "type_id": "",
            "visibility": "private",
            "allow_modification": False,
            "owner_id": str(request.identity.id),
        }
    return {
        "name": record_list.name,
        "kind": record_list.kind,
        "type_id": str(record_list.type_id or ""),
        "visibility": record_list.visibility,
        "allow_modification": record_list.allow_modification,
        "owner_id": str(record_list.owner_id),
        "version": str(record_list.version),
    }


def owners(request) -> list:
    """Who may own a list: the active users, by name."""
    query = select(User).where(User.active.is_(True))
    return request.dbsession.scalars(query.order_by(User.last_name, User.id)).all()


def _read_form(request) -> dict:
    post = request.POST
    type_id = post.get("type_id", "")
    return {
        "name": post.get("name", ""),
        "kind": post.get("kind", COMPANY),
        "type_id": parse_id(type_id),
        "visibility": post.get("visibility", "private"),
        "allow_modification": post.get("allow_modification") == "1",
        "owner_id": parse_id(post.get("owner_id", "")),
    }


def _ids(request) -> list[int]:
    return parse_ids(request.params.getall("ids"))


def _imported(request) -> tuple[str, list[int]] | None:
    """The records an import of the user created: the new list's rows."""
    from core.transfer.models import ImportJob

    value = request.params.get("import_job", "")
    job = get_by_id(request.dbsession, ImportJob, value)
    if job is None or job.user_id != request.identity.id or job.status != "done":
        return None
    contacts = job.summary.get("contacts") or []
    if contacts:
        return "contact", contacts
    return "company", job.summary.get("companies") or []


@view_config(
    route_name="list_new",
    renderer="core:templates/lists/form.pt",
    permission="lists.use",
)
def list_new(request):
    """The new-list dialog; ``ids`` (from a search) fill it at once."""
    criteria = read_criteria(request.params.get("criteria", ""))
    values = {
        "title": _("New list"),
        "form": _form_values(request),
        "types": list_types(request),
        "visibilities": VISIBILITIES,
        "ids": _ids(request),
        "import_job": request.params.get("import_job", ""),
        "criteria": json.dumps(criteria.to_json()) if criteria else "",
        "errors": {},
        "record_list": None,
        "manage": True,
        "owners": owners(request),
    }
    imported = _imported(request)
    if imported is not None:
        values["form"]["kind"] = imported[0]
    if criteria is not None:
        values["form"]["kind"] = criteria.entity
    if request.method != "POST":
        return values
    sent = _fingerprint(request)
    already = _already_created(request, sent)
    if already is not None:
        flash(request, _("This list was already created: here it is."))
        return HTTPSeeOther(request.route_url("list", id=already))
    data = _read_form(request)
    values["form"] = _shown(data)
    if criteria is not None:
        data["kind"] = criteria.entity
        data["criteria"] = criteria.to_json()
    owner_id = data.pop("owner_id") or request.identity.id
    try:
        owner = services.list_owner(request.dbsession, owner_id)
        record_list = services.create_list(
            request.dbsession, owner, author=request.identity, **data
        )
    except ListError as exc:
        request.response.status = 400
        values["errors"] = {exc.field: exc.message}
        return values
    ids = values["ids"]
    if imported is not None and imported[0] == record_list.kind:
        ids = ids + imported[1]
    services.add_records(request.dbsession, record_list, ids)
    if criteria is not None:
        found = matching_ids(request.dbsession, criteria, request.access)
        services.regenerate(request.dbsession, record_list, found)
    _remember_created(request, sent, record_list)
    if not request.access.can_view(record_list):
        # Given to someone whose list this user may not see.
        flash(
            request,
            _(
                "The list is created and given to ${owner}.",
                mapping={"owner": owner.display_name},
            ),
        )
        return HTTPSeeOther(request.route_url("lists"))
    flash(request, _("The list is created."))
    return HTTPSeeOther(request.route_url("list", id=record_list.id))


def _shown(data: dict) -> dict:
    """The form's values as the template shows them (ids as text)."""
    return {
        **data,
        "type_id": str(data["type_id"] or ""),
        "owner_id": str(data["owner_id"] or ""),
    }


def _fingerprint(request) -> str:
    """A short digest of what a new-list form asks for, tokens aside.

    Going back to the form reloads it, so a token in the page would be a new
    one: the form's content is what tells a replay from a new list.
    """
    post = request.POST
    content = {
        key: sorted(post.getall(key))
        for key in post
        if key not in ("csrf_token", "version")
    }
    content["name"] = [post.get("name", "").strip()]
    content["query"] = sorted(request.GET.items())
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _already_created(request, sent: str) -> int | None:
    """The list this same form made a moment ago, if it is sent again."""
    made = request.session.get(CREATED_KEY, {}).get(sent)
    if made is None or time.time() - made[1] > REPLAY_SECONDS:
        return None
    record_list = request.dbsession.get(RecordList, made[0])
    if record_list is None or not can_change(request, record_list):
        return None
    log.info("lists.new.replayed list=%s user=%s", made[0], request.identity.id)
    return made[0]


def _remember_created(request, sent: str, record_list) -> None:
    created = dict(request.session.get(CREATED_KEY, {}))
    created.pop(sent, None)
    created[sent] = [record_list.id, int(time.time())]
    # The session is a cookie: only the latest forms are kept.
    request.session[CREATED_KEY] = dict(list(created.items())[-KEPT_FORMS:])


@view_config(
    route_name="list_edit",
    renderer="core:templates/lists/form.pt",
    permission="lists.use",
)
def list_edit(request):
    record_list = get_list(request, edit=True)
    values = {
        "title": _("Edit the list"),
        "form": _form_values(request, record_list),
        "types": list_types(request),
        "visibilities": VISIBILITIES,
        "ids": [],
        "import_job": "",
        "criteria": "",
        "errors": {},
        "record_list": record_list,
        "manage": can_manage(request.identity, record_list),
        "owners": owners(request),
    }
    if request.method != "POST":
        return values
    data = _read_form(request)
    data["kind"] = record_list.kind
    values["form"] = _shown(data)
    values["form"]["version"] = request.POST.get("version", "")
    saved = _form_values(request, record_list)
    stale = stale_form(request, record_list, saved, values["form"], LABELS)
    if stale:
        values["errors"] = stale
        return values
    # The service checks the name as the new-list form does.
    changes = {"name": data["name"], "type_id": data["type_id"]}
    # The owner's form always carries these settings (an unticked box is not
    # posted); anyone else's does not show them, so only what is sent counts.
    for field in ("visibility", "allow_modification", "owner_id"):
        if values["manage"] or field in request.POST:
            changes[field] = data[field]
    if changes.get("owner_id") is None:
        changes.pop("owner_id", None)
    try:
        services.update_list(request.dbsession, record_list, request.identity, changes)
    except ListError as exc:
        forbidden = isinstance(exc, services.ListForbidden)
        request.response.status = 403 if forbidden else 400
        # A refused setting is not on this user's form: said above the form.
        values["errors"] = {"__all__" if forbidden else exc.field: exc.message}
        return values
    flash(request, _("The list is saved."))
    return HTTPSeeOther(request.route_url("list", id=record_list.id))


@view_config(
    route_name="list", renderer="core:templates/lists/list.pt", permission="lists.use"
)
def list_page(request):
    return list_values(request, get_list(request))


def list_values(request, record_list, **bulk_form) -> dict:
    """What the list page shows; ``bulk_form`` refills a refused bulk action.

    ``bulk_form`` may hold ``bulk_values`` (the posted fields) and
    ``bulk_errors`` (field name → message).
    """
    session = request.dbsession
    row_filter = RowFilter.from_params(request.params)
    page = page_of(session, record_list, row_filter, request.access)
    company_ids = [row.company_id for row in page.rows if row.company_id]
    others = session.scalars(
        select(RecordList)
        .where(
            request.access.filter("list"),
            RecordList.kind == record_list.kind,
            RecordList.id != record_list.id,
        )
        .order_by(RecordList.name)
    ).all()
    operations = session.scalars(
        select(ListOperation)
        .where(ListOperation.list_id == record_list.id)
        .order_by(ListOperation.id.desc())
        .limit(10)
    ).all()
    return {
        "title": record_list.name,
        "record_list": record_list,
        "page": page,
        "filter": row_filter,
        "counters": services.counters(session, record_list, request.access),
        "contact_counts": services.contact_counts(session, company_ids),
        "editable": can_change(request, record_list),
        "page_sizes": PAGE_SIZES,
        "targets": TARGETS,
        "other_lists": others,
        "operations": operations,
        "exports": recent_for(session, request.identity, record_list),
        "history": services.criteria_history(session, record_list),
        "criteria_note": services.criteria_note,
        "bulk": bulk_choices(request, record_list),
        "operation_titles": operation_titles(),
        "keyword_choices": keyword_choices(session),
        "qualification_choices": qualification_choices(session),
        "search_url": back_to_search(request, record_list),
        "salespeople": session.scalars(
            select(User).where(User.active.is_(True)).order_by(User.last_name)
        ).all(),
        "showing_hidden": row_filter.hidden,
        "error": None,
        "situations": session.scalars(
            select(Situation)
            .where(Situation.active.is_(True))
            .order_by(Situation.position)
        ).all(),
        "action_types": session.scalars(
            select(ActionType)
            .where(ActionType.active.is_(True))
            .order_by(ActionType.position)
        ).all(),
        "macros": get_renderer("core:templates/lists/macros.pt").implementation(),
        "row_count": session.scalar(
            select(func.count()).select_from(
                services.base_rows(record_list, request.access).subquery()
            )
        ),
        "bulk_values": bulk_form.get("bulk_values") or {},
        "bulk_errors": bulk_form.get("bulk_errors") or {},
    }


def operation_titles() -> dict:
    from core.lists.bulk import LIST_CHANGES, OPERATIONS

    return {**{op.name: op.title for op in OPERATIONS}, **LIST_CHANGES}


def back_to_search(request, record_list):
    from core.lists.views.search import back_to_search as url

    return url(request, record_list)


def bulk_choices(request, record_list) -> list[tuple[str, object, str]]:
    """Each bulk action the user may run: name, title, the fields it reads."""
    from core.lists.bulk import operations_for

    return [
        (op.name, op.title, " ".join(op.fields))
        for op in operations_for(request, record_list)
    ]


@view_config(route_name="list_delete", request_method="POST", permission="lists.use")
def list_delete(request):
    from core.lists.bulk import record_done

    record_list = get_list(request, edit=True)
    count = len(services.record_ids(request.dbsession, record_list))
    record_done(request.dbsession, request.identity, record_list, "delete", count)
    services.delete_list(request.dbsession, record_list)
    flash(request, _("The list is deleted."))
    return HTTPSeeOther(request.route_url("lists"))


@view_config(route_name="list_duplicate", request_method="POST", permission="lists.use")
def list_duplicate(request):
    from core.lists.bulk import record_done

    record_list = get_list(request)
    copy = services.duplicate_list(request.dbsession, record_list, request.identity)
    count = len(services.record_ids(request.dbsession, copy))
    record_done(
        request.dbsession,
        request.identity,
        record_list,
        "duplicate",
        count,
        {"copy_id": copy.id},
    )
    flash(request, _("The list is copied."))
    return HTTPSeeOther(request.route_url("list", id=copy.id))


@view_config(route_name="list_add", request_method="POST", permission="lists.use")
def list_add(request):
    """Add records by hand (from a search's "add to a list")."""
    record_list = get_list(request, edit=True)
    added = services.add_records(request.dbsession, record_list, _ids(request))
    flash(
        request,
        _("${count} added to the list.", mapping={"count": added}),
    )
    return HTTPSeeOther(request.route_url("list", id=record_list.id))
