"""Uploaded photos lose their metadata (EXIF GPS); archives and unexpected Office files
are refused; stored names are never the user's."""

import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image, ImageCms

from ocop.core.uploads import DOCUMENT_KINDS, IMAGE_KINDS, SPREADSHEET_KINDS, check_upload
from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer, make_product

GPS_IFD = 0x8825


def photo_with_gps(fmt: str = "JPEG", *, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 15.0, 30.0), 3: "E", 4: (105.0, 54.0, 1.0)})
    buffer = io.BytesIO()
    kwargs = {"exif": exif.tobytes()}
    if fmt == "PNG":
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "nhà riêng ở Hoa Lư")
        kwargs["pnginfo"] = info
    image.save(buffer, fmt, **kwargs)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries GPS
        assert check.getexif().get_ifd(GPS_IFD)
    return data


def assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info and "Comment" not in image.info
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
    assert b"PhoneMaker" not in data and b"Hoa L" not in data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_photo_metadata_is_stripped(fmt):
    upload = SimpleUploadedFile("IMG_0001.jpg", photo_with_gps(fmt))
    checked = check_upload(upload, allowed=IMAGE_KINDS, prefix="photos")
    upload.seek(0)
    data = upload.read()
    assert checked.size == len(data)
    assert_no_metadata(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == fmt and image.size == (40, 20)


def test_orientation_is_applied_before_the_exif_goes():
    upload = SimpleUploadedFile("x.jpg", photo_with_gps(orientation=6))  # rotated 90°
    check_upload(upload, allowed=IMAGE_KINDS)
    upload.seek(0)
    with Image.open(upload) as image:
        assert image.size == (20, 40)


def test_only_an_srgb_profile_is_kept():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", icc_profile=srgb)
    upload = SimpleUploadedFile("x.jpg", buffer.getvalue())
    check_upload(upload, allowed=IMAGE_KINDS)
    upload.seek(0)
    with Image.open(upload) as image:
        assert image.info.get("icc_profile") == srgb


@pytest.mark.django_db
def test_stored_product_photo_has_no_gps(sysadmin, settings):
    from ocop.registry.domain import add_product_photo

    product = make_product(producer=make_producer(commune=HOME_COMMUNE))
    data = photo_with_gps()  # on disk, as Django keeps a large upload
    upload = TemporaryUploadedFile("Nhà tôi ../../etc.jpg", "image/jpeg", len(data), None)
    upload.write(data)
    upload.flush()
    photo = add_product_photo(actor=sysadmin, product=product, upload=upload)
    stored = Path(settings.MEDIA_ROOT) / photo.image.name
    assert_no_metadata(stored.read_bytes())
    assert "etc" not in photo.image.name and "Nh" not in photo.image.name
    assert photo.image.name.startswith("photos/")


def _zip(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name.replace("__", "/"), text)
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        archive.addfile(info, io.BytesIO(b""))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _zip(a="x"),
        b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20,
        b"7z\xbc\xaf\x27\x1c" + b"\x00" * 20,
        b"\x1f\x8b\x08\x00" + b"\x00" * 20,
        b"BZh91AY&SY" + b"\x00" * 20,
        _tar(),
    ],
    ids=["zip", "rar", "7z", "gz", "bz2", "tar"],
)
def test_archives_are_refused(content):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("ho-so.pdf", content), allowed=DOCUMENT_KINDS)
    assert caught.value.code == "archive"


def test_office_file_where_none_is_expected_is_an_archive():
    docx = _zip(**{"[Content_Types].xml": "<Types/>", "word__document.xml": "<x/>"})
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("anh.jpg", docx), allowed=IMAGE_KINDS)
    assert caught.value.code == "archive"
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("bang.xlsx", docx), allowed=SPREADSHEET_KINDS)


def test_office_file_with_macros_is_refused():
    docm = _zip(
        **{
            "[Content_Types].xml": "<Types/>",
            "word__document.xml": "<x/>",
            "word__vbaProject.bin": "macro",
        }
    )
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("bao-cao.docx", docm), allowed=DOCUMENT_KINDS)


def test_truncated_image_is_refused():
    data = photo_with_gps()[:200]
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("x.jpg", data), allowed=IMAGE_KINDS)
    assert caught.value.code == "bad_image"


def test_image_with_too_many_pixels_is_refused(settings):
    settings.UPLOAD_MAX_PIXELS = 100
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "PNG")
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("x.png", buffer.getvalue()), allowed=IMAGE_KINDS)
    assert caught.value.code == "too_many_pixels"
