import io

import pytest
from wagtail.models import Page

from cms import demo
from cms.models import ContentPage, NewsPage

pytestmark = pytest.mark.django_db


def test_demo_builds_a_multilingual_site_and_is_idempotent(client):
    demo.seed(scale=1, stdout=io.StringIO())
    pages_after_first_run = Page.objects.count()

    demo.seed(scale=1, stdout=io.StringIO())

    assert Page.objects.count() == pages_after_first_run
    assert sorted(set(NewsPage.objects.live().values_list("locale__language_code", flat=True))) == [
        "en",
        "ja",
        "ko",
        "vi",
        "zh-hans",
    ]
    assert NewsPage.objects.filter(live=False).count() == 1
    assert ContentPage.objects.get(slug="for-foreign-residents").has_easy_version is True
    vietnamese = client.get("/vi/news/quang-nam-10th-anniversary/").content.decode()
    assert "<h1>Lễ kỷ niệm 10 năm quan hệ hữu nghị với tỉnh Quảng Nam</h1>" in vietnamese


def test_demo_scale_adds_benchmark_articles_in_a_valid_tree_once(client):
    demo.seed(scale=2, stdout=io.StringIO())
    demo.seed(scale=2, stdout=io.StringIO())

    bench = NewsPage.objects.filter(slug__startswith="bench-").order_by("path")
    assert [page.slug for page in bench] == [f"bench-{number:05d}" for number in range(1, 21)]
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get("/ja/news/bench-00020/").status_code == 200
