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
