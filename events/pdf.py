"""The briefing pack as a PDF: the same HTML and print stylesheet, laid out by WeasyPrint.

WeasyPrint needs Pango from the operating system and fonts that cover the scripts of the names on the page
(Debian: ``libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk``). Where they are missing the HTML page is still there
to print, and the view says why there is no PDF. Stylesheets and photos are read from the static and media
storages, never fetched over the network, so rendering cannot be pointed at another host.
"""

import functools
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed here."""


@functools.cache
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango is missing
        logger.warning("briefing PDF unavailable: %s", error)
        return None
    return weasyprint


def available() -> bool:
    return _weasyprint() is not None


def _read_static(name: str) -> bytes:
    path = finders.find(name)
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:  # collected (and possibly hashed) files in production
        return handle.read()


def _read_media(name: str) -> bytes:
    with default_storage.open(name) as handle:
        return handle.read()


def _local_name(path: str, prefix: str) -> str | None:
    prefix_path = urlsplit(prefix).path
    if not prefix_path or not path.startswith(prefix_path):
        return None
    name = unquote(path[len(prefix_path) :])
    if not name or ".." in name.split("/"):
        return None
    return name


def _fetcher_class(weasyprint):
    class LocalOnlyFetcher(weasyprint.urls.URLFetcher):
        """Serves /static/ and /media/ URLs from storage and refuses everything else."""

        def fetch(self, url, headers=None):
            path = urlsplit(url).path
            for prefix, read in ((settings.STATIC_URL, _read_static), (settings.MEDIA_URL, _read_media)):
                name = _local_name(path, prefix)
                if name is not None:
                    mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                    return weasyprint.urls.URLFetcherResponse(url, read(name), {"Content-Type": mime_type})
            raise ValueError(f"not fetched for a briefing PDF: {url}")

    return LocalOnlyFetcher


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """Lay out ``html`` (a whole document) for A4 paper and return the PDF bytes."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise PdfUnavailable
    fetcher = _fetcher_class(weasyprint)()
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
