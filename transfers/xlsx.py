"""The first worksheet of an uploaded XLSX file, read within the reading limits (transfers.limits).

openpyxl's workbook loader trusts the file, even read-only: it pads every row to the dimension the sheet
declares (a few bytes can declare A1:XFD1048576), keeps every parsed row element and shared string element in
its XML tree until the part ends, and decompresses a part as far as it goes. So here:

- the package is checked from its zip directory before anything is decompressed: how many parts, their total
  size once uncompressed, how much each is compressed (zipfile never reads a part past the size the directory
  gives, so the check holds even for a file that lies about it: the part's checksum then fails);
- openpyxl parses only the small parts describing the workbook (content types, workbook, relationships, styles),
  each capped in size, for what turns a cell into a value: the shared strings, which number formats are dates,
  the 1900 or 1904 calendar;
- the shared strings and the worksheet are parsed here by expat, nothing kept but the current cell, the reading
  stopping at the first value beyond the rows or columns allowed. Rows and columns a sheet declares but does
  not hold cost nothing; empty rows are never stored.
"""

import datetime
import io
import zipfile
import zlib
from xml.parsers.expat import ExpatError

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .limits import (
    Deadline,
    ReadingLimits,
    TableError,
    cell_too_long,
    count,
    too_big_uncompressed,
    too_many_columns,
    too_many_rows,
    unreadable_xlsx,
)

ZIP_DIRECTORY_ENTRY = b"PK\x01\x02"
# A workbook has a dozen parts, a few hundred with many sheets, charts and images.
MAX_PARTS = 1_000
# The parts openpyxl parses whole, into a tree many times their size: a workbook's styles take a few kilobytes,
# rarely a megabyte.
MAX_DESCRIPTION_PART_BYTES = 4 * 1024 * 1024
# Small parts compress far (a styles part of repeated formats); only a large one compressed that far is a bomb.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Spreadsheet XML nests about ten levels deep.
MAX_DEPTH = 64
TOO_LONG = object()  # a text over the cell limit: never joined, refused when a cell holds it

# What a malformed package or XML part raises from zipfile, expat, and openpyxl's parsers of the workbook's
# description (ElementTree through defusedxml, openpyxl's typed descriptors).
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ExpatError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    ValueError,  # defusedxml's refusal of a document type or entities too
    TypeError,
    KeyError,
    IndexError,
    ArithmeticError,
    RecursionError,
)


def read_first_sheet(content: bytes, limits: ReadingLimits, deadline: Deadline) -> list[list]:
    """The rows of the first worksheet up to the last allowed one, as lists of cell values (ragged).

    Raises TableError when the file is over a limit or not a readable workbook.
    """
    _check_package(content, limits)
    try:
        return _read(content, limits, deadline)
    except TableError:
        raise
    except UNREADABLE as error:
        raise unreadable_xlsx() from error


def _check_package(content: bytes, limits: ReadingLimits) -> None:
    # Counted before zipfile builds an object per entry of the directory; a signature that happens to lie in
    # compressed data only overcounts.
    if content.count(ZIP_DIRECTORY_ENTRY) > MAX_PARTS:
        raise TableError(
            _("The workbook holds more than %(limit)s parts, which a spreadsheet never does. Save it as CSV.")
            % {"limit": count(MAX_PARTS)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except UNREADABLE as error:
        raise unreadable_xlsx() from error
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.uncompressed_bytes:
            raise too_big_uncompressed(limits)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_FROM_BYTES and ratio > limits.compression_ratio:
            raise TableError(
                _(
                    "Part %(part)s of the workbook is compressed more than %(limit)s to 1, which a spreadsheet "
                    "never is; the file was not read."
                )
                % {"part": info.filename, "limit": count(limits.compression_ratio)}
            )


def _read(content: bytes, limits: ReadingLimits, deadline: Deadline) -> list[list]:
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import (
        ARC_CONTENT_TYPES,
        ARC_STYLE,
        ARC_WORKBOOK,
        SHARED_STRINGS,
        XLSM,
        XLSX,
        XLTM,
        XLTX,
    )

    # keep_links=False: external links carry cached copies of other workbooks, which an import never needs.
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    archive = reader.archive
    _check_description_part(archive, ARC_CONTENT_TYPES)
    reader.read_manifest()
    workbook_parts = {ARC_WORKBOOK} | {
        part.PartName[1:] for part in reader.package.Override if part.ContentType in (XLSX, XLSM, XLTX, XLTM)
    }
    for name in (*workbook_parts, *map(get_rels_path, workbook_parts), ARC_STYLE):
        _check_description_part(archive, name)
    reader.read_workbook()
    apply_stylesheet(archive, reader.wb)
    deadline.check()

    sheet_path = next(
        (
            rel.target
            for _sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ),
        None,
    )
    if sheet_path is None:
        return []
    strings_part = reader.package.find(SHARED_STRINGS)
    shared_strings = []
    if strings_part is not None:
        with archive.open(strings_part.PartName[1:]) as source:
            strings = _SharedStrings(deadline, limits.cell_characters)
            strings.parse(source)
            shared_strings = strings.strings
    sheet = _Sheet(reader.wb, shared_strings, limits, deadline)
    with archive.open(sheet_path) as source:
        sheet.parse(source)
    return _as_lists(sheet.rows)


def _check_description_part(archive: zipfile.ZipFile, name: str) -> None:
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        return  # a missing part is openpyxl's to refuse (or to do without)
    if size > MAX_DESCRIPTION_PART_BYTES:
        raise TableError(
            _(
                "Part %(part)s of the workbook is larger than %(limit)s, more than its formatting can need. "
                "Copy the cells into a new workbook or save it as CSV."
            )
            % {"part": name, "limit": filesizeformat(MAX_DESCRIPTION_PART_BYTES)}
        )


class _Tags:
    """Tag names as expat gives them with namespaces on ("{namespace}local" without the opening brace)."""

    def __init__(self):
        from openpyxl.xml.constants import SHEET_MAIN_NS

        self.row, self.cell, self.value, self.inline = (f"{SHEET_MAIN_NS}}}{name}" for name in ("row", "c", "v", "is"))
        self.string, self.run, self.text = (f"{SHEET_MAIN_NS}}}{name}" for name in ("si", "r", "t"))


class _StreamedPart:
    """An XML part read by expat with handlers of its own: nothing is kept but the open elements' names and the
    text being collected, so a part costs the memory of its current element whatever its size.

    `start` returns True for an element whose text `end` receives; past `text_limit` characters that text is
    TOO_LONG and the rest is never kept.
    """

    def __init__(self, deadline: Deadline, text_limit: int):
        self.tags = _Tags()
        self.deadline, self.text_limit = deadline, text_limit
        self.open = []  # names of the open elements
        self.collecting_at, self.texts, self.length = 0, [], 0

    def parse(self, source) -> None:
        import pyexpat

        parser = pyexpat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        # A workbook part never declares a document type or entities; they are how an expansion bomb starts.
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse
        parser.StartElementHandler, parser.EndElementHandler = self._on_start, self._on_end
        parser.CharacterDataHandler = self._on_text
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _on_start(self, name, attributes):
        self.open.append(name)
        if len(self.open) > MAX_DEPTH:
            raise ValueError("XML nested deeper than a workbook's")
        self.deadline.tick()
        if self.start(name, attributes) and not self.collecting_at:
            self.collecting_at, self.length = len(self.open), 0

    def _on_text(self, data):
        if self.collecting_at and self.length <= self.text_limit:
            self.texts.append(data)
            self.length += len(data)

    def _on_end(self, name):
        text = None
        if self.collecting_at == len(self.open):
            text = TOO_LONG if self.length > self.text_limit else "".join(self.texts)
            self.collecting_at = 0
            self.texts.clear()
        self.end(name, text)
        self.open.pop()

    def parent_is(self, *names) -> bool:
        return len(self.open) > 1 and self.open[-2] in names

    def start(self, name, attributes) -> bool:
        raise NotImplementedError

    def end(self, name, text) -> None:
        raise NotImplementedError


def _refuse(*_arguments):
    raise ValueError("a workbook part declares a document type or entities")


def _joined(pieces: list, text_limit: int):
    if TOO_LONG in pieces or sum(map(len, pieces)) > text_limit:
        return TOO_LONG
    return "".join(pieces)


class _SharedStrings(_StreamedPart):
    """The shared strings as openpyxl reads them: the text of a string and of its runs, not of its phonetic
    guide (furigana)."""

    def __init__(self, deadline: Deadline, text_limit: int):
        super().__init__(deadline, text_limit)
        self.strings, self.pieces = [], []

    def start(self, name, attributes) -> bool:
        if name == self.tags.string:
            self.pieces.clear()
        return name == self.tags.text and self.parent_is(self.tags.string, self.tags.run)

    def end(self, name, text) -> None:
        if text is not None:
            self.pieces.append(text)
        elif name == self.tags.string:
            string = _joined(self.pieces, self.text_limit)
            self.strings.append(string if string is TOO_LONG else string.replace("x005F_", ""))


class _Sheet(_StreamedPart):
    """The rows of a worksheet up to the last allowed one: {row number: {column number: value}}, rows holding
    values only. A non-blank cell beyond the rows or columns allowed refuses the file."""

    def __init__(self, workbook, shared_strings: list, limits: ReadingLimits, deadline: Deadline):
        super().__init__(deadline, limits.cell_characters)
        self.workbook, self.shared_strings, self.limits = workbook, shared_strings, limits
        self.last_allowed = limits.rows + 1  # the heading row, then the rows of data
        self.rows: dict[int, dict[int, object]] = {}
        self.row_number, self.column, self.current = 0, 0, None
        self.cell, self.value, self.pieces = None, None, []

    def start(self, name, attributes) -> bool:
        tags = self.tags
        if name == tags.row:
            number = _row_number(attributes.get("r"), self.row_number)
            # A row numbered at or before the previous one is dropped, as openpyxl's read-only sheets do.
            self.current = {} if number > self.row_number else None
            self.row_number, self.column = max(self.row_number, number), 0
        elif name == tags.cell:
            reference = attributes.get("r")
            self.column = _column_number(reference) if reference else self.column + 1
            self.cell, self.value = attributes, None
            self.pieces.clear()
        elif name == tags.value:
            return self.parent_is(tags.cell)
        elif name == tags.text:
            return self.parent_is(tags.inline, tags.run) and tags.inline in self.open[-3:-1]
        return False

    def end(self, name, text) -> None:
        tags = self.tags
        if text is not None:
            if name == tags.value:
                self.value = text
            else:
                self.pieces.append(text)
        elif name == tags.cell:
            if self.current is not None:
                self._keep(self._value())
            self.cell = None
        elif name == tags.row:
            if self.current and self.row_number <= self.last_allowed:
                self.rows[self.row_number] = self.current
            self.current = None

    def _value(self):
        """The cell's value as openpyxl's read-only sheets give it with data_only (a formula's last value)."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        kind, raw, workbook = self.cell.get("t", "n"), self.value, self.workbook
        if kind == "inlineStr":
            return _joined(self.pieces, self.text_limit)
        if not raw:
            return None
        if raw is TOO_LONG:
            return TOO_LONG
        if kind == "n":
            number = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
            style = int(self.cell.get("s") or 0)
            if style not in workbook._date_formats:
                return number
            try:
                return from_excel(number, workbook.epoch, timedelta=style in workbook._timedelta_formats)
            except (OverflowError, ValueError):
                return "#VALUE!"  # a date out of range, shown as Excel shows it
        if kind == "s":
            return self.shared_strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text), "e" (an error such as #N/A)

    def _keep(self, value) -> None:
        if value is None:
            return
        limits = self.limits
        if value is TOO_LONG or (isinstance(value, str) and len(value) > limits.cell_characters):
            raise cell_too_long(limits.cell_characters, self.row_number)
        if self.row_number > self.last_allowed or self.column > limits.columns:
            if isinstance(value, str) and not value.strip():
                return  # blank: a cell of no data beyond the limits is neither refused nor kept
            raise too_many_rows(limits) if self.row_number > self.last_allowed else too_many_columns(limits)
        self.current[self.column] = value


def _column_number(reference: str) -> int:
    from openpyxl.utils.cell import column_index_from_string

    letters = reference.rstrip("0123456789")
    return column_index_from_string(letters)


def _row_number(attribute, previous: int) -> int:
    if attribute is None:
        return previous + 1
    number = float(attribute)
    if not number.is_integer() or number < 1:
        raise ValueError(f"{attribute} is not a row number")
    return int(number)


def _as_lists(rows: dict[int, dict[int, object]]) -> list[list]:
    """Rows at their place up to the last one holding a value (a row in between that the sheet skips or leaves
    empty is an empty row), each as wide as the widest row."""
    if not rows:
        return []
    width = max(max(row) for row in rows.values())
    table = [[""] * width for _number in range(max(rows))]
    for number, row in rows.items():
        for column, value in row.items():
            table[number - 1][column - 1] = _table_cell(value)
    return table


def _table_cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, (int, float)):
        return str(value)
    return value
