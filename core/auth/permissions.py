"""The catalogue of permissions and the profiles' rights.

Permissions are declared with ``config.declare_permission`` by the core and by
plugins, each with the profiles that hold it by default. An administrator can
then grant or withdraw any of them per profile; the admin profile keeps all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import _

PROFILES = ("admin", "manager", "salesperson", "assistant")
EVERYONE = PROFILES


@dataclass(frozen=True)
class Permission:
    name: str
    title: str
    profiles: tuple[str, ...]


def declare_permission(config, name: str, title: str, profiles=("admin",)):
    """Declare a permission and the profiles holding it by default.

    Views and menu entries then use ``permission=name``. Added in 0.1.
    """
    unknown = set(profiles) - set(PROFILES)
    if unknown:
        raise ValueError(f"unknown profiles {sorted(unknown)} for {name}")
    permission = Permission(name, title, tuple(profiles))
    registry = config.registry

    def register():
        registry.relais_permissions[name] = permission

    config.action(("relais-permission", name), register)


def effective_permissions(dbsession: Session, registry, profile) -> frozenset[str]:
    """The permissions a profile holds now: its grants over the defaults."""
    from core.auth.models import ProfileGrant

    catalogue = registry.relais_permissions
    if profile.code == "admin":
        return frozenset(catalogue)
    granted = {
        name for name, perm in catalogue.items() if profile.code in perm.profiles
    }
    rows = dbsession.scalars(
        select(ProfileGrant).where(ProfileGrant.profile_id == profile.id)
    )
    for row in rows:
        if row.permission not in catalogue:
            continue
        if row.granted:
            granted.add(row.permission)
        else:
            granted.discard(row.permission)
    return frozenset(granted)


def includeme(config):
    config.registry.relais_permissions = {}
    config.add_directive("declare_permission", declare_permission)
    config.declare_permission("view", _("Use Relais"), EVERYONE)
    config.declare_permission("api", _("Use the JSON API"), EVERYONE)
    config.declare_permission("admin.users", _("Manage users and teams"))
    config.declare_permission("admin.profiles", _("Edit the profiles' rights"))
    config.declare_permission(
        "admin.reference", _("Edit the reference lists"), ("admin", "manager")
    )
    config.declare_permission("admin.plugins", _("See the installed plugins"))
