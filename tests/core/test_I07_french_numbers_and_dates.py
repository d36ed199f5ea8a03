"""I-07: French numbers and dates; codes keep their leading zeros."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.directory.models import Company
from core.transfer.testing import import_bytes
from core.transfer.values import parse_date, parse_number


def test_numbers():
    assert parse_number("1\u00a0234,56") == Decimal("1234.56")
    assert parse_number("1\u202f234,56") == Decimal("1234.56")
    assert parse_number("-1 500") == Decimal("-1500")
    with pytest.raises(ValueError):
        parse_number("douze")


def test_dates():
    assert parse_date("30/03/2026") == dt.date(2026, 3, 30)
    with pytest.raises(ValueError, match="31/02/2026"):
        parse_date("31/02/2026")


def test_postcode_and_siret_stay_text(dbsession, factories):
    data = "Société;SIRET;Code postal;Ville\nAgence Ain;73282932000074;01000;Bourg\n"
    import_bytes(dbsession, factories.user(), data.encode())
    company = dbsession.scalar(select(Company))
    assert company.siret == "73282932000074"
    assert company.default_address.postcode == "01000"
