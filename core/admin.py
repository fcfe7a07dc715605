from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


def superuser_only(request) -> bool:
    """Django's admin is kept for data repair; everyday work happens in the Wagtail workspace."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = superuser_only
admin.site.site_header = _("Kizuna data repair (superusers only)")


@admin.register(User)
class KizunaUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Kizuna"), {"fields": ("display_name", "office")}))
