"""``/contacts``: the people at companies; deactivated, never deleted."""

from __future__ import annotations

from core.access import api as access_api
from core.api.resources import directory_services as services
from core.api.resources.directory_schemas import (
    ContactCreate,
    ContactFilters,
    ContactOut,
    ContactPatch,
)
from core.directory.models import Contact
from core.i18n import _


def load_contact(call):
    return access_api.visible(call, Contact)


def list_contacts(call):
    return services.contacts_query(
        call.query, call.request.dbsession.get_bind().dialect.name
    ).where(call.request.access.filter("contact"))


def get_contact(call):
    return call.target


def create_contact(call):
    return services.create_contact(
        call.dbsession, call.user, call.body, call.request.access
    )


def patch_contact(call):
    access_api.require_edit(call)
    services.update_contact(
        call.dbsession,
        call.user,
        call.target,
        call.body.changes(),
        call.request.access,
    )
    return call.target


def includeme(config):
    config.add_api_operation(
        "contacts.list",
        "GET",
        "/contacts",
        list_contacts,
        summary=_("List contacts"),
        query=ContactFilters,
        response=ContactOut,
        paginated=True,
        sort=services.CONTACT_SORT,
        default_sort="last_name",
    )
    config.add_api_operation(
        "contacts.create",
        "POST",
        "/contacts",
        create_contact,
        summary=_("Create a contact"),
        body=ContactCreate,
        response=ContactOut,
        status=201,
        location="/contacts/{id}",
    )
    config.add_api_operation(
        "contacts.get",
        "GET",
        "/contacts/{id}",
        get_contact,
        summary=_("Read a contact"),
        response=ContactOut,
        load=load_contact,
    )
    config.add_api_operation(
        "contacts.patch",
        "PATCH",
        "/contacts/{id}",
        patch_contact,
        summary=_("Change or deactivate a contact"),
        description=_("Send `active: false` to deactivate the contact."),
        body=ContactPatch,
        response=ContactOut,
        load=load_contact,
    )
