"""Commercial actions: calls, meetings, e-mails... their chains and follow-ups."""

from core.auth.permissions import EVERYONE
from core.i18n import _
from core.settings import as_positive_int


def includeme(config):
    config.add_setting(
        "relais.actions.follow_up_days",
        as_positive_int,
        7,
        doc="Calendar days between an action and its default follow-up.",
    )
    config.declare_permission(
        "actions.edit", _("Create and edit commercial actions"), EVERYONE
    )
    config.declare_permission(
        "actions.team",
        _("See the todo, agenda and reports of a whole team"),
        ("admin", "manager"),
    )
    config.include(".queries")
    config.include(".attachments")
    config.include(".invitations")
    config.include(".reminders")
    config.include(".views")
    config.include(".api")
