from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jobs import urls


@hooks.register("register_admin_urls")
def register_jobs_urls():
    return [path("jobs/", include(urls, namespace="jobs"))]


@hooks.register("register_admin_menu_item")
def register_jobs_menu_item():
    return MenuItem(_("Jobs"), reverse("jobs:index"), name="jobs", icon_name="cogs", order=250)


@hooks.register("register_log_actions")
def register_jobs_log_actions(actions):
    actions.register_action("kizuna_jobs.start", _("Start job"), _("Job started"))
    actions.register_action("kizuna_jobs.resume", _("Resume job"), _("Job resumed after its worker stopped"))
    actions.register_action("kizuna_jobs.finish", _("Finish job"), _("Job finished"))
    actions.register_action("kizuna_jobs.fail", _("Fail job"), _("Job failed"))
    actions.register_action("kizuna_jobs.download", _("Download job file"), _("Job file downloaded"))
