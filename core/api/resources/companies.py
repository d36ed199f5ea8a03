"""``/companies``: advertisers, agencies and media; deactivated, never deleted."""

from __future__ import annotations

from core.access import api as access_api
from core.api.resources import directory_services as services
from core.api.resources.directory_schemas import (
    CompanyCreate,
    CompanyFilters,
    CompanyOut,
    CompanyPatch,
)
from core.directory.models import Company
from core.i18n import _


def load_company(call):
    return access_api.visible(call, Company)


def list_companies(call):
    return services.companies_query(
        call.query, call.request.dbsession.get_bind().dialect.name
    ).where(call.request.access.filter("company"))


def get_company(call):
    return call.target


def create_company(call):
    return services.create_company(
        call.dbsession, call.user, call.body, call.request.access
    )


def patch_company(call):
    access_api.require_edit(call)
    services.update_company(
        call.dbsession,
        call.user,
        call.target,
        call.body.changes(),
        call.request.access,
    )
    return call.target


def includeme(config):
    config.add_api_operation(
        "companies.list",
        "GET",
        "/companies",
        list_companies,
        summary=_("List companies"),
        query=CompanyFilters,
        response=CompanyOut,
        paginated=True,
        sort=services.COMPANY_SORT,
        default_sort="name",
    )
    config.add_api_operation(
        "companies.create",
        "POST",
        "/companies",
        create_company,
        summary=_("Create a company"),
        body=CompanyCreate,
        response=CompanyOut,
        status=201,
        location="/companies/{id}",
    )
    config.add_api_operation(
        "companies.get",
        "GET",
        "/companies/{id}",
        get_company,
        summary=_("Read a company"),
        response=CompanyOut,
        load=load_company,
    )
    config.add_api_operation(
        "companies.patch",
        "PATCH",
        "/companies/{id}",
        patch_company,
        summary=_("Change or deactivate a company"),
        description=_("Send `active: false` to deactivate the company."),
        body=CompanyPatch,
        response=CompanyOut,
        load=load_company,
    )
