"""Spreadsheet resources for ties, engagements and follow-ups (see core.resources).

Engagements and follow-ups are identified by their calendar UID, which is exported, so a file moves between
installations; ties by their parties and kind. Related records are written as natural keys.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.resources import DirectoryKeys
from core.resources import Column, RecordResource, RowError, tag_names, tags_prefetch, write_tags
from core.text import normalize_for_search

from .models import Engagement, FollowUp, TaggedEngagement, Tie


class DirectoryRecordResource(DirectoryKeys, RecordResource):
    def prepare(self):
        self.prepare_directory()
        self.related_keys = self.DIRECTORY_KEYS
        super().prepare()

    def render_related(self, column, value):
        return self.render_key(value)


class TieResource(DirectoryRecordResource):
    model = Tie
    name = "ties"
    verbose_name = gettext_lazy("Ties")

    local_party = Column("local_party", en="Municipality", ja="自治体", kind="related")
    partner_region = Column("partner_region", en="Partner region", ja="交流先地域", kind="related")
    country = Column("country", en="Country", ja="国", kind="related")
    kind = Column("kind", en="Kind", ja="種別", kind="choice")
    status = Column("status", en="Status", ja="状況", kind="choice")
    established_on = Column("established_on", en="Established on", ja="締結日", kind="date")
    ended_on = Column("ended_on", en="Ended on", ja="終了日", kind="date")
    confidentiality = Column("confidentiality", en="Confidentiality", ja="機密区分", kind="choice")
    notes = Column("notes", en="Notes", ja="メモ")

    def get_queryset(self):
        return Tie.objects.select_related("local_party", "partner_region", "country").order_by(
            "partner_region__slug", "country__code", "local_party__name", "kind", "id"
        )

    def _key(self, local_party, partner_region, country, kind) -> str:
        partner = partner_region.slug if partner_region else (country.code if country else "")
        return "|".join([normalize_for_search(local_party.name) if local_party else "", partner, kind or ""])

    def key_of(self, obj):
        return self._key(obj.local_party, obj.partner_region, obj.country, obj.kind)

    def natural_key(self, values):
        if not (values.get("partner_region") or values.get("country")):
            return None
        kind = values.get("kind") or Tie._meta.get_field("kind").get_default()
        key = self._key(values.get("local_party"), values.get("partner_region"), values.get("country"), kind)
        return ("tie", key)

    def check_row(self, row):
        if bool(row.values.get("partner_region")) == bool(row.values.get("country")):
            if not row.errors.keys() & {"partner_region", "country"}:
                row.add_error("partner_region", _("Choose either a partner region or a country."))


class EngagementResource(DirectoryRecordResource):
    model = Engagement
    name = "engagements"
    verbose_name = gettext_lazy("Engagements")

    uid = Column("uid", en="Calendar UID", ja="カレンダーUID")
    subject = Column("subject", en="Subject", ja="件名", required=True)
    kind = Column("kind", en="Kind", ja="種別", kind="choice")
    status = Column("status", en="Status", ja="状況", kind="choice")
    time_zone = Column("time_zone", en="Time zone", ja="タイムゾーン", default="Asia/Tokyo")
    starts_at = Column("starts_at", en="Starts at", ja="開始日時", kind="datetime", required=True)
    ends_at = Column("ends_at", en="Ends at", ja="終了日時", kind="datetime")
    location = Column("location", en="Location", ja="場所")
    people = Column("people", en="People met", ja="面会者", kind="m2m")
    missions = Column("missions", en="Missions", ja="在日公館", kind="m2m")
    organizations = Column("organizations", en="Organizations", ja="団体", kind="m2m")
    regions = Column("regions", en="Partner regions", ja="交流先地域", kind="m2m")
    countries = Column("countries", en="Countries", ja="国", kind="m2m")
    staff = Column("staff", en="Staff attending", ja="出席職員", kind="m2m")
    summary = Column("summary", en="Summary", ja="概要")
    outcomes = Column("outcomes", en="Outcomes", ja="成果")
    confidentiality = Column("confidentiality", en="Confidentiality", ja="機密区分", kind="choice")
    tags = Column("tags", en="Tags", ja="タグ", kind="tags", virtual=True)

    def get_queryset(self):
        return Engagement.objects.prefetch_related(
            Prefetch("people", queryset=self._people_queryset()),
            "missions",
            "organizations",
            "regions",
            "countries",
            "staff",
            tags_prefetch(TaggedEngagement),
        ).order_by("starts_at", "id")

    @staticmethod
    def _people_queryset():
        from contacts.models import Person

        return Person.objects.prefetch_related("emails")

    def read_tags(self, obj):
        return tag_names(obj)

    def after_save(self, obj, values):
        if "tags" in values:
            write_tags(TaggedEngagement, [(obj, values["tags"])])


class FollowUpResource(DirectoryRecordResource):
    model = FollowUp
    name = "follow_ups"
    verbose_name = gettext_lazy("Follow-ups")

    uid = Column("uid", en="Calendar UID", ja="カレンダーUID")
    title = Column("title", en="What", ja="内容", required=True)
    engagement = Column("engagement", en="Engagement (UID)", ja="面会（UID）", kind="related")
    owner = Column("owner", en="Owner", ja="担当者", kind="related", required=True)
    due_on = Column("due_on", en="Due on", ja="期限", kind="date", required=True)
    status = Column("status", en="Status", ja="状況", kind="choice")
    done_on = Column("done_on", en="Done on", ja="完了日", kind="date")
    done_note = Column("done_note", en="Note on completion", ja="完了メモ")
    confidentiality = Column("confidentiality", en="Confidentiality", ja="機密区分", kind="choice")

    def get_queryset(self):
        return FollowUp.objects.select_related("engagement", "owner").order_by("due_on", "id")

    def prepare(self):
        super().prepare()
        self.engagements = {str(uid): pk for pk, uid in Engagement.objects.values_list("pk", "uid")}

    def clean_engagement(self, value):
        pk = self.engagements.get(str(value).strip().lower())
        if pk is None:
            raise RowError(_("Unknown engagement “%(value)s” (use its calendar UID).") % {"value": value})
        return Engagement(pk=pk, uid=value)

    def render_related(self, column, value):
        if column.attribute == "engagement":
            return str(value.uid)
        return super().render_related(column, value)

    def differs(self, obj, values):
        values = dict(values)
        if "engagement" in values:
            engagement = values.pop("engagement")
            if (engagement.pk if engagement else None) != obj.engagement_id:
                return True
        return super().differs(obj, values)
