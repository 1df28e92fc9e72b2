"""Product photos for the public pages, resized once and kept as WebP.

Photos are stored under random names and served to officials through permission checks;
the public sees only photos of products that have a catalogue page, and only as
thumbnails re-encoded here (which also drops any EXIF metadata of the original).
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from ocop.registry.models import ProductPhoto

WIDTHS = (320, 640, 1280)


def photo_key(photo: ProductPhoto) -> str:
    """The random part of the stored name: public, unguessable, never the database id."""
    return PurePosixPath(photo.image.name or "").stem


def thumb_url(photo: ProductPhoto, *, width: int = 640) -> str:
    return reverse("public:photo", kwargs={"key": photo_key(photo), "width": width})


def _render(photo: ProductPhoto, width: int) -> bytes:
    from PIL import Image, ImageOps  # lazy: not on the hot path of other pages

    with photo.image.open("rb") as handle, Image.open(handle) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)))
        out = BytesIO()
        image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


@require_GET
def photo(request: HttpRequest, key: str, width: int) -> HttpResponse:
    if width not in WIDTHS or not key.isalnum():
        raise Http404
    found = (
        ProductPhoto.objects.filter(image__startswith=f"photos/{key}.")
        .select_related("product")
        .first()
    )
    # Only products that were ever certified have a public page; others stay private.
    if found is None or not found.product.certificates.exists():
        raise Http404
    name = f"thumbs/{key}-{width}.webp"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_render(found, width)))
    with default_storage.open(name, "rb") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type="image/webp")
    response["Cache-Control"] = "public, max-age=604800, immutable"
    return response
