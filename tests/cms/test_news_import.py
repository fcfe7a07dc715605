import datetime
import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from cms.models import NewsPage
from cms.news_import import ImageLibrary, NewsFile, import_news, markdown_to_rich_text

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
Image = get_image_model()

ARTICLE = """---
title: "クアンナム省との友好交流10周年"
slug: "quang-nam-10"
thumbnail: "images/thumb.png"
description: "記念式典を開催しました。"
use: true
created_at: "2025-07-24 18:35:38"
---
# クアンナム省との友好交流10周年
![](/images/photo.png)
式典で披露されたランタン

7月24日、代表団を迎えました。

## これまでの歩み
**高校生交流**を続けています。
"""

VIETNAMESE = """---
title: "Lễ kỷ niệm 10 năm quan hệ hữu nghị với tỉnh Quảng Nam"
slug: "ky-niem-10-nam"
description: "Đoàn đại biểu tỉnh Quảng Nam đã đến thăm."
use: true
created_at: "2025-07-24 18:35:38"
---
# Lễ kỷ niệm 10 năm quan hệ hữu nghị với tỉnh Quảng Nam
Ngày 24 tháng 7, chúng tôi đã đón tiếp đoàn đại biểu Ủy ban nhân dân tỉnh.
"""


def _png(colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def images_dir(tmp_path):
    folder = tmp_path / "media"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "thumb.png").write_bytes(_png((10, 90, 160)))
    (folder / "images" / "photo.png").write_bytes(_png())
    return folder


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _import(*paths, **options):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_news", *map(str, paths), stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def test_import_creates_a_published_article_with_images_and_without_the_title_heading(tmp_path, ja, images_dir):
    path = _write(tmp_path, "articles/anniversary.md", ARTICLE)

    stdout, stderr = _import(path, images=str(images_dir))

    page = NewsPage.objects.get()
    body = [(block.block_type, block.value) for block in page.body]
    assert (page.title, page.slug, page.live, page.summary, page.locale.language_code) == (
        "クアンナム省との友好交流10周年",
        "quang-nam-10",
        True,
        "記念式典を開催しました。",
        "ja",
    )
    assert page.date == datetime.datetime(2025, 7, 24, 18, 35, 38, tzinfo=TOKYO)
    assert page.get_parent().specific == ja.news_index
    assert page.listing_image.file_hash != ""
    assert [block_type for block_type, _value in body] == ["image", "paragraph"]
    image_block = body[0][1]
    assert (image_block["alt_text"], image_block["caption"]) == ("式典で披露されたランタン", "式典で披露されたランタン")
    assert (
        body[1][1].source
        == "<p>7月24日、代表団を迎えました。</p>\n<h2>これまでの歩み</h2>\n<p><b>高校生交流</b>を続けています。</p>"
    )
    assert stderr == ""
    assert "created" in stdout
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1


def test_import_as_draft_when_use_is_false(tmp_path, ja):
    path = _write(tmp_path, "draft.md", ARTICLE.replace("use: true", "use: false"))

    _import(path)

    page = NewsPage.objects.get()
    assert (page.live, page.has_unpublished_changes, page.revisions.count()) == (False, True, 1)


def test_reimport_updates_the_same_page(tmp_path, ja, images_dir):
    path = _write(tmp_path, "anniversary.md", ARTICLE)
    _import(path, images=str(images_dir))
    first = NewsPage.objects.get()

    path.write_text(ARTICLE.replace("記念式典を開催しました。", "記念式典を盛大に開催しました。"), encoding="utf-8")
    stdout, _stderr = _import(path, images=str(images_dir))

    page = NewsPage.objects.get()
    assert (page.pk, page.summary, page.live) == (first.pk, "記念式典を盛大に開催しました。", True)
    assert Image.objects.count() == 2
    assert "updated" in stdout


def test_reimport_with_use_false_unpublishes(tmp_path, ja):
    path = _write(tmp_path, "anniversary.md", ARTICLE)
    _import(path)
    path.write_text(ARTICLE.replace("use: true", "use: false"), encoding="utf-8")

    _import(path)

    assert list(NewsPage.objects.values_list("live", flat=True)) == [False]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no front matter here", "No YAML front matter"),
        ('---\ntitle: "unclosed\n---\nbody', "Broken front matter"),
        ('---\nslug: "x"\ncreated_at: "2025-07-24 18:35:38"\n---\nbody', "The title is missing."),
        ('---\ntitle: "T"\ncreated_at: "24/07/2025"\n---\nbody', "created_at 24/07/2025 is not a date"),
        ('---\ntitle: "T"\nuse: "maybe"\ncreated_at: "2025-07-24 18:35:38"\n---\nbody', "'use' must be true or false"),
    ],
)
def test_bad_files_are_reported_with_path_and_reason_and_others_still_import(tmp_path, ja, text, reason):
    bad = _write(tmp_path, "news/bad.md", text)
    _write(tmp_path, "news/good.md", ARTICLE)

    with pytest.raises(CommandError, match="1 imported, 1 failed"):
        _import(tmp_path / "news")

    assert list(NewsPage.objects.values_list("slug", flat=True)) == ["quang-nam-10"]
    stderr = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_news", str(bad), stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().startswith(f"FAILED  {bad}: {reason}")


def test_import_reasons_are_in_japanese_for_japanese_staff(tmp_path, ja):
    bad = _write(tmp_path, "bad.md", "no front matter here")

    stderr = io.StringIO()
    with translation.override("ja"), pytest.raises(CommandError):
        call_command("import_news", str(bad), stdout=io.StringIO(), stderr=stderr)

    assert stderr.getvalue().startswith(f"FAILED  {bad}: YAMLフロントマターがありません。")


def test_missing_images_are_reported_and_the_article_still_imports(tmp_path, ja):
    path = _write(tmp_path, "anniversary.md", ARTICLE)

    _stdout, stderr = _import(path, images=str(tmp_path))

    page = NewsPage.objects.get()
    assert page.listing_image is None
    assert (page.body[0].block_type, page.body[0].value.source) == (
        "paragraph",
        "<p>式典で披露されたランタン</p>",
    )
    assert stderr.splitlines() == [
        f"  missing image in {path}: images/thumb.png",
        f"  missing image in {path}: /images/photo.png",
    ]


def test_vietnamese_text_keeps_its_diacritics_exactly(tmp_path, vi):
    path = _write(tmp_path, "ky-niem.md", VIETNAMESE)

    _import(path, locale="vi")

    page = NewsPage.objects.get()
    assert page.title == "Lễ kỷ niệm 10 năm quan hệ hữu nghị với tỉnh Quảng Nam"
    assert page.summary == "Đoàn đại biểu tỉnh Quảng Nam đã đến thăm."
    assert (
        page.body[0].value.source == "<p>Ngày 24 tháng 7, chúng tôi đã đón tiếp đoàn đại biểu Ủy ban nhân dân tỉnh.</p>"
    )
    assert (page.locale.language_code, page.get_parent().specific) == ("vi", vi.news_index)


def test_chinese_locale_is_accepted_by_its_public_prefix(tmp_path, site_tree):
    path = _write(tmp_path, "zh.md", ARTICLE.replace("quang-nam-10", "zh-article"))

    _import(path, locale="zh")

    assert NewsPage.objects.get().locale.language_code == "zh-hans"


def test_dry_run_writes_nothing(tmp_path, ja, images_dir):
    path = _write(tmp_path, "anniversary.md", ARTICLE)

    stdout, _stderr = _import(path, images=str(images_dir), dry_run=True)

    assert (NewsPage.objects.count(), Image.objects.count()) == (0, 0)
    assert stdout.splitlines() == [
        f"would create  {path} (published)",
        "1 imported, 0 failed (dry run, nothing written)",
    ]


def test_markdown_raw_html_and_scripts_never_pass():
    html = markdown_to_rich_text(
        'Hello <script>alert("x")</script><img src=x onerror="alert(1)"> '
        '[click](javascript:alert(1)) <a href="https://example.org" onclick="x()">ok</a>\n\n<iframe src="https://evil"></iframe>'
    )

    assert html == '<p>Hello  <a>click</a> <a href="https://example.org">ok</a></p>'


def test_admin_upload_imports_several_files_with_uploaded_images(staff_client, ja):
    response = staff_client.post(
        "/admin/news-import/",
        {
            "language": "ja",
            "files": [
                SimpleUploadedFile("anniversary.md", ARTICLE.encode(), content_type="text/markdown"),
                SimpleUploadedFile("broken.md", b"no front matter", content_type="text/markdown"),
            ],
            "images": [
                SimpleUploadedFile("thumb.png", _png((10, 90, 160)), content_type="image/png"),
                SimpleUploadedFile("photo.png", _png(), content_type="image/png"),
            ],
        },
    )

    html = response.content.decode()
    page = NewsPage.objects.get()
    assert response.status_code == 200
    assert (page.slug, page.live, page.listing_image is not None, page.owner) == (
        "quang-nam-10",
        True,
        True,
        response.wsgi_request.user,
    )
    assert "broken.md" in html
    assert "YAMLフロントマターがありません" in html


def test_admin_upload_is_refused_to_staff_without_page_permissions(client, ja):
    from tests.factories.core import UserFactory

    user = UserFactory(is_superuser=False)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.post(
        "/admin/news-import/",
        {"language": "ja", "files": [SimpleUploadedFile("a.md", ARTICLE.encode())]},
    )

    assert response.status_code in (302, 403)
    assert NewsPage.objects.count() == 0


def test_import_service_links_translations_by_translation_of(ja, vi):
    import_news(news_files=[NewsFile(name="ja.md", text=ARTICLE)], index=ja.news_index, images=ImageLibrary())
    translation = VIETNAMESE.replace('slug: "ky-niem-10-nam"', 'slug: "ky-niem-10-nam"\ntranslation_of: "quang-nam-10"')

    import_news(news_files=[NewsFile(name="vi.md", text=translation)], index=vi.news_index, images=ImageLibrary())

    japanese, vietnamese = NewsPage.objects.order_by("locale__language_code")
    assert japanese.translation_key == vietnamese.translation_key
