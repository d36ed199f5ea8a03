"""``/companies`` and ``/contacts``: listed, read, created, changed, deactivated."""

from __future__ import annotations

from core.directory.models import Company, Contact
from tests.core.test_api_support import assert_error

pytest_plugins = ["tests.core.test_api_support"]

VALID_SIRET = "73282932000074"


def test_a_company_is_created_with_its_references(api, factories, dbsession):
    group = factories.company(name="Groupe Média")
    created = api.post(
        "/companies",
        {
            "name": "  Les Éditions du Port  ",
            "trade_name": "",
            "type": "media",
            "situation": "prospect",
            "group_id": group.id,
            "phone": "01 02 03 04 05",
            "siret": "732 829 320 00074",
            "website": "https://port.example",
            "brief": "Titres régionaux",
        },
    )
    body = created.json
    assert body["name"] == "Les Éditions du Port"
    assert body["trade_name"] is None
    assert (body["type"], body["situation"]) == ("media", "prospect")
    assert body["group_id"] == group.id
    assert body["siret"] == VALID_SIRET
    assert created.headers["ETag"] == '"1"'
    assert created.location.endswith(f"/api/v1/companies/{body['id']}")

    company = dbsession.get(Company, body["id"])
    assert company.created_by_id == api.user.id
    assert api.get(f"/companies/{company.id}").json == body


def test_company_validation_names_every_bad_field(api):
    response = api.post(
        "/companies",
        {
            "name": "Mauvaise",
            "type": "inconnu",
            "situation": "perdue",
            "group_id": 999999,
            "siret": "12345678901234",
            "website": "javascript:alert(1)",
        },
        status=422,
    )
    fields = assert_error(response, 422, "invalid")["fields"]
    assert set(fields) == {"siret", "website"}
    # Reference checks run once the values themselves are well-formed.
    response = api.post(
        "/companies",
        {
            "name": "Mauvaise",
            "type": "inconnu",
            "situation": "perdue",
            "group_id": 999999,
        },
        status=422,
    )
    fields = assert_error(response, 422)["fields"]
    assert fields == {
        "type": "Choose one of the proposed values.",
        "situation": "Choose one of the proposed values.",
        "group_id": "No such company.",
    }


def test_a_company_is_changed_and_deactivated(api, factories):
    company = factories.company(name="Ancienne", type_code="annonceur")
    path = f"/companies/{company.id}"
    changed = api.patch(
        path, {"name": "Nouvelle", "type": "agence_media"}, etag=api.etag(path)
    )
    assert (changed.json["name"], changed.json["type"]) == ("Nouvelle", "agence_media")

    null_type = api.patch(
        path, {"type": None}, etag=changed.headers["ETag"], status=422
    )
    assert set(assert_error(null_type, 422)["fields"]) == {"type"}

    deactivated = api.patch(path, {"active": False}, etag=changed.headers["ETag"])
    assert deactivated.json["active"] is False
    listed = api.get("/companies?active=true&q=nouvelle").json
    assert listed["total"] == 0
    assert api.get("/companies?active=false&q=nouvelle").json["total"] == 1


def test_a_company_cannot_become_its_own_group(api, factories):
    holding = factories.company(name="Holding")
    child = factories.company(name="Filiale", group=holding)
    path = f"/companies/{holding.id}"
    for group_id in (holding.id, child.id):
        response = api.patch(
            path, {"group_id": group_id}, etag=api.etag(path), status=422
        )
        assert set(assert_error(response, 422)["fields"]) == {"group_id"}
    assert (
        api.get(f"/companies?group_id={holding.id}").json["items"][0]["id"] == child.id
    )


def test_a_contact_is_created_in_a_company(api, factories, dbsession):
    company = factories.company(name="Annonceur Contacts")
    created = api.post(
        "/contacts",
        {
            "civility": "Mme",
            "first_name": "Léa",
            "last_name": "Martin",
            "company_id": company.id,
            "function": "dir_media",
            "email": "Lea.Martin@Annonceur.example",
            "mobile": "06 12 34 56 78",
        },
    ).json
    assert created["display_name"] == "Léa Martin"
    assert created["email"] == "lea.martin@annonceur.example"
    assert created["function"] == "dir_media"
    assert created["company_id"] == company.id
    assert dbsession.get(Contact, created["id"]).created_by_id == api.user.id

    listed = api.get(f"/contacts?company_id={company.id}").json
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    by_email = api.get("/contacts?email=LEA.MARTIN@annonceur.example").json
    assert by_email["total"] == 1
    assert api.get("/contacts?function=dir_media&q=l%C3%A9a%20mar").json["total"] == 1


def test_contact_validation(api, factories):
    closed = factories.company(name="Fermée", active=False)
    response = api.post(
        "/contacts",
        {"civility": "Dr", "last_name": "", "email": "pas-une-adresse"},
        status=422,
    )
    fields = assert_error(response, 422)["fields"]
    assert set(fields) == {"civility", "last_name", "email"}
    assert fields["email"] == "Enter a valid e-mail address."

    response = api.post(
        "/contacts",
        {
            "civility": "M.",
            "last_name": "Durand",
            "company_id": closed.id,
            "function": "x",
        },
        status=422,
    )
    assert assert_error(response, 422)["fields"] == {
        "function": "Choose one of the proposed values.",
        "company_id": "This company is deactivated.",
    }


def test_a_contact_is_changed_and_deactivated(api, factories):
    contact = factories.contact(company=factories.company())
    path = f"/contacts/{contact.id}"
    changed = api.patch(
        path,
        {"email": None, "company_id": None, "title": "Directrice"},
        etag=api.etag(path),
    ).json
    assert (changed["email"], changed["company_id"]) == (None, None)
    assert changed["title"] == "Directrice"

    gone = api.patch(path, {"active": False}, etag=f'"{changed["version"]}"').json
    assert gone["active"] is False
    assert api.get(f"/contacts?active=false&q={contact.last_name}").json["total"] == 1


def test_a_contacts_previous_addresses_are_shown_and_found(api, factories):
    contact = factories.contact(factories.company(), email="lea@ancien.example")
    path = f"/contacts/{contact.id}"
    changed = api.patch(path, {"email": "lea@nouveau.example"}, api.etag(path)).json
    assert changed["email"] == "lea@nouveau.example"
    assert changed["previous_emails"] == ["lea@ancien.example"]
    found = api.get("/contacts?email=LEA@ancien.example").json
    assert [item["id"] for item in found["items"]] == [contact.id]
    assert found["items"][0]["previous_emails"] == ["lea@ancien.example"]


def test_q_finds_what_the_search_box_finds(api, factories):
    """Accents, case, SIRET, phones and one letter: as in the search box."""
    factories.company(name="Société Générale Média", siret=VALID_SIRET)
    factories.company(name="Cœur de Radio", phone="+33142685300")
    other = factories.company(name="Ouest Diffusion")
    factories.contact(other, first_name="Léa", last_name="Martin-Hérault")

    def names(path):
        return sorted(item["name"] for item in api.get(path).json["items"])

    assert names("/companies?q=societe%20generale") == ["Société Générale Média"]
    assert names("/companies?q=SOCI%C3%89T%C3%89") == ["Société Générale Média"]
    assert names("/companies?q=coeur") == ["Cœur de Radio"]
    assert names("/companies?q=732%20829") == ["Société Générale Média"]
    assert names("/companies?q=01%2042%2068") == ["Cœur de Radio"]
    assert names("/companies?q=F") == ["Ouest Diffusion"]
    contacts = api.get("/contacts?q=herault").json["items"]
    assert [c["last_name"] for c in contacts] == ["Martin-Hérault"]
    assert api.get("/companies?q=%25_%27%5C").json["total"] == 0
