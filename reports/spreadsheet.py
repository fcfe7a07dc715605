"""The council report as an XLSX workbook: one sheet per table, headings in the language that is active.

Every row goes through core.spreadsheets: a partner's or a measure's name is written as text, never a formula."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import xlsx_row

from .selectors import CouncilReport, Row

# Excel limits sheet names to 31 characters and forbids some punctuation.
_SHEET_NAME_LIMIT = 31


def council_report_workbook(report: CouncilReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)

    def append(worksheet, values):
        worksheet.append(xlsx_row(worksheet, values))

    def sheet(title: str, first_heading: str, rows: list[Row], *, with_previous: bool, extra=None):
        worksheet = workbook.create_sheet(title[:_SHEET_NAME_LIMIT])
        append(worksheet, [_("Kizuna council report"), report.period_label])
        append(worksheet, [_("Compared with"), report.previous_period_label] if with_previous else [])
        append(worksheet, [])
        headings = [first_heading]
        if extra:
            headings.append(extra[0])
        for metric in report.metrics:
            headings.append(str(metric.label))
            if with_previous:
                headings.append(_("%(metric)s (previous period)") % {"metric": metric.label})
        append(worksheet, headings)
        for cell in worksheet[4]:
            cell.font = bold
        for row in rows:
            values = [row.label]
            if extra:
                values.append(extra[1](row))
            for metric in report.metrics:
                values.append(row.current.get(metric.key, 0))
                if with_previous:
                    values.append(row.previous.get(metric.key, 0))
            append(worksheet, values)
        worksheet.column_dimensions["A"].width = 48
        return worksheet

    summary = sheet(_("By fiscal year"), _("Fiscal year"), report.by_year, with_previous=True)
    totals = [report.totals.label]
    for metric in report.metrics:
        totals.extend([report.totals.current.get(metric.key, 0), report.totals.previous.get(metric.key, 0)])
    append(summary, totals)
    if not report.complete:
        append(summary, [])
        append(summary, [_("Confidential records you are not cleared to see are not counted.")])

    sheet(
        _("By measure"),
        _("Measure"),
        report.by_measure,
        with_previous=True,
        extra=(_("Basic strategy"), lambda row: row.group),
    )
    sheet(
        _("By country"),
        _("Country"),
        report.by_country,
        with_previous=True,
        extra=(_("Target country"), lambda row: _("yes") if row.is_target else ""),
    )
    sheet(
        _("By partner"),
        _("Partner"),
        report.by_partner,
        with_previous=True,
        extra=(_("Kind"), lambda row: row.group),
    )
    sheet(_("By month"), _("Month"), report.by_month, with_previous=False)

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
