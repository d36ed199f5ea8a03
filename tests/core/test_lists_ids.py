"""A deleted list's id is never given to a new list: a bookmark to it would
open someone else's list (SQLite reused the highest id; PostgreSQL never does)."""

from __future__ import annotations

from sqlalchemy import text

from core.app import make_registry
from core.lists import services
from core.lists.models import ListOperation
from core.testing import base_settings, rows_kept_down_and_up
from core.testing.factories import Factories


def test_a_new_list_never_takes_a_deleted_lists_id(dbsession, factories):
    owner = factories.user()
    services.create_list(dbsession, owner, "Ancienne", "company")
    newest = services.create_list(dbsession, owner, "Supprimée", "company")
    gone = newest.id
    services.delete_list(dbsession, newest)
    following = services.create_list(dbsession, owner, "Nouvelle", "company")
    assert following.id > gone


def test_the_page_of_a_deleted_list_stays_gone(signed_in, dbsession):
    from core.testing import csrf_token

    record_list = services.create_list(dbsession, signed_in.user, "Éphémère", "company")
    url = f"/lists/{record_list.id}"
    signed_in.post(f"{url}/delete", {"csrf_token": csrf_token(signed_in)}, status=303)
    services.create_list(dbsession, signed_in.user, "Suivante", "company")
    signed_in.get(url, status=404)


def _fill(session, factories_registry):
    factories = Factories(session, factories_registry)
    owner = factories.user()
    company = factories.company("Radio Sud")
    record_list = services.create_list(
        session, owner, "Prospects", "company", criteria={"entity": "company"}
    )
    services.add_records(session, record_list, [company.id])
    row = services.existing_rows(session, record_list)[company.id]
    row.info_id = services.info_for(session, record_list, "OUI").id
    row.selected = True
    session.add(
        ListOperation(
            list_id=record_list.id,
            user_id=owner.id,
            operation="follow",
            target="selected",
            total=1,
            done=1,
            status="done",
        )
    )
    session.flush()


def _snapshot(connection) -> dict:
    queries = {
        "lists": "SELECT id, name FROM record_list",
        "rows": "SELECT list_id, company_id, selected, info_id FROM record_list_row",
        "infos": "SELECT id, list_id, label FROM record_list_info",
        "criteria": "SELECT list_id FROM record_list_criteria",
        "operations": "SELECT list_id, operation FROM record_list_operation",
    }
    return {
        name: sorted(tuple(row) for row in connection.execute(text(query)))
        for name, query in queries.items()
    }


def test_the_migration_keeps_every_list_and_its_rows(backend, databases, mail_sink):
    settings = base_settings(databases.new(backend, "list_ids"), mail_sink)
    before = rows_kept_down_and_up(settings, _fill, _snapshot, "core_0022_export_jobs")
    assert before["lists"] and before["rows"] and before["operations"]
    if backend == "sqlite":
        _config, registry = make_registry(settings)
        with registry.relais_engine.connect() as connection:
            schema = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'record_list'")
            ).scalar()
        registry.relais_engine.dispose()
        assert "AUTOINCREMENT" in schema
