import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from core.indexes import listing_sorts
from core.text import build_search_document, search_terms
from partners.models import Mission, Organization, PartnerRegion, SearchableQuerySet, TaggedRecordMixin

from .choices import EMAIL_HEADINGS, PHONE_HEADINGS, ContactLabel, NameOrder, Rank


class TaggedPerson(TaggedItemBase):
    content_object = ParentalKey("Person", on_delete=models.CASCADE, related_name="tagged_items")


class Person(TaggedRecordMixin, ClusterableModel):
    """A counterpart: an ambassador, a governor, a company president.

    Names are stored as the person writes them (native script), with a romanised form and a Japanese
    reading beside them. No field assumes Western order; `name_order` decides how names are shown.
    """

    family_name = models.CharField(_("family name (native script)"), max_length=100, blank=True)
    given_name = models.CharField(_("given name (native script)"), max_length=100, blank=True)
    family_name_latin = models.CharField(_("family name (romanized)"), max_length=100, blank=True)
    given_name_latin = models.CharField(_("given name (romanized)"), max_length=100, blank=True)
    family_name_kana = models.CharField(_("family name reading (katakana)"), max_length=100, blank=True)
    given_name_kana = models.CharField(_("given name reading (katakana)"), max_length=100, blank=True)
    name_order = models.CharField(
        _("name order"), max_length=20, choices=NameOrder.choices, default=NameOrder.FAMILY_FIRST
    )
    honorific_prefix = models.CharField(_("honorific"), max_length=50, blank=True, help_text=_("e.g. H.E., Dr., Prof."))
    honorific_suffix_ja = models.CharField(
        _("Japanese honorific"), max_length=20, blank=True, help_text=_("e.g. 閣下, 様, 氏.")
    )
    languages = models.CharField(
        _("languages spoken"), max_length=100, blank=True, help_text=_("Language codes, e.g. vi, en, ja.")
    )
    nationality = models.ForeignKey(
        "partners.Country",
        verbose_name=_("nationality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nationals",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=TaggedPerson, blank=True)
    search_document = models.TextField(_("search document"), editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name_latin", "given_name_latin", "family_name", "id"]
        indexes = [
            # The listing's order: its first page is read from the index, not sorted out of 50,000 people.
            models.Index(
                fields=["family_name_latin", "given_name_latin", "family_name", "id"], name="person_name_order"
            ),
            *listing_sorts("person", "nationality"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(family_name="", given_name="", family_name_latin="", given_name_latin=""),
                name="person_has_a_name",
                violation_error_message=_("Enter at least one name, in native script or romanized."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @staticmethod
    def _join(first: str, second: str, separator: str) -> str:
        return separator.join(part for part in (first, second) if part)

    def _ordered(self, family: str, given: str, separator: str = " ") -> str:
        if self.name_order == NameOrder.FAMILY_FIRST:
            return self._join(family, given, separator)
        return self._join(given, family, separator)

    @property
    def native_name(self) -> str:
        return self._ordered(self.family_name, self.given_name)

    @property
    def latin_name(self) -> str:
        # Romanised family names are written in capitals where family-first order could be misread.
        family = self.family_name_latin
        if self.name_order == NameOrder.FAMILY_FIRST and family:
            family = family.upper()
        return self._ordered(family, self.given_name_latin)

    @property
    def kana_name(self) -> str:
        return self._join(self.family_name_kana, self.given_name_kana, "・" if self._is_foreign_reading else " ")

    @property
    def _is_foreign_reading(self) -> bool:
        return bool(self.family_name_latin) and not self.family_name

    @property
    def display_name(self) -> str:
        """The name as staff expect to read it in the current language."""
        if (get_language() or "").startswith("ja"):
            return self.native_name or self.kana_name or self.latin_name
        return self.latin_name or self.native_name

    @property
    def current_posts_summary(self) -> str:
        """ "Title (body); ..." of the current posts; uses the `current_posts` prefetch of listings when present."""
        posts = getattr(self, "current_posts", None)
        if posts is None:
            posts = self.posts.current().select_related("mission", "organization", "region")
        return "; ".join(f"{post.display_title} ({post.body})" for post in posts)

    def searchable_texts(self) -> tuple[str, ...]:
        return (
            self._join(self.family_name, self.given_name, " "),
            self._join(self.given_name, self.family_name, " "),
            self._join(self.family_name_latin, self.given_name_latin, " "),
            self._join(self.given_name_latin, self.family_name_latin, " "),
            self._join(self.family_name_kana, self.given_name_kana, " "),
        )

    def save(self, *args, **kwargs):
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)


class PersonEmail(models.Model):
    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="emails")
    label = models.CharField(
        pgettext_lazy("e-mail or phone", "label"),
        max_length=20,
        choices=ContactLabel.choices,
        default=ContactLabel.WORK,
    )
    address = models.EmailField(_("e-mail address"))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0, editable=False)

    class Meta:
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        ordering = ["sort_order", "id"]
        indexes = [models.Index(fields=["address"])]

    def __str__(self):
        return f"{self.get_label_display()}: {self.address}"

    @property
    def heading(self) -> str:
        """What the address is, among a person's phones too: "Work e-mail"."""
        return EMAIL_HEADINGS.get(self.label, self.get_label_display())


class PersonPhone(models.Model):
    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(
        pgettext_lazy("e-mail or phone", "label"),
        max_length=20,
        choices=ContactLabel.choices,
        default=ContactLabel.WORK,
    )
    number = models.CharField(_("number"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0, editable=False)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return f"{self.get_label_display()}: {self.number}"

    @property
    def heading(self) -> str:
        """What the number is, among a person's e-mails too: "Work phone"."""
        return PHONE_HEADINGS.get(self.label, self.get_label_display())


def held_on(day: datetime.date) -> Q:
    """Posts held on `day`: started by then (or with no known start) and not ended before it."""
    return (Q(start_date__lte=day) | Q(start_date__isnull=True)) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


class PostQuerySet(models.QuerySet):
    def current(self, on=None):
        return self.filter(held_on(on or timezone.localdate()))

    def ended(self, on=None):
        """Posts not held on the day (ended before it, or not yet started): the complement of `current`."""
        return self.exclude(held_on(on or timezone.localdate()))

    def heads_of_mission(self):
        return self.filter(is_head_of_mission=True)

    def search(self, query: str):
        """Posts whose holder's names match every term (see core.text)."""
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(person__search_document__contains=term)
        return queryset


class Post(models.Model):
    """One position a person held: the role history is first-class, so "who was before" is a query."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="posts")
    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
    )
    region = models.ForeignKey(
        PartnerRegion,
        verbose_name=_("partner region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
    )
    title = models.CharField(
        pgettext_lazy("person's job title", "title"), max_length=200, help_text=_("As the person's card says it.")
    )
    title_ja = models.CharField(pgettext_lazy("person's job title", "title (Japanese)"), max_length=200, blank=True)
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices, default=Rank.OTHER)
    is_head_of_mission = models.BooleanField(_("head of mission"), default=False)
    start_date = models.DateField(pgettext_lazy("post", "start date"), null=True, blank=True)
    end_date = models.DateField(pgettext_lazy("post", "end date"), null=True, blank=True)
    credentials_presented_on = models.DateField(
        _("credentials presented on"),
        null=True,
        blank=True,
        help_text=_("For heads of mission: the date of presenting credentials to the Emperor; decides precedence."),
    )
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("predecessor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-start_date", "-id"]
        indexes = [
            # The listing's order: its first page is read from the index, not sorted out of every post.
            models.Index(fields=["-start_date", "-id"], name="post_newest_first"),
            models.Index(fields=["mission", "is_head_of_mission", "end_date"]),
            models.Index(fields=["person", "end_date"]),
            # Heads of mission by start (the dashboard's longest and newest postings): a few hundred of 50,000.
            models.Index(fields=["start_date", "id"], condition=Q(is_head_of_mission=True), name="post_heads_by_start"),
            # The listing's sorts; a current post is one without an end or ending later (end_date).
            *listing_sorts("post", "rank", "is_head_of_mission", "end_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(mission__isnull=False, organization__isnull=True, region__isnull=True)
                    | Q(mission__isnull=True, organization__isnull=False, region__isnull=True)
                    | Q(mission__isnull=True, organization__isnull=True, region__isnull=False)
                ),
                name="post_serves_exactly_one_body",
                violation_error_message=_("A post belongs to exactly one mission, organization or region."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="post_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(is_head_of_mission=False) | Q(mission__isnull=False),
                name="post_head_of_mission_needs_mission",
                violation_error_message=_("Only a post at a mission can be head of mission."),
            ),
            models.CheckConstraint(condition=~Q(predecessor=models.F("id")), name="post_not_own_predecessor"),
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(is_head_of_mission=True, end_date__isnull=True),
                name="post_one_open_head_per_mission",
                violation_error_message=_("This mission already has a head of mission whose post has not ended."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.title} ({self.body})"

    @property
    def body(self):
        return self.mission or self.organization or self.region

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("ja") and self.title_ja:
            return self.title_ja
        return self.title
