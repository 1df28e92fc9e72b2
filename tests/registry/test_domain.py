import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.models import AuditEntry
from ocop.criteria.models import ProductSet
from ocop.demo.data import minimal_pdf
from ocop.geo.models import Commune
from ocop.registry import domain
from ocop.registry.enums import DocumentType, Gender, ProducerKind, ProducerStatus, ProductStatus
from ocop.registry.models import EvidenceDocument, Producer, Product
from tests.conftest import HOME_COMMUNE, OTHER_COMMUNE_SAME_PROVINCE, OTHER_PROVINCE_COMMUNE
from tests.factories import make_producer, make_product, make_user


def producer_fields(commune: str, **extra):
    return {
        "kind": ProducerKind.COOPERATIVE,
        "name": "Hợp tác xã Mật ong Hoa Lư",
        "tax_code": "2700 123 456",
        "representative_name": "Nguyễn Thị Lan",
        "representative_gender": Gender.FEMALE,
        "commune": Commune.objects.get(code=commune),
        **extra,
    }


@pytest.mark.django_db
def test_register_producer_saves_normalised_record_and_audits(commune_officer):
    producer = domain.register_producer(actor=commune_officer, fields=producer_fields(HOME_COMMUNE))
    assert producer.tax_code == "2700123456"
    assert producer.search_text == "hop tac xa mat ong hoa lu 2700123456 nguyen thi lan"
    entry = AuditEntry.objects.for_object(producer).get()
    assert entry.action == "ocop.producer.created"
    assert entry.actor == commune_officer
    assert entry.changes["name"] == [None, "Hợp tác xã Mật ong Hoa Lư"]
    assert entry.changes["commune"] == [None, HOME_COMMUNE]


@pytest.mark.django_db
def test_commune_officer_cannot_register_outside_their_commune(commune_officer):
    with pytest.raises(PermissionDenied):
        domain.register_producer(
            actor=commune_officer, fields=producer_fields(OTHER_COMMUNE_SAME_PROVINCE)
        )
    assert Producer.objects.count() == 0
    assert AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == 0


@pytest.mark.django_db
def test_province_officer_registers_anywhere_in_province_but_not_elsewhere(province_officer):
    domain.register_producer(
        actor=province_officer, fields=producer_fields(OTHER_COMMUNE_SAME_PROVINCE)
    )
    with pytest.raises(PermissionDenied):
        domain.register_producer(
            actor=province_officer,
            fields=producer_fields(OTHER_PROVINCE_COMMUNE, tax_code="0100000001"),
        )
    assert list(Producer.objects.values_list("commune_id", flat=True)) == [
        OTHER_COMMUNE_SAME_PROVINCE
    ]


@pytest.mark.django_db
def test_duplicate_tax_code_is_a_validation_error(commune_officer):
    domain.register_producer(actor=commune_officer, fields=producer_fields(HOME_COMMUNE))
    with pytest.raises(ValidationError) as caught:
        domain.register_producer(actor=commune_officer, fields=producer_fields(HOME_COMMUNE))
    assert "tax_code" in caught.value.error_dict
    assert Producer.objects.count() == 1


@pytest.mark.django_db
def test_legal_form_only_for_enterprises(commune_officer):
    with pytest.raises(ValidationError):
        domain.register_producer(
            actor=commune_officer, fields=producer_fields(HOME_COMMUNE, legal_form="joint_stock")
        )
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_update_producer_logs_before_and_after_and_refreshes_product_search(commune_officer):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Cũ")
    product = make_product(producer=producer, name="Gạo tám")
    domain.update_producer(
        actor=commune_officer, producer=producer, fields={"name": "HTX Đồng Xanh"}, reason="Đổi tên"
    )
    entry = AuditEntry.objects.get(action="ocop.producer.changed")
    assert entry.changes == {"name": ["HTX Cũ", "HTX Đồng Xanh"]}
    assert entry.reason == "Đổi tên"
    product.refresh_from_db()
    assert product.search_text == "gao tam htx dong xanh"


@pytest.mark.django_db
def test_update_without_change_writes_no_audit_entry(commune_officer):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX A")
    domain.update_producer(actor=commune_officer, producer=producer, fields={"name": "HTX A"})
    assert AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == 0


@pytest.mark.django_db
def test_status_change_needs_a_reason(commune_officer):
    producer = make_producer(commune=HOME_COMMUNE)
    with pytest.raises(ValidationError):
        domain.set_producer_status(
            actor=commune_officer, producer=producer, status=ProducerStatus.STOPPED, reason=" "
        )
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.ACTIVE
    domain.set_producer_status(
        actor=commune_officer, producer=producer, status=ProducerStatus.STOPPED, reason="Giải thể"
    )
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.STOPPED


@pytest.mark.django_db
def test_register_product_defaults_commune_and_validates_gtin(commune_officer):
    producer = make_producer(commune=HOME_COMMUNE)
    product_set = ProductSet.objects.get(version__is_current=True, number=4)
    product = domain.register_product(
        actor=commune_officer,
        producer=producer,
        fields={"name": "Mật ong rừng", "product_set": product_set, "gtin": "8934563138165"},
    )
    assert product.commune_id == HOME_COMMUNE
    assert AuditEntry.objects.for_object(product).get().action == "ocop.product.created"
    with pytest.raises(ValidationError) as caught:
        domain.register_product(
            actor=commune_officer,
            producer=producer,
            fields={"name": "Mật ong hoa", "product_set": product_set, "gtin": "8934563138166"},
        )
    assert "gtin" in caught.value.error_dict
    assert Product.objects.count() == 1


@pytest.mark.django_db
def test_certified_status_cannot_be_set_by_hand(commune_officer):
    product = make_product(producer=make_producer(commune=HOME_COMMUNE))
    with pytest.raises(ValidationError):
        domain.set_product_status(
            actor=commune_officer, product=product, status=ProductStatus.CERTIFIED
        )
    product.refresh_from_db()
    assert product.status == ProductStatus.REGISTERED


@pytest.mark.django_db
def test_producer_account_edits_only_its_own_products():
    own = make_producer(commune=HOME_COMMUNE)
    other = make_producer(commune=HOME_COMMUNE)
    account = make_user("chuthe", role="producer", producer=own)
    own_product = make_product(producer=own, name="Gạo")
    other_product = make_product(producer=other, name="Chè")
    domain.update_product(actor=account, product=own_product, fields={"packaging": "Túi 2 kg"})
    with pytest.raises(PermissionDenied):
        domain.update_product(actor=account, product=other_product, fields={"packaging": "x"})
    other_product.refresh_from_db()
    assert other_product.packaging == ""


@pytest.mark.django_db
def test_attach_document_stores_random_name_and_checksum(commune_officer):
    producer = make_producer(commune=HOME_COMMUNE)
    content = minimal_pdf("ATTP")
    document = domain.attach_document(
        actor=commune_officer,
        producer=producer,
        upload=SimpleUploadedFile("Giấy ATTP.pdf", content, "application/pdf"),
        fields={"doc_type": DocumentType.FOOD_SAFETY, "number": "12/2025"},
    )
    assert document.original_name == "Giấy ATTP.pdf"
    assert document.file.name.startswith("evidence/")
    assert document.file.name.endswith(".pdf")
    assert document.content_type == "application/pdf"
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file.read() == content
    assert AuditEntry.objects.for_object(document).get().action == "ocop.document.attached"


@pytest.mark.django_db
def test_rejected_document_writes_nothing(commune_officer, settings):
    producer = make_producer(commune=HOME_COMMUNE)
    with pytest.raises(ValidationError):
        domain.attach_document(
            actor=commune_officer,
            producer=producer,
            upload=SimpleUploadedFile("setup.pdf", b"MZ\x90\x00binary"),
            fields={"doc_type": DocumentType.OTHER},
        )
    assert EvidenceDocument.objects.count() == 0
    assert AuditEntry.objects.exclude(action__startswith="ocop.criteria.").count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or list(media.rglob("*.*")) == []
