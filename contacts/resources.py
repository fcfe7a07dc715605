"""Spreadsheet resource for people with their e-mails, phones, tags and current post (see core.resources)."""

from collections import defaultdict
from functools import lru_cache
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resources import (
    Column,
    KizunaResource,
    NaturalKeyIndex,
    RowError,
    insert_rows,
    split_list,
    tag_names,
    write_tags,
)
from core.text import build_search_document, normalize_for_search
from partners.models import Country, Mission, Organization, PartnerRegion
from partners.resources import CountryKeys

from .choices import ContactLabel, Rank
from .models import Person, PersonEmail, PersonPhone, Post, TaggedPerson

NAME_FIELDS = ("family_name", "given_name", "family_name_latin", "given_name_latin")
POST_COLUMNS = ("mission", "organization", "region", "post_title", "post_title_ja", "rank", "post_start_date")
BODY_COLUMNS = ("mission", "organization", "region")
BODY_ATTRIBUTE = {Mission: "mission", Organization: "organization", PartnerRegion: "region"}


@lru_cache(maxsize=65536)
def person_name_keys(family: str, given: str, family_latin: str, given_latin: str) -> list[str]:
    """The names a person is matched by on import: native script and romanized, whichever are known."""
    keys = [normalize_for_search(f"{family} {given}"), normalize_for_search(f"{family_latin} {given_latin}")]
    return [key for key in keys if key]


def attach_details(people: list, queryset) -> list:
    """Load e-mails, phones, tags and current posts of `people` (the rows of `queryset`) in four queries.

    Django's prefetch_related clones a queryset per person and relation, which dominates an export of
    thousands of people; plain lists keyed by person are an order of magnitude cheaper.
    """
    ids = queryset.values("pk")
    emails, phones, tags, posts = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    for person_id, address in (
        PersonEmail.objects.filter(person__in=ids).order_by("sort_order", "id").values_list("person_id", "address")
    ):
        emails[person_id].append(address)
    for person_id, number in (
        PersonPhone.objects.filter(person__in=ids).order_by("sort_order", "id").values_list("person_id", "number")
    ):
        phones[person_id].append(number)
    for person_id, name in TaggedPerson.objects.filter(content_object__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags[person_id].append(name)
    current = list(Post.objects.current().filter(person__in=ids).order_by("-start_date", "-id"))
    # A few hundred bodies serve thousands of posts: one instance per body, not one per post (select_related).
    for attribute, model in (("mission", Mission), ("organization", Organization), ("region", PartnerRegion)):
        attname = f"{attribute}_id"
        bodies = model.objects.in_bulk({getattr(post, attname) for post in current} - {None})
        for post in current:
            if getattr(post, attname) is not None:
                post._state.fields_cache[attribute] = bodies[getattr(post, attname)]
    for post in current:
        posts[post.person_id].append(post)
    for person in people:
        person.loaded_emails = emails.get(person.pk, [])
        person.loaded_phones = phones.get(person.pk, [])
        person.loaded_tags = sorted(tags.get(person.pk, []))
        person.current_posts = posts.get(person.pk, [])
    return people


def current_post(person):
    posts = getattr(person, "current_posts", None)
    if posts is None:
        posts = list(Post.objects.current().filter(person=person).select_related("mission", "organization", "region"))
    return posts[0] if posts else None


class PersonResource(KizunaResource):
    model = Person
    name = "people"
    verbose_name = gettext_lazy("People")

    family_name = Column("family_name", en="Family name (native script)", ja="姓（現地表記）")
    given_name = Column("given_name", en="Given name (native script)", ja="名（現地表記）")
    family_name_latin = Column("family_name_latin", en="Family name (romanized)", ja="姓（ローマ字）")
    given_name_latin = Column("given_name_latin", en="Given name (romanized)", ja="名（ローマ字）")
    family_name_kana = Column("family_name_kana", en="Family name reading (katakana)", ja="姓（カナ）")
    given_name_kana = Column("given_name_kana", en="Given name reading (katakana)", ja="名（カナ）")
    name_order = Column("name_order", en="Name order", ja="氏名の順序", kind="choice")
    honorific_prefix = Column("honorific_prefix", en="Honorific", ja="敬称")
    honorific_suffix_ja = Column("honorific_suffix_ja", en="Japanese honorific", ja="日本語の敬称")
    nationality = Column("nationality", en="Nationality", ja="国籍", kind="related")
    languages = Column("languages", en="Languages spoken", ja="使用言語")
    emails = Column("emails", en="E-mails", ja="メールアドレス", kind="list", virtual=True)
    phones = Column("phones", en="Phones", ja="電話番号", kind="list", virtual=True)
    mission = Column("mission", en="Mission", ja="在日公館", kind="related", virtual=True)
    organization = Column("organization", en="Organization", ja="所属機関", kind="related", virtual=True)
    region = Column("region", en="Partner region", ja="交流先地域", kind="related", virtual=True)
    post_title = Column("post_title", en="Title", ja="役職", virtual=True)
    post_title_ja = Column("post_title_ja", en="Title (Japanese)", ja="役職（日本語）", virtual=True)
    rank = Column("rank", en="Rank", ja="階級", kind="choice", virtual=True, choices=Rank.choices, default=Rank.OTHER)
    post_start_date = Column("post_start_date", en="In post since", ja="着任日", kind="date", virtual=True)
    tags = Column("tags", en="Tags", ja="タグ", kind="tags", virtual=True)
    notes = Column("notes", en="Notes", ja="メモ")

    def get_queryset(self):
        return Person.objects.select_related("nationality")

    def objects_for_export(self, queryset):
        """Plain rows rather than model instances: building 10,000 clusterable models costs seconds."""
        countries = Country.objects.in_bulk()
        rows = []
        for values in queryset.values(*(field.attname for field in Person._meta.concrete_fields)):
            row = SimpleNamespace(**values)
            row.pk, row.nationality = row.id, countries.get(row.nationality_id)
            rows.append(row)
        return attach_details(rows, queryset)

    @staticmethod
    def _current_posts():
        return Prefetch(
            "posts",
            queryset=Post.objects.current().select_related("mission", "organization", "region"),
            to_attr="current_posts",
        )

    # --- natural keys -------------------------------------------------------------------------

    def prepare(self):
        self.countries = CountryKeys()
        self.missions = NaturalKeyIndex(Mission.objects.all(), lambda m: (m.name, m.name_ja))
        self.organizations = NaturalKeyIndex(Organization.objects.all(), lambda o: (o.name, o.name_native, o.name_ja))
        self.regions = NaturalKeyIndex(PartnerRegion.objects.all(), lambda r: (r.slug, r.name, r.name_ja))
        self.by_email, self.by_name = {}, {}
        # Plain rows, as for an export: most rows of a re-import are unchanged, and only those that change become
        # model instances (`for_update`).
        for person in self.objects_for_export(self.get_queryset()):
            for address in person.loaded_emails:
                self.by_email.setdefault(address.casefold(), person)
            post = current_post(person)
            body_key = self._body_key(post.body if post else None)
            for name_key in self._row_name_keys(person.__dict__):
                self.by_name.setdefault((name_key, body_key), person)

    def for_update(self, existing):
        person = Person(**{field.attname: getattr(existing, field.attname) for field in Person._meta.concrete_fields})
        person._state.adding = False
        person.nationality = existing.nationality
        for name in ("loaded_emails", "loaded_phones", "loaded_tags", "current_posts"):
            setattr(person, name, getattr(existing, name))
        return person

    @staticmethod
    def _row_name_keys(values) -> list[str]:
        return person_name_keys(*(values.get(name) or "" for name in NAME_FIELDS))

    @staticmethod
    def _body_key(body):
        return (body._meta.model_name, body.pk) if body is not None else None

    def _body_of(self, values):
        for name in BODY_COLUMNS:
            if values.get(name):
                return values[name]
        return None

    def natural_key(self, values):
        if values.get("emails"):
            return ("email", values["emails"][0].casefold())
        name_keys = self._row_name_keys(values)
        return ("name", name_keys[0] if name_keys else "", self._body_key(self._body_of(values)))

    def find_existing(self, key, values):
        if key[0] == "email":
            for email in values["emails"]:
                if email.casefold() in self.by_email:
                    return self.by_email[email.casefold()]
        body_key = self._body_key(self._body_of(values))
        for name_key in self._row_name_keys(values):
            if (name_key, body_key) in self.by_name:
                return self.by_name[(name_key, body_key)]
        return None

    def row_label(self, values):
        return " / ".join(self._row_name_keys(values))

    # --- cleaning -----------------------------------------------------------------------------

    def clean_nationality(self, value):
        return self.countries.clean(value)

    def clean_mission(self, value):
        return self._resolve(self.missions, value, _("Unknown mission “%(value)s”."))

    def clean_organization(self, value):
        return self._resolve(self.organizations, value, _("Unknown organization “%(value)s”."))

    def clean_region(self, value):
        return self._resolve(self.regions, value, _("Unknown partner region “%(value)s”."))

    @staticmethod
    def _resolve(index, value, message):
        found = index.get(value)
        if found is None:
            raise RowError(message % {"value": value})
        return found

    def clean_emails(self, value):
        addresses = split_list(value)
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise RowError(_("“%(value)s” is not an e-mail address.") % {"value": address}) from None
        return addresses

    def check_row(self, row):
        values = row.values
        if not row.errors.keys() & set(NAME_FIELDS) and not any(values.get(name) for name in NAME_FIELDS):
            given = [name for name in NAME_FIELDS if name in values]
            row.add_error(
                given[0] if given else "family_name", _("Enter at least one name, in native script or romanized.")
            )
        bodies = [name for name in BODY_COLUMNS if values.get(name)]
        if len(bodies) > 1:
            row.add_error(bodies[1], _("A post belongs to exactly one mission, organization or region."))
        has_post_details = any(values.get(name) for name in ("post_title", "post_title_ja", "post_start_date"))
        if bodies and not values.get("post_title") and "post_title" not in row.errors:
            row.add_error("post_title", _("Enter the title of the post at %(body)s.") % {"body": values[bodies[0]]})
        elif has_post_details and not bodies and not (row.errors.keys() & set(BODY_COLUMNS)):
            row.add_error("post_title", _("Give the mission, organization or partner region of this post."))

    # --- reading (export and comparison) ------------------------------------------------------

    def render_related(self, column, value):
        if column.attribute == "nationality":
            return value.code
        if column.attribute == "region":
            return value.slug
        return value.name

    def read_emails(self, person):
        if hasattr(person, "loaded_emails"):
            return person.loaded_emails
        return [email.address for email in person.emails.all()]

    def read_phones(self, person):
        if hasattr(person, "loaded_phones"):
            return person.loaded_phones
        return [phone.number for phone in person.phones.all()]

    def read_tags(self, person):
        if hasattr(person, "loaded_tags"):
            return person.loaded_tags
        return tag_names(person)

    def _post_value(self, person, attribute, default=None):
        post = current_post(person)
        return getattr(post, attribute) if post else default

    def read_mission(self, person):
        return self._post_value(person, "mission")

    def read_organization(self, person):
        return self._post_value(person, "organization")

    def read_region(self, person):
        return self._post_value(person, "region")

    def read_post_title(self, person):
        return self._post_value(person, "title", "")

    def read_post_title_ja(self, person):
        return self._post_value(person, "title_ja", "")

    def read_rank(self, person):
        return self._post_value(person, "rank", Rank.OTHER)

    def read_post_start_date(self, person):
        return self._post_value(person, "start_date")

    def differs(self, obj, values):
        if not any(values.get(name) for name in BODY_COLUMNS):
            # Without a body the post columns say nothing; empty post cells do not end the current post.
            values = {name: value for name, value in values.items() if name not in POST_COLUMNS}
        return super().differs(obj, values)

    # --- writing ------------------------------------------------------------------------------

    def save_batch(self, created, updated):
        """Insert new people and their e-mails, phones, posts and tags with prepared statements; update changed
        people in bulk. A few statements per thousand rows whatever the database."""
        person_fields = [field.attname for field in Person._meta.concrete_fields if not field.primary_key]
        for person, _values in created:
            person.search_document = build_search_document(*person.searchable_texts())
        keys = insert_rows(
            Person,
            [{name: getattr(person, name) for name in person_fields} for person, _values in created],
            returning_pk=True,
        )
        for (person, _values), key in zip(created, keys, strict=True):
            person.pk = key
            person._state.adding = False
            person._just_created = True  # nothing to replace: e-mails, phones and tags are only added
        if updated:
            model_columns = sorted(
                {name for _obj, values in updated for name in values if not self.column_for[name].virtual}
            )
            now = timezone.now()
            for person, _values in updated:
                person.updated_at = now
            # The queryset's bulk_update recomputes the search document.
            Person.objects.bulk_update(
                [person for person, _values in updated], [*model_columns, "updated_at"], batch_size=500
            )
        rows = created + updated
        self._replace_children(PersonEmail, "address", [(p, v["emails"]) for p, v in rows if "emails" in v])
        self._replace_children(PersonPhone, "number", [(p, v["phones"]) for p, v in rows if "phones" in v])
        self._write_posts([(person, values) for person, values in rows if self._body_of(values)])
        write_tags(TaggedPerson, [(person, values["tags"]) for person, values in rows if "tags" in values])

    @staticmethod
    def _replace_children(model, attribute, assignments):
        """Replace e-mails or phones, keeping the label of an address or number already known."""
        if not assignments:
            return
        known = [person.pk for person, _items in assignments if not getattr(person, "_just_created", False)]
        labels = {}
        for start in range(0, len(known), 500):
            chunk = model.objects.filter(person__in=known[start : start + 500])
            labels.update({(person_id, item): label for person_id, item, label in chunk.values_list(
                "person_id", attribute, "label")})  # fmt: skip
            chunk.delete()
        insert_rows(
            model,
            [
                {
                    "person_id": person.pk,
                    "label": labels.get((person.pk, item), ContactLabel.WORK),
                    "sort_order": position,
                    attribute: item,
                }
                for person, items in assignments
                for position, item in enumerate(items)
            ],
        )

    def _write_posts(self, rows):
        new_posts, changed_posts = [], []
        for person, values in rows:
            body = self._body_of(values)
            post = current_post(person) if getattr(person, "current_posts", None) else None
            if post is None or post.body != body:
                new_posts.append(
                    {
                        "person_id": person.pk,
                        f"{BODY_ATTRIBUTE[type(body)]}_id": body.pk,
                        "title": values.get("post_title", ""),
                        "title_ja": values.get("post_title_ja", ""),
                        "rank": values.get("rank") or Rank.OTHER,
                        "start_date": values.get("post_start_date"),
                    }
                )
                continue
            post.title = values.get("post_title", post.title)
            post.title_ja = values.get("post_title_ja", post.title_ja)
            post.rank = values.get("rank") or post.rank or Rank.OTHER
            if "post_start_date" in values:
                post.start_date = values["post_start_date"]
            changed_posts.append(post)
        insert_rows(Post, new_posts)
        Post.objects.bulk_update(changed_posts, ["title", "title_ja", "rank", "start_date"], batch_size=500)


class DirectoryKeys:
    """Natural keys of the directory for resources further right (relations, events), one query each."""

    def prepare_directory(self):
        from django.contrib.auth import get_user_model

        self.countries = CountryKeys().index
        self.missions = NaturalKeyIndex(Mission.objects.all(), lambda m: (m.name, m.name_ja))
        self.organizations = NaturalKeyIndex(Organization.objects.all(), lambda o: (o.name, o.name_native, o.name_ja))
        self.regions = NaturalKeyIndex(PartnerRegion.objects.all(), lambda r: (r.slug, r.name, r.name_ja))
        self.people = NaturalKeyIndex(
            Person.objects.prefetch_related("emails"),
            lambda p: (
                *(email.address for email in p.emails.all()),
                f"{p.family_name_latin} {p.given_name_latin}",
                f"{p.family_name} {p.given_name}",
            ),
        )
        self.users = NaturalKeyIndex(get_user_model().objects.all(), lambda u: (u.username, u.email))

    DIRECTORY_KEYS = {
        "countries": ("countries", gettext_lazy("Unknown country “%(value)s” (use the ISO code, e.g. VN).")),
        "country": ("countries", gettext_lazy("Unknown country “%(value)s” (use the ISO code, e.g. VN).")),
        "missions": ("missions", gettext_lazy("Unknown mission “%(value)s”.")),
        "organizations": ("organizations", gettext_lazy("Unknown organization “%(value)s”.")),
        "local_party": ("organizations", gettext_lazy("Unknown organization “%(value)s”.")),
        "regions": ("regions", gettext_lazy("Unknown partner region “%(value)s”.")),
        "partner_region": ("regions", gettext_lazy("Unknown partner region “%(value)s”.")),
        "people": ("people", gettext_lazy("Unknown person “%(value)s” (use the e-mail address or the name).")),
        "staff": ("users", gettext_lazy("Unknown staff user “%(value)s”.")),
        "owner": ("users", gettext_lazy("Unknown staff user “%(value)s”.")),
        "lead": ("users", gettext_lazy("Unknown staff user “%(value)s”.")),
    }

    @staticmethod
    def render_key(value) -> str:
        """The natural key written for a related record (what DirectoryKeys reads back)."""
        if isinstance(value, Country):
            return value.code
        if isinstance(value, PartnerRegion):
            return value.slug
        if isinstance(value, (Mission, Organization)):
            return value.name
        if isinstance(value, Person):
            emails = list(value.emails.all())
            if emails:
                return emails[0].address
            return (
                f"{value.family_name_latin} {value.given_name_latin}".strip()
                or f"{value.family_name} {value.given_name}"
            )
        if hasattr(value, "username"):
            return value.username
        return str(value)
