"""Bulk actions on the selected rows or on every row the filter shows."""

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.directory.models import CompanyFollow, CompanyPortfolio, ContactFollow
from core.lists import bulk, services
from core.lists.models import ListOperation
from core.reference.models import Situation
from core.testing import csrf_token


@pytest.fixture
def setup(signed_in, dbsession, factories):
    companies = [factories.company(name) for name in ("Alpha", "Beta", "Gamma")]
    record_list = services.create_list(dbsession, signed_in.user, "L", "company")
    services.add_records(dbsession, record_list, [c.id for c in companies])
    rows = services.existing_rows(dbsession, record_list)
    rows[companies[0].id].selected = True
    # Gamma is hidden: no bulk action touches it.
    rows[companies[2].id].hidden = True
    dbsession.flush()
    return signed_in, record_list, companies


def post_bulk(app, record_list, **fields):
    fields.setdefault("target", "selected")
    fields["csrf_token"] = csrf_token(app)
    return app.post(f"/lists/{record_list.id}/bulk", fields).follow()


def owners(dbsession, company):
    query = select(CompanyPortfolio.user_id).where(
        CompanyPortfolio.company_id == company.id
    )
    return set(dbsession.scalars(query))


def test_situation_on_selected_then_on_visible(setup, dbsession):
    app, record_list, (alpha, beta, gamma) = setup
    client = dbsession.scalar(select(Situation).where(Situation.code == "client"))
    page = post_bulk(app, record_list, operation="situation", situation_id=client.id)
    assert "done for 1 rows" in page.text
    for company in (alpha, beta, gamma):
        dbsession.refresh(company)
    assert [c.situation_id for c in (alpha, beta, gamma)] == [client.id, None, None]

    prospect = dbsession.scalar(select(Situation).where(Situation.code == "prospect"))
    post_bulk(
        app,
        record_list,
        operation="situation",
        situation_id=prospect.id,
        target="visible",
    )
    for company in (alpha, beta, gamma):
        dbsession.refresh(company)
    assert [c.situation_id for c in (alpha, beta, gamma)] == [
        prospect.id,
        prospect.id,
        None,
    ]
    operations = dbsession.scalars(
        select(ListOperation).order_by(ListOperation.id)
    ).all()
    assert [(o.operation, o.target, o.total, o.status) for o in operations] == [
        ("situation", "selected", 1, "done"),
        ("situation", "visible", 2, "done"),
    ]


def test_visible_means_what_the_filter_shows(setup, dbsession):
    app, record_list, (alpha, beta, gamma) = setup
    post_bulk(app, record_list, operation="follow", target="visible", q="bet")
    follows = set(dbsession.scalars(select(CompanyFollow.company_id)))
    assert follows == {beta.id}
    post_bulk(app, record_list, operation="unfollow", target="visible")
    assert not dbsession.scalars(select(CompanyFollow)).all()


def test_remove_from_the_list(setup, dbsession):
    app, record_list, (alpha, beta, gamma) = setup
    page = post_bulk(app, record_list, operation="remove")
    names = [a.text for a in page.html.select("td.name a")]
    assert names == ["Beta"]
    rows = services.existing_rows(dbsession, record_list)
    dbsession.refresh(rows[alpha.id])
    assert rows[alpha.id].removed


def test_portfolio_add_and_replace(setup, dbsession, factories):
    app, record_list, (alpha, beta, gamma) = setup
    first, second = factories.user(), factories.user()
    for company in (alpha, beta):
        dbsession.add(CompanyPortfolio(user_id=first.id, company_id=company.id))
    dbsession.flush()
    post_bulk(app, record_list, operation="portfolio", user_id=second.id)
    assert owners(dbsession, alpha) == {first.id, second.id}
    assert owners(dbsession, beta) == {first.id}
    post_bulk(
        app,
        record_list,
        operation="portfolio",
        user_id=second.id,
        mode="replace",
        target="visible",
    )
    assert owners(dbsession, alpha) == owners(dbsession, beta) == {second.id}
    assert owners(dbsession, gamma) == set()
    post_bulk(app, record_list, operation="unassign", user_id=second.id)
    assert owners(dbsession, alpha) == set()


def refused_bulk(app, record_list, **fields):
    fields.setdefault("target", "selected")
    fields["csrf_token"] = csrf_token(app)
    return app.post(f"/lists/{record_list.id}/bulk", fields, status=400)


def field_error(page, name: str) -> str:
    field = page.html.find(attrs={"data-bulk-field": name})
    error = field.find(class_="field-error")
    return error.text if error else ""


def test_a_refused_parameter_is_said_beside_its_field(setup, dbsession):
    app, record_list, _companies = setup
    page = refused_bulk(app, record_list, operation="situation", situation_id="")
    assert "Choose a situation" in field_error(page, "situation_id")
    assert field_error(page, "user_id") == ""
    # The form comes back as it was posted: the same action, the same rows.
    chosen = page.html.find(id="f-operation").find(selected=True)
    assert chosen["value"] == "situation"
    assert dbsession.scalar(select(ListOperation)) is None


def test_every_missing_field_of_an_action_is_said_at_once(
    signed_in, dbsession, factories
):
    contact = factories.contact(factories.company("Radio Sud"))
    record_list = services.create_list(dbsession, signed_in.user, "C", "contact")
    services.add_records(dbsession, record_list, [contact.id])
    page = refused_bulk(
        signed_in,
        record_list,
        operation="actions",
        target="visible",
        type_code="telephone",
        subject="Relance rentrée",
        date="",
    )
    assert "Enter a date" in field_error(page, "date")
    assert field_error(page, "subject") == ""
    assert page.html.find(id="f-subject")["value"] == "Relance rentrée"
    page = refused_bulk(
        signed_in, record_list, operation="actions", target="visible", type_code="x"
    )
    assert "type of action" in field_error(page, "type_code")
    assert "subject" in field_error(page, "subject")
    assert "date" in field_error(page, "date")
    assert dbsession.scalar(select(ListOperation)) is None


def test_each_action_names_the_fields_it_needs(setup, dbsession):
    app, record_list, _companies = setup
    page = app.get(f"/lists/{record_list.id}")
    options = {
        option["value"]: set(option["data-fields"].split())
        for option in page.html.find(id="f-operation").find_all("option")
    }
    assert options["situation"] == {"situation_id"}
    assert options["portfolio"] == {"user_id", "mode"}
    assert options["keyword_add"] == {"keyword_id"}
    assert options["qualification_remove"] == {"qualification_id"}
    assert options["import_list"] == {"source_id"}
    assert options["follow"] == set()
    # Every field an action names is in the form, marked for the script.
    shown = {
        field["data-bulk-field"]
        for field in page.html.find_all(attrs={"data-bulk-field": True})
    }
    assert set().union(*options.values()) <= shown


def test_an_import_without_a_list_is_refused_beside_the_field(setup, dbsession):
    app, record_list, _companies = setup
    page = refused_bulk(app, record_list, operation="import_list", source_id="")
    assert "Choose a list to import" in field_error(page, "source_id")


def test_nothing_selected_is_said(signed_in, dbsession, factories):
    record_list = services.create_list(dbsession, signed_in.user, "L", "company")
    services.add_records(dbsession, record_list, [factories.company("A").id])
    page = refused_bulk(signed_in, record_list, operation="follow")
    error = page.html.find(id="e-target")
    assert "select rows first" in error.text


def test_actions_for_each_selected_contact(signed_in, dbsession, factories):
    company = factories.company("Radio Sud")
    contacts = [factories.contact(company) for _ in range(3)]
    record_list = services.create_list(dbsession, signed_in.user, "C", "contact")
    services.add_records(dbsession, record_list, [c.id for c in contacts])
    rows = services.existing_rows(dbsession, record_list)
    for contact in contacts[:2]:
        rows[contact.id].selected = True
    dbsession.flush()
    post_bulk(
        signed_in,
        record_list,
        operation="actions",
        type_code="telephone",
        subject="Relance rentrée",
        date="2026-09-01",
    )
    actions = dbsession.scalars(select(Action).order_by(Action.id)).all()
    assert len(actions) == 2
    assert {a.subject for a in actions} == {"Relance rentrée"}
    assert sorted(c.id for a in actions for c in a.contacts) == sorted(
        c.id for c in contacts[:2]
    )
    assert all(a.follow_up_at is not None for a in actions)


def test_contact_lists_follow_contacts(signed_in, dbsession, factories):
    contact = factories.contact(factories.company("X"))
    record_list = services.create_list(dbsession, signed_in.user, "C", "contact")
    services.add_records(dbsession, record_list, [contact.id])
    post_bulk(signed_in, record_list, operation="follow", target="visible")
    assert dbsession.scalar(select(ContactFollow.contact_id)) == contact.id


def test_import_another_list(setup, dbsession, factories):
    app, record_list, (alpha, beta, gamma) = setup
    delta = factories.company("Delta")
    other = services.create_list(dbsession, app.user, "Autre", "company")
    services.add_records(dbsession, other, [alpha.id, delta.id])
    page = post_bulk(app, record_list, operation="import_list", source_id=other.id)
    assert "1 added" in page.text
    assert delta.id in services.existing_rows(dbsession, record_list)


def test_large_changes_run_as_a_task(setup, dbsession, monkeypatch):
    app, record_list, (alpha, beta, gamma) = setup
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 1)
    page = post_bulk(app, record_list, operation="follow", target="visible")
    assert "under way" in page.text
    operation = dbsession.scalar(select(ListOperation))
    dbsession.refresh(operation)
    # Tests run tasks at once after the commit.
    assert (operation.status, operation.done, operation.total) == ("done", 2, 2)
    assert set(dbsession.scalars(select(CompanyFollow.company_id))) == {
        alpha.id,
        beta.id,
    }
    progress = app.get(f"/lists/{record_list.id}/operations/{operation.id}")
    assert progress.html.find(attrs={"data-progress": "2"}) is not None


def test_an_info_becomes_a_keyword_for_its_rows(setup, dbsession):
    from core.keywords.models import Keyword, RecordKeyword

    app, record_list, (alpha, beta, gamma) = setup
    rugby = Keyword(code="t_rugby", label="Rugby")
    dbsession.add(rugby)
    rows = services.existing_rows(dbsession, record_list)
    info = services.info_for(dbsession, record_list, "Rugby")
    rows[beta.id].info = info
    dbsession.flush()
    post_bulk(
        app,
        record_list,
        operation="keyword_add",
        keyword_id=rugby.id,
        target="visible",
        info=info.id,
    )
    tagged = set(dbsession.scalars(select(RecordKeyword.target_id)))
    assert tagged == {beta.id}
    post_bulk(
        app,
        record_list,
        operation="keyword_remove",
        keyword_id=rugby.id,
        target="visible",
    )
    assert dbsession.scalar(select(RecordKeyword)) is None


def test_qualification_on_selected(setup, dbsession):
    from core.keywords.models import Qualification, RecordQualification

    app, record_list, (alpha, beta, gamma) = setup
    vip = Qualification(code="t_vip", label="VIP")
    dbsession.add(vip)
    dbsession.flush()
    post_bulk(app, record_list, operation="qualification_add", qualification_id=vip.id)
    links = dbsession.scalars(select(RecordQualification)).all()
    assert [(q.target_kind, q.target_id) for q in links] == [("company", alpha.id)]
    post_bulk(
        app, record_list, operation="qualification_remove", qualification_id=vip.id
    )
    assert dbsession.scalar(select(RecordQualification)) is None


def test_a_task_commits_batch_by_batch_and_says_how_far_it_got(
    setup, dbsession, monkeypatch
):
    app, record_list, (alpha, beta, gamma) = setup
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 1)
    monkeypatch.setattr(bulk, "BATCH", 1)
    calls = []
    follow = bulk.BY_NAME["follow"]

    def fail_on_the_second_batch(ctx, rows):
        calls.append([row.company_id for row in rows])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        follow.run(ctx, rows)

    monkeypatch.setitem(
        bulk.BY_NAME,
        "follow",
        bulk.Operation("follow", follow.title, follow.kinds, fail_on_the_second_batch),
    )
    post_bulk(app, record_list, operation="follow", target="visible")
    operation = dbsession.scalar(select(ListOperation))
    dbsession.refresh(operation)
    assert (operation.status, operation.done, operation.total) == ("failed", 1, 2)
    # The first batch was committed before the second one failed.
    assert list(dbsession.scalars(select(CompanyFollow.company_id))) == [calls[0][0]]
    page = app.get(f"/lists/{record_list.id}")
    recorded = page.html.find(attrs={"data-operation": "follow"})
    assert recorded["data-status"] == "failed"
    assert "1 / 2" in recorded.text


def test_import_copy_and_delete_are_recorded(setup, dbsession, factories):
    app, record_list, (alpha, beta, gamma) = setup
    other = services.create_list(dbsession, app.user, "Autre", "company")
    services.add_records(dbsession, other, [factories.company("Delta").id])
    dbsession.flush()
    post_bulk(app, record_list, operation="import_list", source_id=other.id)
    app.post(
        f"/lists/{record_list.id}/duplicate", {"csrf_token": csrf_token(app)}
    ).follow()
    app.post(f"/lists/{other.id}/delete", {"csrf_token": csrf_token(app)}).follow()
    dbsession.expunge_all()

    done = {
        op.operation: op
        for op in dbsession.scalars(select(ListOperation).order_by(ListOperation.id))
    }
    assert (done["import_list"].total, done["import_list"].list_id) == (
        1,
        record_list.id,
    )
    assert done["import_list"].parameters["source_name"] == "Autre"
    # Alpha, Beta, Gamma and Delta went into the copy.
    assert done["duplicate"].total == 4
    dbsession.refresh(done["delete"])
    assert done["delete"].list_id is None
    assert done["delete"].parameters["list_name"] == "Autre"
    assert done["delete"].user_id == app.user.id
    page = app.get(f"/lists/{record_list.id}")
    shown = [li["data-operation"] for li in page.html.select("[data-operation]")]
    assert shown == ["duplicate", "import_list"]
