"""Comments: notes on records, private, shared with a team or public."""

from core.auth.permissions import EVERYONE
from core.i18n import _


def includeme(config):
    from core.access import AUTHORED
    from core.attachments import parent_visible
    from core.comments.models import Comment

    config.declare_permission("comments.add", _("Write comments"), EVERYONE)
    config.add_access_kind(
        "comment",
        _("Comments"),
        Comment,
        lambda users: Comment.author_id.in_(users),
        defaults=AUTHORED,
        visibility=Comment.visibility,
        owner=Comment.author_id,
        within=parent_visible(Comment),
    )
    config.add_route("comment_new", "/comments/new")
    config.add_route("comment_delete", r"/comments/{id:\d+}/delete")
    config.add_route("comment_edit", r"/comments/{id:\d+}/edit")
    for target in ("company", "contact"):
        config.add_panel(
            target,
            "comments",
            _("Comments"),
            "core:templates/comments/panel.pt",
            view=_panel,
            kind="tab",
            order=30,
        )
    config.scan(".views")


def _panel(record, request):
    from core.comments.views import panel_values

    return panel_values(record, request)
