"""The documents and budget steps of the action form.

Files chosen in the form are checked before anything is saved, so a refused
file leaves the action unsaved with a message beside the field; they are
stored once the action exists, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.access.models import PUBLIC, VISIBILITIES
from core.actions.budgets import other_budgets, suggested_budgets
from core.attachments import read_upload, visibility_choices
from core.documents import services as documents
from core.i18n import _


@dataclass
class Uploads:
    """The files posted with the form, checked, waiting for their action."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    visibility: str = PUBLIC

    def attach(self, request, action) -> None:
        for filename, data in self.files:
            documents.attach_document(
                request.dbsession,
                request.registry,
                request.identity,
                action,
                filename,
                data,
                self.visibility,
            )


def read_uploads(request) -> tuple[Uploads, dict]:
    """The posted files and their visibility, or the error to show."""
    visibility = request.POST.get("documents_visibility", PUBLIC)
    if visibility not in VISIBILITIES:
        return Uploads(), {"documents": _("Choose one of the proposed values.")}
    posted = [u for u in request.POST.getall("documents") if hasattr(u, "file")]
    if posted and not request.has_permission("documents.add"):
        return Uploads(), {"documents": _("You may not add documents.")}
    max_size = request.settings["relais.documents.max_size"]
    uploads = Uploads(visibility=visibility)
    for upload in posted:
        filename, data = read_upload(upload, max_size)
        if not filename and not data:
            continue
        try:
            name, _type = documents.check_file(filename, data, max_size)
        except documents.DocumentProblem as exc:
            return Uploads(), {"documents": exc.message}
        uploads.files.append((name, data))
    return uploads, {}


def step_values(request, action, contacts) -> dict:
    """What the documents and budget steps show."""
    session = request.dbsession
    suggested = suggested_budgets(session, contacts)
    current = action.budget if action is not None else None
    if current is not None and current not in suggested:
        # Out of use since it was chosen: still shown, so saving keeps it.
        suggested.append(current)
    attached = documents.documents_of(request.access, action) if action else []
    return {
        "budgets_suggested": suggested,
        "budgets_other": other_budgets(session, suggested),
        "documents": attached,
        "visibility_choices": visibility_choices(),
        "may_attach": request.has_permission("documents.add"),
    }
