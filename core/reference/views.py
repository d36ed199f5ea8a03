"""Admin pages of the reference lists, one generic set for every list."""

from __future__ import annotations

from pyramid.httpexceptions import (
    HTTPBadRequest,
    HTTPForbidden,
    HTTPNoContent,
    HTTPNotFound,
    HTTPSeeOther,
)
from pyramid.renderers import get_renderer
from pyramid.view import view_config
from sqlalchemy import select

from core.i18n import _
from core.reference import services
from core.reference.registry import ReferenceList

FIELDS = "core:templates/reference/fields.pt"


def _list_or_404(request) -> ReferenceList:
    """The list named in the URL, if it exists and the user may edit it."""
    ref = request.registry.relais_reference_lists.get(request.matchdict["kind"])
    if ref is None:
        raise HTTPNotFound()
    if not request.has_permission(ref.permission):
        raise HTTPForbidden()
    return ref


def _row_or_404(request, ref: ReferenceList):
    row = request.dbsession.get(ref.model, int(request.matchdict["id"]))
    if row is None:
        raise HTTPNotFound()
    return row


def _editable_lists(request) -> list[ReferenceList]:
    lists = request.registry.relais_reference_lists.values()
    visible = [ref for ref in lists if request.has_permission(ref.permission)]
    translate = request.localizer.translate
    return sorted(visible, key=lambda ref: translate(ref.title).lower())


def _field_values(request, ref: ReferenceList, row, form: dict | None) -> dict:
    """What the field inputs show: the posted form, else the row, else defaults."""
    if form is not None:
        return form
    values = {"label": row.label if row is not None else "", "code": ""}
    for ref_field in ref.fields:
        if row is not None:
            value = getattr(row, ref_field.name)
        else:
            column = ref.model.__table__.c[ref_field.name]
            default = column.default.arg if column.default is not None else None
            value = None if callable(default) else default
        values[ref_field.name] = "" if value is None else str(value)
    return values


def _field_choices(request, ref: ReferenceList, row) -> dict:
    return {
        f.name: services.choices(request.dbsession, ref, f, row)
        for f in ref.fields
        if services.is_choice(ref, f)
    }


def _list_page(request, ref: ReferenceList, form=None, errors=None) -> dict:
    nodes = services.tree(request.dbsession, ref)
    labels = {}
    for ref_field in ref.fields:
        if services.is_choice(ref, ref_field) and ref_field.kind != "parent":
            model = services.target_model(ref, ref_field)
            labels[ref_field.name] = {
                row.id: row.label for row in request.dbsession.scalars(select(model))
            }
    return {
        "title": ref.title,
        "ref": ref,
        "row": None,
        "fields": get_renderer(FIELDS).implementation(),
        "nodes": nodes,
        "labels": labels,
        "choices": _field_choices(request, ref, None),
        "form": _field_values(request, ref, None, form),
        "errors": errors or {},
        "is_choice": lambda f: services.is_choice(ref, f),
    }


@view_config(route_name="admin_reference", renderer="core:templates/reference/lists.pt")
def reference_lists(request):
    lists = _editable_lists(request)
    if not lists:
        raise HTTPForbidden()
    return {"title": _("Reference lists"), "lists": lists}


@view_config(
    route_name="admin_reference_list", renderer="core:templates/reference/list.pt"
)
def reference_list(request):
    ref = _list_or_404(request)
    if request.method != "POST":
        return _list_page(request, ref)
    form, errors = services.parse(ref, request.POST)
    if not errors:
        try:
            services.create_row(request.dbsession, ref, form)
        except services.RowProblem as exc:
            errors = {exc.field: exc.message}
    if errors:
        request.response.status = 400
        posted = dict(request.POST)
        if "code" in errors and not posted.get("code"):
            # Show the code the label gave, so it can be edited in place.
            posted["code"] = services.slugify(posted.get("label", ""))
        return _list_page(request, ref, posted, errors)
    request.session.flash(request.localizer.translate(_("The row is added.")))
    return HTTPSeeOther(request.route_url("admin_reference_list", kind=ref.kind))


@view_config(
    route_name="admin_reference_row", renderer="core:templates/reference/row.pt"
)
def reference_row(request):
    ref = _list_or_404(request)
    row = _row_or_404(request, ref)
    values = {
        "title": ref.title,
        "ref": ref,
        "row": row,
        "fields": get_renderer(FIELDS).implementation(),
        "choices": _field_choices(request, ref, row),
        "errors": {},
        "is_choice": lambda f: services.is_choice(ref, f),
    }
    if request.method != "POST":
        values["form"] = _field_values(request, ref, row, None)
        return values
    form, errors = services.parse(ref, request.POST)
    if not errors:
        try:
            services.update_row(request.dbsession, ref, row, form)
        except services.RowProblem as exc:
            errors = {exc.field: exc.message}
    if errors:
        request.response.status = 400
        values.update(form=dict(request.POST), errors=errors)
        return values
    request.session.flash(request.localizer.translate(_("The row is saved.")))
    return HTTPSeeOther(request.route_url("admin_reference_list", kind=ref.kind))


@view_config(route_name="admin_reference_move", request_method="POST")
def reference_move(request):
    ref = _list_or_404(request)
    row = _row_or_404(request, ref)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        raise HTTPBadRequest()
    services.move_row(request.dbsession, ref, row, step)
    return HTTPSeeOther(
        request.route_url("admin_reference_list", kind=ref.kind, _anchor=f"r{row.id}")
    )


@view_config(route_name="admin_reference_active", request_method="POST")
def reference_active(request):
    ref = _list_or_404(request)
    row = _row_or_404(request, ref)
    services.set_active(request.dbsession, ref, row, request.POST.get("active") == "1")
    return HTTPSeeOther(
        request.route_url("admin_reference_list", kind=ref.kind, _anchor=f"r{row.id}")
    )


@view_config(route_name="admin_reference_order", request_method="POST")
def reference_order(request):
    """Store the order of one level after a drag and drop."""
    ref = _list_or_404(request)
    raw = request.POST.getall("id")
    if not all(value.isdigit() for value in raw):
        raise HTTPBadRequest()
    try:
        services.reorder(request.dbsession, ref, [int(value) for value in raw])
    except services.RowProblem as exc:
        raise HTTPBadRequest(request.localizer.translate(exc.message)) from exc
    return HTTPNoContent()


def includeme(config):
    config.add_route("admin_reference", "/admin/reference")
    config.add_route("admin_reference_list", "/admin/reference/{kind}")
    config.add_route("admin_reference_order", "/admin/reference/{kind}/order")
    config.add_route("admin_reference_row", r"/admin/reference/{kind}/{id:\d+}")
    config.add_route("admin_reference_move", r"/admin/reference/{kind}/{id:\d+}/move")
    config.add_route(
        "admin_reference_active", r"/admin/reference/{kind}/{id:\d+}/active"
    )
    config.add_menu_entry(
        "admin",
        "reference",
        _("Reference lists"),
        "admin_reference",
        permission="admin.reference",
        order=40,
    )
    config.scan(__name__)
