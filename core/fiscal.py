"""Japanese fiscal years (April to March) and their Reiwa-era labels."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

REIWA_START = datetime.date(2019, 5, 1)
HEISEI_START = datetime.date(1989, 1, 8)


@dataclass(frozen=True)
class FiscalYear:
    """Fiscal year `year` runs from 1 April `year` to 31 March `year + 1`."""

    year: int

    @classmethod
    def containing(cls, day: datetime.date) -> "FiscalYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 4, 1)

    @property
    def end(self) -> datetime.date:
        """The last day (inclusive)."""
        return datetime.date(self.year + 1, 3, 31)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def era_label(self) -> str:
        """Fiscal years are named by the era in force on 1 April; FY2019 began under Heisei (平成31年度)."""
        return era_year_label(self.start)

    def label(self) -> str:
        return _("FY%(year)s (%(era)s度)") % {"year": self.year, "era": self.era_label}

    def __str__(self) -> str:
        return self.label()


def era_year_label(day: datetime.date) -> str:
    """'令和8年' for 2026, '令和元年' for the first year of Reiwa, '平成31年' before 1 May 2019."""
    if day >= REIWA_START:
        era, number = "令和", day.year - 2018
    elif day >= HEISEI_START:
        era, number = "平成", day.year - 1988
    else:
        era, number = "昭和", day.year - 1925
    return f"{era}{'元' if number == 1 else number}年"
