import datetime

import pytest

from contacts import services
from contacts.choices import NameOrder, Rank
from tests.factories.partners import MissionFactory, country


@pytest.fixture
def viet_nam_embassy(db):
    return MissionFactory(name="Embassy of Viet Nam in Japan", name_ja="駐日ベトナム大使館", country=country("VN"))


@pytest.fixture
def vietnamese_ambassador(db, viet_nam_embassy):
    person = services.create_person(
        family_name="Phạm",
        given_name="Quang Hiệu",
        family_name_latin="Pham",
        given_name_latin="Quang Hieu",
        family_name_kana="ファム",
        given_name_kana="クアン・ヒエウ",
        name_order=NameOrder.FAMILY_FIRST,
        honorific_prefix="H.E.",
        nationality=country("VN"),
        emails=[("work", "ambassador@vnembassy.example")],
    )
    services.start_post(
        person=person,
        mission=viet_nam_embassy,
        title="Ambassador Extraordinary and Plenipotentiary",
        title_ja="特命全権大使",
        rank=Rank.AMBASSADOR,
        is_head_of_mission=True,
        start_date=datetime.date(2023, 9, 1),
        credentials_presented_on=datetime.date(2023, 10, 12),
    )
    return person
