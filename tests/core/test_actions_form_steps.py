"""The action form's steps: plan, documents, budget, then the plugins' tabs."""

from __future__ import annotations

from sqlalchemy import select

from core.actions.models import Action
from core.budgets.models import Budget, BudgetAgency, BudgetContact
from core.documents.models import Document
from tests.core.budget_support import role_id

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def budget(dbsession, company, name, **fields) -> Budget:
    record = Budget(name=name, company=company, **fields)
    dbsession.add(record)
    dbsession.flush()
    return record


def budget_options(page, group: str) -> list[str]:
    found = page.select(f"optgroup[data-budgets={group}] option")
    return [option.get_text() for option in found]


def test_the_steps_come_in_order_plan_documents_budget_opportunity(signed_in):
    page = signed_in.get("/actions/new").html
    steps = [step["data-step"] for step in page.select("#action-form [data-step]")]
    assert steps == ["plan", "documents", "budget", "opportunities"]
    links = [link["data-step-link"] for link in page.select("[data-step-link]")]
    assert links == steps
    assert page.select_one("#action-form")["enctype"] == "multipart/form-data"
    assert page.select_one('[data-wizard="next"]') is not None


def test_budgets_of_the_contact_and_its_companies_come_first(
    signed_in, factories, dbsession
):
    advertiser = factories.company("Lumen Parfums")
    agency = factories.company("Havas Média", type_code="agence_media")
    contact = factories.contact(agency)
    own = budget(dbsession, advertiser, "Lumen Eau de nuit")
    worked = budget(dbsession, factories.company("Orsay"), "Orsay Été")
    link = BudgetAgency(
        budget=worked, company=agency, role_id=role_id(dbsession, "agence_media")
    )
    dbsession.add(link)
    in_charge = budget(dbsession, factories.company("Azur"), "Azur Croisières")
    dbsession.add(BudgetContact(budget=in_charge, contact=contact))
    budget(dbsession, advertiser, "Lumen Ancien", active=False)
    dbsession.flush()

    page = signed_in.get(f"/actions/new?contact_id={contact.id}")
    suggested = budget_options(page.html, "suggested")
    assert suggested == ["Azur Croisières · Azur", "Orsay Été · Orsay"]
    others = budget_options(page.html, "other")
    assert "Lumen Eau de nuit · Lumen Parfums" in others
    assert not any(text.startswith("Lumen Ancien") for text in others + suggested)

    form = page.forms["action-form"]
    form["subject"] = "Brief été"
    form["start"] = "2026-05-04T10:00"
    form["budget"] = str(own.id)
    sheet = form.submit("save").follow().html
    shown = sheet.select_one("[data-budget]")
    assert shown["data-budget"] == str(own.id)
    assert shown.get_text(" ", strip=True) == "Lumen Eau de nuit · Lumen Parfums"
    action = dbsession.scalar(select(Action).where(Action.subject == "Brief été"))
    assert action.budget == own


def test_a_budget_out_of_use_is_refused_but_kept_where_it_was(
    signed_in, factories, dbsession
):
    company = factories.company("Maison Orsay")
    contact = factories.contact(company)
    old = budget(dbsession, company, "Orsay 2024")
    action = factories.action(author=signed_in.user, contacts=[contact], budget=old)
    old.active = False
    dbsession.flush()

    form = signed_in.get(f"/actions/{action.id}/edit").forms["action-form"]
    assert form["budget"].value == str(old.id)
    form["subject"] = "Renommée"
    form.submit("save").follow()
    dbsession.refresh(action)
    assert (action.subject, action.budget_id) == ("Renommée", old.id)

    form = signed_in.get("/actions/new").forms["action-form"]
    form["subject"] = "Budget fermé"
    form["start"] = "2026-05-04T10:00"
    params = dict(form.submit_fields())
    params |= {"contacts": str(contact.id), "budget": str(old.id)}
    page = signed_in.post("/actions/new", params, status=400).html
    assert page.find(id="e-budget").text == "Choose one of the proposed budgets."
    assert page.find(id="f-subject")["value"] == "Budget fermé"


def test_documents_are_attached_as_a_step_of_the_form(signed_in, factories, dbsession):
    contact = factories.contact()
    form = signed_in.get(f"/actions/new?contact_id={contact.id}").forms["action-form"]
    form["subject"] = "Proposition"
    form["start"] = "2026-05-04T10:00"
    form["documents_visibility"] = "private"
    fields = [(k, v) for k, v in form.submit_fields("save") if k != "documents"]
    files = [
        ("documents", "proposition.pdf", PDF),
        ("documents", "notes.txt", b"Tarifs 2027\n"),
    ]
    sheet = signed_in.post(form.action, fields, upload_files=files).follow()

    action = dbsession.scalar(select(Action).where(Action.subject == "Proposition"))
    query = select(Document).where(
        Document.target_kind == "action", Document.target_id == action.id
    )
    documents = list(dbsession.scalars(query.order_by(Document.name)))
    assert [d.name for d in documents] == ["notes.txt", "proposition.pdf"]
    assert {d.visibility for d in documents} == {"private"}
    assert "proposition.pdf" in sheet.html.select_one("[data-panel=documents]").text

    edit = signed_in.get(f"/actions/{action.id}/edit").html
    attached = edit.select("#step-documents [data-attached] a")
    assert sorted(a.text for a in attached) == ["notes.txt", "proposition.pdf"]


def test_a_refused_file_saves_nothing_and_says_why(signed_in, factories, dbsession):
    contact = factories.contact()
    form = signed_in.get(f"/actions/new?contact_id={contact.id}").forms["action-form"]
    form["subject"] = "Logo"
    form["start"] = "2026-05-04T10:00"
    fields = [(k, v) for k, v in form.submit_fields("save") if k != "documents"]
    files = [("documents", "logo.png", PDF)]
    page = signed_in.post(form.action, fields, upload_files=files, status=400).html

    assert "content is PDF" in page.find(id="e-documents").text
    assert page.find(id="f-subject")["value"] == "Logo"
    saved = dbsession.scalar(select(Action).where(Action.subject == "Logo"))
    assert saved is None


def test_the_budget_choices_follow_the_contacts_chosen(signed_in, factories, dbsession):
    company = factories.company("Lumen Parfums")
    contact = factories.contact(company)
    lumen = budget(dbsession, company, "Lumen Eau de nuit")
    closed = budget(dbsession, company, "Lumen 2024", active=False)

    page = signed_in.get("/actions/new").html
    select = page.select_one("#f-budget")
    assert select["hx-get"].endswith("/actions/budgets/options")
    assert budget_options(page, "suggested") == []

    url = "/actions/budgets/options"
    options = signed_in.get(url, [("contacts", contact.id), ("budget", lumen.id)]).html
    assert budget_options(options, "suggested") == ["Lumen Eau de nuit · Lumen Parfums"]
    assert options.select_one("option[selected]")["value"] == str(lumen.id)
    # The budget an action already carries stays offered, out of use or not.
    options = signed_in.get(url, [("contacts", contact.id), ("budget", closed.id)]).html
    assert budget_options(options, "suggested") == [
        "Lumen Eau de nuit · Lumen Parfums",
        "Lumen 2024 · Lumen Parfums",
    ]


def test_other_budgets_are_found_by_name(signed_in, factories, dbsession, monkeypatch):
    from core.actions import budgets

    monkeypatch.setattr(budgets, "OTHER_LIMIT", 2)
    company = factories.company("Valmont")
    for name in ("Valmont Été", "Valmont Hiver", "Valmont Printemps"):
        budget(dbsession, company, name)

    page = signed_in.get("/actions/new").html
    others = budget_options(page, "other")
    assert len(others) == 3  # two budgets and the hint to type
    assert page.select_one("[data-budgets-more]") is not None

    url = "/actions/budgets/options"
    found = signed_in.get(url, {"budget_q": "ete"}).html
    assert budget_options(found, "other") == ["Valmont Été · Valmont"]
    assert found.select_one("[data-budgets-more]") is None
