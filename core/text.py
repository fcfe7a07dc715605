"""Search normalisation for names in many scripts.

Stored text keeps its original spelling; only the search key is normalised, so that "nguyen" finds
"Nguyễn", "ＡＢＣ" finds "ABC", "やまだ" finds "ヤマダ", and "Kim Min-jun" finds "김민준" when the
record also carries its romanised form.
"""

import re
import unicodedata

# U+0300-U+036F: combining diacritical marks used by Latin scripts (Vietnamese tones, accents).
# Japanese voicing marks (U+3099/U+309A) and Hangul jamo are deliberately outside this range.
_LATIN_COMBINING = re.compile("[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = str.maketrans({"・": " ", "·": " ", "-": " ", "‐": " ", ",": " ", ".": " ", "'": "", "’": ""})
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})
_KATAKANA_START, _KATAKANA_END, _KANA_OFFSET = 0x30A1, 0x30F6, 0x60
# Katakana to hiragana and punctuation to spaces in one pass (the two sets of characters do not overlap).
_FOLD = {code: code - _KANA_OFFSET for code in range(_KATAKANA_START, _KATAKANA_END + 1)} | _PUNCTUATION


def normalize_for_search(value: str) -> str:
    """Return the search key of `value`: width-folded, case-folded, diacritic-free, hiragana for kana."""
    if not value:
        return ""
    if value.isascii():
        # NFKC, the special letters, diacritics and kana cannot occur: an import normalises tens of thousands of
        # ASCII names, and this path gives the same key several times faster.
        return _SPACES.sub(" ", value.casefold().translate(_FOLD)).strip()
    text = unicodedata.normalize("NFKC", value).translate(_SPECIAL_LETTERS).casefold()
    text = unicodedata.normalize("NFD", text)
    text = _LATIN_COMBINING.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text.translate(_FOLD)).strip()


def search_terms(query: str) -> list[str]:
    """Split a user's query into normalised terms; every term must match (in any order)."""
    return [term for term in normalize_for_search(query).split(" ") if term]


def build_search_document(*parts: str | None) -> str:
    """Join the searchable parts of a record into one normalised document.

    Each part is also added without its inner spaces so that "山田太郎" matches "山田 太郎".
    """
    pieces: list[str] = []
    for part in parts:
        normalised = normalize_for_search(part or "")
        if not normalised:
            continue
        pieces.append(normalised)
        if " " in normalised:
            pieces.append(normalised.replace(" ", ""))
    return " | ".join(dict.fromkeys(pieces))
