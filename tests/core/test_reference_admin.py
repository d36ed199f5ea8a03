"""Administrators edit every reference list through one generic set of pages."""

import pytest
from sqlalchemy import select

from core.reference.models import (
    ActionType,
    Function,
    FunctionFamily,
    OpportunityStatus,
    Product,
    Sector,
)
from core.reference.services import slugify
from core.testing import csrf_token


def labels(page, selector="ol.top > li"):
    return [
        li.select_one(".ref-label a").get_text(strip=True)
        for li in page.html.select(selector)
    ]


def by_code(dbsession, model, code):
    return dbsession.scalar(select(model).where(model.code == code))


def test_index_lists_every_registered_list(admin_app, registry):
    page = admin_app.get("/admin/reference")
    shown = {a["data-list"] for a in page.html.select("a[data-list]")}
    assert shown == set(registry.relais_reference_lists)
    for kind in registry.relais_reference_lists:
        admin_app.get(f"/admin/reference/{kind}", status=200)


def test_rows_are_listed_in_order(admin_app):
    page = admin_app.get("/admin/reference/opportunity_status")
    assert labels(page) == ["Perdu", "Froid", "Tiède", "Chaude", "Confirmée"]
    assert (
        "75 %"
        in page.html.select_one(
            "#r" + page.html.select("ol.top > li")[3]["data-id"]
        ).text
    )


def test_add_a_row_gets_its_code_from_the_label(admin_app, dbsession):
    form = admin_app.get("/admin/reference/product").forms["add-row"]
    form["label"] = "Vidéo à la demande"
    form.submit(status=303)
    row = by_code(dbsession, Product, "video_a_la_demande")
    assert row.label == "Vidéo à la demande" and row.active
    page = admin_app.get("/admin/reference/product")
    assert labels(page)[-1] == "Vidéo à la demande"


def test_a_taken_code_is_refused_beside_the_field(admin_app, dbsession):
    form = admin_app.get("/admin/reference/product").forms["add-row"]
    form["label"] = "Print"
    page = form.submit(status=400)
    assert "print" in page.html.select_one("#e-code").text
    # The proposed code stays in the field, ready to be changed.
    form = page.forms["add-row"]
    assert form["code"].value == "print"
    form["code"] = "print_regional"
    form.submit(status=303)
    assert by_code(dbsession, Product, "print_regional").label == "Print"


def test_code_never_changes_on_edit(admin_app, dbsession):
    row = by_code(dbsession, Product, "web")
    page = admin_app.get(f"/admin/reference/product/{row.id}")
    assert "code" not in page.forms["row-form"].fields
    admin_app.post(
        f"/admin/reference/product/{row.id}",
        {
            "csrf_token": csrf_token(admin_app),
            "label": "Web & mobile",
            "code": "mobile",
        },
        status=303,
    )
    dbsession.refresh(row)
    assert (row.code, row.label) == ("web", "Web & mobile")


def test_colour_and_icon_of_an_action_type(admin_app, dbsession):
    row = by_code(dbsession, ActionType, "rdv")
    page = admin_app.get(f"/admin/reference/action_type/{row.id}")
    assert page.html.select_one("#f-colour")["type"] == "color"
    form = page.forms["row-form"]
    form["colour"] = "#AA3300"
    form["icon"] = "groups"
    form.submit(status=303)
    dbsession.refresh(row)
    assert (row.colour, row.icon) == ("#aa3300", "groups")

    form = admin_app.get(f"/admin/reference/action_type/{row.id}").forms["row-form"]
    form["colour"] = "red"
    page = form.submit(status=400)
    assert "colour" in page.html.select_one("#e-colour").text


@pytest.mark.parametrize(
    "rate, message",
    [
        ("101", "between 0 and 100"),
        ("-1", "between 0 and 100"),
        ("beaucoup", "whole number"),
    ],
)
def test_percent_is_checked(admin_app, dbsession, rate, message):
    row = by_code(dbsession, OpportunityStatus, "tiede")
    form = admin_app.get(f"/admin/reference/opportunity_status/{row.id}").forms[
        "row-form"
    ]
    form["rate"] = rate
    page = form.submit(status=400)
    assert message in page.html.select_one("#e-rate").text
    dbsession.refresh(row)
    assert row.rate == 50


def test_percent_is_saved(admin_app, dbsession):
    row = by_code(dbsession, OpportunityStatus, "tiede")
    form = admin_app.get(f"/admin/reference/opportunity_status/{row.id}").forms[
        "row-form"
    ]
    form["rate"] = "60"
    form.submit(status=303)
    dbsession.refresh(row)
    assert row.rate == 60


def test_sector_parents_are_top_level_sectors_only(admin_app, dbsession):
    top = by_code(dbsession, Sector, "luxe")
    sub = by_code(dbsession, Sector, "luxe.1")
    page = admin_app.get(f"/admin/reference/sector/{sub.id}")
    offered = {
        o["value"] for o in page.html.select("#f-parent_id option") if o["value"]
    }
    tops = set(
        str(i)
        for i in dbsession.scalars(select(Sector.id).where(Sector.parent_id.is_(None)))
    )
    assert offered == tops

    # A sub-sector cannot be a parent; a sector with sub-sectors cannot get one.
    other = by_code(dbsession, Sector, "automobile.1")
    response = admin_app.post(
        f"/admin/reference/sector/{other.id}",
        {
            "csrf_token": csrf_token(admin_app),
            "label": other.label,
            "parent_id": str(sub.id),
        },
        status=400,
    )
    assert (
        "Choose one of the proposed values."
        in response.html.select_one("#e-parent_id").text
    )
    response = admin_app.post(
        f"/admin/reference/sector/{top.id}",
        {
            "csrf_token": csrf_token(admin_app),
            "label": top.label,
            "parent_id": str(by_code(dbsession, Sector, "automobile").id),
        },
        status=400,
    )
    assert "sub-rows" in response.html.select_one("#e-parent_id").text


def test_add_a_sub_sector_and_show_it_under_its_parent(admin_app, dbsession):
    parent = by_code(dbsession, Sector, "luxe")
    form = admin_app.get("/admin/reference/sector").forms["add-row"]
    form["label"] = "Horlogerie"
    form["parent_id"] = str(parent.id)
    form.submit(status=303)
    row = by_code(dbsession, Sector, "horlogerie")
    assert row.parent_id == parent.id
    page = admin_app.get("/admin/reference/sector")
    children = labels(page, f"#r{parent.id} ol.children > li")
    assert children == ["Mode", "Joaillerie", "Maroquinerie", "Horlogerie"]


def test_function_family_is_chosen_from_the_families(admin_app, dbsession):
    row = by_code(dbsession, Function, "chef_pub")
    family = by_code(dbsession, FunctionFamily, "marketing")
    page = admin_app.get(f"/admin/reference/function/{row.id}")
    offered = [o.text for o in page.html.select("#f-family_id option")]
    assert "Marketing" in offered and "Commercial" in offered
    form = page.forms["row-form"]
    form["family_id"] = str(family.id)
    form.submit(status=303)
    dbsession.refresh(row)
    assert row.family_id == family.id
    listing = admin_app.get("/admin/reference/function")
    assert "Marketing" in listing.html.select_one(f"#r{row.id}").text


def test_move_up_and_down(admin_app, dbsession):
    row = by_code(dbsession, Product, "digital")
    page = admin_app.get("/admin/reference/product")
    assert labels(page) == ["PRINT", "WEB", "DIGITAL", "EVENT", "FDV"]
    token = csrf_token(admin_app)
    admin_app.post(
        f"/admin/reference/product/{row.id}/move",
        {"csrf_token": token, "direction": "up"},
        status=303,
    )
    assert labels(admin_app.get("/admin/reference/product")) == [
        "PRINT",
        "DIGITAL",
        "WEB",
        "EVENT",
        "FDV",
    ]
    admin_app.post(
        f"/admin/reference/product/{row.id}/move",
        {"csrf_token": token, "direction": "down"},
        status=303,
    )
    admin_app.post(
        f"/admin/reference/product/{row.id}/move",
        {"csrf_token": token, "direction": "down"},
        status=303,
    )
    assert labels(admin_app.get("/admin/reference/product")) == [
        "PRINT",
        "WEB",
        "EVENT",
        "DIGITAL",
        "FDV",
    ]


def test_moving_a_sub_sector_keeps_it_under_its_parent(admin_app, dbsession):
    parent = by_code(dbsession, Sector, "luxe")
    sub = by_code(dbsession, Sector, "luxe.3")
    admin_app.post(
        f"/admin/reference/sector/{sub.id}/move",
        {"csrf_token": csrf_token(admin_app), "direction": "up"},
        status=303,
    )
    page = admin_app.get("/admin/reference/sector")
    assert labels(page, f"#r{parent.id} ol.children > li") == [
        "Mode",
        "Maroquinerie",
        "Joaillerie",
    ]
    # Position order alone lists every sub-sector right after its parent.
    ordered = list(dbsession.scalars(select(Sector).order_by(Sector.position)))
    start = ordered.index(parent)
    assert [s.label for s in ordered[start : start + 4]] == [
        "Luxe",
        "Mode",
        "Maroquinerie",
        "Joaillerie",
    ]


def test_drag_and_drop_order_is_stored(admin_app, dbsession):
    ids = {p.code: p.id for p in dbsession.scalars(select(Product))}
    order = ["fdv", "print", "web", "digital", "event"]
    admin_app.post(
        "/admin/reference/product/order",
        [("id", str(ids[c])) for c in order],
        headers={"X-CSRF-Token": csrf_token(admin_app)},
        status=204,
    )
    assert labels(admin_app.get("/admin/reference/product")) == [
        "FDV",
        "PRINT",
        "WEB",
        "DIGITAL",
        "EVENT",
    ]
    # An order that is not exactly one level of the list is refused.
    admin_app.post(
        "/admin/reference/product/order",
        [("id", str(ids["fdv"]))],
        headers={"X-CSRF-Token": csrf_token(admin_app)},
        status=400,
    )


def test_deactivate_and_reactivate_never_delete(admin_app, dbsession):
    row = by_code(dbsession, Product, "event")
    token = csrf_token(admin_app)
    admin_app.post(
        f"/admin/reference/product/{row.id}/active",
        {"csrf_token": token, "active": "0"},
        status=303,
    )
    dbsession.refresh(row)
    assert not row.active
    page = admin_app.get("/admin/reference/product")
    assert "inactive" in page.html.select_one(f"#r{row.id}").text
    admin_app.post(
        f"/admin/reference/product/{row.id}/active",
        {"csrf_token": token, "active": "1"},
        status=303,
    )
    dbsession.refresh(row)
    assert row.active


def test_unknown_list_is_not_found(admin_app):
    admin_app.get("/admin/reference/nothing", status=404)


def test_slugify():
    assert slugify("Beauté - Hygiène") == "beaute_hygiene"
    assert slugify("  Agence média ") == "agence_media"
    assert slugify("★") == ""
