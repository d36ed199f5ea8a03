"""The sample notes page."""

from __future__ import annotations

from pydantic import BaseModel, Field
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import exception_view_config, view_config

from core.forms import clean_form, validate
from core.i18n import _
from relais_sample import services

TEMPLATE = "relais_sample:templates/notes.pt"


class NoteSchema(BaseModel):
    company_id: int
    text: str = Field(min_length=1, max_length=500)


def page(request, errors=None):
    from sqlalchemy import select

    from relais_sample.models import SampleNote

    notes = request.dbsession.scalars(select(SampleNote).order_by(SampleNote.id))
    return {
        "title": _("Sample notes"),
        "greeting": request.settings["relais.sample.greeting"],
        "notes": list(notes),
        "errors": errors or {},
    }


@view_config(
    route_name="sample_notes",
    request_method="GET",
    renderer=TEMPLATE,
    permission="sample.notes",
)
def notes(request):
    return page(request)


@view_config(
    route_name="sample_notes",
    request_method="POST",
    renderer=TEMPLATE,
    permission="sample.notes",
)
def add_note(request):
    data, errors = validate(NoteSchema, clean_form(request.POST))
    if errors:
        request.response.status = 400
        return page(request, errors)
    services.add_note(
        request.dbsession,
        request.tasks,
        data.company_id,
        request.identity.id,
        data.text,
        request.settings["relais.sample.max_notes"],
    )
    return HTTPSeeOther(request.route_url("sample_notes"))


@exception_view_config(services.TooManyNotes, renderer=TEMPLATE)
def too_many_notes(exc, request):
    # Raised out of the view, so pyramid_tm rolls the request back.
    request.response.status = 400
    return page(request, {"text": _("This company holds enough notes.")})
