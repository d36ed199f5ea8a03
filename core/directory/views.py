"""Company and contact pages."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from core.directory.models import Company, Contact


@view_config(route_name="company", renderer="core:templates/directory/company.pt")
def company_sheet(request):
    company = request.dbsession.get(Company, int(request.matchdict["id"]))
    if company is None:
        raise HTTPNotFound()
    return {"title": company.name, "company": company}


@view_config(route_name="contact", renderer="core:templates/directory/contact.pt")
def contact_sheet(request):
    contact = request.dbsession.get(Contact, int(request.matchdict["id"]))
    if contact is None:
        raise HTTPNotFound()
    return {"title": contact.display_name, "contact": contact}


def includeme(config):
    config.add_route("company", r"/companies/{id:\d+}")
    config.add_route("contact", r"/contacts/{id:\d+}")
    config.scan(__name__)
