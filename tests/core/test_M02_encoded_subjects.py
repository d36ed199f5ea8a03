"""M-02: encoded subjects decode, split characters are rebuilt, bad ones marked."""

from __future__ import annotations

import base64

from core.mail.parsing import parse_message


def subject(header: bytes):
    head = b"From: a@b.example\r\nDate: Fri, 4 Dec 2026 10:00:00 +0100\r\n"
    return parse_message(head + b"Subject: " + header + b"\r\n\r\nx\r\n")


def test_a_latin_1_quoted_printable_subject():
    parsed = subject(b"=?iso-8859-1?q?R=E9union_d=27=E9quipe?=")
    assert parsed.subject == "Réunion d'équipe"
    assert parsed.problems == []


def test_a_character_split_across_two_encoded_words_is_rebuilt():
    data = "Réunion".encode()
    first, second = data[:2], data[2:]  # "R" and the first byte of "é"
    words = [base64.b64encode(part).decode() for part in (first, second)]
    header = f"=?utf-8?b?{words[0]}?=\r\n =?utf-8?b?{words[1]}?=".encode()

    assert subject(header).subject == "Réunion"


def test_an_undecodable_header_is_kept_with_replacements_and_marked():
    parsed = subject(b"=?x-inconnu?q?caf=E9?= du jour")
    assert "=?" not in parsed.subject
    assert parsed.subject.endswith("du jour")
    assert "subject-undecodable" in parsed.problems

    broken = subject(b"=?utf-8?b?w6?= suite")
    assert "=?" not in broken.subject
    assert "subject-undecodable" in broken.problems
