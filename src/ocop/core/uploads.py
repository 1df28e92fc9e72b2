"""Upload checks: by content, never by the name or type the browser claims.

A file is accepted only if its bytes are one of the allowed kinds; archives other
than the Office formats are refused, images must decode, and the stored name is
random so that nothing a user typed ever reaches the file system.
"""

import secrets
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class FileKind(StrEnum):
    PDF = "pdf"
    JPEG = "jpg"
    PNG = "png"
    WEBP = "webp"
    DOCX = "docx"
    XLSX = "xlsx"


DOCUMENT_KINDS = frozenset(FileKind)
IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG, FileKind.WEBP})
SPREADSHEET_KINDS = frozenset({FileKind.XLSX})

CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.WEBP: "image/webp",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    size: int
    stored_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _office_kind(upload: UploadedFile) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return FileKind.DOCX
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    return None


def sniff(upload: UploadedFile) -> FileKind | None:
    """The kind of file these bytes are, or None when it is none we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def _image_decodes(upload: UploadedFile) -> bool:
    from PIL import Image  # lazy: Pillow is not needed on the public hot path

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many types for a broken image
        return False
    finally:
        upload.seek(0)
    return True


def check_upload(
    upload: UploadedFile,
    *,
    allowed: frozenset[FileKind] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
    prefix: str = "uploads",
) -> CheckedUpload:
    """Validate ``upload`` by content and size; raise ``ValidationError`` in Vietnamese."""
    limit = max_bytes if max_bytes is not None else settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = sniff(upload)
    if kind is None or kind not in allowed:
        names = ", ".join(sorted(k.value.upper() for k in allowed))
        raise ValidationError(
            _("Loại tệp không được chấp nhận. Chỉ nhận: %(kinds)s.") % {"kinds": names},
            code="bad_type",
        )
    if kind in IMAGE_KINDS and not _image_decodes(upload):
        raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image")
    stored = f"{prefix}/{secrets.token_hex(16)}.{kind.value}"
    return CheckedUpload(kind=kind, size=size, stored_name=stored)
