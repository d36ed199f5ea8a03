"""The keywords panel of company and contact sheets, and its form."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther

from core.access import require_edit
from core.directory.models import Company, Contact
from core.i18n import _
from core.keywords import services

FORM = "core:templates/keywords/form.pt"
RECORDS = {"companies": ("company", Company), "contacts": ("contact", Contact)}


def _values(request, record, kind, segment, chosen=None, errors=None):
    session = request.dbsession
    keywords = services.keywords_of(session, kind, record.id)
    qualifications = services.qualifications_of(session, kind, record.id)
    if chosen is None:
        chosen = {
            "keyword_ids": {k.id for k in keywords},
            "qualification_ids": {q.id for q in qualifications},
        }
    return {
        "record": record,
        "segment": segment,
        "families": services.by_family(keywords),
        "qualifications": qualifications,
        "keyword_choices": services.keyword_choices(session),
        "qualification_choices": services.qualification_choices(session),
        "chosen": chosen,
        "errors": errors or {},
        "editable": request.access.can_edit(record),
    }


def panel_values(record, request):
    kind = "company" if isinstance(record, Company) else "contact"
    segment = "companies" if kind == "company" else "contacts"
    return _values(request, record, kind, segment)


def _ids(values) -> tuple[set[int], bool]:
    """The posted ids; ``False`` when one is not a number."""
    ids = {int(v) for v in values if v.isdigit()}
    return ids, len(ids) == len(set(values))


def keywords_edit(request):
    segment = request.matched_route.name.split("_", 1)[0]
    kind, model = RECORDS[segment]
    record = require_edit(
        request, request.dbsession.get(model, int(request.matchdict["id"]))
    )
    sheet = request.route_url(kind, id=record.id)
    if request.method != "POST":
        return {**_values(request, record, kind, segment), "back": sheet}

    keyword_ids, good_k = _ids(request.POST.getall("keyword_ids"))
    qualification_ids, good_q = _ids(request.POST.getall("qualification_ids"))
    chosen = {"keyword_ids": keyword_ids, "qualification_ids": qualification_ids}
    try:
        if not good_k:
            raise services.KeywordProblem(
                "keyword_ids", _("Choose one of the proposed values.")
            )
        if not good_q:
            raise services.KeywordProblem(
                "qualification_ids", _("Choose one of the proposed values.")
            )
        services.set_keywords(
            request.dbsession,
            request.identity,
            kind,
            record.id,
            keyword_ids,
            qualification_ids,
        )
    except services.KeywordProblem as exc:
        request.response.status = 400
        values = _values(
            request, record, kind, segment, chosen, {exc.field: exc.message}
        )
        return {**values, "back": sheet}
    request.session.flash(request.localizer.translate(_("The keywords are saved.")))
    return HTTPSeeOther(sheet)


def includeme(config):
    for segment in RECORDS:
        config.add_route(f"{segment}_keywords", rf"/{segment}/{{id:\d+}}/keywords")
        config.add_view(
            keywords_edit,
            route_name=f"{segment}_keywords",
            renderer=FORM,
            permission="directory.edit",
        )
    for target in ("company", "contact"):
        config.add_panel(
            target,
            "keywords",
            _("Keywords and qualifications"),
            "core:templates/keywords/panel.pt",
            view=panel_values,
            order=20,
        )
