"""Reading and writing spreadsheet files: CSV in UTF-8 (with or without BOM) or Shift_JIS/CP932, and XLSX.

An uploaded file is read within the reading limits of transfers.limits (rows, columns, characters of a cell, an
XLSX package's size once uncompressed, time), streaming: a file over a limit is refused with a message naming
it before its rows are held in memory.
"""

import csv
import io
from dataclasses import dataclass
from itertools import islice

from django.utils.translation import gettext as _

from core.spreadsheets import csv_cell, xlsx_row

from .limits import Deadline, ReadingLimits, TableError, cell_too_long, count, too_many_columns, too_many_rows
from .xlsx import read_first_sheet

ENCODINGS = {
    "auto": "auto",
    "utf-8": "utf-8-sig",
    "cp932": "cp932",
}
UTF8_BOM = b"\xef\xbb\xbf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    format: str  # "csv" or "xlsx"
    encoding: str = ""


def is_xlsx(content: bytes, file_name: str = "") -> bool:
    return file_name.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04"


def decode_csv(content: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Return (text, encoding used). Auto: a BOM means UTF-8, else UTF-8 if valid, else CP932 (Japanese Excel)."""
    if encoding not in ENCODINGS:
        raise TableError(_("Unknown encoding “%(encoding)s”.") % {"encoding": encoding})
    if encoding == "auto":
        if content.startswith(UTF8_BOM):
            candidates = ["utf-8-sig"]
        else:
            candidates = ["utf-8", "cp932"]
    else:
        candidates = [ENCODINGS[encoding]]
    for candidate in candidates:
        try:
            return content.decode(candidate), ("utf-8" if candidate.startswith("utf-8") else candidate)
        except UnicodeDecodeError:
            continue
    raise TableError(
        _("The file could not be read as %(encodings)s. Save it as CSV (UTF-8) or choose its encoding.")
        % {"encodings": " / ".join(candidates)}
    )


def read_table(
    content: bytes, *, file_name: str = "", encoding: str = "auto", limits: ReadingLimits | None = None
) -> Table:
    """The table of an uploaded file; raises TableError when it cannot be read or is over a reading limit."""
    if not content:
        raise TableError(_("The file is empty."))
    limits = limits or ReadingLimits.from_settings()
    deadline = Deadline(limits.seconds)
    if is_xlsx(content, file_name):
        rows = _trim(read_first_sheet(content, limits, deadline))
        if not rows:
            raise TableError(_("The file has no heading row."))
        return Table(headers=[str(h).strip() for h in rows[0]], rows=rows[1:], format="xlsx")
    text, used = decode_csv(content, encoding)
    rows = _trim(_read_csv(text, limits, deadline))
    if not rows:
        raise TableError(_("The file has no heading row."))
    return Table(headers=[h.strip() for h in rows[0]], rows=rows[1:], format="csv", encoding=used)


def _read_csv(text: str, limits: ReadingLimits, deadline: Deadline) -> list[list[str]]:
    """Records up to the last allowed row; a non-blank cell beyond the rows or columns allowed refuses the file.

    Python's csv module refuses a field longer than its own limit (csv.field_size_limit, 131,072 characters
    unless a program raises it for the whole process) with an error, so the limit applied is the lower one.
    """
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    cell_limit = min(limits.cell_characters, csv.field_size_limit())
    last_allowed = limits.rows + 1  # the heading row, then the rows of data
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            deadline.tick()
            if any(len(cell) > cell_limit for cell in row):
                raise cell_too_long(cell_limit, number)
            if len(row) > limits.columns:
                if any(cell.strip() for cell in islice(row, limits.columns, None)):
                    raise too_many_columns(limits)
                del row[limits.columns :]
            if number <= last_allowed:
                rows.append(row)
            elif any(cell.strip() for cell in row):
                raise too_many_rows(limits)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise cell_too_long(cell_limit, number + 1) from error
        raise TableError(
            _("Row %(row)s of the file could not be read as CSV: %(error)s")
            % {"row": count(number + 1), "error": error}
        ) from error
    return rows


def _trim(rows: list[list]) -> list[list]:
    while rows and not any(str(cell).strip() for cell in rows[-1]):
        rows.pop()
    return rows


def write_table(headers: list[str], rows, file_format: str) -> bytes:
    """CSV starts with a UTF-8 BOM so that Excel in Japan opens it correctly. Every cell goes through
    core.spreadsheets: text is never written as a formula."""
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Sheet1")
        sheet.append(xlsx_row(sheet, headers))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([csv_cell(cell) for cell in headers])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return UTF8_BOM + output.getvalue().encode("utf-8")


def content_type(file_format: str) -> str:
    return XLSX_CONTENT_TYPE if file_format == "xlsx" else "text/csv; charset=utf-8"
