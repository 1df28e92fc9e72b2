"""Writes to the registry. Views, imports and commands call these; nothing else
sets a registry field.

Every function is transactional and audited; an actor outside their area gets
``PermissionDenied`` before anything is written. ``actor=None`` means the system
itself (demo loader, shell import run by an operator).
"""

import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for
from ocop.core.domain import create_audited, create_audited_with_file, update_audited
from ocop.core.uploads import DOCUMENT_KINDS, IMAGE_KINDS, check_upload
from ocop.geo.models import Commune

from .enums import ProducerStatus, ProductStatus
from .models import EvidenceDocument, Producer, Product, ProductPhoto
from .validators import normalize_tax_code

PRODUCER_FIELDS = frozenset(
    {
        "kind",
        "legal_form",
        "name",
        "tax_code",
        "established_on",
        "representative_name",
        "representative_gender",
        "representative_ethnic_minority",
        "phone",
        "email",
        "website",
        "address_text",
        "commune",
        "legacy_commune",
        "members_count",
        "workers_count",
    }
)
PRODUCT_FIELDS = frozenset(
    {"name", "commune", "product_set", "description_vi", "description_en", "packaging", "gtin"}
)
DOCUMENT_FIELDS = frozenset({"doc_type", "title", "number", "issuer", "issued_on", "expires_on"})


def _ensure_may_edit_in(actor: Any, commune: Commune) -> None:
    if actor is None:
        return
    if not scope_for(actor).may_edit_in(
        commune_code=commune.code, province_code=commune.province_id
    ):
        raise PermissionDenied(
            _("Bạn không có quyền ghi dữ liệu tại %(unit)s.") % {"unit": commune}
        )


def _ensure_may_edit_producer(actor: Any, producer: Producer) -> None:
    if actor is None or producer.pk in scope_for(actor).producer_ids:
        return
    _ensure_may_edit_in(actor, producer.commune)


def _ensure_may_edit_product(actor: Any, product: Product) -> None:
    if actor is None or product.producer_id in scope_for(actor).producer_ids:
        return
    _ensure_may_edit_in(actor, product.commune)


def _only(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    return dict(fields)


def _clean_producer_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if "tax_code" in fields:
        fields["tax_code"] = normalize_tax_code(fields["tax_code"] or "") or None
    return fields


@transaction.atomic
def register_producer(*, actor: Any, fields: Mapping[str, Any]) -> Producer:
    """Create a producer (chủ thể OCOP) in a commune the actor may write in."""
    values = _clean_producer_fields(_only(fields, PRODUCER_FIELDS))
    producer = Producer(**values, created_by=actor)
    _ensure_may_edit_in(actor, producer.commune)
    return create_audited(obj=producer, actor=actor, action="ocop.producer.created")


@transaction.atomic
def update_producer(
    *, actor: Any, producer: Producer, fields: Mapping[str, Any], reason: str = ""
) -> Producer:
    """Change a producer's details; moving it to another commune needs rights in both."""
    values = _clean_producer_fields(_only(fields, PRODUCER_FIELDS))
    producer = Producer.objects.select_for_update().select_related("commune").get(pk=producer.pk)
    _ensure_may_edit_producer(actor, producer)
    if "commune" in values and values["commune"] != producer.commune:
        _ensure_may_edit_in(actor, values["commune"])
    old_name = producer.name
    producer = update_audited(
        obj=producer, fields=values, actor=actor, action="ocop.producer.changed", reason=reason
    )
    if producer.name != old_name:
        # Products are found by their producer's name too; refresh their folded text.
        for product in producer.products.select_related("producer"):
            product.save(update_fields=["search_text", "updated_at"])
    return producer


@transaction.atomic
def set_producer_status(
    *, actor: Any, producer: Producer, status: ProducerStatus, reason: str
) -> Producer:
    """Mark a producer active or stopped (stopping is a revocation ground, Art. 8.1đ)."""
    producer = Producer.objects.select_for_update().select_related("commune").get(pk=producer.pk)
    _ensure_may_edit_in(actor, producer.commune)
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do thay đổi trạng thái.")})
    return update_audited(
        obj=producer,
        fields={"status": status},
        actor=actor,
        action="ocop.producer.status_changed",
        reason=reason,
    )


@transaction.atomic
def register_product(*, actor: Any, producer: Producer, fields: Mapping[str, Any]) -> Product:
    """Create a product of ``producer``; the commune of origin defaults to the producer's."""
    values = _only(fields, PRODUCT_FIELDS)
    values.setdefault("commune", producer.commune)
    _ensure_may_edit_producer(actor, producer)
    if values["commune"] != producer.commune and not _owns(actor, producer):
        _ensure_may_edit_in(actor, values["commune"])
    product = Product(producer=producer, created_by=actor, **values)
    return create_audited(obj=product, actor=actor, action="ocop.product.created")


def _owns(actor: Any, producer: Producer) -> bool:
    return actor is not None and producer.pk in scope_for(actor).producer_ids


@transaction.atomic
def update_product(
    *, actor: Any, product: Product, fields: Mapping[str, Any], reason: str = ""
) -> Product:
    values = _only(fields, PRODUCT_FIELDS)
    product = (
        Product.objects.select_for_update().select_related("commune", "producer").get(pk=product.pk)
    )
    _ensure_may_edit_product(actor, product)
    moves = "commune" in values and values["commune"] != product.commune
    if moves and not _owns(actor, product.producer):
        _ensure_may_edit_in(actor, values["commune"])
    return update_audited(
        obj=product, fields=values, actor=actor, action="ocop.product.changed", reason=reason
    )


@transaction.atomic
def set_product_status(
    *, actor: Any, product: Product, status: ProductStatus, reason: str = ""
) -> Product:
    """Move a product along idea → development → registered, or suspend/stop it.

    ``certified`` is set by the recognition decision, never by hand.
    """
    product = Product.objects.select_for_update().select_related("commune").get(pk=product.pk)
    _ensure_may_edit_product(actor, product)
    if status == ProductStatus.CERTIFIED:
        raise ValidationError(
            {"status": _("Trạng thái 'đã công nhận' chỉ do quyết định công nhận đặt.")}
        )
    return update_audited(
        obj=product,
        fields={"status": status},
        actor=actor,
        action="ocop.product.status_changed",
        reason=reason,
    )


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach_document(
    *,
    actor: Any,
    producer: Producer,
    upload: UploadedFile,
    fields: Mapping[str, Any],
    product: Product | None = None,
) -> EvidenceDocument:
    """Store an evidence document checked by content; a rejected file writes nothing."""
    values = _only(fields, DOCUMENT_FIELDS)
    _ensure_may_edit_producer(actor, producer)
    if product is not None and product.producer_id != producer.pk:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể này.")})
    checked = check_upload(upload, allowed=DOCUMENT_KINDS, prefix="evidence")
    document = EvidenceDocument(
        producer=producer,
        product=product,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=_sha256(upload),
        uploaded_by=actor,
        **values,
    )
    return create_audited_with_file(
        obj=document,
        field="file",
        upload=upload,
        stored_name=checked.stored_name,
        actor=actor,
        action="ocop.document.attached",
        data={"producer": producer.pk, "product": product.pk if product else None},
    )


@transaction.atomic
def add_product_photo(
    *, actor: Any, product: Product, upload: UploadedFile, caption: str = ""
) -> ProductPhoto:
    _ensure_may_edit_product(actor, product)
    checked = check_upload(upload, allowed=IMAGE_KINDS, max_bytes=10 * 1024 * 1024, prefix="photos")
    photo = ProductPhoto(product=product, caption=caption, position=product.photos.count())
    return create_audited_with_file(
        obj=photo,
        field="image",
        upload=upload,
        stored_name=checked.stored_name,
        actor=actor,
        action="ocop.product.photo_added",
    )
