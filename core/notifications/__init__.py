"""Notifications: channels, follows, the centre, sharing an information.

The core's services broadcast ``relais_on_<event>`` hooks; this package
implements them like any plugin would and puts each event in the timeline of
the channel's subscribers and of the record's followers.
"""

from __future__ import annotations


def _unread(request) -> int:
    from core.notifications.services import unread_count

    if request.identity is None:
        return 0
    return unread_count(request.dbsession, request.identity)


def includeme(config):
    from core.notifications import hooks
    from core.notifications.services import send_notification_mail

    config.registry.relais_plugins.register(hooks, name="core.notifications")
    config.add_task(
        "notifications.mail", send_notification_mail, retries=3, retry_delay=60
    )
    config.add_request_method(_unread, "unread_notifications", reify=True)
    config.include(".views")
