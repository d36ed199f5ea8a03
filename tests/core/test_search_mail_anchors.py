"""The box's anchors read names, never the end or start of an e-mail address.

``*fr`` is a name ending in "fr"; with addresses framed like names it was
every contact with a French address.
"""

from __future__ import annotations

from core.directory.models import Contact, ContactPreviousEmail
from core.search.index import contact_row, reindex
from core.search.text import patterns
from tests.core.test_search_quick import contacts


def test_anchored_terms_skip_addresses_contains_still_reads_them(
    signed_in, dbsession, factories
):
    radio = factories.company(name="Radio Ouest")
    factories.contact(
        radio, first_name="Zoé", last_name="Lefr", email="zoe@radio-ouest.fr"
    )
    factories.contact(
        radio, first_name="Yves", last_name="Martin", email="yves.martin@rouest.fr"
    )
    old = factories.contact(radio, first_name="Ana", last_name="Roy", email=None)
    dbsession.add(ContactPreviousEmail(contact_id=old.id, email="ana@ancien.fr"))
    dbsession.flush()
    # As the directory does when an address is replaced.
    reindex(dbsession, Contact, [old.id])

    assert contacts(signed_in, "*fr") == ["Zoé Lefr"]
    assert contacts(signed_in, "yves*") == ["Yves Martin"]
    assert sorted(contacts(signed_in, "rouest")) == ["Yves Martin"]
    assert contacts(signed_in, "ancien") == ["Ana Roy"]
    assert contacts(signed_in, "zoe@radio") == ["Zoé Lefr"]


def test_an_inner_star_stays_inside_one_address():
    class Person:
        id = 1
        first_name, last_name = "Léa", "Durand"
        email, phone, mobile = "lea@abc.fr", None, None

    text = contact_row(Person(), previous=["x@zz.fr"])["text"]
    assert any(p.matches(text) for p in patterns("lea*abc"))
    assert not any(p.matches(text) for p in patterns("abc*zz"))
