"""Multi: one person at several companies, a record each, linked."""

from __future__ import annotations

from sqlalchemy import select

from core.directory.models import Contact


def add_position(app, contact, company, status=303, **fields):
    form = app.get(f"/contacts/{contact.id}/multi").forms["multi-form"]
    form["company"] = f"{company.name} #{company.id}" if company else "Nowhere"
    for name, value in fields.items():
        form[name] = value
    return form.submit(status=status)


def test_the_person_gets_a_record_at_the_other_company(signed_in, factories, dbsession):
    dior = factories.company("Dior", phone="+33140000000")
    lvmh = factories.company("LVMH", phone="+33144130000")
    anne = factories.contact(dior, first_name="Anne", last_name="Mercier")
    page = add_position(signed_in, anne, lvmh).follow()

    other = dbsession.scalars(
        select(Contact).where(Contact.company_id == lvmh.id)
    ).one()
    assert (other.first_name, other.last_name, other.email) == (
        "Anne",
        "Mercier",
        anne.email,
    )
    assert other.phone == "+33144130000"
    panel = page.html.find(attrs={"data-multi": ""})
    assert "Dior" in panel.text and "LVMH" in panel.text
    # The first record stays the reference one.
    reference = panel.find(attrs={"data-reference": ""}).find_parent("li")
    assert reference["data-record"] == str(anne.id)


def test_the_reference_record_can_change(signed_in, factories, dbsession):
    dior, lvmh = factories.company("Dior"), factories.company("LVMH")
    anne = factories.contact(dior)
    add_position(signed_in, anne, lvmh)
    other = dbsession.scalars(
        select(Contact).where(Contact.company_id == lvmh.id)
    ).one()
    sheet = signed_in.get(f"/contacts/{other.id}")
    sheet = (
        sheet.forms[[k for k, f in sheet.forms.items() if "reference" in f.action][0]]
        .submit()
        .follow()
    )
    reference = sheet.html.find(attrs={"data-reference": ""}).find_parent("li")
    assert reference["data-record"] == str(other.id)
    first = signed_in.get(f"/contacts/{anne.id}").html.find(attrs={"data-multi": ""})
    assert first.find(attrs={"data-reference": ""}).find_parent("li")[
        "data-record"
    ] == str(other.id)


def test_a_second_record_at_the_same_company_is_refused(signed_in, factories):
    dior = factories.company("Dior")
    anne = factories.contact(dior)
    page = add_position(signed_in, anne, dior, status=400)
    assert page.html.find(id="e-company").text == (
        "This person already has a record there."
    )


def test_an_unknown_company_is_refused_beside_the_field(signed_in, factories):
    anne = factories.contact(factories.company("Dior"))
    page = add_position(signed_in, anne, None, status=400)
    assert page.html.find(id="e-company").text == "Choose a company from the list."
