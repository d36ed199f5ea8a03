"""Budgets: advertisers' brands and the agencies working on them.

Also "Qui travaille avec qui?" (menu Création), the budgets panels of the
company and contact sheets, and the budgets' history.
"""

from core.auth.permissions import EVERYONE
from core.i18n import _


def includeme(config):
    from core.budgets import views
    from core.budgets.models import Budget, BudgetRole
    from core.history.tracking import COMPANY_FIELDS

    config.declare_permission(
        "budgets.edit", _("Create, edit and deactivate budgets"), EVERYONE
    )
    config.add_reference_list(BudgetRole, _("Budget roles"))
    config.track_history(
        Budget,
        "budget",
        {
            "name": _("Name"),
            "sectors": COMPANY_FIELDS["sectors"],
            "brief": COMPANY_FIELDS["brief"],
        },
        route="budget",
        titles={"agencies": _("Agencies"), "contacts": _("Contacts in charge")},
    )

    config.add_route("budget_new", "/budgets/new")
    config.add_route("budget_agency_row", "/budgets/agency-row")
    config.add_route("budget_agency_contacts", "/budgets/agency-contacts")
    config.add_route("budget_company_picker", "/budgets/company-picker")
    config.add_route("budget_links", "/who-works-with-whom")
    config.add_route("budget", r"/budgets/{id:\d+}")
    config.add_route("budget_edit", r"/budgets/{id:\d+}/edit")
    config.add_route("budget_deactivate", r"/budgets/{id:\d+}/deactivate")
    config.add_route("budget_reactivate", r"/budgets/{id:\d+}/reactivate")
    config.add_menu_entry(
        "creation",
        "links",
        _("Who works with whom?"),
        "budget_links",
        order=30,
    )
    config.add_panel(
        "company",
        "budgets",
        _("Budgets"),
        "core:templates/budgets/panel_company.pt",
        view=views.company_budgets,
        kind="tab",
        order=30,
    )
    config.add_panel(
        "contact",
        "budgets",
        _("Budgets"),
        "core:templates/budgets/panel_contact.pt",
        view=views.contact_budgets,
        order=30,
    )
    config.scan(".views")
    config.scan(".links_views")
