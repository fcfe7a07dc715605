"""Import of news articles written as Markdown with YAML front matter (press releases, partner articles).

Used by `manage.py import_news` and by the "Import news" view of the staff workspace. Each file is imported in
its own transaction: a broken file is reported with its path and the reason, and the others still import.
Markdown becomes rich text through an allow-list (nh3), so raw HTML, scripts and event handlers never reach a
page. The article's page is matched by slug and locale, so importing the same file again updates it.
"""

import datetime
import hashlib
import re
import zoneinfo
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath

import markdown
import nh3
import yaml
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Locale

from .models import NewsIndexPage, NewsPage

SOURCE_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Tokyo")
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.DOTALL)
IMAGE_LINE = re.compile(r"^\s*!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+[\"'][^)]*[\"'])?\)\s*$")
TITLE_HEADING = re.compile(r"^#(?!#)\s*(?P<text>.+?)\s*#*\s*$")
CAPTION_EXCLUDED_STARTS = ("#", "!", "-", "*", "+", ">", "|", "```")
SLUG = re.compile(r"^[-\w]+$")

# What the paragraph block's rich text may hold (see blocks.RICH_TEXT_FEATURES); everything else is removed.
ALLOWED_TAGS = {"p", "h2", "h3", "h4", "b", "i", "a", "ul", "ol", "li", "br", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class NewsImportError(Exception):
    """A file that cannot be imported; the message is the reason shown to the editor."""


@dataclass(frozen=True)
class NewsFile:
    name: str
    text: str
    directory: Path | None = None


@dataclass
class ImageLibrary:
    """Where the images an article refers to are found: a folder (--images) and/or uploaded files by name."""

    directory: Path | None = None
    uploaded: dict[str, bytes] = field(default_factory=dict)

    def find(self, reference: str, *, next_to: Path | None = None) -> tuple[str, bytes] | None:
        relative = PurePosixPath(reference.split("?")[0].split("#")[0].lstrip("/"))
        if ".." in relative.parts or not relative.name:
            return None
        if relative.name in self.uploaded:
            return relative.name, self.uploaded[relative.name]
        candidates = []
        if self.directory is not None:
            # "/images/photo.webp" is found as DIR/images/photo.webp, DIR/photo.webp or DIR/<last folders>/photo.webp.
            candidates += [self.directory / Path(*relative.parts[index:]) for index in range(len(relative.parts))]
        if next_to is not None:
            candidates.append(next_to / Path(*relative.parts))
        for candidate in candidates:
            if candidate.is_file():
                return candidate.name, candidate.read_bytes()
        return None


@dataclass(frozen=True)
class Article:
    title: str
    slug: str
    summary: str
    publish: bool
    date: datetime.datetime
    body: str
    thumbnail: str
    translation_of: str


@dataclass
class ImportReport:
    name: str
    action: str  # created, updated, failed (prefixed by "would " in a dry run)
    reason: str = ""
    missing_images: list[str] = field(default_factory=list)
    page: NewsPage | None = None
    published: bool = False

    @property
    def failed(self) -> bool:
        return self.action == "failed"


# Parsing -------------------------------------------------------------------------------------------------


def _parse_date(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time.min)
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise NewsImportError(
                _("created_at %(value)s is not a date and time like 2025-07-24 18:35:38.") % {"value": value}
            ) from error
    else:
        raise NewsImportError(_("created_at is missing."))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SOURCE_TIME_ZONE)
    return moment


def parse_article(news_file: NewsFile) -> Article:
    """Read front matter and body, or raise NewsImportError saying what is wrong."""
    match = FRONT_MATTER.match(news_file.text)
    if match is None:
        raise NewsImportError(_("No YAML front matter: the file must start with a line '---' and close it with '---'."))
    try:
        meta = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as error:
        raise NewsImportError(
            _("Broken front matter: %(problem)s") % {"problem": str(error).replace("\n", " ")}
        ) from error
    if not isinstance(meta, dict):
        raise NewsImportError(_("Broken front matter: it must be a list of 'key: value' lines."))

    title = meta.get("title")
    if not isinstance(title, str | int | float) or not str(title).strip():
        raise NewsImportError(_("The title is missing."))
    title = str(title).strip()

    slug = meta.get("slug")
    slug = str(slug).strip() if slug not in (None, "") else slugify(Path(news_file.name).stem, allow_unicode=True)
    if not SLUG.match(slug):
        raise NewsImportError(
            _("The slug %(slug)s may only contain letters, digits, hyphens and underscores.") % {"slug": slug}
        )

    publish = meta.get("use", False)
    if not isinstance(publish, bool):
        raise NewsImportError(_("'use' must be true or false."))

    return Article(
        title=title,
        slug=slug,
        summary=str(meta.get("description") or "").strip(),
        publish=publish,
        date=_parse_date(meta.get("created_at")),
        body=match["body"],
        thumbnail=str(meta.get("thumbnail") or "").strip(),
        translation_of=str(meta.get("translation_of") or "").strip(),
    )


# Markdown to blocks --------------------------------------------------------------------------------------


def markdown_to_rich_text(text: str) -> str:
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    # The page title is the only <h1>; deeper levels are folded into what the editor offers.
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    html = re.sub(r"<(/?)h[56]\b", r"<\1h4", html)
    html = re.sub(r"<(/?)strong\b", r"<\1b", html)
    html = re.sub(r"<(/?)em\b", r"<\1i", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
    return cleaned.strip()


def _without_title_heading(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        return lines[index + 1 :] if TITLE_HEADING.match(line) else lines
    return lines


def split_body(body: str) -> list[tuple[str, dict]]:
    """The body as ("markdown", {"text"}) and ("image", {"src", "alt", "caption"}) segments, in order.

    An image on a line of its own takes the line right under it (no blank line between) as its caption.
    """
    lines = _without_title_heading(body.splitlines())
    segments: list[tuple[str, dict]] = []
    text: list[str] = []
    index = 0
    while index < len(lines):
        image = IMAGE_LINE.match(lines[index])
        if image is None:
            text.append(lines[index])
            index += 1
            continue
        caption = ""
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if following and not following.startswith(CAPTION_EXCLUDED_STARTS) and not IMAGE_LINE.match(following):
            caption = following
            index += 1
        if "".join(text).strip():
            segments.append(("markdown", {"text": "\n".join(text)}))
        text = []
        segments.append(("image", {"src": image["src"], "alt": image["alt"].strip(), "caption": caption}))
        index += 1
    if "".join(text).strip():
        segments.append(("markdown", {"text": "\n".join(text)}))
    return segments


# Images --------------------------------------------------------------------------------------------------


def _wagtail_image(*, name: str, data: bytes, title: str, user):
    """The Wagtail image with exactly these bytes, created on first use so re-imports add no duplicates."""
    Image = get_image_model()
    existing = Image.objects.filter(file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest()).first()
    if existing is not None:
        return existing
    try:
        with PillowImage.open(BytesIO(data)) as probe:
            probe.verify()
    except (UnidentifiedImageError, OSError) as error:
        raise NewsImportError(_("%(name)s is not a readable image.") % {"name": name}) from error
    image = Image(title=title[:255], file=ImageFile(BytesIO(data), name=name), uploaded_by_user=user)
    image._set_image_file_metadata()  # file size and hash, as Wagtail's upload form does
    image.save()
    log(instance=image, action="wagtail.create", user=user)
    return image


# Import --------------------------------------------------------------------------------------------------


def _build_body(*, article: Article, news_file: NewsFile, images: ImageLibrary, report: ImportReport, user, write):
    blocks = []
    for kind, segment in split_body(article.body):
        if kind == "markdown":
            html = markdown_to_rich_text(segment["text"])
            if html:
                blocks.append({"type": "paragraph", "value": html})
            continue
        found = images.find(segment["src"], next_to=news_file.directory)
        image = None
        if found is not None and write:
            try:
                image = _wagtail_image(
                    name=found[0], data=found[1], title=segment["caption"] or article.title, user=user
                )
            except NewsImportError as error:
                report.missing_images.append(f"{segment['src']} ({error})")
                found = None
        elif found is None:
            report.missing_images.append(segment["src"])
        if image is not None:
            blocks.append(
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": (segment["alt"] or segment["caption"] or article.title)[:300],
                        "caption": segment["caption"][:300],
                    },
                }
            )
        elif found is None and segment["caption"]:
            # The caption still carries information when the image cannot be shown.
            blocks.append({"type": "paragraph", "value": markdown_to_rich_text(segment["caption"])})
    return blocks


@transaction.atomic
def import_news_file(
    *, news_file: NewsFile, index: NewsIndexPage, images: ImageLibrary, user=None, dry_run=False, allow_publish=True
) -> ImportReport:
    """Create or update (slug + locale) one news page from one file; audit-logged through page revisions.

    Raises NewsImportError for a file that cannot be imported; nothing of that file is written then.
    In a dry run nothing is written at all (images are only looked up).
    """
    article = parse_article(news_file)
    page = NewsPage.objects.filter(slug=article.slug, locale_id=index.locale_id).first()
    report = ImportReport(name=news_file.name, action="updated" if page else "created")
    body = _build_body(article=article, news_file=news_file, images=images, report=report, user=user, write=not dry_run)
    thumbnail = None
    if article.thumbnail:
        found = images.find(article.thumbnail, next_to=news_file.directory)
        if found is None:
            report.missing_images.insert(0, article.thumbnail)
        elif not dry_run:
            try:
                thumbnail = _wagtail_image(name=found[0], data=found[1], title=article.title, user=user)
            except NewsImportError as error:
                report.missing_images.insert(0, f"{article.thumbnail} ({error})")
    report.published = article.publish and allow_publish
    if dry_run:
        report.action = f"would {'update' if page else 'create'}"
        return report

    is_new = page is None
    if is_new:
        page = NewsPage(locale=index.locale, slug=article.slug, live=False, owner=user)
        if article.translation_of:
            source = NewsPage.objects.filter(slug=article.translation_of).exclude(locale=index.locale).first()
            if source is not None:
                page.translation_key = source.translation_key
    else:
        page = page.get_latest_revision_as_object()
    page.title = article.title
    page.date = article.date
    page.summary = article.summary
    page.body = body
    if thumbnail is not None:
        page.listing_image = thumbnail
        page.listing_image_alt = article.title[:300]
    try:
        if is_new:
            index.add_child(instance=page)
            log(instance=page, action="wagtail.create", user=user)
        else:
            page.full_clean()
    except ValidationError as error:
        raise NewsImportError("; ".join(error.messages)) from error
    revision = page.save_revision(user=user, log_action=not is_new)
    if report.published:
        revision.publish(user=user)
    elif page.live:
        page.unpublish(user=user)
    report.page = page
    return report


def import_news(
    *, news_files, index: NewsIndexPage, images: ImageLibrary, user=None, dry_run=False, allow_publish=True
) -> list[ImportReport]:
    """Import every file; each in its own transaction, so one broken file never stops or undoes the others."""
    reports = []
    for news_file in news_files:
        try:
            reports.append(
                import_news_file(
                    news_file=news_file,
                    index=index,
                    images=images,
                    user=user,
                    dry_run=dry_run,
                    allow_publish=allow_publish,
                )
            )
        except NewsImportError as error:
            reports.append(ImportReport(name=news_file.name, action="failed", reason=str(error)))
    return reports


def read_news_file(path: Path) -> NewsFile:
    """A file from disk; undecodable bytes are reported like any other broken file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise NewsImportError(_("The file is not UTF-8 text.")) from error
    except OSError as error:
        raise NewsImportError(str(error)) from error
    return NewsFile(name=str(path), text=text, directory=path.parent)


def news_index_for_language(language_code: str) -> NewsIndexPage | None:
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return None
    return NewsIndexPage.objects.filter(locale=locale).first()
