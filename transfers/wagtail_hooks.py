from django.contrib import messages
from django.contrib.auth.models import Permission
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from contacts.models import Person
from partners.models import Organization

from . import urls
from .duplicates import similar_organizations, similar_people
from .views import MERGE_PERMISSIONS, may_use_transfers


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("transfers/", include(urls, namespace="transfers"))]


class TransfersMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_transfers(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return TransfersMenuItem(
        gettext_lazy("Import / export"), reverse("transfers:index"), icon_name="download", order=240
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="transfers", codename__in=["import_records", "export_records"]
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("transfers.import", gettext_lazy("Import from a file"), gettext_lazy("Imported"))
    actions.register_action("transfers.merge_people", gettext_lazy("Merge people"), gettext_lazy("Merged"))


CREATE_ANYWAY = "kizuna-create-anyway"


def _similar(instance) -> list:
    if isinstance(instance, Person):
        return similar_people(instance)
    if isinstance(instance, Organization):
        return similar_organizations(instance)
    return []


@hooks.register("before_create_snippet")
def confirm_likely_duplicates(request, model):
    """Before a person or organization is saved: when it looks like one already recorded, show the likely
    duplicates and save only after an explicit "Create anyway" (the same form data is posted again)."""
    if request.method != "POST" or model not in (Person, Organization) or request.POST.get(CREATE_ANYWAY):
        return None
    form_class = model.snippet_viewset.get_form_class()
    form = form_class(request.POST, request.FILES, instance=model(), for_user=request.user)
    if not form.is_valid():
        return None  # the create view shows the form's own errors
    instance = form.save(commit=False)
    similar = _similar(instance)
    if not similar:
        return None
    fields = [
        (name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken" for value in values
    ]
    return TemplateResponse(
        request,
        "transfers/confirm_create.html",
        {
            "instance": instance,
            "model_name": model._meta.verbose_name,
            "similar": similar[:10],
            "fields": fields,
            "create_anyway": CREATE_ANYWAY,
            "action": request.get_full_path(),
            "cancel_url": reverse(model.snippet_viewset.get_url_name("list")),
            "may_merge": request.user.has_perms(MERGE_PERMISSIONS),
        },
    )


@hooks.register("after_create_snippet")
def warn_about_likely_duplicates(request, instance):
    """After a person or organization is created, say so when it looks like one already recorded (unless the user
    was shown the likely duplicates before saving and chose to create it anyway)."""
    if request.POST.get(CREATE_ANYWAY):
        return
    if isinstance(instance, Person):
        similar = similar_people(instance)
    elif isinstance(instance, Organization):
        similar = similar_organizations(instance)
    else:
        return
    if not similar:
        return
    names = format_html_join(", ", "“{}”", ((str(other),) for other in similar[:5]))
    link = ""
    if request.user.has_perms(MERGE_PERMISSIONS):
        link = format_html(' <a href="{}">{}</a>', reverse("transfers:duplicates"), _("Review duplicates"))
    messages.warning(
        request,
        format_html("{} {}{}", _("This record looks like one already recorded:"), names, link),
    )
