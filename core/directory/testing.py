"""Fill the directory forms the way a person does (for the test suites)."""

from sqlalchemy import select

from core.reference.models import CompanyType, Function, Sector


def ids(dbsession, model, *codes) -> dict[str, int]:
    rows = dbsession.scalars(select(model).where(model.code.in_(codes)))
    return {row.code: row.id for row in rows}


def company_form(app, dbsession, url="/companies/new", **values):
    """The company form with valid required fields, then ``values``."""
    form = app.get(url).forms["company-form"]
    types = ids(dbsession, CompanyType, "annonceur", "agence_media")
    sectors = ids(dbsession, Sector, "luxe", "luxe.1", "beaute.1")
    form["name"] = values.pop("name", "Maison Test")
    form["type_id"] = str(types[values.pop("type", "annonceur")])
    form["sector_ids"] = [str(sectors[c]) for c in values.pop("sectors", ["luxe.1"])]
    for name, value in values.items():
        form[name] = value
    return form


def contact_form(app, dbsession, url="/contacts/new", **values):
    """The contact form with valid required fields, then ``values``."""
    form = app.get(url).forms["contact-form"]
    function = values.pop("function", "dir_marketing")
    form["civility"] = values.pop("civility", "M.")
    form["last_name"] = values.pop("last_name", "Ménager")
    form["function_id"] = str(ids(dbsession, Function, function)[function])
    for name, value in values.items():
        form[name] = value
    return form
