"""Spreadsheet resources for delegations and events, identified by calendar UID (see core.resources)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from core.resources import Column
from relations.resources import DirectoryRecordResource

from .models import Delegation, DelegationMember, Event


class DelegationResource(DirectoryRecordResource):
    model = Delegation
    name = "delegations"
    verbose_name = gettext_lazy("Delegations")

    uid = Column("uid", en="Calendar UID", ja="カレンダーUID")
    title = Column("title", en="Title", ja="名称", required=True)
    direction = Column("direction", en="Direction", ja="方向", kind="choice")
    status = Column("status", en="Status", ja="状況", kind="choice")
    start_date = Column("start_date", en="First day", ja="初日", kind="date")
    end_date = Column("end_date", en="Last day", ja="最終日", kind="date")
    destination = Column("destination", en="Destination", ja="訪問先")
    purpose = Column("purpose", en="Purpose", ja="目的")
    countries = Column("countries", en="Countries", ja="国", kind="m2m")
    regions = Column("regions", en="Partner regions", ja="交流先地域", kind="m2m")
    missions = Column("missions", en="Missions", ja="在日公館", kind="m2m")
    organizations = Column("organizations", en="Organizations", ja="団体", kind="m2m")
    lead = Column("lead", en="Lead officer", ja="担当職員", kind="related")
    member_people = Column("member_people", en="Members (people)", ja="団員（人物）", kind="m2m", virtual=True)
    confidentiality = Column("confidentiality", en="Confidentiality", ja="機密区分", kind="choice")

    def get_queryset(self):
        return (
            Delegation.objects.select_related("lead")
            .prefetch_related(
                "countries",
                "regions",
                "missions",
                "organizations",
                Prefetch(
                    "members",
                    queryset=DelegationMember.objects.filter(person__isnull=False)
                    .select_related("person")
                    .prefetch_related("person__emails"),
                    to_attr="person_members",
                ),
            )
            .order_by("start_date", "id")
        )

    def prepare(self):
        super().prepare()
        self.related_keys = {**self.related_keys, "member_people": self.related_keys["people"]}

    def read_member_people(self, obj):
        members = getattr(obj, "person_members", None)
        if members is None:
            members = obj.members.filter(person__isnull=False).select_related("person")
        return sorted((member.person for member in members), key=self.render_key)

    def apply(self, obj, values):
        super().apply(obj, {name: value for name, value in values.items() if name != "member_people"})

    def after_save(self, obj, values):
        if "member_people" not in values:
            return
        present = set(obj.members.filter(person__isnull=False).values_list("person_id", flat=True))
        DelegationMember.objects.bulk_create(
            [
                DelegationMember(delegation=obj, person=person)
                for person in values["member_people"]
                if person.pk not in present
            ]
        )


class EventResource(DirectoryRecordResource):
    model = Event
    name = "events"
    verbose_name = gettext_lazy("Events")

    uid = Column("uid", en="Calendar UID", ja="カレンダーUID")
    title = Column("title", en="Title", ja="名称", required=True)
    slug = Column("slug", en="Identifier", ja="識別子", required=True)
    kind = Column("kind", en="Kind", ja="種別", kind="choice")
    status = Column("status", en="Status", ja="状況", kind="choice")
    confidentiality = Column("confidentiality", en="Confidentiality", ja="機密区分", kind="choice")
    is_published = Column("is_published", en="Published", ja="公開", kind="bool")
    all_day = Column("all_day", en="All day", ja="終日", kind="bool")
    time_zone = Column("time_zone", en="Time zone", ja="タイムゾーン", default="Asia/Tokyo")
    starts_at = Column("starts_at", en="Starts at", ja="開始日時", kind="datetime")
    ends_at = Column("ends_at", en="Ends at", ja="終了日時", kind="datetime")
    start_date = Column("start_date", en="Start date", ja="開始日", kind="date")
    end_date = Column("end_date", en="End date", ja="終了日", kind="date")
    venue = Column("venue", en="Venue", ja="会場")
    address = Column("address", en="Address", ja="住所")
    city = Column("city", en="City", ja="都市")
    organizer = Column("organizer", en="Organizer", ja="主催者")
    registration_url = Column("registration_url", en="Registration link", ja="申込リンク")
    description = Column("description", en="Description", ja="説明")
    countries = Column("countries", en="Countries", ja="国", kind="m2m")
    regions = Column("regions", en="Partner regions", ja="交流先地域", kind="m2m")
    missions = Column("missions", en="Missions", ja="在日公館", kind="m2m")
    organizations = Column("organizations", en="Organizations", ja="団体", kind="m2m")

    def get_queryset(self):
        return Event.objects.prefetch_related("countries", "regions", "missions", "organizations").order_by(
            "starts_at", "id"
        )
