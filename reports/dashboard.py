"""The staff home page's panel of this fiscal year's headline figures, with small charts drawn as inline SVG on the
server (no script). Its counts are the council report's (reports.selectors), kept in the report cache."""

from collections import defaultdict
from dataclasses import dataclass

from django.forms import Media
from django.utils import timezone
from wagtail.admin.ui.components import Component

from core.fiscal import FiscalYear

from .selectors import council_report

MONTH_BAR_WIDTH = 20
MONTH_GAP = 6
CHART_HEIGHT = 80


@dataclass
class Bar:
    label: str
    value: int
    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0


def month_bars(rows) -> tuple[list[Bar], int]:
    """Vertical bars, one a month of the fiscal year (April first): (bars, chart width)."""
    values = [row.current.get("engagements", 0) for row in rows]
    top = max(values, default=0) or 1
    bars = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        height = round(value * CHART_HEIGHT / top)
        bars.append(
            Bar(
                label=row.label,
                value=value,
                x=index * (MONTH_BAR_WIDTH + MONTH_GAP),
                y=CHART_HEIGHT - height,
                width=MONTH_BAR_WIDTH,
                height=height,
            )
        )
    return bars, len(rows) * (MONTH_BAR_WIDTH + MONTH_GAP)


def strategy_bars(measure_rows) -> list[Bar]:
    """Horizontal bars, one a basic strategy (its measures' engagements summed), widths in percent of the largest."""
    totals: dict[str, int] = defaultdict(int)
    for row in measure_rows:
        if row.group:
            totals[row.group] += row.current.get("engagements", 0)
    top = max(totals.values(), default=0) or 1
    return [Bar(label=label, value=value, width=round(value * 100 / top)) for label, value in totals.items()]


class FiscalYearFiguresPanel(Component):
    name = "reports_fiscal_year_figures"
    template_name = "reports/panels/figures.html"
    order = 30

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        return Media(css={"all": ["reports/dashboard.css"]})

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        year = FiscalYear.containing(today)
        report = council_report(self.request.user, first=year, last=year, today=today)
        current = report.totals.current
        bars, width = month_bars(report.by_month)
        return {
            "fiscal_year": year,
            "meetings": current.get("engagements", 0),
            "delegations": current.get("outbound", 0) + current.get("inbound", 0),
            "events": current.get("events", 0),
            "month_bars": bars,
            "month_chart_width": width,
            "chart_height": CHART_HEIGHT,
            "strategy_bars": strategy_bars(report.by_measure),
        }
