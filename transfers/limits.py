"""How much of an uploaded spreadsheet is read, and the messages that refuse a file over a limit.

The limits keep one upload from taking the web process's memory or time: the rows and columns of the table, the
characters of a cell, what an XLSX package may hold once uncompressed and how long reading may take. Each is a
setting (config/settings/base.py, docs/operations/limits.md). A refusal names the limit and what to do.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class TableError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class ReadingLimits:
    rows: int  # below the heading row
    columns: int
    cell_characters: int
    uncompressed_bytes: int  # an XLSX package once uncompressed
    compression_ratio: int  # of one part of an XLSX package
    seconds: float

    @classmethod
    def from_settings(cls) -> "ReadingLimits":
        return cls(
            rows=settings.TRANSFERS_MAX_ROWS,
            columns=settings.TRANSFERS_MAX_COLUMNS,
            cell_characters=settings.TRANSFERS_MAX_CELL_CHARACTERS,
            uncompressed_bytes=settings.TRANSFERS_MAX_UNCOMPRESSED_BYTES,
            compression_ratio=settings.TRANSFERS_MAX_COMPRESSION_RATIO,
            seconds=settings.TRANSFERS_MAX_READ_SECONDS,
        )


def count(value) -> str:
    """A limit as people read it: 20,000 rather than 20000 (grouped the way the active language groups)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, force_grouping=True)


class Deadline:
    """The time reading one file may take. `tick()` is cheap enough to call for every row or XML element."""

    CHECK_EVERY = 512

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.ticks_left = 0

    def tick(self) -> None:
        self.ticks_left -= 1
        if self.ticks_left <= 0:
            self.ticks_left = self.CHECK_EVERY
            self.check()

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise TableError(
                _(
                    "Reading the file took longer than %(limit)s seconds, the most one file may take. "
                    "Split it into several smaller files."
                )
                % {"limit": count(self.seconds)}
            )


def too_many_rows(limits: ReadingLimits) -> TableError:
    return TableError(
        _(
            "The file has more than %(limit)s rows below the heading row, the most one import takes. "
            "Split it into several files, each with the heading row."
        )
        % {"limit": count(limits.rows)}
    )


def too_many_columns(limits: ReadingLimits) -> TableError:
    return TableError(
        _(
            "The file has more than %(limit)s columns, the most one import takes. "
            "Remove the columns that are not imported."
        )
        % {"limit": count(limits.columns)}
    )


def cell_too_long(limit: int, row: int) -> TableError:
    return TableError(
        _("A cell in row %(row)s holds more than %(limit)s characters, the most a cell may hold. Shorten it.")
        % {"row": count(row), "limit": count(limit)}
    )


def too_big_uncompressed(limits: ReadingLimits) -> TableError:
    return TableError(
        _(
            "The workbook holds more than %(limit)s once uncompressed, the most one import takes. "
            "Split it into several files or save it as CSV."
        )
        % {"limit": filesizeformat(limits.uncompressed_bytes)}
    )


def unreadable_xlsx() -> TableError:
    return TableError(_("The file is not a readable XLSX workbook."))
