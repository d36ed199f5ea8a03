"""I-05: vCard 2.1 quoted-printable values with a soft line break."""

from sqlalchemy import select

from core.directory.models import Contact
from core.transfer.testing import import_bytes

CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Bernard;Zo=C3=A9;;;\r\n"
    "TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Directrice =C3=A9dito=\r\n"
    "riale\r\n"
    "TEL;CELL:0612345678\r\n"
    "END:VCARD\r\n"
).encode("ascii")


def test_decoded_and_joined(dbsession, factories):
    plan, _applied = import_bytes(dbsession, factories.user(), CARD, "zoe.vcf")
    assert plan.counts["create"] == 1
    zoe = dbsession.scalar(select(Contact))
    assert (zoe.last_name, zoe.first_name) == ("Bernard", "Zoé")
    assert zoe.title == "Directrice éditoriale"
    assert zoe.mobile == "+33612345678"
