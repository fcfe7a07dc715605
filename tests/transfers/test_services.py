import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import ModelLogEntry

from contacts.models import Person, PersonEmail, Post, TaggedPerson
from partners.models import Country
from transfers.services import _person_relations, export_file, merge_conflicts, merge_people


@pytest.fixture
def twin(directory):
    """The ambassador entered a second time, in Japanese, with an e-mail and a tag of his own."""
    twin = Person.objects.create(
        family_name_kana="ファム",
        given_name_kana="クアン・ヒエウ",
        family_name_latin="Pham",
        given_name_latin="Quang Hieu",
        honorific_prefix="Mr.",
        nationality=Country.objects.get(code="VN"),
        notes="Met at the JETRO seminar.",
        languages="vi, en",
    )
    PersonEmail.objects.create(person=twin, address="pham@vnembassy.jp")
    PersonEmail.objects.create(person=twin, address="hieu.pham@example.vn")
    Post.objects.create(
        person=twin,
        organization=directory["jetro"],
        title="Guest speaker",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 2),
    )
    TaggedPerson.objects.create(content_object=twin, tag=Tag.objects.create(name="speaker"))
    TaggedPerson.objects.create(content_object=twin, tag=Tag.objects.get(name="VIP"))
    return twin


def test_merge_conflicts_lists_fields_filled_differently(directory, twin):
    conflicts = merge_conflicts(keep=directory["ambassador"], drop=twin)

    assert [(field.name, kept, dropped) for field, kept, dropped in conflicts] == [
        ("honorific_prefix", "H.E.", "Mr."),
        ("notes", "Prefers mornings.", "Met at the JETRO seminar."),
    ]


def test_merge_people_moves_every_related_record(directory, twin, staff_user):
    keep = directory["ambassador"]

    summary = merge_people(keep=keep, drop=twin, field_choices={"honorific_prefix": "keep"}, user=staff_user)

    keep.refresh_from_db()
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert sorted(email.address for email in keep.emails.all()) == ["hieu.pham@example.vn", "pham@vnembassy.jp"]
    assert sorted(post.title for post in keep.posts.all()) == ["Ambassador", "Guest speaker"]
    assert sorted(item.tag.name for item in keep.tagged_items.all()) == ["VIP", "speaker"]
    assert (keep.honorific_prefix, keep.languages) == ("H.E.", "vi, en")
    assert keep.notes == "Prefers mornings.\n\nMet at the JETRO seminar."
    assert summary["values_not_kept"] == {"honorific_prefix": "Mr."}
    entry = ModelLogEntry.objects.get(action="transfers.merge_people")
    assert (entry.object_id, entry.data["dropped"]["id"]) == (str(keep.pk), twin.pk)


def test_merge_people_takes_the_chosen_value_of_the_dropped_person(directory, twin, staff_user):
    keep = directory["ambassador"]

    summary = merge_people(keep=keep, drop=twin, field_choices={"honorific_prefix": "drop"}, user=staff_user)

    keep.refresh_from_db()
    assert (keep.honorific_prefix, summary["values_not_kept"]) == ("Mr.", {"honorific_prefix": "H.E."})


def test_merge_people_covers_every_relation_to_person(directory, twin, staff_user):
    """Models landing later (engagements, delegations, gifts) are found through Person._meta.related_objects."""
    relations = {(model._meta.label, field) for model, field in _person_relations()}
    expected = {
        (relation.related_model._meta.label, relation.field.name)
        for relation in Person._meta.related_objects
        if not relation.many_to_many
    }

    assert expected <= relations
    assert {"contacts.PersonEmail", "contacts.Post", "contacts.TaggedPerson"} <= {label for label, _f in relations}


def test_merge_people_refuses_merging_a_person_with_themselves(directory, staff_user):
    with pytest.raises(ValidationError):
        merge_people(keep=directory["ambassador"], drop=directory["ambassador"], user=staff_user)


def test_export_query_count_does_not_grow_with_rows(directory):
    def count(resource_name):
        with CaptureQueriesContext(connection) as context:
            export_file(resource_name=resource_name)
        return len(context)

    before = {name: count(name) for name in ("regions", "missions", "organizations", "people")}
    for index in range(5):
        person = Person.objects.create(family_name_latin=f"Extra{index}", given_name_latin="Person")
        PersonEmail.objects.create(person=person, address=f"extra{index}@example.com")
        Post.objects.create(person=person, mission=directory["embassy"], title="Attaché")
    after = {name: count(name) for name in ("regions", "missions", "organizations", "people")}

    assert after == before


def test_merge_people_moves_engagements_delegation_memberships_gifts_and_itineraries(directory, twin, staff_user):
    from events.models import DelegationMember, Gift
    from tests.factories.events import DelegationMemberFactory, GiftFactory, ItineraryItemFactory
    from tests.factories.relations import EngagementFactory

    keep = directory["ambassador"]
    shared = EngagementFactory(subject="Both attended")
    shared.people.set([keep, twin])
    only_twin = EngagementFactory(subject="Twin only")
    only_twin.people.set([twin])
    membership = DelegationMemberFactory(person=twin)
    gift = GiftFactory(person=twin)
    item = ItineraryItemFactory()
    item.counterparts.set([twin])
    item.save()  # parental many-to-many values are written when the cluster is saved

    summary = merge_people(keep=keep, drop=twin, user=staff_user)

    assert sorted(engagement.subject for engagement in keep.engagements.all()) == ["Both attended", "Twin only"]
    assert list(shared.people.all()) == [keep]
    assert DelegationMember.objects.get(pk=membership.pk).person == keep
    assert Gift.objects.get(pk=gift.pk).person == keep
    assert list(type(item).objects.get(pk=item.pk).counterparts.all()) == [keep]
    assert summary["moved"]["relations.Engagement_people"] == {"moved": 1, "duplicates_removed": 1}
