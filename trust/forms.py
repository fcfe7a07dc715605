import math

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm
from wagtail.documents.forms import BaseDocumentForm

from trust import totp
from trust.throttling import LoginThrottle
from trust.uploads import validate_document_content


class KizunaLoginForm(LoginForm):
    """Wagtail's login form with throttling and, for users who enrolled, a TOTP code (WAGTAILADMIN_USER_LOGIN_FORM)."""

    otp_code = forms.CharField(
        label=_("Authentication code"),
        help_text=_("Only if you turned on two-factor authentication: the 6 digits your authenticator app shows."),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **LoginForm.error_messages,
        "throttled": _(
            "Too many failed sign-in attempts. For your account's safety, sign-in is paused: "
            "try again in %(minutes)s minutes, or ask an administrator to help."
        ),
        "account_locked": _(
            "This account is locked after too many failed sign-in attempts from several places. Try again in "
            "%(minutes)s minutes, or ask a manager to unlock it (Settings → Locked sign-ins)."
        ),
        "otp_required": _("This account uses two-factor authentication: enter the code from your authenticator app."),
        "otp_invalid": _("The authentication code is not valid (or was already used). Enter the current code."),
    }

    def clean(self):
        throttle = LoginThrottle(self.request, self.cleaned_data.get("username", ""))
        locked_by = throttle.locked_by()
        if locked_by is not None:
            code = "account_locked" if locked_by == LoginThrottle.USER else "throttled"
            raise ValidationError(
                self.error_messages[code], code=code, params={"minutes": math.ceil(throttle.window_seconds / 60)}
            )
        try:
            cleaned_data = super().clean()
            self._check_second_factor()
        except ValidationError:
            throttle.record_failure()
            raise
        throttle.reset()
        return cleaned_data

    def _check_second_factor(self):
        user = self.get_user()
        if user is None:
            return
        from trust.models import TwoFactorDevice

        with transaction.atomic():
            device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
            if device is None:
                return
            code = self.cleaned_data.get("otp_code", "")
            if not code:
                raise ValidationError(self.error_messages["otp_required"], code="otp_required")
            step = totp.matching_step(device.secret, code, after_step=device.last_used_step)
            if step is None:
                raise ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Authentication code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, secret, after_step=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = secret
        self.after_step = after_step
        self.step = None

    def clean_code(self):
        self.step = totp.matching_step(self.secret, self.cleaned_data["code"], after_step=self.after_step)
        if self.step is None:
            raise ValidationError(
                _("The code does not match. Check the clock of your phone and enter the current code."),
                code="otp_invalid",
            )
        return self.cleaned_data["code"]


class SafeDocumentForm(BaseDocumentForm):
    """Documents must be what their extension says (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "read"):
            validate_document_content(uploaded)
        return uploaded
