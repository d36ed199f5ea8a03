"""A vCard's preview names its columns as the mapping does, in French."""

import webtest

from core.testing import sign_in

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bernard;Zoé;;Mme;\r\nFN:Zoé Bernard\r\n"
    "ORG:Radio Sud\r\nEMAIL:zoe@radio-sud.example\r\nEND:VCARD\r\n"
)


def test_vcard_columns_show_the_field_labels(make_app, factories):
    app = make_app(**{"relais.default_locale": "fr"})
    sign_in(app, factories.user(profile="salesperson", locale="fr").email)
    form = app.get("/import").forms["import-upload"]
    form["file"] = webtest.Upload("carnet.vcf", CARD.encode())
    preview = form.submit().follow()

    names = [th.get_text() for th in preview.html.select("table.mapping tbody th")]
    assert "Contact\u00a0: civilité" in names
    assert "Contact\u00a0: prénom" in names
    assert not [name for name in names if name.startswith(("contact.", "company."))]
    # The choice in the select is the same label: the user sees one wording.
    select = preview.html.find("select", attrs={"data-map": "contact.first_name"})
    chosen = select.find("option", selected=True)
    assert chosen.get_text() == "Contact\u00a0: prénom"
