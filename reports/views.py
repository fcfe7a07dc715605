"""Thin staff views: form -> selector -> page, spreadsheet or print layout."""

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.fiscal import FiscalYear

from .forms import CouncilReportForm
from .selectors import council_report
from .spreadsheet import council_report_workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LANGUAGES = {"ja", "en"}


class CouncilReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/council_report.html"
    page_title = _("Council report")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        current = FiscalYear.containing(today)
        data = request.GET if "first_year" in request.GET else {"first_year": current.year, "last_year": current.year}
        self.form = CouncilReportForm(data, today=today)
        self.report = None
        if self.form.is_valid():
            first, last = self.form.fiscal_years
            if request.GET.get("export") == "xlsx":
                return self.xlsx_response(first=first, last=last, today=today)
            self.report = council_report(request.user, first=first, last=last, today=today)
        return super().get(request, *args, **kwargs)

    def xlsx_response(self, *, first, last, today):
        language = self.request.GET.get("lang")
        # The report's labels (its total, fiscal years, countries, measures) are written in the language it is
        # built in: built in the workbook's language, not the page's.
        with translation.override(language if language in LANGUAGES else translation.get_language()):
            self.report = council_report(self.request.user, first=first, last=last, today=today)
            content = council_report_workbook(self.report)
        filename = f"kizuna-council-report-FY{self.report.first.year}-FY{self.report.last.year}.xlsx"
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["reports/council_report_print.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["report"] = self.report
        if self.report is not None:
            context["chart_data"] = chart_data(self.report)
            query = self.request.GET.copy()
            query.pop("export", None)
            query.pop("print", None)
            query.setdefault("first_year", str(self.report.first.year))
            query.setdefault("last_year", str(self.report.last.year))
            context["query"] = query.urlencode()
        return context


def chart_data(report) -> dict:
    """What the page's charts draw: activity by measure, the busiest countries, and the monthly trend."""
    activity = ("engagements", "outbound", "inbound", "events")
    labels = {metric.key: str(metric.label) for metric in report.metrics}
    measures = [row for row in report.by_measure if row.group]
    countries = report.by_country[:15]
    return {
        "series": [{"key": key, "label": labels[key]} for key in activity],
        "by_measure": {
            "labels": [row.label for row in measures],
            "values": {key: [row.current.get(key, 0) for row in measures] for key in activity},
        },
        "by_country": {
            "labels": [row.label for row in countries],
            "values": {key: [row.current.get(key, 0) for row in countries] for key in activity},
        },
        "by_month": {
            "labels": [row.label for row in report.by_month],
            "values": {key: [row.current.get(key, 0) for row in report.by_month] for key in activity},
        },
    }
