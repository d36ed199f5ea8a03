"""The documents and budget steps of the action form.

Files chosen in the form are checked before anything is saved, so a refused
file leaves the action unsaved with a message beside the field; they are
stored once the action exists, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyramid.renderers import get_renderer
from pyramid.view import view_config

from core.access.models import PUBLIC, VISIBILITIES
from core.actions.budgets import other_budgets, suggested_budgets
from core.attachments import read_upload, visibility_choices
from core.budgets.models import Budget
from core.documents import services as documents
from core.forms import get_by_id
from core.i18n import _

OPTIONS = "core:templates/actions/budget_options.pt"


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


def budget_values(session, contacts, kept=None, text: str = "") -> dict:
    """The budget choices for ``contacts``, the others narrowed by ``text``;
    ``kept`` stays offered (the budget an action already carries)."""
    suggested = suggested_budgets(session, contacts)
    if kept is not None and kept not in suggested:
        suggested.append(kept)
    others, more = other_budgets(session, suggested, text)
    return {
        "budgets_suggested": suggested,
        "budgets_other": others,
        "budgets_more": more,
        "budget_options": get_renderer(OPTIONS).implementation(),
    }


def picked_budget(session, picked) -> Budget | None:
    """The budget a form or a request names by id, if any."""
    picked = str(picked or "")
    return get_by_id(session, Budget, picked)


def step_values(request, action, contacts, picked="") -> dict:
    """What the documents and budget steps show; ``picked`` is the budget id
    the form holds."""
    kept = picked_budget(request.dbsession, picked)
    attached = documents.documents_of(request.access, action) if action else []
    return {
        **budget_values(request.dbsession, contacts, kept),
        "documents": attached,
        "visibility_choices": visibility_choices(),
        "may_attach": request.has_permission("documents.add"),
    }


@view_config(
    route_name="action_budget_options", renderer=OPTIONS, permission="actions.edit"
)
def budget_options(request):
    """The budget choices again, once the form's contacts changed."""
    from core.actions.views.form import contacts_by_id

    session = request.dbsession
    contacts = contacts_by_id(session, request.params.getall("contacts"))
    picked = request.params.get("budget", "")
    kept = picked_budget(session, picked)
    text = request.params.get("budget_q", "")[:100]
    return {**budget_values(session, contacts, kept, text), "picked": picked}
