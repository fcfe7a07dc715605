"""Reads of attachments. `attachments_visible_to(user)` is the only place that decides who sees a file.

An attachment is visible when its parent (engagement or delegation) is visible to the user AND its own
confidentiality allows it: a confidential attachment only to its author, the staff listed on its parent (attending
the engagement; lead or staff member of the delegation) and users who may see every confidential record.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.choices import Confidentiality
from core.permissions import is_office_staff, may_see_confidential
from events.models import DelegationMember
from events.selectors import delegations_visible_to
from relations.models import Engagement
from relations.selectors import engagements_visible_to

from .models import Attachment


def attachments_visible_to(user) -> QuerySet[Attachment]:
    attachments = Attachment.objects.all()
    if not is_office_staff(user):
        return attachments.none()
    if may_see_confidential(user):
        return attachments
    visible_parent = Q(engagement__in=engagements_visible_to(user).values("pk")) | Q(
        delegation__in=delegations_visible_to(user).values("pk")
    )
    attends = Engagement.staff.through.objects.filter(engagement_id=OuterRef("engagement_id"), user_id=user.pk)
    travels = DelegationMember.objects.filter(delegation_id=OuterRef("delegation_id"), user_id=user.pk)
    return attachments.filter(visible_parent).filter(
        ~Q(confidentiality=Confidentiality.CONFIDENTIAL)
        | Q(created_by=user)
        | Exists(attends)
        | Q(delegation__lead=user)
        | Exists(travels)
    )


def attachments_of(user, parent) -> QuerySet[Attachment]:
    """The attachments of one engagement or delegation that `user` may see, newest first."""
    field = "engagement" if isinstance(parent, Engagement) else "delegation"
    return attachments_visible_to(user).filter(**{field: parent}).select_related("created_by")
