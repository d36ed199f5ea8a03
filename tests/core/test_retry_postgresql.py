"""On PostgreSQL, a request that hits a serialization failure is run again.

The view fails its first attempt the way a concurrent update does (SQLSTATE
40001); the visitor only sees the answer of the second attempt.
"""

from __future__ import annotations

import pytest
import webtest
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from sqlalchemy import text

from core.app import make_configurator
from core.testing import backends, base_settings

# Only PostgreSQL raises serialization failures; like every PostgreSQL
# parameter of the suite, the test exists when that backend does.
POSTGRESQL = [name for name in backends() if name == "postgresql"]

CONFLICT = """
DO $$ BEGIN
  RAISE EXCEPTION 'concurrent update' USING ERRCODE = 'serialization_failure';
END $$
"""


@pytest.mark.parametrize("backend", POSTGRESQL)
def test_a_serialization_failure_is_retried(backend, databases, mail_sink):
    url = databases.new(backend, "retry")
    config = make_configurator(base_settings(url, mail_sink))
    attempts = []

    def flaky(request):
        attempts.append(request.environ["retry.attempt"])
        if len(attempts) == 1:
            request.dbsession.execute(text(CONFLICT))
        request.dbsession.execute(text("SELECT 1"))
        return Response("saved")

    config.add_route("flaky", "/flaky")
    config.add_view(flaky, route_name="flaky", permission=NO_PERMISSION_REQUIRED)
    app = webtest.TestApp(config.make_wsgi_app())
    try:
        assert app.get("/flaky").text == "saved"
    finally:
        config.registry.relais_engine.dispose()
    assert attempts == [0, 1]
