"""Demo content of the public site: the page tree of every locale and a few articles in five languages.

The articles are Markdown files in cms/demo_news/<language>/ imported through the same service editors use, so
`make demo` also shows the import at work. Idempotent: pages that exist (slug + locale) are left alone.
"""

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw
from wagtail.models import Locale

from .i18n import language_from_path
from .models import ContentPage, NewsPage
from .news_import import ImageLibrary, import_news, parse_article, read_news_file
from .services import create_live_pages_in_bulk, publish_new_page, set_up_public_site

DEMO_NEWS = Path(__file__).resolve().parent / "demo_news"
# Japanese first: translations refer to the Japanese article by its slug (front matter `translation_of`).
DEMO_LANGUAGES = ["ja", "en", "vi", "ko", "zh"]

EASY_JAPANESE_BODY = [
    {"type": "heading", "value": {"text": "こまった ときは そうだん してください", "level": "h2"}},
    {
        "type": "paragraph",
        "value": "<p>けんの こくさい こうりゅう ぶ は、がいこくじん の みなさんの そうだん を うけています。</p>"
        "<p>でんわ：000-000-0000（げつようび から きんようび、9じ から 17じ）</p>",
    },
]


def _lantern_png() -> bytes:
    """A small generated picture, so the demo needs no binary files in git."""
    picture = Image.new("RGB", (1200, 675), (18, 52, 86))
    draw = ImageDraw.Draw(picture)
    for column, colour in enumerate([(214, 64, 36), (240, 170, 40), (200, 40, 90), (250, 210, 90)]):
        left = 180 + column * 240
        draw.ellipse((left, 220, left + 150, 430), fill=colour)
        draw.line((left + 75, 120, left + 75, 220), fill=(230, 230, 230), width=4)
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _import_demo_news(*, tree, stdout) -> int:
    images = ImageLibrary(uploaded={"lanterns.png": _lantern_png()})
    imported = 0
    for folder in DEMO_LANGUAGES:
        language = language_from_path(f"/{folder}/")
        index = tree.by_language[language].news_index
        locale = Locale.objects.get(language_code=language)
        files = []
        for path in sorted((DEMO_NEWS / folder).glob("*.md")):
            news_file = read_news_file(path)
            if not NewsPage.objects.filter(slug=parse_article(news_file).slug, locale=locale).exists():
                files.append(news_file)
        for report in import_news(news_files=files, index=index, images=images):
            if report.failed:
                stdout.write(f"    demo article {report.name} failed: {report.reason}")
            else:
                imported += 1
    return imported


def _scale_news(*, tree, scale: int) -> int:
    """Extra Japanese articles for benchmarks (scale > 1), added live without revisions in one bulk write.

    publish_new_page (a revision, publish signals) took 160 ms an article, add_child alone 150 ms: over five
    minutes at scale 100.
    """
    index = tree.by_language["ja"].news_index
    existing = set(
        NewsPage.objects.filter(locale=index.locale, slug__startswith="bench-").values_list("slug", flat=True)
    )
    pages = [
        NewsPage(
            title=f"交流ニュース {number}",
            slug=f"bench-{number:05d}",
            summary="ベンチマーク用の記事です。",
            locale=index.locale,
        )
        for number in range(1, (scale - 1) * 20 + 1)
        if f"bench-{number:05d}" not in existing
    ]
    return len(create_live_pages_in_bulk(parent=index, pages=pages))


def _easy_japanese_page(*, tree) -> None:
    home = tree.by_language["ja"].home
    if ContentPage.objects.filter(slug="for-foreign-residents", locale=home.locale).exists():
        return
    page = ContentPage(
        title="外国人住民の皆さまへ",
        slug="for-foreign-residents",
        show_in_menus=True,
        intro="<p>生活や行政手続きの相談窓口をご案内します。</p>",
        body=[
            {"type": "heading", "value": {"text": "相談窓口", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>県国際交流課では、外国人住民の皆さまからの相談を受け付けています。</p>"
                "<p>電話：000-000-0000（平日9時〜17時）</p>",
            },
        ],
        easy_title="がいこくじん の みなさん へ",
        easy_body=EASY_JAPANESE_BODY,
    )
    publish_new_page(parent=home, page=page)


def seed(*, scale, stdout):
    tree = set_up_public_site()
    imported = _import_demo_news(tree=tree, stdout=stdout)
    _easy_japanese_page(tree=tree)
    extra = _scale_news(tree=tree, scale=scale) if scale > 1 else 0
    stdout.write(f"    public site: {len(tree.created)} pages set up, {imported} demo articles, {extra} extra articles")
