"""Record pages of the directory: people, missions, partner regions and organizations (core.record_pages).

Each page's header and its directory sections (posts, staff, heads of mission) are written here; meetings,
follow-ups, ties, visits, gifts and the actions that go with them are added by relations and events.
"""

from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from core.record_pages import (
    Badge,
    Fact,
    Link,
    RecordPageView,
    Row,
    Section,
    facts,
    initials,
    record_url,
    tenure_label,
)
from partners import selectors as partner_selectors
from partners.models import Country, PartnerRegion

from . import selectors
from .choices import NameOrder


def language_names(codes: str) -> str:
    """ "vi, en" -> "Vietnamese, English" in the reader's language; a code Django does not know is kept as it is."""
    names = []
    for code in (part.strip() for part in codes.replace("、", ",").split(",")):
        if not code:
            continue
        try:
            names.append(str(get_language_info(code.lower())["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)


def country_flag(country: Country | None) -> dict | None:
    """What the header's flag shows: the ISO code (drawn as a chip: no image, no emoji font needed) and the name."""
    if country is None:
        return None
    return {"code": country.code, "name": str(country), "url": record_url(country)}


def contact_list_facts(entries, *, kind: str) -> list[Fact]:
    """A mission's phones or e-mails (a list of {"label": ..., "number"/"address": ...}) as header facts."""
    result = []
    for entry in entries or []:
        if not isinstance(entry, dict):
            continue
        value = str(entry.get("number" if kind == "phone" else "address") or "").strip()
        if not value:
            continue
        default = _("Phone") if kind == "phone" else _("E-mail")
        label = str(entry.get("label") or "").strip() or str(default)
        url = f"tel:{value.replace(' ', '')}" if kind == "phone" else f"mailto:{value}"
        result.append(Fact(label=label, value=value, url=url))
    return result


def post_link(post, *, today=None, with_body=True) -> Link:
    label = f"{post.display_title}, {post.body}" if with_body else post.display_title
    return Link(label=label, url=record_url(post), detail=tenure_label(post.start_date, today))


def posts_section(key, title, posts, *, order, empty_text, show_person=False, show_body=True, show_credentials=False):
    return Section(
        key=key,
        title=str(title),
        order=order,
        wide=True,
        template_name="contacts/record/posts_section.html",
        context={
            "posts": posts,
            "show_person": show_person,
            "show_body": show_body,
            "show_credentials": show_credentials,
            "empty_text": str(empty_text),
        },
    )


def person_initial_names(person) -> tuple[str, str]:
    """The two names an avatar's initials come from, romanized when known, in the order the name is written."""
    family = person.family_name_latin or person.family_name
    given = person.given_name_latin or person.given_name
    return (family, given) if person.name_order == NameOrder.FAMILY_FIRST else (given, family)


class PersonRecordView(RecordPageView):
    header_icon = "user"
    select_for_page = ("photo",)
    prefetch_for_page = ("tags",)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.current_posts, self.past_posts = selectors.posts_of_person(request.user, self.object)

    def get_page_subtitle(self):
        return self.object.display_name

    def get_names(self) -> list[tuple[str, str]]:
        """The name in each script the record holds, labelled."""
        person = self.object
        names = [
            (_("Native script"), person.native_name),
            (_("Romanized"), person.latin_name),
        ]
        return [(str(label), value) for label, value in names if value and value != person.display_name]

    def get_badges(self):
        badges = list(super().get_badges())
        if any(post.is_head_of_mission for post in self.current_posts):
            badges.append(Badge(str(_("Head of mission")), "positive"))
        return tuple(badges)

    def get_facts(self):
        person, user = self.object, self.request.user
        emails = selectors.person_emails_visible_to(user).filter(person=person)
        phones = selectors.person_phones_visible_to(user).filter(person=person)
        honorifics = " / ".join(part for part in (person.honorific_prefix, person.honorific_suffix_ja) if part)
        current = tuple(post_link(post) for post in self.current_posts)
        return facts(
            Fact(label=str(_("Current posts")), links=current),
            (_("Honorific"), honorifics),
            Fact(
                label=str(_("Nationality")),
                value=str(person.nationality) if person.nationality_id else "",
                url=record_url(person.nationality) if person.nationality_id else "",
            ),
            (_("Languages spoken"), language_names(person.languages)),
            *(Fact(label=str(email.heading), value=email.address, url=f"mailto:{email.address}") for email in emails),
            *(
                Fact(label=str(phone.heading), value=phone.number, url=f"tel:{phone.number.replace(' ', '')}")
                for phone in phones
            ),
        )

    def get_sections(self):
        return [
            posts_section(
                "career",
                _("Career"),
                [*self.current_posts, *self.past_posts],
                order=70,
                empty_text=_("No posts recorded."),
                show_credentials=any(post.is_head_of_mission for post in [*self.current_posts, *self.past_posts]),
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context.update(
            person=person,
            names=self.get_names(),
            reading=person.kana_name,
            initials=initials(*person_initial_names(person)),
            is_japanese=(get_language() or "").startswith("ja"),
        )
        return context


class PartnerRecordView(RecordPageView):
    """A mission, partner region or organization: its country's flag, its names, the people serving there now."""

    header_icon = "site"
    select_for_page = ("country",)
    prefetch_for_page = ("tags",)
    staff_title = _("People serving here now")

    def get_names(self) -> list[tuple[str, str]]:
        record = self.object
        names = [
            (_("Name"), record.name),
            (_("Name in native script"), getattr(record, "name_native", "")),
            (_("Name (Japanese)"), record.name_ja),
        ]
        shown = str(record)
        return [(str(label), value) for label, value in names if value and value != shown]

    def staff(self):
        field = "region" if isinstance(self.object, PartnerRegion) else self.model._meta.model_name
        return selectors.staff_of(**{field: self.object})

    def get_sections(self):
        return [
            posts_section(
                "staff",
                self.staff_title,
                list(self.staff()),
                order=5,
                empty_text=_("No current posts recorded."),
                show_person=True,
                show_body=False,
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(names=self.get_names(), flag=country_flag(self.object.country))
        return context


class MissionRecordView(PartnerRecordView):
    select_for_page = ("country", "parent")
    staff_title = _("Staff (by rank)")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.head = selectors.current_head_of_mission(self.object)

    def get_facts(self):
        mission, head = self.object, self.head
        head_fact = Fact(label=str(_("Head of mission")), value=str(_("Vacant or not recorded")))
        if head is not None:
            precedence = selectors.precedence_position(head)
            detail = tenure_label(head.start_date)
            if precedence:
                detail = " ".join(
                    part
                    for part in (
                        detail,
                        str(_("Position %(position)s in the diplomatic order of precedence."))
                        % {"position": precedence},
                    )
                    if part
                )
            head_fact = Fact(
                label=str(_("Head of mission")),
                links=(Link(f"{head.person}, {head.display_title}", record_url(head.person), detail),),
            )
        return facts(
            head_fact,
            (_("Kind"), mission.get_kind_display()),
            Fact(label=str(_("Country")), value=str(mission.country), url=record_url(mission.country)),
            (_("City"), mission.city),
            (_("Address"), mission.address),
            *contact_list_facts(mission.phones, kind="phone"),
            *contact_list_facts(mission.emails, kind="email"),
            Fact(label=str(_("Website")), value=mission.website, url=mission.website),
            Fact(
                label=str(_("Reports to")),
                value=str(mission.parent) if mission.parent_id else "",
                url=record_url(mission.parent) if mission.parent_id else "",
            ),
        )

    def get_sections(self):
        sections = super().get_sections()
        sections.append(
            posts_section(
                "heads-of-mission",
                _("Heads of mission, newest first"),
                list(selectors.heads_of_mission_history(mission=self.object)[:20]),
                order=75,
                empty_text=_("No heads of mission recorded."),
                show_person=True,
                show_body=False,
                show_credentials=True,
            )
        )
        subordinates = list(self.object.subordinate_missions.select_related("country"))
        if subordinates:
            sections.append(
                Section(
                    key="subordinate-missions",
                    title=str(_("Missions reporting to this one")),
                    order=76,
                    rows=[
                        Row(
                            label=str(mission),
                            url=record_url(mission),
                            details=(mission.get_kind_display(), mission.city),
                        )
                        for mission in subordinates
                    ],
                )
            )
        return sections


class PartnerRegionRecordView(PartnerRecordView):
    def get_facts(self):
        region = self.object
        return facts(
            (_("Level"), region.get_level_display()),
            Fact(label=str(_("Country")), value=str(region.country), url=record_url(region.country)),
            (_("Population"), f"{region.population:,}" if region.population is not None else ""),
            Fact(label=str(_("Website")), value=region.website, url=region.website),
        )


class OrganizationRecordView(PartnerRecordView):
    def get_facts(self):
        organization = self.object
        return facts(
            (_("Kind"), organization.get_kind_display()),
            Fact(label=str(_("Country")), value=str(organization.country), url=record_url(organization.country)),
            Fact(label=str(_("Website")), value=organization.website, url=organization.website),
        )


class CountryRecordView(RecordPageView):
    """A country: its missions in Japan, its ambassadors, its partner regions and organizations, its people."""

    header_icon = "globe"
    prefetch_for_page = ("groups",)
    rows_shown = 20

    def get_facts(self):
        country = self.object
        return facts(
            (_("ISO 3166-1 code"), country.code),
            (_("Groups"), ", ".join(str(group) for group in country.groups.all())),
        )

    def get_names(self) -> list[tuple[str, str]]:
        country, shown = self.object, str(self.object)
        names = [(_("Name (English)"), country.name_en), (_("Name (Japanese)"), country.name_ja)]
        return [(str(label), value) for label, value in names if value and value != shown]

    def listed(self, key, title, records, *, order, details, empty_text, more_url):
        """A section of the country's directory records, each a link, with the filtered listing past the first."""
        records = list(records[: self.rows_shown + 1])
        return Section(
            key=key,
            title=str(title),
            rows=[
                Row(label=str(record), url=record_url(record), details=details(record))
                for record in records[: self.rows_shown]
            ],
            empty_text=str(empty_text),
            more_url=more_url if len(records) > self.rows_shown else "",
            more_label=str(_("See all")),
            order=order,
        )

    def get_sections(self):
        country, user = self.object, self.request.user
        missions = partner_selectors.missions_visible_to(user).filter(country=country).order_by("kind", "name")
        regions = partner_selectors.partner_regions_visible_to(user).filter(country=country).order_by("name")
        organizations = partner_selectors.organizations_visible_to(user).filter(country=country).order_by("name")
        people = selectors.people_of_country(user, country).prefetch_related(selectors.current_posts_prefetch())
        return [
            self.listed(
                "missions",
                _("Missions in Japan"),
                missions,
                order=6,
                details=lambda mission: (mission.get_kind_display(), mission.city),
                empty_text=_("No missions recorded."),
                more_url=f"{reverse('wagtailsnippets_partners_mission:list')}?country={country.pk}",
            ),
            posts_section(
                "ambassadors",
                _("Ambassadors to Japan, newest first"),
                list(selectors.heads_of_mission_history(country=country)[:10]),
                order=60,
                empty_text=_("No ambassadors recorded."),
                show_person=True,
                show_body=False,
                show_credentials=True,
            ),
            self.listed(
                "people",
                _("People"),
                people,
                order=8,
                details=lambda person: tuple(f"{post.display_title}, {post.body}" for post in person.current_posts),
                empty_text=_("No people recorded."),
                more_url=f"{reverse('wagtailsnippets_contacts_person:list')}?serving_country={country.pk}",
            ),
            self.listed(
                "partner-regions",
                _("Partner regions"),
                regions,
                order=16,
                details=lambda region: (region.name_native, region.get_level_display()),
                empty_text=_("No partner regions recorded."),
                more_url=f"{reverse('wagtailsnippets_partners_partnerregion:list')}?country={country.pk}",
            ),
            self.listed(
                "organizations",
                _("Organizations"),
                organizations,
                order=17,
                details=lambda organization: (organization.get_kind_display(),),
                empty_text=_("No organizations recorded."),
                more_url=f"{reverse('wagtailsnippets_partners_organization:list')}?country={country.pk}",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        context.update(names=self.get_names(), flag={"code": country.code, "name": str(country), "url": ""})
        return context
