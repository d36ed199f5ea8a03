"""Pages of captured mail: the inbox, one mail, its files, the admins' list."""

from __future__ import annotations

from urllib.parse import quote

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from core.auth.permissions import EVERYONE
from core.directory.views.companies import flash
from core.i18n import _
from core.mail import inbox as service
from core.mail.models import INBOX, CapturedAttachment, CapturedMail

TEMPLATES = "core:templates/mail/"

PROBLEM_TITLES = {
    "subject-undecodable": _("The subject could not be read as written."),
    "name-undecodable": _("A name could not be read as written."),
    "address-undecodable": _("An address could not be read as written."),
    "body-charset-fallback": _("The text was decoded with a guessed charset."),
    "part-undecodable": _("A part of the message could not be decoded."),
    "attachment-name-undecodable": _("A file name could not be read as written."),
    "attachment-too-large": _("An attachment was too large and was not kept."),
    "attachment-type-refused": _("An attachment of a refused type was not kept."),
    "date-missing": _("The message has no date."),
    "date-invalid": _("The message's date could not be read."),
    "unreadable": _("The message could not be read at all."),
}


def get_mail(request) -> CapturedMail:
    mail = request.dbsession.get(CapturedMail, int(request.matchdict["id"]))
    if mail is None:
        raise HTTPNotFound()
    if not service.can_see(request, mail):
        raise HTTPForbidden()
    return mail


def see_all(request) -> bool:
    return bool(request.has_permission(service.SEE_ALL))


def problem_notes(mail: CapturedMail) -> list:
    return [PROBLEM_TITLES[code] for code in mail.problems if code in PROBLEM_TITLES]


@view_config(
    route_name="mail_inbox",
    renderer=TEMPLATES + "inbox.pt",
    permission="mail.capture",
)
def inbox_page(request):
    mails = service.inbox(request.dbsession, request.identity, see_all(request))
    return {"title": _("E-mail inbox"), "mails": mails}


def inbox_panel(_context, request) -> dict:
    session, user = request.dbsession, request.identity
    return {
        "mails": service.inbox(session, user, see_all(request), limit=5),
        "total": service.inbox_count(session, user, see_all(request)),
    }


@view_config(
    route_name="mail", renderer=TEMPLATES + "mail.pt", permission="mail.capture"
)
def mail_page(request):
    mail = get_mail(request)
    return {
        "title": mail.subject or _("(no subject)"),
        "mail": mail,
        "notes": problem_notes(mail),
        "pending": mail.status == INBOX,
    }


@view_config(
    route_name="mail_associate", request_method="POST", permission="mail.capture"
)
def mail_associate(request):
    mail = get_mail(request)
    try:
        count = service.associate(request.dbsession, request.identity, mail)
    except service.NothingMatched:
        flash(
            request,
            _("No contact has these addresses yet: create or fix the contact first."),
        )
        return HTTPSeeOther(request.route_url("mail", id=mail.id))
    flash(
        request,
        _("The e-mail is filed on ${count} contact(s).", mapping={"count": count}),
    )
    return HTTPSeeOther(request.route_url("mail", id=mail.id))


@view_config(
    route_name="mail_discard", request_method="POST", permission="mail.capture"
)
def mail_discard(request):
    mail = get_mail(request)
    if mail.status == INBOX:
        service.discard(request.dbsession, request.identity, mail)
        flash(request, _("The e-mail is discarded."))
    return HTTPSeeOther(request.route_url("mail_inbox"))


@view_config(route_name="mail_attachment", permission="mail.capture")
def mail_attachment(request):
    item = request.dbsession.get(CapturedAttachment, int(request.matchdict["id"]))
    if item is None or item.data is None:
        raise HTTPNotFound()
    if not service.can_see(request, item.mail):
        raise HTTPForbidden()
    response = Response(body=item.data, content_type="application/octet-stream")
    response.content_disposition = _attachment_disposition(item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def filings_panel(record, request) -> dict:
    return {"filings": service.filings_of(request.dbsession, record)}


@view_config(
    route_name="admin_mail",
    renderer=TEMPLATES + "admin.pt",
    permission="mail.problems",
)
def admin_mail(request):
    from core.mail.outgoing import failed_mail

    return {
        "title": _("Mail problems"),
        "captured": service.problems(request.dbsession),
        "outgoing": failed_mail(request.dbsession),
        "notes": problem_notes,
    }


@view_config(
    route_name="admin_mail_resend", request_method="POST", permission="mail.problems"
)
def admin_mail_resend(request):
    from core.mail.models import UnsentMail
    from core.mail.outgoing import resend

    row = request.dbsession.get(UnsentMail, int(request.matchdict["id"]))
    if row is None or row.sent_at is not None:
        raise HTTPNotFound()
    resend(request, row)
    flash(request, _("The mail is queued again."))
    return HTTPSeeOther(request.route_url("admin_mail"))


def includeme(config):
    config.declare_permission(
        "mail.capture", _("Read captured e-mail and the e-mail inbox"), EVERYONE
    )
    config.declare_permission(
        service.SEE_ALL, _("See every user's e-mail inbox"), ("admin",)
    )
    config.declare_permission(
        "mail.problems", _("See refused captured mail and unsent mail"), ("admin",)
    )
    config.add_route("mail_inbox", "/mail/inbox")
    config.add_route("mail", r"/mail/{id:\d+}")
    config.add_route("mail_associate", r"/mail/{id:\d+}/associate")
    config.add_route("mail_discard", r"/mail/{id:\d+}/discard")
    config.add_route("mail_attachment", r"/mail/attachments/{id:\d+}")
    config.add_route("admin_mail", "/admin/mail")
    config.add_route("admin_mail_resend", r"/admin/mail/{id:\d+}/resend")
    config.add_menu_entry(
        "admin",
        "mail",
        _("Mail problems"),
        "admin_mail",
        permission="mail.problems",
        order=80,
    )
    config.add_panel(
        "home",
        "mail_inbox",
        _("E-mail inbox"),
        TEMPLATES + "inbox_panel.pt",
        view=inbox_panel,
        permission="mail.capture",
        order=40,
    )
    for target in ("contact", "company"):
        config.add_panel(
            target,
            "mail",
            _("E-mails"),
            TEMPLATES + "filings_panel.pt",
            view=filings_panel,
            permission="mail.capture",
            order=40,
        )
    config.scan(__name__)
