"""Comment pages: the tab on sheets, adding one, removing one."""

from __future__ import annotations

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core.access import PUBLIC, require_edit, require_view
from core.attachments import (
    load_target,
    posted_target,
    tab_values,
    target_kind,
    target_url,
    visibility_choices,
)
from core.comments import services
from core.comments.models import Comment
from core.i18n import _
from core.web.conflicts import stale_form

FORM = "core:templates/comments/form.pt"


def panel_values(record, request):
    """The comments tab of a company or contact sheet."""
    return tab_values(request, record, services.comments_of(request.access, record))


def _values(record, kind, back, form, action, comment=None) -> dict:
    return {
        "title": _("Change the comment") if comment else _("Add a comment"),
        "record": record,
        "kind": kind,
        "back": back,
        "choices": visibility_choices(),
        "form": form,
        "errors": {},
        "action": action,
        "comment": comment,
    }


@view_config(route_name="comment_new", renderer=FORM, permission="comments.add")
def comment_new(request):
    source = request.POST if request.method == "POST" else request.GET
    record = posted_target(request, source)
    kind = target_kind(request.registry, record)
    back = target_url(request, kind, record.id)
    form = {"body": source.get("body", ""), "visibility": source.get("visibility")}
    values = _values(record, kind, back, form, request.route_url("comment_new"))
    if request.method != "POST":
        return values
    return _saved(
        request,
        values,
        lambda: services.add_comment(
            request.dbsession,
            request.registry,
            request.identity,
            record,
            form["body"],
            form["visibility"] or PUBLIC,
        ),
        _("The comment is added."),
    )


def _saved(request, values, save, message):
    """Run ``save``; the form again with the error beside its field, or back."""
    try:
        save()
    except services.CommentProblem as exc:
        request.response.status = 400
        values["errors"] = {exc.field: exc.message}
        return values
    request.session.flash(request.localizer.translate(message))
    return HTTPSeeOther(values["back"] + "#tab-comments")


def _comment(request) -> Comment:
    comment = request.dbsession.get(Comment, int(request.matchdict["id"]))
    if comment is None:
        raise HTTPNotFound()
    return comment


@view_config(route_name="comment_delete", request_method="POST")
def comment_delete(request):
    comment = require_edit(request, _comment(request))
    back = target_url(request, comment.target_kind, comment.target_id)
    services.delete_comment(request.dbsession, request.identity, comment)
    request.session.flash(request.localizer.translate(_("The comment is removed.")))
    return HTTPSeeOther(back + "#tab-comments")


@view_config(route_name="comment_edit", renderer=FORM)
def comment_edit(request):
    """Its author rewrites a comment or changes who sees it."""
    comment = require_view(request, _comment(request))
    if not services.may_change(request.identity, comment):
        raise HTTPForbidden()
    record = load_target(
        request.dbsession, request.registry, comment.target_kind, comment.target_id
    )
    back = target_url(request, comment.target_kind, comment.target_id)
    source = request.POST if request.method == "POST" else {}
    form = {
        "body": source.get("body", comment.body),
        "visibility": source.get("visibility", comment.visibility),
        "version": source.get("version", str(comment.version)),
    }
    action = request.route_url("comment_edit", id=comment.id)
    values = _values(record, comment.target_kind, back, form, action, comment)
    if request.method != "POST":
        return values
    saved = {"body": comment.body, "visibility": comment.visibility}
    stale = stale_form(request, comment, saved, form, {"body": _("Comment")})
    if stale:
        values["errors"] = stale
        return values
    return _saved(
        request,
        values,
        lambda: services.edit_comment(
            request.dbsession,
            request.identity,
            comment,
            form["body"],
            form["visibility"],
        ),
        _("The comment is changed."),
    )
