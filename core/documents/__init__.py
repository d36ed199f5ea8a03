"""Documents: files attached to records, private, shared or public."""

from core.auth.permissions import EVERYONE
from core.i18n import _
from core.settings import as_positive_int


def includeme(config):

    from core.access import AUTHORED
    from core.attachments import parent_visible
    from core.documents.models import Document

    config.add_setting(
        "relais.documents.folder",
        str,
        "var/documents",
        "Folder where uploaded documents are stored.",
    )
    config.add_setting(
        "relais.documents.max_size",
        as_positive_int,
        10_000_000,
        "Largest document accepted, in bytes.",
    )
    config.declare_permission("documents.add", _("Attach documents"), EVERYONE)
    config.add_access_kind(
        "document",
        _("Documents"),
        Document,
        lambda users: Document.owner_id.in_(users),
        defaults=AUTHORED,
        visibility=Document.visibility,
        owner=Document.owner_id,
        within=parent_visible(Document),
    )
    config.add_route("document_new", "/documents/new")
    config.add_route("document_download", r"/documents/{id:\d+}")
    config.add_route("document_delete", r"/documents/{id:\d+}/delete")
    config.add_route("document_visibility", r"/documents/{id:\d+}/visibility")
    template = "core:templates/documents/panel.pt"
    for target in ("company", "contact"):
        config.add_panel(
            target,
            "documents",
            _("Documents"),
            template,
            view=_panel,
            kind="tab",
            order=40,
        )
    config.scan(".views")


def _panel(record, request):
    from core.documents.views import panel_values

    return panel_values(record, request)
