import datetime

import pytest
from taggit.models import Tag

from contacts.models import Person, PersonEmail, PersonPhone, Post, TaggedPerson
from partners.models import Country, Mission, Organization, PartnerRegion, TaggedPartnerRegion


def tag(through_model, obj, name):
    """Tags through the model: the tag managers are cluster-aware and save only with their parent form."""
    through_model.objects.create(content_object=obj, tag=Tag.objects.get_or_create(name=name)[0])


@pytest.fixture
def directory(db):
    """A small directory with every kind of record the resources carry, in several scripts."""
    vietnam, korea = Country.objects.get(code="VN"), Country.objects.get(code="KR")
    region = PartnerRegion.objects.create(
        name="Gyeonggi Province",
        name_native="경기도",
        name_ja="京畿道",
        slug="gyeonggi",
        country=korea,
        level="province",
        population=13_600_000,
    )
    tag(TaggedPartnerRegion, region, "sister region")
    embassy = Mission.objects.create(
        name="Embassy of Viet Nam in Japan",
        name_ja="駐日ベトナム大使館",
        country=vietnam,
        kind="embassy",
        phones=[{"label": "Main", "number": "03-3466-3311"}],
        emails=[{"label": "", "address": "info@vnembassy.jp"}],
    )
    consulate = Mission.objects.create(
        name="Consulate-General of Viet Nam in Osaka",
        country=vietnam,
        kind="consulate_general",
        city="Osaka",
        parent=embassy,
    )
    jetro = Organization.objects.create(
        name="JETRO", name_ja="日本貿易振興機構", country=Country.objects.get(code="JP")
    )
    ambassador = Person.objects.create(
        family_name="Phạm",
        given_name="Quang Hiệu",
        family_name_latin="Pham",
        given_name_latin="Quang Hieu",
        family_name_kana="ファム",
        given_name_kana="クアン・ヒエウ",
        nationality=vietnam,
        honorific_prefix="H.E.",
        notes="Prefers mornings.",
    )
    PersonEmail.objects.create(person=ambassador, address="pham@vnembassy.jp")
    PersonPhone.objects.create(person=ambassador, number="03-0000-0001")
    Post.objects.create(
        person=ambassador,
        mission=embassy,
        title="Ambassador",
        title_ja="大使",
        rank="ambassador",
        start_date=datetime.date(2023, 4, 1),
    )
    tag(TaggedPerson, ambassador, "VIP")
    officer = Person.objects.create(
        family_name="山田",
        given_name="太郎",
        family_name_kana="ヤマダ",
        given_name_kana="タロウ",
        family_name_latin="Yamada",
        given_name_latin="Taro",
    )
    Post.objects.create(person=officer, organization=jetro, title="Director", rank="director")
    return {
        "region": region,
        "embassy": embassy,
        "consulate": consulate,
        "jetro": jetro,
        "ambassador": ambassador,
        "officer": officer,
    }
