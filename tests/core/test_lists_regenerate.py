"""Regenerating a list keeps what people did by hand and every mark."""

from core.lists import services
from core.lists.models import BY_HAND


def test_regenerate_keeps_manual_changes_and_infos(dbsession, factories):
    user = factories.user()
    a, b, c, d, e = (factories.company(n) for n in "ABCDE")
    record_list = services.create_list(
        dbsession, user, "Régies", "company", criteria={"type": ["regie"]}
    )
    services.regenerate(dbsession, record_list, [a.id, b.id, c.id])
    rows = services.existing_rows(dbsession, record_list)
    # By hand: D added, B removed; A gets an info, C is hidden.
    services.add_records(dbsession, record_list, [d.id])
    services.remove_rows(dbsession, record_list, [rows[b.id].id])
    rows[a.id].info = services.info_for(dbsession, record_list, "Intéressé")
    rows[c.id].hidden = True
    dbsession.flush()

    # Today the criteria match B, C and E (A and D no longer do).
    result = services.regenerate(dbsession, record_list, [b.id, c.id, e.id])
    dbsession.expire_all()
    rows = services.existing_rows(dbsession, record_list)
    live = {ident for ident, row in rows.items() if not row.removed}
    assert live == {a.id, c.id, d.id, e.id}
    assert rows[b.id].removed  # removed by hand stays removed
    assert rows[a.id].info.label == "Intéressé"  # marked: kept
    assert rows[c.id].hidden
    assert rows[d.id].origin == BY_HAND
    assert result == {"added": 1, "dropped": 0}
    assert record_list.regenerated_at is not None
    assert [v.criteria for v in services.criteria_history(dbsession, record_list)] == [
        {"type": ["regie"]}
    ]


def test_unmarked_rows_that_no_longer_match_leave(dbsession, factories):
    user = factories.user()
    a, b = factories.company("A"), factories.company("B")
    record_list = services.create_list(dbsession, user, "L", "company", criteria={})
    services.regenerate(dbsession, record_list, [a.id, b.id])
    result = services.regenerate(dbsession, record_list, [a.id])
    assert result == {"added": 0, "dropped": 1}
    assert set(services.existing_rows(dbsession, record_list)) == {a.id}


def test_duplicate_keeps_rows_marks_and_infos(dbsession, factories):
    user, other = factories.user(), factories.user()
    a, b = factories.company("A"), factories.company("B")
    record_list = services.create_list(dbsession, user, "Base", "company")
    services.add_records(dbsession, record_list, [a.id, b.id])
    rows = services.existing_rows(dbsession, record_list)
    rows[a.id].info = services.info_for(dbsession, record_list, "OUI")
    rows[b.id].hidden = True
    dbsession.flush()
    copy = services.duplicate_list(dbsession, record_list, other)
    copied = services.existing_rows(dbsession, copy)
    assert copy.owner_id == other.id and copy.name == "Base (copie)"
    assert copied[a.id].info.label == "OUI" and copied[a.id].info.list_id == copy.id
    assert copied[b.id].hidden
