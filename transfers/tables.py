"""Reading and writing spreadsheet files: CSV in UTF-8 (with or without BOM) or Shift_JIS/CP932, and XLSX."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

ENCODINGS = {
    "auto": "auto",
    "utf-8": "utf-8-sig",
    "cp932": "cp932",
}
UTF8_BOM = b"\xef\xbb\xbf"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


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


def read_table(content: bytes, *, file_name: str = "", encoding: str = "auto") -> Table:
    if not content:
        raise TableError(_("The file is empty."))
    if is_xlsx(content, file_name):
        return _read_xlsx(content)
    text, used = decode_csv(content, encoding)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = _trim(rows)
    if not rows:
        raise TableError(_("The file has no heading row."))
    return Table(headers=[h.strip() for h in rows[0]], rows=rows[1:], format="csv", encoding=used)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    rows = _trim(rows)
    if not rows:
        raise TableError(_("The file has no heading row."))
    return Table(headers=[str(h).strip() for h in rows[0]], rows=rows[1:], format="xlsx")


def _trim(rows: list[list]) -> list[list]:
    while rows and not any(str(cell).strip() for cell in rows[-1]):
        rows.pop()
    return rows


def write_table(headers: list[str], rows, file_format: str) -> bytes:
    """CSV starts with a UTF-8 BOM so that Excel in Japan opens it correctly."""
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Sheet1")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return UTF8_BOM + output.getvalue().encode("utf-8")


def content_type(file_format: str) -> str:
    return XLSX_CONTENT_TYPE if file_format == "xlsx" else "text/csv; charset=utf-8"
