"""Contact pages."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from core.directory.models import Contact


@view_config(route_name="contact", renderer="core:templates/directory/contact.pt")
def contact_sheet(request):
    contact = request.dbsession.get(Contact, int(request.matchdict["id"]))
    if contact is None:
        raise HTTPNotFound()
    return {"title": contact.display_name, "contact": contact}
