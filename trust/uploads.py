"""Uploaded files are checked by content as well as by name: an .pdf must start like a PDF."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_SIGNATURE = b"PK\x03\x04"
# Extension -> accepted leading bytes; None means "text": valid UTF-8 (or UTF-16 with a BOM) without NUL bytes.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (ZIP_SIGNATURE,),
    "xlsx": (ZIP_SIGNATURE,),
    "pptx": (ZIP_SIGNATURE,),
    "odt": (ZIP_SIGNATURE,),
    "ods": (ZIP_SIGNATURE,),
    "odp": (ZIP_SIGNATURE,),
    "zip": (ZIP_SIGNATURE,),
    "csv": None,
    "txt": None,
}
TEXT_SNIFF_BYTES = 64 * 1024


def validate_document_content(uploaded) -> None:
    extension = os.path.splitext(uploaded.name or "")[1].lstrip(".").lower()
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or list(SIGNATURES)
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted types: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(allowed)},
            code="invalid_extension",
        )
    max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
    if max_size and uploaded.size > max_size:
        raise ValidationError(
            _("This file is too big (%(size)s). The largest accepted is %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_size)},
            code="file_too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(TEXT_SNIFF_BYTES)
    uploaded.seek(0)
    signatures = SIGNATURES.get(extension, ())
    if signatures is None:
        if not _looks_like_text(head):
            raise ValidationError(
                _("This file is named .%(extension)s but is not a text file.") % {"extension": extension},
                code="content_mismatch",
            )
    elif signatures and not head.startswith(signatures):
        raise ValidationError(
            _("This file is named .%(extension)s but its content is of another type.") % {"extension": extension},
            code="content_mismatch",
        )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the sniffing boundary; anything earlier is not UTF-8.
        return error.start >= len(head) - 3 or _decodes_as_shift_jis(head)
    return True


def _decodes_as_shift_jis(head: bytes) -> bool:
    # Excel in Japan still writes CSV in Shift_JIS (cp932).
    try:
        head.decode("cp932")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 1
    return True
