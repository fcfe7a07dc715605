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

from .choices import CommitmentStatus, TieKind
from .models import Commitment, Engagement, FollowUp, TaggedEngagement, Tie, TieInstrument
from .selectors import engagements_visible_to, ties_visible_to, with_engagement_visibility


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

    def readable_by(self, queryset, user):
        return with_engagement_visibility(queryset, user)

    def read_engagement(self, obj):
        # An export names an engagement its reader may not see as an empty cell (not even its UID).
        if hasattr(obj, "engagement_visible"):
            return obj.shown_engagement
        return obj.engagement

    def prepare(self):
        super().prepare()
        # An engagement the importer may not see does not exist for them: "unknown" like a mistyped UID.
        engagements = Engagement.objects if self.reader is None else engagements_visible_to(self.reader)
        self.engagements = {str(uid): pk for pk, uid in engagements.values_list("pk", "uid")}
        self.visible_engagement_ids = set(self.engagements.values())

    def clean_engagement(self, value):
        pk = self.engagements.get(str(value).strip().lower())
        if pk is None:
            raise RowError(_("Unknown engagement “%(value)s” (use its calendar UID).") % {"value": value})
        return Engagement(pk=pk, uid=value)

    def render_related(self, column, value):
        if column.attribute == "engagement":
            return str(value.uid)
        return super().render_related(column, value)

    def _kept_link(self, obj, values) -> dict:
        """The row's values without the engagement when `obj` comes from one the importer may not see: the
        file cannot name it (its cell was exported empty), and the link stays as it is."""
        if obj.engagement_id and obj.engagement_id not in self.visible_engagement_ids:
            return {name: value for name, value in values.items() if name != "engagement"}
        return values

    def differs(self, obj, values):
        values = dict(self._kept_link(obj, values))
        if "engagement" in values:
            engagement = values.pop("engagement")
            if (engagement.pk if engagement else None) != obj.engagement_id:
                return True
        return super().differs(obj, values)

    def apply(self, obj, values):
        super().apply(obj, self._kept_link(obj, values))


class TiePartResource(DirectoryRecordResource):
    """A tie written as its parties and kind (the same cells as the ties file), for instruments and commitments."""

    tie_local_party = Column("tie_local_party", en="Municipality", ja="自治体", kind="related", virtual=True)
    tie_partner_region = Column(
        "tie_partner_region", en="Partner region", ja="交流先地域", kind="related", virtual=True
    )
    tie_country = Column("tie_country", en="Country", ja="国", kind="related", virtual=True)
    tie_kind = Column("tie_kind", en="Tie kind", ja="交流の種別", kind="choice", virtual=True, choices=TieKind.choices)

    TIE_KEYS = {
        "tie_local_party": DirectoryKeys.DIRECTORY_KEYS["local_party"],
        "tie_partner_region": DirectoryKeys.DIRECTORY_KEYS["partner_region"],
        "tie_country": DirectoryKeys.DIRECTORY_KEYS["country"],
    }

    def prepare_ties(self):
        # A tie the importer may not see does not exist for them: "no tie with these parties", like a typo.
        ties = Tie.objects if self.reader is None else ties_visible_to(self.reader)
        self.ties = {TieResource._key(None, t.local_party, t.partner_region, t.country, t.kind): t for t in
                     ties.select_related("local_party", "partner_region", "country")}  # fmt: skip

    def tie_of(self, values):
        key = TieResource._key(
            None,
            values.get("tie_local_party"),
            values.get("tie_partner_region"),
            values.get("tie_country"),
            values.get("tie_kind") or TieKind.FRIENDSHIP,
        )
        return self.ties.get(key)

    def check_tie(self, row):
        if row.errors.keys() & set(self.TIE_KEYS):
            return
        if self.tie_of(row.values) is None:
            row.add_error("tie_partner_region", _("No tie with these parties and kind; import the ties first."))

    def read_tie_parts(self, tie):
        return {
            "tie_local_party": tie.local_party,
            "tie_partner_region": tie.partner_region,
            "tie_country": tie.country,
            "tie_kind": tie.kind,
        }


class TieInstrumentResource(TiePartResource):
    model = TieInstrument
    name = "instruments"
    verbose_name = gettext_lazy("Instruments of ties")

    kind = Column("kind", en="Instrument", ja="文書の種別", kind="choice")
    title = Column("title", en="Title", ja="表題", required=True)
    signed_on = Column("signed_on", en="Signed on", ja="署名日", kind="date", required=True)
    place = Column("place", en="Place", ja="場所")
    signatories = Column("signatories", en="Signatories", ja="署名者", kind="m2m")
    notes = Column("notes", en="Notes", ja="メモ")

    def get_queryset(self):
        return (
            TieInstrument.objects.select_related("tie__local_party", "tie__partner_region", "tie__country")
            .prefetch_related(Prefetch("signatories", queryset=EngagementResource._people_queryset()))
            .order_by(
                "tie__partner_region__slug",
                "tie__country__code",
                "tie__local_party__name",
                "tie__kind",
                "signed_on",
                "id",
            )
        )

    def prepare(self):
        super().prepare()
        self.related_keys = {**self.DIRECTORY_KEYS, **self.TIE_KEYS, "signatories": self.DIRECTORY_KEYS["people"]}
        self.prepare_ties()

    def key_of(self, obj):
        return self._instrument_key(obj.tie, obj.title, obj.signed_on)

    @staticmethod
    def _instrument_key(tie, title, signed_on):
        return f"{tie.pk}|{normalize_for_search(title)}|{signed_on}"

    def natural_key(self, values):
        tie = self.tie_of(values)
        return ("instrument", self._instrument_key(tie, values.get("title", ""), values.get("signed_on")))

    def check_row(self, row):
        self.check_tie(row)

    def new_instance(self, values):
        return TieInstrument(tie=self.tie_of(values))

    def read(self, column, obj):
        if column.attribute.startswith("tie_"):
            return self.read_tie_parts(obj.tie)[column.attribute]
        return super().read(column, obj)

    def save_batch(self, created, updated):
        # Signatories are a parental many-to-many: set in memory on a saved instrument, written by save().
        for obj, values in created + updated:
            if obj.pk is None:
                obj.save()
            if "signatories" in values:
                obj.signatories.set(values["signatories"])
            obj.save()


class CommitmentResource(TiePartResource):
    model = Commitment
    name = "commitments"
    verbose_name = gettext_lazy("Commitments of instruments")

    instrument_title = Column("instrument_title", en="Instrument", ja="文書", required=True, virtual=True)
    instrument_signed_on = Column(
        "instrument_signed_on", en="Instrument signed on", ja="文書の署名日", kind="date", required=True, virtual=True
    )
    text = Column("text", en="Commitment", ja="約束事項", required=True)
    due_on = Column("due_on", en="Due on", ja="期限", kind="date")
    recurrence = Column("recurrence", en="Recurrence", ja="頻度", kind="choice")
    status = Column("status", en="Status", ja="状況", kind="choice")
    done_on = Column("done_on", en="Done on", ja="完了日", kind="date")
    notes = Column("notes", en="Notes", ja="メモ")

    def get_queryset(self):
        return Commitment.objects.select_related(
            "instrument__tie__local_party", "instrument__tie__partner_region", "instrument__tie__country"
        ).order_by(
            "instrument__tie__partner_region__slug",
            "instrument__tie__country__code",
            "instrument__tie__local_party__name",
            "instrument__tie__kind",
            "instrument__signed_on",
            "instrument__title",
            "due_on",
            "id",
        )

    def prepare(self):
        super().prepare()
        self.related_keys = {**self.DIRECTORY_KEYS, **self.TIE_KEYS}
        self.prepare_ties()
        self.instruments = {
            TieInstrumentResource._instrument_key(i.tie, i.title, i.signed_on): i
            for i in TieInstrument.objects.select_related("tie")
        }

    def instrument_of(self, values):
        tie = self.tie_of(values)
        if tie is None:
            return None
        key = TieInstrumentResource._instrument_key(tie, values.get("instrument_title", ""), values.get(
            "instrument_signed_on"))  # fmt: skip
        return self.instruments.get(key)

    def check_row(self, row):
        self.check_tie(row)
        if row.values.get("status") == CommitmentStatus.DONE and not row.values.get("done_on"):
            if "done_on" not in row.errors:
                row.add_error("done_on", _("A commitment marked done needs the date it was done."))
        if not row.errors and self.instrument_of(row.values) is None:
            row.add_error(
                "instrument_title", _("No instrument with this title and date; import the instruments first.")
            )

    def key_of(self, obj):
        return f"{obj.instrument_id}|{normalize_for_search(obj.text)}"

    def natural_key(self, values):
        return ("commitment", f"{self.instrument_of(values).pk}|{normalize_for_search(values.get('text', ''))}")

    def new_instance(self, values):
        return Commitment(instrument=self.instrument_of(values))

    def read(self, column, obj):
        if column.attribute.startswith("tie_"):
            return self.read_tie_parts(obj.instrument.tie)[column.attribute]
        if column.attribute == "instrument_title":
            return obj.instrument.title
        if column.attribute == "instrument_signed_on":
            return obj.instrument.signed_on
        return super().read(column, obj)
