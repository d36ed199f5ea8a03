"""Reading and saving the reach of every profile over every kind."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access.models import SCOPES, AccessScope
from core.admin.services import profiles
from core.auth.models import Profile
from core.i18n import _

log = logging.getLogger(__name__)

SCOPE_TITLES = {
    "all": _("All"),
    "team": _("My team's"),
    "own": _("My own"),
    "none": _("None"),
}


@dataclass
class ReachMatrix:
    kinds: list
    profiles: list[Profile]
    values: dict[tuple[str, int], tuple[str, str]]

    def reach(self, kind: str, profile: Profile) -> tuple[str, str]:
        return self.values[(kind, profile.id)]


def reach_matrix(dbsession: Session, registry) -> ReachMatrix:
    kinds = sorted(registry.relais_access_kinds.values(), key=lambda k: k.name)
    rows = {(r.kind, r.profile_id): r for r in dbsession.scalars(select(AccessScope))}
    values = {}
    for kind in kinds:
        for profile in profiles(dbsession):
            row = rows.get((kind.name, profile.id))
            default = kind.defaults.get(profile.code, ("none", "none"))
            values[(kind.name, profile.id)] = (row.view, row.edit) if row else default
            if profile.code == "admin":
                values[(kind.name, profile.id)] = ("all", "all")
    return ReachMatrix(kinds, profiles(dbsession), values)


def read_reaches(matrix: ReachMatrix, posted) -> tuple[dict, dict]:
    """The posted reaches per ``(kind, profile id)`` and the refused fields."""
    wanted, errors = {}, {}
    for kind in matrix.kinds:
        for profile in matrix.profiles:
            if profile.code == "admin":
                continue
            field = f"{kind.name}.{profile.id}"
            view = posted.get(f"{field}.view", "")
            edit = posted.get(f"{field}.edit", "")
            if view not in SCOPES or edit not in SCOPES:
                errors[field] = _("Choose one of the proposed values.")
            elif SCOPES.index(edit) < SCOPES.index(view):
                errors[field] = _("Editing cannot reach further than seeing.")
            wanted[(kind.name, profile.id)] = (view, edit)
    return wanted, errors


def save_reaches(dbsession: Session, actor, wanted: dict) -> int:
    """Store the reaches that differ from what is stored; return how many."""
    rows = {(r.kind, r.profile_id): r for r in dbsession.scalars(select(AccessScope))}
    changed = 0
    for (kind, profile_id), (view, edit) in wanted.items():
        row = rows.get((kind, profile_id))
        if row is None:
            row = AccessScope(kind=kind, profile_id=profile_id, view="", edit="")
            dbsession.add(row)
        if (row.view, row.edit) != (view, edit):
            row.view, row.edit = view, edit
            changed += 1
    dbsession.flush()
    log.info("access.reaches.saved user_id=%s changed=%s", actor.id, changed)
    return changed


def set_reach(dbsession: Session, profile: Profile, kind: str, view: str, edit: str):
    """Store one reach (the demo, tests and imports use it)."""
    row = dbsession.scalar(
        select(AccessScope).where(
            AccessScope.profile_id == profile.id, AccessScope.kind == kind
        )
    )
    if row is None:
        row = AccessScope(profile_id=profile.id, kind=kind)
        dbsession.add(row)
    row.view, row.edit = view, edit
    dbsession.flush()
