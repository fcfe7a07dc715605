"""XLSX packages written byte by byte, for the files a spreadsheet program would never write: a sheet declaring a
dimension it does not hold, a part that inflates a thousandfold, a zip directory that lies about sizes.

`package(sheet_xml)` is the smallest workbook openpyxl opens: content types, relationships, a workbook of one
sheet, the sheet. Each part is a `Part` (its deflated bytes, checksum and size), so a part can be built from a
compressed stream that is never inflated here.
"""

import struct
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>
</Types>"""
ROOT_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1"
 Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1"
 Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
SHEET_START = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'


@dataclass
class Part:
    deflated: bytes
    crc: int
    size: int
    # What the zip directory says the part inflates to (a lie when it differs from `size`).
    declared_size: int | None = None


def part(data: bytes | str) -> Part:
    data = data.encode() if isinstance(data, str) else data
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Part(compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


def repeated_part(head: bytes, block: bytes, times: int, tail: bytes) -> Part:
    """head + block * times + tail, deflated without ever being built: after a full flush deflate starts afresh,
    so the block compresses to the same bytes each time and its compressed form is repeated instead."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    compressed_block = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _time in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Part(start + compressed_block * times + end, crc, len(head) + len(block) * times + len(tail))


def zip_package(parts: dict[str, Part]) -> bytes:
    """A zip file of deflated parts: local headers, data, the central directory, its end record."""
    files, directory = bytearray(), bytearray()
    for name, member in parts.items():
        encoded = name.encode()
        size = member.size if member.declared_size is None else member.declared_size
        fields = (20, 0, 8, 0, 0x21, member.crc, len(member.deflated), size, len(encoded))
        directory += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIH", *fields)
        directory += struct.pack("<HHHHII", 0, 0, 0, 0, 0, len(files)) + encoded
        files += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIH", *fields) + struct.pack("<H", 0)
        files += encoded + member.deflated
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(files), 0)
    return bytes(files + directory + end)


def package(
    sheet: Part | bytes | str,
    *,
    shared_strings: str = "",
    styles: str = "",
    workbook: str = WORKBOOK,
    extra_parts: dict[str, Part] | None = None,
) -> bytes:
    """A workbook of one sheet, with a shared strings part and a styles part when given."""
    types, relationships = [], []
    if shared_strings:
        types.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET}.sharedStrings+xml"/>')
        relationships.append(f'<Relationship Id="rId2" Type="{DOCUMENT}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles:
        types.append(f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>')
        relationships.append(f'<Relationship Id="rId3" Type="{DOCUMENT}/styles" Target="styles.xml"/>')
    parts = {
        "[Content_Types].xml": part(CONTENT_TYPES.replace("</Types>", "".join(types) + "</Types>")),
        "_rels/.rels": part(ROOT_RELATIONSHIPS),
        "xl/workbook.xml": part(workbook),
        "xl/_rels/workbook.xml.rels": part(
            WORKBOOK_RELATIONSHIPS.replace("</Relationships>", "".join(relationships) + "</Relationships>")
        ),
        "xl/worksheets/sheet1.xml": sheet if isinstance(sheet, Part) else part(sheet),
    }
    if shared_strings:
        parts["xl/sharedStrings.xml"] = part(shared_strings)
    if styles:
        parts["xl/styles.xml"] = part(styles)
    parts.update(extra_parts or {})
    return zip_package(parts)


def repeated_sheet(head: str, block: str, times: int, tail: str) -> Part:
    """A sheet part: SHEET_START + head + block * times + tail, never built whole (see `repeated_part`)."""
    return repeated_part((SHEET_START + head).encode(), block.encode(), times, tail.encode())


def inline_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: dict[int, dict[str, str]], *, dimension: str = "") -> str:
    """rows: {row number: {column letters: text}}."""
    body = "".join(
        f'<row r="{number}">'
        + "".join(inline_cell(f"{letters}{number}", text) for letters, text in cells.items())
        + "</row>"
        for number, cells in rows.items()
    )
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{SHEET_START}{declared}<sheetData>{body}</sheetData></worksheet>"


def dimension_bomb() -> bytes:
    """A heading row, then one cell in the last row a sheet can have, in a sheet declaring every cell a sheet can
    hold: a reader padding rows to the declared dimension builds sixteen thousand columns a million times."""
    return package(
        sheet_xml(
            {1: {"A": "Family name (romanized)", "B": "Given name (romanized)"}, 1048576: {"A": "Yamada"}},
            dimension="A1:XFD1048576",
        )
    )


HEADING_ROW = "<sheetData><row>" + inline_cell("A1", "Family name (romanized)") + "</row>"
SHEET_END = "</sheetData></worksheet>"


def deflate_bomb(*, declared_size: int | None = None) -> bytes:
    """A sheet of a heading row and about a gibibyte of empty rows, deflated to about a megabyte and a half.

    With `declared_size`, the zip directory says the sheet inflates to that many bytes (a lie)."""
    sheet = repeated_sheet(HEADING_ROW, "<row/>" * (1 << 18), 700, SHEET_END)
    sheet.declared_size = declared_size
    return package(sheet)
