"""Moving companies and contacts in and out: imports and exports."""

from core.auth.permissions import EVERYONE
from core.i18n import _


def includeme(config):
    config.declare_permission(
        "transfer.import",
        _("Import companies and contacts from files"),
        ("admin", "manager", "salesperson"),
    )
    config.declare_permission(
        "transfer.export", _("Export lists to CSV and Excel"), EVERYONE
    )
    config.add_route("import", "/import")
    config.add_route("import_job", r"/import/{id:\d+}")
    config.add_route("import_job_status", r"/import/{id:\d+}/status")
    config.include(".background")
    config.add_menu_entry(
        "lists",
        "import",
        _("Import a file"),
        "import",
        permission="transfer.import",
        order=50,
    )
    config.scan(".views")
