"""Search normalisation for names in many scripts.

Stored text keeps its original spelling; only the search key is normalised, so that "nguyen" finds
"Nguyễn", "ＡＢＣ" finds "ABC", "やまだ" finds "ヤマダ", and "Kim Min-jun" finds "김민준" when the
record also carries its romanised form. Characters that show nothing (zero-width spaces and joiners, soft hyphens,
byte-order marks, bidirectional controls, control characters) are left out of the key, so that a name pasted with
one still meets the same name typed without it, in search and in the duplicate warnings.
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
# Control characters other than the whitespace ones (tab, line breaks, U+001C-U+001F, U+0085: spaces in the key).
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)])
# Katakana to hiragana, punctuation to spaces and controls to nothing in one pass (the sets do not overlap).
_FOLD = {code: code - _KANA_OFFSET for code in range(_KATAKANA_START, _KATAKANA_END + 1)} | _PUNCTUATION | _CONTROLS
# Every character of Unicode category Cf ("format": U+00AD soft hyphen, U+200B-U+200D zero-width space and joiners,
# U+2060 word joiner, U+FEFF, the bidirectional controls, ...) and lone surrogates. Written out because Python's re
# has no \p{Cf}; tests/core/test_text.py checks the list against unicodedata.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
)


def normalize_for_search(value: str) -> str:
    """Return the search key of `value`: width-folded, case-folded, diacritic-free, hiragana for kana, without
    invisible characters."""
    if not value:
        return ""
    if value.isascii():
        # NFKC, the special letters, diacritics, kana and format characters cannot occur: an import normalises tens
        # of thousands of ASCII names, and this path gives the same key several times faster.
        return _SPACES.sub(" ", value.casefold().translate(_FOLD)).strip()
    # Before NFKC, so that a mark split from its letter by a zero-width character composes with it again.
    text = _INVISIBLE.sub("", value)
    text = unicodedata.normalize("NFKC", text).translate(_SPECIAL_LETTERS).casefold()
    text = unicodedata.normalize("NFD", text)
    text = _LATIN_COMBINING.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text.translate(_FOLD)).strip()


# Longer queries are cut (and refused over HTTP, core.middleware): nobody types more into a search box, and each term
# is one more condition of the SQL (SQLite refuses a statement whose expression is more than 1,000 levels deep).
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 12


def search_terms(query: str) -> list[str]:
    """Split a user's query into normalised terms, each once; every term must match (in any order)."""
    terms = (term for term in normalize_for_search(query[:SEARCH_QUERY_MAX_LENGTH]).split(" ") if term)
    return list(dict.fromkeys(terms))[:SEARCH_MAX_TERMS]


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
