"""Turn an uploaded file's bytes into text, whatever program wrote them.

French offices send UTF-8 with or without a byte-order mark, Windows'
cp1252 (Excel's "CSV (séparateur : point-virgule)"), Latin-1, and now and
then UTF-16 or a Japanese Shift_JIS address book. The encoding is found from
the bytes; the user can still force one in the preview.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "cp1252",
    "cp1250",
    "iso-8859-2",
    "latin-1",
    "utf-16",
    "shift_jis",
)

# Letters and signs that French and other Western text really uses; random
# bytes of another encoding read as cp1252 give mostly other characters.
_WESTERN = set(
    "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæßÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸŒÆ"
    "’‘“”«»€…–—°²³ºª·×÷©®™ \u00a0"
)
# "é" written as UTF-8 and read back as cp1252 or Latin-1 ("Ã©", "Ã¨"...).
_DOUBLE_ENCODED = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u20ac]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    # The text looks like UTF-8 that was once decoded as cp1252 and saved again.
    double_encoded: bool = False


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII text in UTF-16 has a zero byte in every other position.
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    if even_zeros > 0.4 * half and odd_zeros < 0.1 * half:
        return "utf-16-be"
    if odd_zeros > 0.4 * half and even_zeros < 0.1 * half:
        return "utf-16-le"
    return None


def _western_share(text: str) -> float:
    high = [c for c in text if ord(c) > 127]
    if not high:
        return 1.0
    return sum(c in _WESTERN for c in high) / len(high)


# Single-byte code pages tried in this order; a tie keeps the earlier one, so
# French text (the same bytes in cp1252 and cp1250 for most accents) stays
# cp1252 unless the bytes read better as Central European.
SINGLE_BYTE = ("cp1252", "cp1250", "latin-1", "iso-8859-2")
_VOWELS = set("aeiouyàâäáãåæéèêëíìîïóòôöõøœúùûüý")


def _plausibility(text: str) -> int:
    """Score how much the non-ASCII characters of ``text`` look like words.

    Letters inside words count for; signs inside words ("Bia³ystok" for
    "Białystok"), control characters and undecodable bytes count against.
    A Spanish "ñ" is always followed by a vowel: "Iksiñski" is the Polish
    "Iksiński" read in the wrong code page.
    """
    score = 0
    for index, char in enumerate(text):
        if ord(char) < 128:
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co"):
            score -= 10
        elif char.isalpha():
            if before.isalpha() or after.isalpha():
                score += 2
            if char in "ñÑ" and after.isalpha() and after.lower() not in _VOWELS:
                score -= 4
        elif before.isalpha() and after.isalpha():
            score -= 5
    return score


def single_byte_encoding(data: bytes) -> str:
    """The single-byte code page under which ``data`` reads most like text.

    A code page that leaves a byte undefined is out; Latin-1 defines them all.
    """
    best, best_score = "latin-1", None
    for name in SINGLE_BYTE:
        try:
            score = _plausibility(data.decode(name))
        except UnicodeDecodeError:
            continue
        if best_score is None or score > best_score:
            best, best_score = name, score
    return best


def _legacy_encoding(data: bytes) -> str:
    """Choose a single-byte code page or Shift_JIS for non-UTF-8 bytes."""
    name = single_byte_encoding(data)
    western = data.decode(name, errors="replace")
    if name != "cp1252" or _western_share(western) >= 0.6:
        return name
    try:
        data.decode("shift_jis")
    except UnicodeDecodeError:
        return name
    return "shift_jis"


def detect_encoding(data: bytes) -> str:
    found = _bom_encoding(data) or _utf16_without_bom(data)
    if found:
        return found
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _legacy_encoding(data)
    return "utf-8"


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data`` with ``encoding``, or the one its bytes show.

    A forced encoding that does not fit replaces the bad bytes (the preview
    shows them) rather than failing, so the user sees why it is wrong.
    """
    name = encoding or detect_encoding(data)
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    text = data.decode(name, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(text, name, bool(_DOUBLE_ENCODED.search(text)))
