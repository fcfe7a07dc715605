"""Spreadsheet resources for partner regions, diplomatic missions and organizations (see core.resources)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resources import (
    LIST_SEPARATOR,
    Column,
    KizunaResource,
    NaturalKeyIndex,
    RowError,
    split_list,
    tag_names,
    tags_prefetch,
    unique_slug,
    write_tags,
)
from core.text import build_search_document, normalize_for_search

from .models import (
    Country,
    Mission,
    Organization,
    PartnerRegion,
    TaggedMission,
    TaggedOrganization,
    TaggedPartnerRegion,
)


class CountryKeys:
    """Countries by ISO code, English name or Japanese name (one query)."""

    def __init__(self):
        self.index = NaturalKeyIndex(Country.objects.all(), lambda c: (c.code, c.name_en, c.name_ja))

    def clean(self, value) -> Country:
        country = self.index.get(value)
        if country is None:
            raise RowError(_("Unknown country “%(value)s” (use the ISO code, e.g. VN).") % {"value": value})
        return country


class PartnerResource(KizunaResource):
    """Shared by the three partner records: country natural key and tags."""

    tagged_model = None

    def prepare(self):
        self.countries = CountryKeys()

    def clean_country(self, value):
        return self.countries.clean(value)

    def render_related(self, column, value):
        if isinstance(value, Country):
            return value.code
        return value.name

    def read_tags(self, obj):
        return tag_names(obj)

    def finish_bulk(self, objs: list) -> None:
        # bulk_create and bulk_update bypass save(), which keeps the search document in step.
        for obj in objs:
            obj.search_document = build_search_document(*obj.searchable_texts())

    def save_batch(self, created, updated):
        model_columns = sorted(
            {name for _obj, values in created + updated for name in values if not self.column_for[name].virtual}
        )
        new_objs = [obj for obj, _values in created]
        changed_objs = [obj for obj, _values in updated]
        self.finish_bulk(new_objs + changed_objs)
        self.model.objects.bulk_create(new_objs, batch_size=500)
        if changed_objs:
            self.model.objects.bulk_update(changed_objs, [*model_columns, "search_document"], batch_size=500)
        write_tags(self.tagged_model, [(obj, values["tags"]) for obj, values in created + updated if "tags" in values])


class PartnerRegionResource(PartnerResource):
    model = PartnerRegion
    tagged_model = TaggedPartnerRegion
    name = "regions"
    verbose_name = gettext_lazy("Partner regions")

    slug = Column("slug", en="Identifier", ja="識別子")
    name_column = Column("name", en="Name", ja="名称（ローマ字）", required=True)
    name_native = Column("name_native", en="Name in native script", ja="名称（現地表記）")
    name_ja = Column("name_ja", en="Name (Japanese)", ja="名称（日本語）")
    level = Column("level", en="Level", ja="区分", kind="choice")
    country = Column("country", en="Country", ja="国", kind="related", required=True)
    website = Column("website", en="Website", ja="ウェブサイト")
    population = Column("population", en="Population", ja="人口", kind="int")
    notes = Column("notes", en="Notes", ja="メモ")
    tags = Column("tags", en="Tags", ja="タグ", kind="tags", virtual=True)

    def get_queryset(self):
        return (
            PartnerRegion.objects.select_related("country")
            .prefetch_related(tags_prefetch(TaggedPartnerRegion))
            .order_by("slug")
        )

    def prepare(self):
        super().prepare()
        self.existing = {}
        self.by_name = {}
        for region in PartnerRegion.objects.prefetch_related(tags_prefetch(TaggedPartnerRegion)):
            self.existing[region.slug] = region
            self.by_name[(region.country_id, normalize_for_search(region.name))] = region
        self.taken_slugs = set(self.existing)

    def natural_key(self, values):
        if values.get("slug"):
            return ("slug", values["slug"])
        if values.get("name") and values.get("country"):
            return ("name", values["country"].pk, normalize_for_search(values["name"]))
        return None

    def find_existing(self, key, values):
        if key[0] == "slug":
            return self.existing.get(key[1])
        return self.by_name.get(key[1:])

    def apply(self, obj, values):
        super().apply(obj, values)
        if not obj.slug:
            obj.slug = unique_slug(obj.name, self.taken_slugs)


class MissionResource(PartnerResource):
    model = Mission
    tagged_model = TaggedMission
    name = "missions"
    verbose_name = gettext_lazy("Diplomatic missions")

    name_column = Column("name", en="Name", ja="名称", required=True)
    name_ja = Column("name_ja", en="Name (Japanese)", ja="名称（日本語）")
    kind = Column("kind", en="Kind", ja="種別", kind="choice")
    country = Column("country", en="Country", ja="国", kind="related", required=True)
    city = Column("city", en="City", ja="所在地（都市）")
    address = Column("address", en="Address", ja="住所")
    phones = Column("phones", en="Phones", ja="電話番号", kind="list")
    emails = Column("emails", en="E-mails", ja="メールアドレス", kind="list")
    website = Column("website", en="Website", ja="ウェブサイト")
    parent = Column("parent", en="Parent mission", ja="上位の公館", kind="related")
    tags = Column("tags", en="Tags", ja="タグ", kind="tags", virtual=True)

    def get_queryset(self):
        return (
            Mission.objects.select_related("country", "parent")
            .prefetch_related(tags_prefetch(TaggedMission))
            .order_by("name", "id")
        )

    def prepare(self):
        super().prepare()
        self.missions = NaturalKeyIndex(
            Mission.objects.prefetch_related(tags_prefetch(TaggedMission)), lambda m: (m.name,)
        )

    def natural_key(self, values):
        return ("name", normalize_for_search(values["name"])) if values.get("name") else None

    def find_existing(self, key, values):
        return self.missions.get(key[1])

    def clean_parent(self, value):
        # The parent may be a row further down the same file; it is resolved after the rows are saved.
        return ParentName(value)

    def read_parent(self, obj):
        return ParentName(obj.parent.name) if obj.parent else None

    def read_phones(self, obj):
        return [_pair_text(item, "number") for item in obj.phones]

    def read_emails(self, obj):
        return [_pair_text(item, "address") for item in obj.emails]

    def clean_phones(self, value):
        return split_list(value)

    def clean_emails(self, value):
        return split_list(value)

    def render(self, column, value):
        if isinstance(value, ParentName):
            return str(value)
        return super().render(column, value)

    def apply(self, obj, values):
        for name, value in values.items():
            if name == "parent":
                continue
            if name == "phones":
                obj.phones = [_pair_from_text(text, "number") for text in value]
            elif name == "emails":
                obj.emails = [_pair_from_text(text, "address") for text in value]
            elif not self.column_for[name].virtual:
                setattr(obj, name, value)

    def validate_instance(self, obj, values):
        return super().validate_instance(obj, {k: v for k, v in values.items() if k != "parent"})

    def save_batch(self, created, updated):
        super().save_batch(
            [(obj, {k: v for k, v in values.items() if k != "parent"}) for obj, values in created],
            [(obj, {k: v for k, v in values.items() if k != "parent"}) for obj, values in updated],
        )
        for obj, _values in created:
            self.missions.add(obj, (obj.name,))
        with_parent = []
        for obj, values in created + updated:
            if "parent" not in values:
                continue
            parent = self.missions.get(str(values["parent"])) if values["parent"] else None
            if values["parent"] and parent is None:
                raise RowError(_("Unknown parent mission “%(value)s”.") % {"value": values["parent"]})
            obj.parent = parent
            with_parent.append(obj)
        Mission.objects.bulk_update(with_parent, ["parent"], batch_size=500)

    def check_rows(self, rows):
        names_in_file = {normalize_for_search(row.values["name"]) for row in rows if row.values.get("name")}
        for row in rows:
            parent = row.values.get("parent")
            if parent and self.missions.get(parent) is None and normalize_for_search(parent) not in names_in_file:
                row.add_error("parent", _("Unknown parent mission “%(value)s”.") % {"value": parent})


class ParentName(str):
    """A mission name standing for the parent until the file's rows are saved."""


def _pair_text(item, value_key) -> str:
    if isinstance(item, dict):
        label, value = item.get("label", ""), item.get(value_key, "")
        return f"{label}: {value}" if label else value
    return str(item)


def _pair_from_text(text: str, value_key: str) -> dict:
    label, separator, value = text.partition(": ")
    if separator and not any(char.isdigit() for char in label) and "@" not in label:
        return {"label": label.strip(), value_key: value.strip()}
    return {"label": "", value_key: text.strip()}


class OrganizationResource(PartnerResource):
    model = Organization
    tagged_model = TaggedOrganization
    name = "organizations"
    verbose_name = gettext_lazy("Organizations")

    name_column = Column("name", en="Name", ja="名称", required=True)
    name_native = Column("name_native", en="Name in native script", ja="名称（現地表記）")
    name_ja = Column("name_ja", en="Name (Japanese)", ja="名称（日本語）")
    kind = Column("kind", en="Kind", ja="種別", kind="choice")
    country = Column("country", en="Country", ja="国", kind="related", required=True)
    website = Column("website", en="Website", ja="ウェブサイト")
    notes = Column("notes", en="Notes", ja="メモ")
    tags = Column("tags", en="Tags", ja="タグ", kind="tags", virtual=True)

    def get_queryset(self):
        return (
            Organization.objects.select_related("country")
            .prefetch_related(tags_prefetch(TaggedOrganization))
            .order_by("name", "id")
        )

    def prepare(self):
        super().prepare()
        self.organizations = NaturalKeyIndex(
            Organization.objects.prefetch_related(tags_prefetch(TaggedOrganization)), lambda o: (o.name,)
        )

    def natural_key(self, values):
        return ("name", normalize_for_search(values["name"])) if values.get("name") else None

    def find_existing(self, key, values):
        return self.organizations.get(key[1])


__all__ = ["LIST_SEPARATOR", "MissionResource", "OrganizationResource", "PartnerRegionResource"]
