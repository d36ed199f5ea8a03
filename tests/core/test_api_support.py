"""A client for the JSON API tests, and the fixtures that sign it in.

Other ``test_api_*`` modules import the fixtures from here.
"""

from __future__ import annotations

import json

import pytest

from core.auth.services import create_token

PREFIX = "/api/v1"


class Api:
    """A WebTest client speaking JSON to ``/api/v1`` with a bearer token."""

    def __init__(self, app, user=None, token: str | None = None):
        self.app = app
        self.user = user
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _headers(self, extra=None) -> dict:
        return {**self.headers, **(extra or {})}

    def get(self, path: str, status=200, headers=None):
        return self.app.get(
            PREFIX + path, headers=self._headers(headers), status=status
        )

    def post(self, path: str, body, status=201, headers=None):
        return self.app.post_json(
            PREFIX + path, body, headers=self._headers(headers), status=status
        )

    def patch(self, path: str, body, etag: str | None, status=200, headers=None):
        extra = dict(headers or {})
        if etag is not None:
            extra["If-Match"] = etag
        return self.app.patch_json(
            PREFIX + path, body, headers=self._headers(extra), status=status
        )

    def send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "application/json",
        headers=None,
        status="*",
    ):
        return self.app.request(
            PREFIX + path,
            method=method,
            body=body,
            content_type=content_type,
            headers=self._headers(headers),
            status=status,
            expect_errors=True,
        )

    def etag(self, path: str) -> str:
        return self.get(path).headers["ETag"]


def bearer_client(app, dbsession, user) -> Api:
    _token, secret = create_token(dbsession, user, "tests")
    return Api(app, user, secret)


@pytest.fixture
def api_as(app, factories, dbsession):
    """``api_as("admin")`` returns an :class:`Api` signed in with a new token."""

    def make(profile: str = "salesperson", **fields) -> Api:
        user = factories.user(profile=profile, **fields)
        return bearer_client(app, dbsession, user)

    return make


@pytest.fixture
def api(api_as) -> Api:
    """An API client for a salesperson."""
    return api_as("salesperson")


@pytest.fixture
def admin_api(api_as) -> Api:
    return api_as("admin")


def assert_error(response, status: int, code: str | None = None) -> dict:
    """Check the error body's shape; return its ``error`` member."""
    assert response.status_int == status, response.text
    assert response.content_type == "application/json"
    error = json.loads(response.body)["error"]
    assert error["status"] == status
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def test_error_bodies_have_one_shape(api):
    error = assert_error(api.get("/companies/999999", status=404), 404, "not_found")
    assert set(error) == {"status", "code", "message"}
