import pytest

from core.text import build_search_document, normalize_for_search, search_terms


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("ＡＢＣ商事", "abc商事"),
        ("ヤマダ タロウ", "やまだ たろう"),
        ("김민준", "김민준"),
        ("Phạm Minh Chính", "PHAM MINH CHINH"),
        ("Müller", "muller"),
    ],
)
def test_normalize_for_search_matches_what_staff_type(stored, typed):
    assert normalize_for_search(stored) == normalize_for_search(typed)


def test_normalize_for_search_keeps_japanese_voicing_marks():
    assert normalize_for_search("ガ") == "が"
    assert normalize_for_search("ガ") != normalize_for_search("カ")


def test_normalize_for_search_keeps_hangul_syllables_whole():
    assert normalize_for_search("경기도") == "경기도"


def test_search_terms_splits_on_spaces_and_punctuation():
    assert search_terms("  Kim  Min-jun ") == ["kim", "min", "jun"]


def test_build_search_document_adds_spaceless_variant():
    assert build_search_document("山田 太郎", None, "") == "山田 太郎 | 山田太郎"


INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "byte-order mark": "\ufeff",
    "right-to-left override": "\u202e",
    "NUL": "\x00",
    "escape": "\x1b",
}


@pytest.mark.parametrize("character", INVISIBLE.values(), ids=INVISIBLE.keys())
@pytest.mark.parametrize("name", ["Tanaka", "田中", "Nguyễn", "タナカ"])
def test_normalize_for_search_ignores_characters_that_show_nothing(name, character):
    hidden = name[:1] + character + name[1:] + character

    assert normalize_for_search(hidden) == normalize_for_search(name)
    assert search_terms(hidden) == search_terms(name)


def test_normalize_for_search_composes_a_mark_split_from_its_letter_by_a_zero_width_character():
    assert normalize_for_search("Nguye\u200b\u0302\u0303n") == "nguyen"


def test_normalize_for_search_strips_every_format_character_of_unicode():
    import sys
    import unicodedata

    every_character = (chr(code) for code in range(sys.maxunicode + 1))
    format_characters = "".join(character for character in every_character if unicodedata.category(character) == "Cf")

    assert normalize_for_search(f"a{format_characters}b") == "ab"


def test_search_terms_are_bounded_whatever_the_query():
    terms = search_terms(" ".join(f"t{number}" for number in range(50_000)))

    assert terms == [f"t{number}" for number in range(12)]


def test_search_terms_reads_a_term_once():
    assert search_terms("kim kim KIM min") == ["kim", "min"]
