"""Phones print the way French users write them, whatever the route taken."""

import random

import phonenumbers
import pytest

from core.directory.normalise import format_phone


def library_format(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@pytest.mark.parametrize("first", list("12345679"))
def test_french_numbers_print_in_pairs_like_the_library(first):
    draw = random.Random(first)
    for _ in range(500):
        e164 = "+33" + first + "".join(draw.choice("0123456789") for _ in range(8))
        assert format_phone(e164) == library_format(e164)


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+33123456789", "01 23 45 67 89"),
        ("+33612345678", "06 12 34 56 78"),
        ("+33800123456", "0 800 12 34 56"),
        ("+442079460000", "+44 20 7946 0000"),
        ("", ""),
        (None, ""),
    ],
)
def test_special_foreign_and_odd_numbers(e164, shown):
    assert format_phone(e164) == shown
