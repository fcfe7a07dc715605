from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry


class TwoFactorDevice(models.Model):
    """A TOTP authenticator (RFC 6238) a staff user enrolled. Only confirmed devices are enforced at login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="two_factor_device",
    )
    secret = models.CharField(_("secret"), max_length=64, help_text=_("Base32, as shown once at enrolment."))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # RFC 6238 §5.2: a verifier must not accept the same one-time password twice.
    last_used_step = models.BigIntegerField(_("last used time step"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self):
        return str(self.user)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AuditEntry(ModelLogEntry):
    """The audit log as a whole. Exists to carry the permission that opens the site-wide history."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            ("view_audit_log", _("Can read the whole audit log")),
            ("unlock_sign_in", _("Can unlock sign-in after failed attempts")),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
