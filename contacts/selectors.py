"""Reads of people and their posts.

People and posts are directory records: every active staff account sees them, anonymous and inactive
accounts see none. Private e-mails and phones are personal details (see core.permissions).
"""

import datetime

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from core.permissions import is_office_staff, may_see_personal_details
from partners.choices import MissionKind
from partners.models import Country, Mission

from .choices import ContactLabel, Rank
from .models import Person, PersonEmail, PersonPhone, Post

# Rank choices are declared in order of precedence; this turns that order into a sortable number.
RANK_ORDER = {rank.value: position for position, rank in enumerate(Rank)}


def rank_order_expression():
    return Case(
        *(When(rank=value, then=Value(position)) for value, position in RANK_ORDER.items()),
        default=Value(len(RANK_ORDER)),
        output_field=IntegerField(),
    )


def people_visible_to(user) -> QuerySet[Person]:
    if not is_office_staff(user):
        return Person.objects.none()
    return Person.objects.select_related("nationality")


def posts_visible_to(user) -> QuerySet[Post]:
    if not is_office_staff(user):
        return Post.objects.none()
    return Post.objects.select_related(
        "person", "mission", "mission__country", "organization", "organization__country", "region", "region__country"
    )


def _personal_details_filter(user) -> Q:
    return Q() if may_see_personal_details(user) else ~Q(label=ContactLabel.PRIVATE)


def person_emails_visible_to(user) -> QuerySet[PersonEmail]:
    """Private addresses are personal details: only users with that permission see them."""
    if not is_office_staff(user):
        return PersonEmail.objects.none()
    return PersonEmail.objects.filter(_personal_details_filter(user))


def person_phones_visible_to(user) -> QuerySet[PersonPhone]:
    """Private numbers are personal details: only users with that permission see them."""
    if not is_office_staff(user):
        return PersonPhone.objects.none()
    return PersonPhone.objects.filter(_personal_details_filter(user))


def current_posts_prefetch(on: datetime.date | None = None, to_attr: str = "current_posts") -> Prefetch:
    """Prefetch each person's current posts with the body they serve, for listings (a fixed number of queries)."""
    queryset = (
        Post.objects.current(on)
        .select_related("mission", "organization", "region")
        .order_by(rank_order_expression(), "-start_date", "id")
    )
    return Prefetch("posts", queryset=queryset, to_attr=to_attr)


def people_for_listing(user) -> QuerySet[Person]:
    return people_visible_to(user).prefetch_related(current_posts_prefetch(), "tags")


def posts_of_person(user, person: Person) -> tuple[list[Post], list[Post]]:
    """(current, past) posts of a person, newest first."""
    today = timezone.localdate()
    posts = list(posts_visible_to(user).filter(person=person).order_by(F("start_date").desc(nulls_first=True), "-id"))
    current = [post for post in posts if post.is_current(today)]
    past = [post for post in posts if not post.is_current(today)]
    return current, past


def current_head_of_mission(mission: Mission, *, on: datetime.date | None = None) -> Post | None:
    """The post of whoever heads `mission` on `on` (today by default), or None when the post is vacant."""
    return (
        Post.objects.heads_of_mission()
        .current(on)
        .filter(mission=mission)
        .select_related("person", "mission")
        .order_by(F("start_date").desc(nulls_last=True), "-id")
        .first()
    )


def heads_of_mission_history(
    *, country: Country | None = None, mission: Mission | None = None, kind: str = MissionKind.EMBASSY
) -> QuerySet[Post]:
    """Every head of mission of `mission`, or of `country`'s missions of `kind`, newest first, in one query.

    The first row is the current head when the post is filled; the next row is the predecessor.
    """
    if (country is None) == (mission is None):
        raise ValueError("Pass exactly one of country or mission.")
    posts = Post.objects.heads_of_mission().select_related(
        "person", "mission", "mission__country", "predecessor__person"
    )
    posts = posts.filter(mission=mission) if mission is not None else posts.filter(mission__country=country)
    if country is not None and kind:
        posts = posts.filter(mission__kind=kind)
    return posts.order_by(F("start_date").desc(nulls_last=True), "-id")


def order_of_precedence(*, on: datetime.date | None = None) -> QuerySet[Post]:
    """Heads of embassies in Japan in the diplomatic order of precedence on `on` (today by default).

    Vienna Convention on Diplomatic Relations, art. 16: heads of mission rank within their class by the date
    they took up their functions, which in Japan is the presentation of credentials to the Emperor (art. 13).
    Ambassadors come first (by credentials date); chargés d'affaires follow (by the date they took charge).
    An ambassador who has not yet presented credentials is not yet in the order.
    """
    day = on or timezone.localdate()
    ambassador = Q(rank=Rank.AMBASSADOR, credentials_presented_on__isnull=False, credentials_presented_on__lte=day)
    charge = Q(rank=Rank.CHARGE_DAFFAIRES)
    return (
        Post.objects.heads_of_mission()
        .current(day)
        .filter(mission__kind=MissionKind.EMBASSY)
        .filter(ambassador | charge)
        .select_related("person", "mission", "mission__country")
        .annotate(
            precedence_class=Case(When(rank=Rank.AMBASSADOR, then=Value(0)), default=Value(1)),
            precedence_date=Case(
                When(rank=Rank.AMBASSADOR, then=F("credentials_presented_on")), default=F("start_date")
            ),
        )
        .order_by("precedence_class", F("precedence_date").asc(nulls_last=True), "id")
    )


def precedence_position(post: Post, *, on: datetime.date | None = None) -> int | None:
    """1-based position of `post` in the order of precedence, or None when it is not in it."""
    ids = list(order_of_precedence(on=on).values_list("id", flat=True))
    try:
        return ids.index(post.id) + 1
    except ValueError:
        return None


def people_of_country(user, country: Country, *, on: datetime.date | None = None) -> QuerySet[Person]:
    """People who are nationals of `country` or currently serve one of its missions, regions or organizations.

    Their keys are one UNION ALL of four index look-ups: as a filter with OR across the post's three bodies and
    the nationality, both databases scanned every post and every person (170-300 ms at size L, for any country)."""
    current = Post.objects.current(on).order_by()
    ids = (
        Person.objects.filter(nationality=country)
        .order_by()
        .values("pk")
        .union(
            current.filter(mission__country=country).values("person_id"),
            current.filter(region__country=country).values("person_id"),
            current.filter(organization__country=country).values("person_id"),
            all=True,
        )
    )
    return people_visible_to(user).filter(pk__in=ids)


def staff_of(
    *, mission: Mission | None = None, organization=None, region=None, on: datetime.date | None = None
) -> QuerySet[Post]:
    """Current posts at one mission, organization or partner region, by rank."""
    body = {"mission": mission, "organization": organization, "region": region}
    body = {key: value for key, value in body.items() if value is not None}
    if len(body) != 1:
        raise ValueError("Pass exactly one of mission, organization or region.")
    return (
        Post.objects.current(on)
        .filter(**body)
        .select_related("person")
        .order_by("-is_head_of_mission", rank_order_expression(), F("start_date").asc(nulls_last=True), "id")
    )


def mission_staff(mission: Mission, *, on: datetime.date | None = None) -> QuerySet[Post]:
    """Current posts at `mission`, by diplomatic rank (head of mission first)."""
    return staff_of(mission=mission, on=on)
