"""Upload checks: by content, never by the name or type the browser claims.

A file is accepted only if its bytes are one of the allowed kinds; archives (zip, rar, 7z,
gzip, bzip2, xz, tar) are refused, and so are Office files where no Office file is expected,
Office files with macros and zip bombs; images must decode and are re-encoded without their
metadata (EXIF with the GPS position of the phone that took the photo, XMP, comments; only
an sRGB colour profile is kept), and the stored name is random so that nothing a user typed
ever reaches the file system.
"""

import io
import secrets
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

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


# An Office file is a zip; its parts, unpacked, may not exceed this (a zip bomb would).
OFFICE_MAX_UNPACKED = 200 * 1024 * 1024
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",  # zip (Office files are checked further)
    b"PK\x05\x06",  # empty zip
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",  # zstandard
)


def is_archive(head: bytes) -> bool:
    """Archive signatures, including tar (``ustar`` at offset 257)."""
    return head.startswith(_ARCHIVE_MAGIC) or head[257:262] == b"ustar"


def _office_kind(upload: UploadedFile) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        return None
    if sum(info.file_size for info in infos) > OFFICE_MAX_UNPACKED:
        return None  # a zip bomb dressed as a document
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macros (.docm/.xlsm renamed): never accepted
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


def _is_srgb(icc: bytes) -> bool:
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return "srgb" in ImageCms.getProfileDescription(profile).lower()
    except Exception:  # an unreadable profile is dropped
        return False


def reencode_image(upload: UploadedFile, kind: FileKind) -> bytes:
    """The image decoded and saved again in the same format, with no metadata.

    EXIF (GPS position, camera serial, time), XMP, comments and text chunks are dropped;
    the orientation is applied to the pixels first so that the photo does not turn; an
    ICC profile is kept only if it is sRGB. Animated images keep their first frame.
    """
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as original:
        if original.width * original.height > settings.UPLOAD_MAX_PIXELS:
            raise ValidationError(_("Ảnh quá lớn (số điểm ảnh)."), code="too_many_pixels")
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)  # a new image, pixels upright
    upload.seek(0)
    image.info = {}  # nothing from the original's metadata may be carried by the save
    options: dict[str, object] = {}
    if icc and _is_srgb(icc):
        options["icc_profile"] = icc
    out = io.BytesIO()
    if kind == FileKind.JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True, **options)
    elif kind == FileKind.PNG:
        image.save(out, "PNG", **options)
    else:
        image.save(out, "WEBP", quality=90, **options)
    return out.getvalue()


def _replace_content(upload: UploadedFile, data: bytes) -> None:
    """Put ``data`` in place of the upload's bytes (in memory or in its temporary file,
    which Django then moves into storage)."""
    target: Any = upload.file
    try:
        target.seek(0)
        target.write(data)
        target.truncate()
        target.seek(0)
    except (AttributeError, OSError, io.UnsupportedOperation):  # e.g. a read-only file
        upload.file = io.BytesIO(data)
    upload.size = len(data)


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
    if kind in (FileKind.DOCX, FileKind.XLSX) and kind not in allowed:
        kind = None  # an Office file (a zip) where none is expected is an archive
    if kind is None:
        upload.seek(0)
        head = upload.read(512)
        upload.seek(0)
        if is_archive(head):
            raise ValidationError(_("Không nhận tệp nén (zip, rar, 7z, gz, tar…)."), code="archive")
    if kind is None or kind not in allowed:
        names = ", ".join(sorted(k.value.upper() for k in allowed))
        raise ValidationError(
            _("Loại tệp không được chấp nhận. Chỉ nhận: %(kinds)s.") % {"kinds": names},
            code="bad_type",
        )
    if kind in IMAGE_KINDS and not _image_decodes(upload):
        raise ValidationError(_("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image")
    if kind in IMAGE_KINDS:
        try:
            data = reencode_image(upload, kind)
        except ValidationError:
            raise
        except Exception as exc:  # decodes the header but not the pixels (truncated)
            raise ValidationError(
                _("Tệp ảnh bị hỏng hoặc không đọc được."), code="bad_image"
            ) from exc
        _replace_content(upload, data)
        size = len(data)
    stored = f"{prefix}/{secrets.token_hex(16)}.{kind.value}"
    return CheckedUpload(kind=kind, size=size, stored_name=stored)
