"""CSV uploads are read within the reading limits: a file over one is refused with a message naming the limit."""

import pytest
from django.utils import translation

from transfers.tables import TableError, read_table

HEADINGS = "Family name (romanized),Given name (romanized),Notes\n"


def refusal(content: bytes) -> str:
    with translation.override("en"), pytest.raises(TableError) as error:
        read_table(content)
    return str(error.value)


def test_cell_longer_than_pythons_csv_field_limit_is_refused_with_the_limit():
    # 131,072 characters is the csv module's own limit: past it the module raises an error of its own.
    content = (HEADINGS + "Yamada,Taro,\n" + f"Sato,Hanako,{'x' * 131_073}\n").encode()

    assert refusal(content) == (
        "A cell in row 3 holds more than 100,000 characters, the most a cell may hold. Shorten it."
    )


def test_cell_longer_than_the_limit_is_refused_with_its_row(settings):
    settings.TRANSFERS_MAX_CELL_CHARACTERS = 10

    assert refusal(b'Name,Notes\nTaro,0123456789\nHanako,"0123456789\n"\n') == (
        "A cell in row 3 holds more than 10 characters, the most a cell may hold. Shorten it."
    )


def test_longest_text_a_record_keeps_is_read():
    notes = "長い記録" * 12_500  # 50,000 characters, the most a text field takes (core.validators)

    table = read_table((HEADINGS + f"Yamada,Taro,{notes}\n").encode())

    assert table.rows == [["Yamada", "Taro", notes]]


def test_rows_up_to_the_limit_are_read_and_trailing_empty_lines_are_not_counted(settings):
    settings.TRANSFERS_MAX_ROWS = 2

    table = read_table((HEADINGS + "Yamada,Taro,\nSato,Hanako,\n" + ",,\n" * 5 + "\n" * 5).encode())

    assert table.rows == [["Yamada", "Taro", ""], ["Sato", "Hanako", ""]]


def test_a_row_beyond_the_limit_is_refused(settings):
    settings.TRANSFERS_MAX_ROWS = 2

    assert refusal((HEADINGS + "Yamada,Taro,\nSato,Hanako,\n\n\nKim,Min-jun,\n").encode()) == (
        "The file has more than 2 rows below the heading row, the most one import takes. "
        "Split it into several files, each with the heading row."
    )


def test_empty_cells_beyond_the_column_limit_are_dropped_and_a_value_there_is_refused(settings):
    settings.TRANSFERS_MAX_COLUMNS = 3
    content = HEADINGS.replace("\n", ",,,\n") + "Yamada,Taro,, , ,\n"

    assert read_table(content.encode()).rows == [["Yamada", "Taro", ""]]
    assert refusal((content + "Sato,Hanako,,,x\n").encode()) == (
        "The file has more than 3 columns, the most one import takes. Remove the columns that are not imported."
    )


def test_reading_longer_than_the_time_limit_is_refused(settings):
    settings.TRANSFERS_MAX_READ_SECONDS = 0

    assert refusal((HEADINGS + "Yamada,Taro,\n").encode()) == (
        "Reading the file took longer than 0 seconds, the most one file may take. Split it into several smaller files."
    )


def test_limits_are_named_in_the_language_of_the_page(settings):
    settings.TRANSFERS_MAX_ROWS = 1_000
    content = (HEADINGS + "Yamada,Taro,\n" * 1_001).encode()

    with translation.override("ja"), pytest.raises(TableError) as error:
        read_table(content)

    assert str(error.value) == (
        "見出し行の下の行が 1,000 行（1 回のインポートの上限）を超えています。"
        "それぞれに見出し行を付けて、複数のファイルに分けてください。"
    )
