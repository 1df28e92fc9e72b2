import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.core.uploads import DOCUMENT_KINDS, IMAGE_KINDS, FileKind, check_upload
from ocop.demo.data import minimal_pdf


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return buffer.getvalue()


def office_bytes(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (minimal_pdf("x"), FileKind.PDF),
        (png_bytes(), FileKind.PNG),
        (office_bytes("word/document.xml"), FileKind.DOCX),
        (office_bytes("xl/workbook.xml"), FileKind.XLSX),
    ],
)
def test_accepted_kinds_are_detected_by_content(content, kind, settings):
    upload = SimpleUploadedFile("anything.bin", content, "application/octet-stream")
    checked = check_upload(upload, allowed=DOCUMENT_KINDS, prefix="evidence")
    assert checked.kind == kind
    assert checked.size == upload.size  # images are re-encoded, so their size may change
    if kind not in IMAGE_KINDS:
        assert checked.size == len(content)
    assert checked.stored_name.startswith("evidence/")
    assert checked.stored_name.endswith("." + kind.value)
    assert "anything" not in checked.stored_name


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is an exe", "bad_type"),
        ("bundle.docx", b"", "empty"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bad_image"),
    ],
)
def test_rejected_files_say_why(name, content, code):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, allowed=DOCUMENT_KINDS)
    assert caught.value.code == code


def test_plain_zip_archive_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("secret.txt", "x")
    upload = SimpleUploadedFile("report.docx", buffer.getvalue())
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, allowed=DOCUMENT_KINDS)
    assert caught.value.code == "archive"


def test_pdf_is_refused_where_only_images_are_allowed():
    upload = SimpleUploadedFile("photo.jpg", minimal_pdf("x"))
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, allowed=IMAGE_KINDS)
    assert caught.value.code == "bad_type"


def test_oversized_file_is_rejected_with_the_limit(settings):
    upload = SimpleUploadedFile("big.pdf", minimal_pdf("x") + b"0" * 2000)
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=1000)
    assert caught.value.code == "too_large"
