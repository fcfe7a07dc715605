import datetime

import pytest
from django.utils import translation

from core.fiscal import FiscalYear, era_year_label


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (datetime.date(2026, 3, 31), 2025),
        (datetime.date(2026, 4, 1), 2026),
        (datetime.date(2027, 3, 31), 2026),
        (datetime.date(2027, 1, 1), 2026),
    ],
)
def test_fiscal_year_containing_splits_on_first_of_april(day, fiscal_year):
    assert FiscalYear.containing(day).year == fiscal_year


def test_fiscal_year_bounds_are_inclusive():
    fy = FiscalYear(2026)
    assert (fy.start, fy.end) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert datetime.date(2027, 3, 31) in fy
    assert datetime.date(2027, 4, 1) not in fy


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (datetime.date(2019, 4, 30), "平成31年"),
        (datetime.date(2019, 5, 1), "令和元年"),
        (datetime.date(2020, 1, 1), "令和2年"),
        (datetime.date(2026, 4, 1), "令和8年"),
    ],
)
def test_era_year_label_changes_on_first_of_may_2019(day, label):
    assert era_year_label(day) == label


def test_fiscal_year_label_shows_western_and_reiwa_years():
    with translation.override("en"):
        assert FiscalYear(2026).label() == "FY2026 (令和8年度)"
        assert FiscalYear(2019).label() == "FY2019 (平成31年度)"
        assert FiscalYear(2020).label() == "FY2020 (令和2年度)"
