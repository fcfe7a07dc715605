"""XLSX uploads are read within the reading limits: files made to expand are refused before they take memory or
time (proved in a process whose address space is capped), and ordinary workbooks read as openpyxl reads them."""

import datetime
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.transfers import workbooks
from tests.transfers.workbooks import HEADING_ROW, MAIN, SHEET_END, inline_cell, package, part, sheet_xml
from transfers.tables import TableError, read_table

ROWS_REFUSED = (
    "The file has more than 20,000 rows below the heading row, the most one import takes. "
    "Split it into several files, each with the heading row."
)
# Run in a child process: the file is read after the address space is capped at what the process already has
# plus CAP_BYTES. Modules are imported first, the program's own cost rather than the file's.
CAPPED_READ = """
import json, resource, sys, time

import django

django.setup()
import openpyxl.reader.excel, openpyxl.styles.stylesheet, openpyxl.utils.datetime, pyexpat  # noqa
from django.utils import translation
from transfers.tables import TableError, read_table

translation.activate("en")
content = sys.stdin.buffer.read()
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
resource.setrlimit(resource.RLIMIT_AS, (size + int(sys.argv[1]), size + int(sys.argv[1])))
started = time.monotonic()
try:
    table = read_table(content, file_name="upload.xlsx")
except TableError as error:
    outcome = {"refused": str(error)}
except MemoryError:
    outcome = {"memory_error": True}
else:
    outcome = {"headers": table.headers, "rows": len(table.rows)}
outcome["seconds"] = time.monotonic() - started
print(json.dumps(outcome))
"""
CAP_BYTES = 512 * 1024 * 1024

capped = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap reads /proc (Linux)")


def read_with_capped_memory(content: bytes) -> dict:
    completed = subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "-c", CAPPED_READ, str(CAP_BYTES)],
        input=content,
        capture_output=True,
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    return json.loads(completed.stdout)


def refusal(content: bytes, **options) -> str:
    with translation.override("en"), pytest.raises(TableError) as error:
        read_table(content, file_name="upload.xlsx", **options)
    return str(error.value)


@capped
def test_sheet_declaring_every_cell_with_one_in_the_last_row_is_refused_at_once_in_little_memory():
    content = workbooks.dimension_bomb()

    outcome = read_with_capped_memory(content)

    assert len(content) < 2048
    assert outcome.pop("seconds") < 5
    assert outcome == {"refused": ROWS_REFUSED}


@capped
def test_sheet_inflating_to_a_gibibyte_is_refused_from_the_zip_directory_in_little_memory():
    content = workbooks.deflate_bomb()
    sheet = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")

    outcome = read_with_capped_memory(content)

    assert len(content) < 2 * 1024 * 1024
    assert sheet.file_size > 1024**3
    assert outcome.pop("seconds") < 5
    assert outcome == {
        "refused": "The workbook holds more than 50.0\xa0MB once uncompressed, the most one import takes. "
        "Split it into several files or save it as CSV."
    }


@capped
def test_sheet_inflating_past_the_size_its_zip_directory_gives_is_cut_there_and_refused():
    # The directory claims 3 MB (under every limit); zipfile stops there and finds the checksum wrong.
    outcome = read_with_capped_memory(workbooks.deflate_bomb(declared_size=3_000_000))

    assert outcome.pop("seconds") < 5
    assert outcome == {"refused": "The file is not a readable XLSX workbook."}


def test_elements_of_a_sheet_are_dropped_once_read(settings):
    # 300,000 empty row elements: a tree keeping them (as openpyxl's reader does) holds tens of megabytes.
    settings.TRANSFERS_MAX_COMPRESSION_RATIO = 10**6
    content = package(workbooks.repeated_sheet(HEADING_ROW, '<row r="1"/>' * 15_000, 20, SHEET_END))

    tracemalloc.start()
    try:
        table = read_table(content, file_name="upload.xlsx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (table.headers, table.rows) == (["Family name (romanized)"], [])
    assert peak < 10 * 1024 * 1024


def test_part_compressed_more_than_the_limit_is_refused(settings):
    settings.TRANSFERS_MAX_COMPRESSION_RATIO = 50
    content = package(workbooks.repeated_sheet(HEADING_ROW, "<row/>" * 65_536, 4, SHEET_END))

    assert refusal(content) == (
        "Part xl/worksheets/sheet1.xml of the workbook is compressed more than 50 to 1, which a spreadsheet never "
        "is; the file was not read."
    )


def test_styles_larger_than_any_formatting_needs_are_refused(settings):
    settings.TRANSFERS_MAX_COMPRESSION_RATIO = 10**6
    styles = f'<styleSheet xmlns="{MAIN}">' + "<!-- padding -->" * 300_000 + "</styleSheet>"

    assert refusal(package(sheet_xml({1: {"A": "x"}}), styles=styles)) == (
        "Part xl/styles.xml of the workbook is larger than 4.0\xa0MB, more than its formatting can need. "
        "Copy the cells into a new workbook or save it as CSV."
    )


def test_package_of_more_parts_than_a_workbook_has_is_refused():
    extra = {f"xl/media/image{number}.png": part(b"") for number in range(1_001)}

    assert refusal(package(sheet_xml({1: {"A": "x"}}), extra_parts=extra)) == (
        "The workbook holds more than 1,000 parts, which a spreadsheet never does. Save it as CSV."
    )


@pytest.mark.parametrize(
    "sheet",
    [
        # An entity declared in a document type: how an expansion ("billion laughs") bomb starts.
        workbooks.SHEET_START.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet')
        + f'<sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row>{SHEET_END}',
        workbooks.SHEET_START + "<sheetData><row>",  # cut short
        workbooks.SHEET_START + "<sheetData>" + "<x>" * 100 + "</x>" * 100 + SHEET_END,  # nested as no sheet is
        sheet_xml({1: {"A1B": "x"}}),  # no such cell reference
    ],
    ids=["entities", "truncated", "nesting", "reference"],
)
def test_malformed_sheet_is_refused_as_unreadable(sheet):
    assert refusal(package(sheet)) == "The file is not a readable XLSX workbook."


def test_rows_up_to_the_limit_are_read_and_a_value_beyond_it_is_refused(settings):
    settings.TRANSFERS_MAX_ROWS = 2
    rows = {1: {"A": "Heading"}, 2: {"A": "one"}, 3: {"A": "two"}}

    table = read_table(package(sheet_xml(rows)), file_name="upload.xlsx")

    assert (table.headers, table.rows) == (["Heading"], [["one"], ["two"]])
    assert refusal(package(sheet_xml({**rows, 9: {"C": "three"}}))) == (
        "The file has more than 2 rows below the heading row, the most one import takes. "
        "Split it into several files, each with the heading row."
    )


def test_empty_and_blank_rows_beyond_the_limit_are_not_refused(settings):
    settings.TRANSFERS_MAX_ROWS = 2
    # Formatted rows without values, and a cell holding spaces, far below the last row of data.
    sheet = workbooks.repeated_sheet(
        '<dimension ref="A1:XFD1048576"/>' + HEADING_ROW + "<row>" + inline_cell("A2", "x") + "</row>",
        '<row s="1" customFormat="1"/>',
        1_000,
        '<row r="100000">' + inline_cell("B100000", "   ") + "</row>" + SHEET_END,
    )

    table = read_table(package(sheet), file_name="upload.xlsx")

    assert (table.headers, table.rows) == (["Family name (romanized)"], [["x"]])


def test_columns_up_to_the_limit_are_read_and_a_value_beyond_it_is_refused(settings):
    settings.TRANSFERS_MAX_COLUMNS = 3
    rows = {1: {"A": "Family", "C": "Given"}, 2: {"A": "Yamada", "C": "Taro", "D": " "}}

    table = read_table(package(sheet_xml(rows)), file_name="upload.xlsx")

    assert (table.headers, table.rows) == (["Family", "", "Given"], [["Yamada", "", "Taro"]])
    assert refusal(package(sheet_xml({**rows, 3: {"XFD": "x"}}))) == (
        "The file has more than 3 columns, the most one import takes. Remove the columns that are not imported."
    )


@pytest.mark.parametrize("where", ["inline", "shared"])
def test_cell_longer_than_the_limit_is_refused_with_its_row(settings, where):
    settings.TRANSFERS_MAX_CELL_CHARACTERS = 10
    long_text = "あ" * 11
    if where == "inline":
        content = package(sheet_xml({1: {"A": "Notes"}, 2: {"A": "short"}, 3: {"A": long_text}}))
    else:
        runs = f"<r><t>{long_text[:5]}</t></r><r><t>{long_text[5:]}</t></r>"
        strings = f'<sst xmlns="{MAIN}"><si><t>Notes</t></si><si>{runs}</si></sst>'
        sheet = workbooks.SHEET_START + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        sheet += f'<row r="3"><c r="A3" t="s"><v>1</v></c></row>{SHEET_END}'
        content = package(sheet, shared_strings=strings)

    assert refusal(content) == ("A cell in row 3 holds more than 10 characters, the most a cell may hold. Shorten it.")


def test_shared_string_too_long_is_refused_only_when_a_cell_holds_it(settings):
    settings.TRANSFERS_MAX_CELL_CHARACTERS = 10
    strings = f'<sst xmlns="{MAIN}"><si><t>Notes</t></si><si><t>{"x" * 11}</t></si></sst>'
    sheet = workbooks.SHEET_START + f'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>{SHEET_END}'

    table = read_table(package(sheet, shared_strings=strings), file_name="upload.xlsx")

    assert (table.headers, table.rows) == (["Notes"], [])


def test_reading_longer_than_the_time_limit_is_refused(settings):
    settings.TRANSFERS_MAX_READ_SECONDS = 0
    content = package(sheet_xml({number: {"A": "x"} for number in range(1, 2_000)}))

    assert refusal(content) == (
        "Reading the file took longer than 0 seconds, the most one file may take. Split it into several smaller files."
    )


SHARED_STRINGS = f"""<sst xmlns="{MAIN}" count="5" uniqueCount="5">
<si><t>Family name (romanized)</t></si>
<si><t xml:space="preserve"> 山田 </t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si>
<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r></si>
<si><t>a_x005F_x000D_b</t></si>
<si><t/></si>
</sst>"""
STYLES = f"""<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
# What Excel writes: shared strings (with a phonetic guide and rich text), numbers, dates of a custom and of
# built-in formats, booleans, errors, formulas with their last values, cells and rows without references,
# rows the sheet skips, a row of spaces and a formatted empty row at the end.
MIXED_SHEET = f"""{workbooks.SHEET_START}<dimension ref="A1:H9"/><sheetData>
<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Given</t></is></c>
<c r="C1" t="s"><v>2</v></c><c r="D1"><v>3.5</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><v>#N/A</v></c>
<c r="G1" t="str"><f>A1&amp;"x"</f><v>Fx</v></c><c r="H1"><f>1+1</f><v>2</v></c></row>
<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>44000</v></c><c r="C2" s="2"><v>44000.5</v></c>
<c r="D2" s="3"><v>44000.25</v></c><c r="E2" t="s"><v>3</v></c><c r="F2" t="s"><v>4</v></c>
<c r="G2" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr><t>line</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>
</row>
<row r="5"><c r="B5"><v>7</v></c></row>
<row><c><v>1</v></c><c><v>2</v></c><c r="E6"><v>5</v></c><c><v>6</v></c></row>
<row r="8"><c r="A8" t="inlineStr"><is><t>   </t></is></c></row>
<row r="9" customHeight="1" ht="20"/>
{SHEET_END}"""


def spreadsheet_time(*parts) -> datetime.datetime:
    return datetime.datetime(*parts)  # noqa: DTZ001  (a spreadsheet's date and time have no zone)


MIXED_HEADERS = ["Family name (romanized)", "Given", "Bold and plain", "3.5", "yes", "#N/A", "Fx", "2"]
EMPTY_ROW = [""] * 8


def test_workbook_values_read_as_openpyxl_reads_them():
    table = read_table(package(MIXED_SHEET, shared_strings=SHARED_STRINGS, styles=STYLES), file_name="upload.xlsx")

    assert (table.headers, table.rows, table.format) == (
        MIXED_HEADERS,
        [
            [
                " 山田 ",
                datetime.date(2020, 6, 18),
                spreadsheet_time(2020, 6, 18, 12, 0),
                spreadsheet_time(2020, 6, 18, 6, 0),
                "a_x000D_b",
                "",
                "inline",
                "",
            ],
            EMPTY_ROW,
            EMPTY_ROW,
            ["", "7", "", "", "", "", "", ""],
            ["1", "2", "", "", "5", "6", "", ""],
        ],
        "xlsx",
    )


def test_workbook_of_the_1904_calendar_gives_its_dates():
    workbook = workbooks.WORKBOOK.replace("<sheets>", '<workbookPr date1904="1"/><sheets>')
    content = package(MIXED_SHEET, shared_strings=SHARED_STRINGS, styles=STYLES, workbook=workbook)

    assert read_table(content, file_name="upload.xlsx").rows[0][1:4] == [
        datetime.date(2024, 6, 19),
        spreadsheet_time(2024, 6, 19, 12, 0),
        spreadsheet_time(2024, 6, 19, 6, 0),
    ]


def test_ordinary_workbook_of_the_largest_size_allowed_reads_within_the_time_limit():
    rows = {1: {letter: f"Heading {letter}" for letter in "ABCDEFGHIJ"}}
    rows.update({number: {letter: f"{letter}{number} 山田" for letter in "ABCDEFGHIJ"} for number in range(2, 20_002)})
    content = package(sheet_xml(rows))

    started = time.monotonic()
    table = read_table(content, file_name="upload.xlsx")

    assert time.monotonic() - started < django_settings.TRANSFERS_MAX_READ_SECONDS / 2
    assert (len(table.rows), table.rows[-1][:2]) == (20_000, ["A20001 山田", "B20001 山田"])
