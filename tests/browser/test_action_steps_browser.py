"""The action form's steps in a browser, and the agenda in the user's language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actions.models import Action
from core.auth.models import User
from core.budgets.models import Budget
from core.db import run_in_transaction
from core.directory.models import Contact
from core.documents.models import Document
from tests.browser.steps import open_signed_in
from tests.browser.test_actions_browser import next_weekday

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def server(live_server_factory):
    return live_server_factory("sqlite")


def run(server, work):
    return run_in_transaction(server.registry, work)


def shown_step(page) -> str:
    return page.get_attribute("#action-form [data-step]:not([hidden])", "data-step")


def a_contact_with_a_budget(server) -> tuple[int, str]:
    """A contact whose company holds a budget, and that budget's id."""

    def find(session):
        row = session.execute(
            select(Contact.id, Budget.id)
            .join(Budget, Budget.company_id == Contact.company_id)
            .where(Budget.active.is_(True), Contact.departed_at.is_(None))
            .order_by(Contact.id)
            .limit(1)
        ).one()
        return row[0], str(row[1])

    return run(server, find)


def test_next_walks_through_plan_documents_budget_and_opportunity(browser, server):
    email = "julien.moreau@relais.example"
    contact_id, budget_id = a_contact_with_a_budget(server)
    context, page = open_signed_in(browser, server, email)
    page.goto(f"/actions/new?contact_id={contact_id}")
    assert shown_step(page) == "plan"
    assert page.is_hidden("[data-wizard=previous]")
    page.fill("#f-subject", "Présentation de l'offre été")
    page.fill("#f-start", next_weekday(11).strftime("%Y-%m-%dT%H:%M"))

    page.click("[data-wizard=next]")
    assert shown_step(page) == "documents"
    assert page.is_hidden("#f-subject")
    page.set_input_files(
        "#f-documents",
        {"name": "offre-ete.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )

    page.click("[data-wizard=next]")
    assert shown_step(page) == "budget"
    suggested = "#f-budget optgroup[data-budgets=suggested]"
    offered = page.locator(f"{suggested} option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert budget_id in offered
    # Without the contact, their company's budgets are no longer put first.
    page.click("[data-step-link=plan]")
    page.uncheck(f"#chosen-contacts input[value='{contact_id}']")
    page.wait_for_selector(suggested, state="detached")
    page.check(f"#chosen-contacts input[value='{contact_id}']")
    page.wait_for_selector(suggested, state="attached")
    page.click("[data-step-link=budget]")
    page.select_option("#f-budget", budget_id)

    page.click("[data-wizard=next]")
    assert shown_step(page) == "opportunities"
    assert page.is_hidden("[data-wizard=next]")
    page.click("[data-wizard=previous]")
    assert shown_step(page) == "budget"

    page.click("#action-form button[name=save]")
    page.wait_for_selector("[data-section=chain]")
    assert page.get_attribute("[data-budget]", "data-budget") == budget_id
    assert "offre-ete.pdf" in page.inner_text("[data-panel=documents]")

    def stored(session):
        action = session.scalar(
            select(Action).where(Action.subject == "Présentation de l'offre été")
        )
        names = session.scalars(
            select(Document.name).where(
                Document.target_kind == "action", Document.target_id == action.id
            )
        )
        return action.budget_id, list(names)

    assert run(server, stored) == (int(budget_id), ["offre-ete.pdf"])
    context.close()


def set_locale(server, email: str, locale: str) -> None:
    def change(session):
        session.scalar(select(User).where(User.email == email)).locale = locale

    run(server, change)


def day_names(page) -> list[str]:
    page.goto("/agenda")
    page.wait_for_selector("#agenda[data-loaded='1']")
    return page.locator(".fc-col-header-cell").all_inner_texts()


def test_the_agenda_speaks_the_users_language(browser, server):
    email = "ines.roux@relais.example"
    set_locale(server, email, "fr")
    context, page = open_signed_in(browser, server, email)
    french = day_names(page)
    assert [name.split()[0] for name in french] == [
        "lun.",
        "mar.",
        "mer.",
        "jeu.",
        "ven.",
        "sam.",
        "dim.",
    ]
    assert page.inner_text(".fc-today-button") == "Aujourd’hui"
    # Texts of FullCalendar's own, which only its French locale file holds.
    assert "Toute la journée" in page.locator(".fc-timegrid-axis").all_inner_texts()
    assert page.get_attribute(".fc-prev-button", "title") == "Précédent"
    page.click(".fc-dayGridMonth-button")
    assert page.inner_text(".fc-col-header-cell >> nth=0").strip() == "lun."
    context.close()

    set_locale(server, email, "en")
    context, page = open_signed_in(browser, server, email)
    english = day_names(page)
    assert [name.split()[0] for name in english][:2] == ["Mon", "Tue"]
    assert "all-day" in page.locator(".fc-timegrid-axis").all_inner_texts()
    context.close()
