"""Comment pages: the tab on sheets, adding one, removing one."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core.access import PUBLIC, require_edit
from core.attachments import (
    posted_target,
    tab_values,
    target_kind,
    target_url,
    visibility_choices,
)
from core.comments import services
from core.comments.models import Comment
from core.i18n import _

FORM = "core:templates/comments/form.pt"


def panel_values(record, request):
    """The comments tab of a company or contact sheet."""
    return tab_values(request, record, services.comments_of(request.access, record))


@view_config(route_name="comment_new", renderer=FORM, permission="comments.add")
def comment_new(request):
    source = request.POST if request.method == "POST" else request.GET
    record = posted_target(request, source)
    kind = target_kind(request.registry, record)
    back = target_url(request, kind, record.id)
    form = {"body": source.get("body", ""), "visibility": source.get("visibility")}
    values = {
        "title": _("Add a comment"),
        "record": record,
        "kind": kind,
        "back": back,
        "choices": visibility_choices(),
        "form": form,
        "errors": {},
    }
    if request.method != "POST":
        return values
    try:
        services.add_comment(
            request.dbsession,
            request.registry,
            request.identity,
            record,
            form["body"],
            form["visibility"] or PUBLIC,
        )
    except services.CommentProblem as exc:
        request.response.status = 400
        values["errors"] = {exc.field: exc.message}
        return values
    request.session.flash(request.localizer.translate(_("The comment is added.")))
    return HTTPSeeOther(back + "#tab-comments")


@view_config(route_name="comment_delete", request_method="POST")
def comment_delete(request):
    comment = request.dbsession.get(Comment, int(request.matchdict["id"]))
    if comment is None:
        raise HTTPNotFound()
    require_edit(request, comment)
    back = target_url(request, comment.target_kind, comment.target_id)
    services.delete_comment(request.dbsession, request.identity, comment)
    request.session.flash(request.localizer.translate(_("The comment is removed.")))
    return HTTPSeeOther(back + "#tab-comments")
