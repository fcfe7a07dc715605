import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff account. Custom from the first migration so that office fields can be added without surgery."""

    display_name = models.CharField(
        _("display name"), max_length=150, blank=True, help_text=_("How colleagues see you, e.g. 山田 太郎.")
    )
    office = models.CharField(_("office"), max_length=150, blank=True, help_text=_("Division or section."))

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
        ordering = ["username"]
        permissions = [
            ("view_confidential", _("Can see every confidential record")),
            (
                "view_personal_details",
                _("Can see personal details of people (private phones, dietary and access needs)"),
            ),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeedToken(models.Model):
    """The secret in a staff user's private calendar-feed address (calendar apps cannot log in).

    Only a SHA-256 hash of the secret is stored: the address is shown once, when it is issued. A user has at most
    one active token; issuing a new one revokes the old. The feed re-checks the user's visibility on every fetch
    and answers 404 for a revoked token or a deactivated user.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        # A token means nothing without its user; deleting the account must kill the feed too.
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    include_all_visible_delegations = models.BooleanField(
        _("include all delegations I may see"),
        default=False,
        help_text=_("Otherwise only the delegations you are a member of."),
    )
    show_confidential_details = models.BooleanField(
        _("show details of confidential items"),
        default=False,
        help_text=_(
            "Off: confidential items appear only as busy time, because subscribed calendars are copied to the "
            "calendar provider's servers."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed link")
        verbose_name_plural = _("calendar feed links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_token_one_active_per_user",
                violation_error_message=_("A user has at most one active calendar feed link."),
            ),
        ]

    def __str__(self):
        return _("Calendar feed link of %(user)s") % {"user": self.user}

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def hash_secret(secret: str) -> str:
        """SHA-256 hex: enough for a 256-bit random secret (a slow password hash protects guessable input)."""
        return hashlib.sha256(secret.encode()).hexdigest()
