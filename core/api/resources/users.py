"""``/users``: colleagues, readable by everyone, changed by administrators."""

from __future__ import annotations

from core.api.resources import user_services as services
from core.api.resources.user_schemas import UserFilters, UserOut, UserPatch
from core.auth.models import User
from core.i18n import _


def load_user(call):
    return call.dbsession.get(User, call.ids["id"])


def load_me(call):
    return call.user


def list_users(call):
    return services.users_query(call.query)


def read(call):
    return call.target


def patch_user(call):
    services.update_user(call.dbsession, call.user, call.target, call.body.changes())
    return call.target


def includeme(config):
    config.add_api_operation(
        "users.list",
        "GET",
        "/users",
        list_users,
        summary=_("List users"),
        query=UserFilters,
        response=UserOut,
        paginated=True,
        sort=services.SORT,
        default_sort="last_name",
    )
    config.add_api_operation(
        "users.me",
        "GET",
        "/users/me",
        read,
        summary=_("Read the signed-in user"),
        response=UserOut,
        load=load_me,
    )
    config.add_api_operation(
        "users.get",
        "GET",
        "/users/{id}",
        read,
        summary=_("Read a user"),
        response=UserOut,
        load=load_user,
    )
    config.add_api_operation(
        "users.patch",
        "PATCH",
        "/users/{id}",
        patch_user,
        summary=_("Change a user"),
        permission="admin.users",
        body=UserPatch,
        response=UserOut,
        load=load_user,
    )
