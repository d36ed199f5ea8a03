"""The "change the e-mail structure" page of a company: preview, then apply."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core.directory.models import Company
from core.directory.services import FormErrors
from core.directory.services import email_structure as service
from core.directory.views.companies import flash
from core.i18n import _


@view_config(
    route_name="company_email_structure",
    renderer="core:templates/directory/email_structure.pt",
    permission="directory.edit",
)
def company_email_structure(request):
    session = request.dbsession
    company = session.get(Company, int(request.matchdict["id"]))
    if company is None or not company.active:
        raise HTTPNotFound()
    values = {
        "title": _("Change the e-mail structure"),
        "company": company,
        "old_domain": request.POST.get("old_domain", "")
        if request.method == "POST"
        else service.usual_domain(session, company),
        "new_domain": request.POST.get("new_domain", ""),
        "errors": {},
        "renames": None,
    }
    if request.method != "POST":
        return values

    old, new = values["old_domain"], values["new_domain"]
    try:
        if "confirm" in request.POST:
            renames = service.apply(session, request.identity, company, old, new)
        else:
            values["renames"] = service.plan(session, company, old, new)
            return values
    except FormErrors as exc:
        request.response.status = 400
        values["errors"] = exc.errors
        return values
    flash(
        request,
        _(
            "${count} e-mail addresses changed.",
            mapping={"count": len(renames)},
        ),
    )
    return HTTPSeeOther(request.route_url("company", id=company.id))


def includeme(config):
    config.add_route("company_email_structure", r"/companies/{id:\d+}/email-structure")
    config.scan(".email_structure")
