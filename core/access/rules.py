"""Rules plugins add to the base access rule, and how they are combined.

A plugin can only add what it says. A *grant* opens the records its clause
names to the users it applies to, still within the privacy rule unless it
says ``private=True``; a *narrow* rule hides records from everyone it
applies to. Grants are ORed with the base rule, narrowings ANDed with the
result, so no rule can open records it does not name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pyramid.exceptions import ConfigurationError
from sqlalchemy.sql.elements import ColumnElement, True_

EFFECTS = ("grant", "narrow")


class AccessRuleError(ValueError):
    """A plugin rule returned something that is not a precise condition."""


@dataclass(frozen=True)
class AccessRule:
    """A plugin's addition to the access rule of one kind. Added in 0.1.

    ``clause(access)`` returns a SQLAlchemy condition on the kind's model,
    or ``None`` when the rule does not apply to ``access.user``. A grant's
    condition must name what it opens: ``True`` or ``true()`` is refused.
    """

    kind: str
    name: str
    clause: Callable[[Any], Any]
    effect: Literal["grant", "narrow"] = "grant"
    private: bool = False


def checked_clause(rule: AccessRule, access) -> ColumnElement | None:
    """Call the rule and refuse an answer that would open everything."""
    clause = rule.clause(access)
    if clause is None:
        return None
    if not isinstance(clause, ColumnElement) or (
        rule.effect == "grant" and isinstance(clause, True_)
    ):
        raise AccessRuleError(
            f"access rule {rule.name} must return a SQL condition naming what it "
            f"opens, not {clause!r}"
        )
    return clause


def collect_rules(registry) -> None:
    """Read every plugin's rules, check them, and freeze them per kind."""
    from core.plugins import collect

    kinds = registry.relais_access_kinds
    by_kind: dict[str, tuple[AccessRule, ...]] = {}
    for rule in collect(registry.relais_plugins, "relais_register_access_rules"):
        if rule.kind not in kinds:
            raise ConfigurationError(f"access rule {rule.name}: no kind {rule.kind}")
        if rule.effect not in EFFECTS:
            raise ConfigurationError(f"access rule {rule.name}: bad effect")
        by_kind[rule.kind] = (*by_kind.get(rule.kind, ()), rule)
    registry.relais_access_rules = by_kind
