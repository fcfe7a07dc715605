from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from core.indexes import listing_sorts
from core.querysets import SearchDocumentQuerySet
from core.text import build_search_document

from .choices import MissionKind, OrganizationKind, RegionLevel


class SearchableQuerySet(SearchDocumentQuerySet):
    """Search, and a search key computed for every row written in bulk (bulk writes bypass save())."""

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create bypasses save(); the search key must still be computed for every row.
        objs = list(objs)
        for obj in objs:
            obj.search_document = build_search_document(*obj.searchable_texts())
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.search_document = build_search_document(*obj.searchable_texts())
        return super().bulk_update(objs, [*fields, "search_document"], *args, **kwargs)


class TaggedRecordMixin:
    @property
    def tag_list(self) -> str:
        """Tag names, comma-separated (for exports; prefetch `tags` on listings)."""
        return ", ".join(sorted(tag.name for tag in self.tags.all()))


class CountryGroup(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)

    class Meta:
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")
        ordering = ["code"]

    def __str__(self):
        return self.name_ja if (get_language() or "").startswith("ja") else self.name_en


class Country(models.Model):
    code = models.CharField(
        _("ISO 3166-1 code"), max_length=2, unique=True, help_text=_("Two capital letters, e.g. VN.")
    )
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    groups = models.ManyToManyField(CountryGroup, verbose_name=_("groups"), related_name="countries", blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_ja if (get_language() or "").startswith("ja") else self.name_en


class TaggedPartnerRegion(TaggedItemBase):
    content_object = ParentalKey("PartnerRegion", on_delete=models.CASCADE, related_name="tagged_items")


class PartnerRegion(TaggedRecordMixin, ClusterableModel):
    """A foreign sub-national government (state, province, city, ...) we have or may have ties with."""

    name = models.CharField(_("name"), max_length=200, help_text=_("In Latin script, e.g. Gyeonggi Province."))
    name_native = models.CharField(
        _("name in native script"), max_length=200, blank=True, help_text=_("e.g. 경기도, Tỉnh Quảng Nam.")
    )
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True, help_text=_("e.g. 京畿道."))
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    level = models.CharField(
        pgettext_lazy("region level", "level"), max_length=20, choices=RegionLevel.choices, default=RegionLevel.PROVINCE
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="partner_regions"
    )
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=TaggedPartnerRegion, blank=True)
    search_document = models.TextField(_("search document"), editable=False, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner region")
        verbose_name_plural = _("partner regions")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "name"]),
            *listing_sorts("partnerregion", "name_native", "level", "country"),
        ]

    def __str__(self):
        return self.name_ja if (get_language() or "").startswith("ja") and self.name_ja else self.name

    def searchable_texts(self) -> tuple[str, ...]:
        return (
            self.name,
            self.name_native,
            self.name_ja,
        )

    def save(self, *args, **kwargs):
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)


class TaggedMission(TaggedItemBase):
    content_object = ParentalKey("Mission", on_delete=models.CASCADE, related_name="tagged_items")


class Mission(TaggedRecordMixin, ClusterableModel):
    """A diplomatic or consular mission, or a trade/representative office, in Japan."""

    kind = models.CharField(_("kind"), max_length=30, choices=MissionKind.choices, default=MissionKind.EMBASSY)
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Embassy of Viet Nam in Japan."))
    name_ja = models.CharField(
        _("name (Japanese)"), max_length=200, blank=True, help_text=_("e.g. 駐日ベトナム大使館.")
    )
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="missions")
    city = models.CharField(_("city"), max_length=100, default="Tokyo")
    address = models.TextField(_("address"), blank=True)
    phones = models.JSONField(
        _("phones"), default=list, blank=True, help_text=_('A list of {"label": ..., "number": ...}.')
    )
    emails = models.JSONField(
        _("e-mails"), default=list, blank=True, help_text=_('A list of {"label": ..., "address": ...}.')
    )
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent mission"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinate_missions",
        help_text=_("The embassy a consulate reports to."),
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=TaggedMission, blank=True)
    search_document = models.TextField(_("search document"), editable=False, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("diplomatic mission")
        verbose_name_plural = _("diplomatic missions")
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "kind"]), *listing_sorts("mission", "kind", "country", "city")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="mission_not_own_parent"),
        ]

    def __str__(self):
        return self.name_ja if (get_language() or "").startswith("ja") and self.name_ja else self.name

    def searchable_texts(self) -> tuple[str, ...]:
        return (
            self.name,
            self.name_ja,
            self.city,
        )

    def save(self, *args, **kwargs):
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)


class TaggedOrganization(TaggedItemBase):
    content_object = ParentalKey("Organization", on_delete=models.CASCADE, related_name="tagged_items")


class Organization(TaggedRecordMixin, ClusterableModel):
    """Any other body we work with: JETRO, JICA, chambers, companies, universities, municipalities."""

    name = models.CharField(_("name"), max_length=200)
    name_native = models.CharField(_("name in native script"), max_length=200, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices, default=OrganizationKind.OTHER)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="organizations"
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=TaggedOrganization, blank=True)
    search_document = models.TextField(_("search document"), editable=False, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "kind"]),
            *listing_sorts("organization", "name_native", "kind", "country"),
        ]

    def __str__(self):
        return self.name_ja if (get_language() or "").startswith("ja") and self.name_ja else self.name

    def searchable_texts(self) -> tuple[str, ...]:
        return (
            self.name,
            self.name_native,
            self.name_ja,
        )

    def save(self, *args, **kwargs):
        self.search_document = build_search_document(*self.searchable_texts())
        super().save(*args, **kwargs)
