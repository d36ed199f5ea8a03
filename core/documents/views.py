"""Document pages: the tab on sheets, the upload form, download, removal."""

from __future__ import annotations

from urllib.parse import quote

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.response import FileResponse
from pyramid.view import view_config

from core.access import PUBLIC, require_edit, require_view
from core.attachments import (
    posted_target,
    read_upload,
    tab_values,
    target_kind,
    target_url,
    visibility_choices,
)
from core.documents import services
from core.documents.models import Document
from core.i18n import _

FORM = "core:templates/documents/form.pt"


def panel_values(record, request):
    """The documents tab of a company or contact sheet."""
    return tab_values(request, record, services.documents_of(request.access, record))


def _form(request, record, errors=None, visibility=PUBLIC):
    kind = target_kind(request.registry, record)
    return {
        "title": _("Add a document"),
        "record": record,
        "kind": kind,
        "back": target_url(request, kind, record.id),
        "choices": visibility_choices(),
        "visibility": visibility,
        "errors": errors or {},
        "max_mb": services.megabytes(request.settings["relais.documents.max_size"]),
    }


@view_config(route_name="document_new", renderer=FORM, permission="documents.add")
def document_new(request):
    if request.method != "POST":
        return _form(request, posted_target(request, request.GET))
    record = posted_target(request, request.POST)
    upload = request.POST.get("file")
    visibility = request.POST.get("visibility", PUBLIC)
    max_size = request.settings["relais.documents.max_size"]
    filename, data = read_upload(upload, max_size)
    try:
        services.attach_document(
            request.dbsession,
            request.registry,
            request.identity,
            record,
            filename,
            data,
            visibility,
        )
    except services.DocumentProblem as exc:
        request.response.status = 400
        return _form(request, record, {exc.field: exc.message}, visibility)
    request.session.flash(request.localizer.translate(_("The document is added.")))
    kind = target_kind(request.registry, record)
    return HTTPSeeOther(target_url(request, kind, record.id) + "#tab-documents")


def _document(request) -> Document:
    document = request.dbsession.get(Document, int(request.matchdict["id"]))
    if document is None:
        raise HTTPNotFound()
    return document


@view_config(route_name="document_download")
def document_download(request):
    document = require_view(request, _document(request))
    path = services.document_path(request.registry, document)
    if not path.exists():
        raise HTTPNotFound()
    response = FileResponse(
        str(path), request=request, content_type=document.content_type
    )
    # The name travels percent-encoded (RFC 6266), so no quote or newline in
    # it can break the header; the browser saves rather than renders.
    ascii_name = document.name.encode("ascii", "replace").decode().replace('"', "")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''"
        f"{quote(document.name, safe='')}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@view_config(route_name="document_delete", request_method="POST")
def document_delete(request):
    document = require_edit(request, _document(request))
    back = target_url(request, document.target_kind, document.target_id)
    services.delete_document(
        request.dbsession, request.tm, request.registry, request.identity, document
    )
    request.session.flash(request.localizer.translate(_("The document is removed.")))
    return HTTPSeeOther(back + "#tab-documents")


@view_config(route_name="document_visibility", request_method="POST")
def document_visibility(request):
    """The owner changes who sees the document, from the sheet's tab."""
    document = require_view(request, _document(request))
    if not services.may_change(request.identity, document):
        raise HTTPForbidden()
    back = target_url(request, document.target_kind, document.target_id)
    try:
        services.set_visibility(
            request.dbsession,
            request.identity,
            document,
            request.POST.get("visibility", ""),
        )
    except services.DocumentProblem as exc:
        request.session.flash(request.localizer.translate(exc.message))
        return HTTPSeeOther(back + "#tab-documents")
    request.session.flash(
        request.localizer.translate(_("Who sees the document is changed."))
    )
    return HTTPSeeOther(back + "#tab-documents")
