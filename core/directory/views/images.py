"""Logo and photo pages: show the image, replace it (upload or drop), remove it."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response

from core.access import require_edit, require_view
from core.attachments import read_upload
from core.directory import images
from core.directory.models import Company, Contact
from core.documents.services import megabytes
from core.i18n import _

FORM = "core:templates/directory/image_form.pt"
# Path segment -> (kind, model, route of the sheet, what the image is called).
RECORDS = {
    "companies": ("company", Company, "company", _("Logo")),
    "contacts": ("contact", Contact, "contact", _("Photo")),
}


def _record(request, edit: bool = False):
    segment = request.matched_route.name.split("_", 1)[0]
    kind, model, sheet, label = RECORDS[segment]
    record = request.dbsession.get(model, int(request.matchdict["id"]))
    record = require_edit(request, record) if edit else require_view(request, record)
    return record, kind, request.route_url(sheet, id=record.id), label


def header_values(record, request):
    """The image block at the top of a company or contact sheet."""
    kind = "company" if isinstance(record, Company) else "contact"
    segment = "companies" if kind == "company" else "contacts"
    image = images.image_of(request.dbsession, kind, record.id)
    return {
        "record": record,
        "image": image,
        "segment": segment,
        "label": RECORDS[segment][3],
        "editable": request.access.can_edit(record),
        "errors": {},
        "max_mb": megabytes(request.settings["relais.images.max_size"]),
    }


def image_show(request):
    record, kind, _sheet, _label = _record(request)
    image = images.image_of(request.dbsession, kind, record.id)
    if image is None:
        raise HTTPNotFound()
    response = Response(body=image.data, content_type=image.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    response.cache_control.max_age = 300
    return response


def image_edit(request):
    record, kind, sheet, label = _record(request, edit=True)
    values = header_values(record, request)
    values.update(title=label, back=sheet)
    if request.method != "POST":
        return values
    upload = request.POST.get("image")
    max_size = request.settings["relais.images.max_size"]
    filename, data = read_upload(upload, max_size)
    try:
        if not data:
            raise images.ImageProblem("image", _("Choose an image."))
        images.set_image(
            request.dbsession,
            request.identity,
            kind,
            record.id,
            filename,
            data,
            max_size,
        )
    except images.ImageProblem as exc:
        request.response.status = 400
        values["errors"] = {"image": exc.message}
        return values
    request.session.flash(request.localizer.translate(_("The image is saved.")))
    return HTTPSeeOther(sheet)


def image_delete(request):
    record, kind, sheet, _label = _record(request, edit=True)
    images.remove_image(request.dbsession, request.identity, kind, record.id)
    request.session.flash(request.localizer.translate(_("The image is removed.")))
    return HTTPSeeOther(sheet)


def includeme(config):
    from core.settings import as_positive_int

    config.add_setting(
        "relais.images.max_size",
        as_positive_int,
        5_000_000,
        "Largest logo or photo accepted before resizing, in bytes.",
    )
    # One set of routes per kind of record, so every route has plain ids.
    for segment in RECORDS:
        base = rf"/{segment}/{{id:\d+}}/image"
        config.add_route(f"{segment}_image", base)
        config.add_route(f"{segment}_image_edit", base + "/edit")
        config.add_route(f"{segment}_image_delete", base + "/delete")
        config.add_view(image_show, route_name=f"{segment}_image", request_method="GET")
        config.add_view(
            image_edit,
            route_name=f"{segment}_image_edit",
            renderer=FORM,
            permission="directory.edit",
        )
        config.add_view(
            image_delete,
            route_name=f"{segment}_image_delete",
            request_method="POST",
            permission="directory.edit",
        )
    for target in ("company", "contact"):
        config.add_panel(
            target,
            "image",
            _("Logo") if target == "company" else _("Photo"),
            "core:templates/directory/image_block.pt",
            view=header_values,
            kind="header",
        )
