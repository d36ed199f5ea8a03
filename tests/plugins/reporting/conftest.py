"""An application with the reporting plugin enabled, and a signed-in user."""

from __future__ import annotations

import pytest

from core.testing import sign_in


@pytest.fixture
def reporting_registry(make_app):
    return make_app.registry("reporting")


def signed_in_app(make_app, factories, profile="salesperson", **settings):
    app = make_app("reporting", **settings)
    user = factories.user(profile=profile)
    sign_in(app, user.email)
    # Signing in wrote to the row (last sign-in, version): see it as it is now.
    factories.dbsession.refresh(user)
    app.user = user
    return app


@pytest.fixture
def reporting(make_app, factories):
    """A salesperson signed in to an application with reporting enabled."""
    return signed_in_app(make_app, factories)


def csrf(page) -> str:
    return page.html.find("meta", attrs={"name": "csrf-token"})["content"]
