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


def sign_in_locks(request):
    """Managers see the accounts with failed sign-ins in the current window and lift an account's locks."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from trust.throttling import account_failures, is_account_locked, unlock_account

    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    User = get_user_model()
    users = {user.get_username(): user for user in User.objects.filter(is_active=True).order_by(User.USERNAME_FIELD)}
    if request.method == "POST":
        user = users.get(request.POST.get("username", ""))
        if user is not None:
            unlock_account(user.get_username())
            log(user, "trust.sign_in_unlocked", user=request.user)
            messages.success(request, _("Sign-in for %(user)s is unlocked.") % {"user": _user_label(user)})
        return redirect("trust_sign_in_locks")
    failures = account_failures(users)
    rows = [
        {
            "user": users[name],
            "label": _user_label(users[name]),
            "failures": count,
            "locked": is_account_locked(name),
        }
        for name, count in sorted(failures.items())
        if name in users
    ]
    return TemplateResponse(request, "trust/sign_in_locks.html", {"rows": rows})


UNLOCK_PERMISSION = "trust.unlock_sign_in"


def _user_label(user) -> str:
    name = getattr(user, "display_name", "") or user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()
