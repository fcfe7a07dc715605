from django.utils import translation

from contacts.models import Person, PersonEmail
from partners.models import Country, Organization
from transfers.duplicates import (
    find_duplicate_organizations,
    find_duplicate_people,
    person_name_keys,
    romanize_kana,
    similar_organizations,
    similar_people,
)


def _person(**names):
    return Person.objects.create(**names)


def _groups():
    return [sorted(person.pk for person in group.records) for group in find_duplicate_people()]


def test_romanize_kana_follows_hepburn():
    assert [romanize_kana(text) for text in ["さとう", "しょうた", "きっちょう", "じゅんいちろう", "ちゃん"]] == [
        "satou",
        "shouta",
        "kitchou",
        "junichirou",
        "chan",
    ]


def test_duplicate_people_found_across_scripts_and_romanizations(db):
    kana = _person(family_name="佐藤", given_name="優希", family_name_kana="サトウ", given_name_kana="ユウキ")
    macron = _person(family_name_latin="Satō", given_name_latin="Yūki")
    plain_swapped = _person(family_name_latin="Yuki", given_name_latin="SATOH")
    other = _person(family_name_latin="Sato", given_name_latin="Kenji")

    assert _groups() == [sorted([kana.pk, macron.pk, plain_swapped.pk])]
    assert other.pk not in _groups()[0]


def test_duplicate_people_found_with_diacritics_and_full_width(db):
    vietnamese = _person(family_name="Nguyễn", given_name="Văn An")
    ascii_name = _person(family_name_latin="NGUYEN", given_name_latin="Van An")
    full_width = _person(family_name_latin="ＮＧＵＹＥＮ", given_name_latin="ＶＡＮ ＡＮ")
    _person(family_name_latin="Nguyen", given_name_latin="Van Binh")

    assert _groups() == [[vietnamese.pk, ascii_name.pk, full_width.pk]]


def test_duplicate_people_found_by_native_name_written_without_space(db):
    spaced = _person(family_name="山田", given_name="太郎")
    joined = _person(family_name="山田太郎")
    korean = _person(family_name="김", given_name="민준")
    korean_swapped = _person(family_name="민준", given_name="김")

    assert _groups() == [[spaced.pk, joined.pk], [korean.pk, korean_swapped.pk]]


def test_duplicate_people_found_by_same_email_whatever_the_name(db):
    first = _person(family_name_latin="Kim", given_name_latin="Min-jun")
    second = _person(family_name="김", given_name="민준")
    PersonEmail.objects.create(person=first, address="minjun@example.kr")
    PersonEmail.objects.create(person=second, address="MinJun@Example.kr")

    with translation.override("en"):
        groups = find_duplicate_people()

    assert [(sorted(p.pk for p in group.records), group.reasons) for group in groups] == [
        ([first.pk, second.pk], ["same e-mail address"])
    ]


def test_a_lone_family_name_is_not_a_duplicate(db):
    _person(family_name_latin="Kim")
    _person(family_name_latin="Kim")

    assert _groups() == []
    assert person_name_keys(Person(family_name_latin="Kim")) == set()


def test_similar_people_warns_about_the_new_record(db):
    existing = _person(family_name_latin="Tran", given_name_latin="Thi Binh")
    new = _person(family_name="Trần", given_name="Thị Bình")

    assert similar_people(new) == [existing]


def test_duplicate_organizations_found_by_name_in_any_script(db):
    japan = Country.objects.get(code="JP")
    jetro = Organization.objects.create(name="JETRO", name_ja="日本貿易振興機構", country=japan)
    jetro_ja = Organization.objects.create(
        name="Japan External Trade Organization", name_ja="日本貿易振興機構", country=japan
    )
    jetro_wide = Organization.objects.create(name="ＪＥＴＲＯ", country=japan)
    Organization.objects.create(name="JICA", country=japan)

    groups = find_duplicate_organizations()

    assert [sorted(o.pk for o in group.records) for group in groups] == [[jetro.pk, jetro_ja.pk, jetro_wide.pk]]


# Zero-width space, word joiner, soft hyphen, zero-width joiner, byte-order mark: none shows on screen.
HIDDEN = ["\u200b", "\u2060", "\u00ad", "\u200d", "\ufeff"]


def test_characters_that_show_nothing_do_not_defeat_the_duplicate_warning(db):
    existing = _person(family_name="田中", given_name="太郎", family_name_latin="Tanaka", given_name_latin="Taro")
    disguised = [
        _person(
            family_name=f"田{hidden}中", given_name="太郎", family_name_latin=f"Tan{hidden}aka", given_name_latin="Taro"
        )
        for hidden in HIDDEN
    ]

    assert [similar_people(person)[:1] for person in disguised] == [[existing]] * len(HIDDEN)
    assert _groups() == [sorted([existing.pk, *(person.pk for person in disguised)])]


def test_characters_that_show_nothing_do_not_defeat_the_organization_duplicate_warning(db):
    japan = Country.objects.get(code="JP")
    jetro = Organization.objects.create(name="JETRO", country=japan)
    disguised = Organization.objects.create(name="JE\u200bT\u00adRO\u2060", country=japan)

    assert similar_organizations(disguised) == [jetro]
    assert [sorted(o.pk for o in group.records) for group in find_duplicate_organizations()] == [
        [jetro.pk, disguised.pk]
    ]
