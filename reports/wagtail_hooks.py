from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard import FiscalYearFiguresPanel
from .views import CouncilReportView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reports/council/", CouncilReportView.as_view(), name="reports_council")]


@hooks.register("register_admin_menu_item")
def register_council_report_menu_item():
    return MenuItem(
        _("Council report"), reverse("reports_council"), icon_name="table", name="council-report", order=230
    )


@hooks.register("construct_homepage_panels")
def add_fiscal_year_figures_panel(request, panels):
    panels.append(FiscalYearFiguresPanel(request))
