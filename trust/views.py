from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from trust import totp
from trust.forms import TwoFactorCodeForm
from trust.models import TwoFactorDevice

PENDING_SECRET_SESSION_KEY = "trust:pending-totp-secret"  # noqa: S105 (a session key name)


def two_factor(request):
    """Enrol (secret shown as text, confirmed by a first code) or turn off (confirmed by a current code)."""
    device = TwoFactorDevice.objects.filter(user=request.user, confirmed_at__isnull=False).first()
    if device is not None:
        return _manage_enrolled(request, device)
    secret = request.session.get(PENDING_SECRET_SESSION_KEY)
    if not secret:
        secret = totp.new_secret()
        request.session[PENDING_SECRET_SESSION_KEY] = secret
    form = TwoFactorCodeForm(request.POST or None, secret=secret)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device, _created = TwoFactorDevice.objects.update_or_create(
                user=request.user,
                defaults={"secret": secret, "confirmed_at": timezone.now(), "last_used_step": form.step},
            )
            log(request.user, "trust.two_factor_enabled", user=request.user)
        del request.session[PENDING_SECRET_SESSION_KEY]
        messages.success(request, _("Two-factor authentication is on. You will be asked for a code at sign-in."))
        return redirect("trust_two_factor")
    issuer = "Kizuna"
    return TemplateResponse(
        request,
        "trust/two_factor.html",
        {
            "enrolled": False,
            "form": form,
            "secret": totp.grouped(secret),
            "uri": totp.provisioning_uri(secret, account=request.user.get_username(), issuer=issuer),
        },
    )


def _manage_enrolled(request, device):
    form = TwoFactorCodeForm(request.POST or None, secret=device.secret, after_step=device.last_used_step)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.delete()
            log(request.user, "trust.two_factor_disabled", user=request.user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("trust_two_factor")
    return TemplateResponse(request, "trust/two_factor.html", {"enrolled": True, "form": form, "device": device})


def login_through_workspace(request, extra_context=None):
    """Django's admin signs in through the workspace login, so throttling and two-factor apply there too."""
    from django.contrib.auth.views import redirect_to_login
    from django.urls import reverse

    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("wagtailadmin_login"))
