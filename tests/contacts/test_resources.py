import datetime

from contacts.models import Person
from tests.transfers.helpers import import_content, round_trip

HEADINGS = "Family name (romanized),Given name (romanized),E-mails,Organization,Title"


def test_person_resource_round_trips_with_current_post_emails_phones_and_tags(directory):
    first, second, results = round_trip(["people"], wipe=lambda: Person.objects.all().delete())

    assert results["people"].counts == {"new": 2, "update": 0, "skip": 0, "error": 0}
    assert second == first
    ambassador = Person.objects.get(emails__address="pham@vnembassy.jp")
    post = ambassador.posts.get()
    assert (post.mission.name, post.title, post.title_ja, post.rank, post.start_date) == (
        "Embassy of Viet Nam in Japan",
        "Ambassador",
        "大使",
        "ambassador",
        datetime.date(2023, 4, 1),
    )
    assert [phone.number for phone in ambassador.phones.all()] == ["03-0000-0001"]
    assert [item.tag.name for item in ambassador.tagged_items.all()] == ["VIP"]
    assert ambassador.search_document != ""


def test_person_resource_matches_by_name_and_organization_without_email(directory):
    content = f"{HEADINGS}\nYamada,Taro,,JETRO,Senior director\n".encode()

    result = import_content("people", content)

    assert result.counts == {"new": 0, "update": 1, "skip": 0, "error": 0}
    assert [post.title for post in directory["officer"].posts.all()] == ["Senior director"]


def test_person_resource_matches_by_email_before_name(directory):
    content = f"{HEADINGS}\nPHAM,Quang Hieu,PHAM@vnembassy.jp,JETRO,Adviser\n".encode()

    result = import_content("people", content)

    assert result.counts == {"new": 0, "update": 1, "skip": 0, "error": 0}
    titles = sorted((post.organization_id is not None, post.title) for post in directory["ambassador"].posts.all())
    assert titles == [(False, "Ambassador"), (True, "Adviser")]
    directory["ambassador"].refresh_from_db()
    assert directory["ambassador"].family_name_latin == "PHAM"
