"""Personal data never reaches public pages or open data; one person's data can be exported.

Every registered personal field that is not published gets a distinctive value; then every
public URL (the test fails when a new public URL is added without being covered here) and
every open-data file in every format is fetched, and none of the values may appear.
"""

import io
import json
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from ocop.certification.models import Certificate
from ocop.core.models import AuditEntry, PersonalDataExport
from ocop.core.personal_data import REGISTRY, unpublished
from ocop.planning.models import Course, Participant
from ocop.promotion.models import Inquiry, InquiryMessage
from ocop.public import opendata
from ocop.public.urls import urlpatterns as public_urlpatterns
from ocop.registry.enums import ProducerKind
from ocop.supervision.models import PublicReport
from tests.factories import make_user
from tests.public.test_resolver import certify, chain, url  # noqa: F401 (fixture)

SECRET = {
    "rep": "Đặng Bí Mật Zqxv",
    "producer_phone": "0987 650 321",
    "producer_email": "rieng.zqxv@example.vn",
    "household_id": "037199012345",
    "buyer": "Người Mua Kqjw",
    "buyer_email": "nguoimua.kqjw@example.vn",
    "buyer_phone": "0911 222 789",
    "destination": "Số 9 ngõ Kín Kqjw",
    "inquiry_message": "Nội dung riêng Kqjw",
    "reply": "Trả lời riêng Kqjw",
    "reporter": "phananh.vxyz@example.vn",
    "report_message": "Phản ánh riêng Vxyz",
    "trainee": "Học Viên Wqzt",
    "official": "Cán Bộ Riêng Wqzt",
    "official_email": "canbo.wqzt@example.vn",
    "official_phone": "0909 876 543",
}

PUBLISHED_ADDRESS = "Thôn Công Khai Pqrs"
# Public URLs that need no check here, and why.
EXEMPT = {
    "share_location": "POST only (a scan's position), answers 204 with no body",
    "photo": "image bytes (re-encoded without metadata: tests/core/test_upload_hardening.py)",
    "inquiry_follow": "the buyer's own page behind a random token: shows their own inquiry",
}


@pytest.fixture
def people(chain, settings):  # noqa: F811
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "0/60")
    producer = chain["producer"]
    producer.kind = ProducerKind.HOUSEHOLD
    producer.representative_name = SECRET["rep"]
    producer.phone = SECRET["producer_phone"]
    producer.email = SECRET["producer_email"]
    producer.tax_code = SECRET["household_id"]
    producer.address_text = PUBLISHED_ADDRESS  # published (label law): a positive control
    producer.save()
    certificate = certify(chain["product"])
    official = make_user("canbo", role="province_officer", province="37")
    official.full_name = SECRET["official"]
    official.email = SECRET["official_email"]
    official.phone = SECRET["official_phone"]
    official.save()
    inquiry = Inquiry.objects.create(
        product=chain["product"],
        producer=producer,
        buyer_kind="supermarket",
        contact_name=SECRET["buyer"],
        contact_email=SECRET["buyer_email"],
        contact_phone=SECRET["buyer_phone"],
        destination=SECRET["destination"],
        message=SECRET["inquiry_message"],
    )
    InquiryMessage.objects.create(inquiry=inquiry, author=official, text=SECRET["reply"])
    PublicReport.objects.create(
        kind="counterfeit",
        product=chain["product"],
        message=SECRET["report_message"],
        contact=SECRET["reporter"],
    )
    course = Course.objects.create(
        topic="Tập huấn OCOP",
        kind="mixed",
        start_date=date(2026, 11, 1),
        end_date=date(2026, 11, 2),
        place="Hoa Lư",
        province_id="37",
        organiser="Sở NN&MT",
    )
    Participant.objects.create(course=course, name=SECRET["trainee"], level="producer")
    Participant.objects.create(course=course, user=official, level="province")
    return {**chain, "certificate": certificate, "official": official, "inquiry": inquiry}


def _public_urls(people):  # type: ignore[no-untyped-def]
    product, producer = people["product"], people["producer"]
    certificate: Certificate = people["certificate"]
    stamp = people["active"]
    urls = {
        "catalogue": [reverse("public:catalogue"), reverse("public:catalogue") + "?q=mật"],
        "product": [
            reverse("public:product", kwargs={"slug": product.slug, "code": product.public_code})
        ],
        "inquiry_new": [
            reverse(
                "public:inquiry_new", kwargs={"slug": product.slug, "code": product.public_code}
            )
        ],
        "producer": [
            reverse("public:producer", kwargs={"slug": producer.slug, "code": producer.public_code})
        ],
        "sitemap": [reverse("public:sitemap")],
        "open_data": [reverse("public:open_data")],
        "open_data_catalog": [reverse("public:open_data_catalog")],
        "open_data_file": [
            reverse("public:open_data_file", kwargs={"slug": slug, "fmt": fmt})
            for slug in opendata.DATASETS
            for fmt in opendata.FORMATS
        ],
        "resolve_lot_serial": [url(people, stamp)],
        "resolve_serial": [url(people, stamp, lot=False)],
        "resolve_lot": [url(people)],
        "resolve": [url(people, lot=False)],
        "gs1resolver": [reverse("public:gs1resolver")],
        "verify_form": [reverse("public:verify_form")],
        "verify": [reverse("public:verify", kwargs={"token": certificate.code})],
        "report": [reverse("public:report")],
        "keys": [reverse("public:keys")],
    }
    for link in ("gs1:pip", "gs1:certificationInfo", "gs1:traceability", "all"):
        urls["resolve_lot_serial"].append(url(people, stamp) + f"?linkType={link}")
    urls["resolve_lot_serial"].append(url(people, stamp) + "?lang=en")
    return urls


def _text(response) -> str:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):  # xlsx: the strings are inside the zip
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


def _needles(value: str) -> set[str]:
    forms = {value, json.dumps(value)[1:-1]}  # also as escaped in JSON
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 9:
        forms.add(digits)
    return forms


@pytest.mark.django_db
def test_no_unpublished_personal_data_on_public_pages_or_open_data(people, client):
    public_names = {p.name for p in public_urlpatterns}
    urls = _public_urls(people)
    assert public_names - set(urls) - set(EXEMPT) == set(), "cover new public URLs here"
    fetched, shown_address, shown_product = 0, set(), set()
    for name, targets in urls.items():
        for target in targets:
            response = client.get(target, follow=True)
            assert response.status_code < 500, target
            text = _text(response)
            if PUBLISHED_ADDRESS in text:
                shown_address.add(name)
            if people["product"].name in text:
                shown_product.add(name)
            for key, value in SECRET.items():
                for needle in _needles(value):
                    assert needle not in text, f"{key} leaked on {target}"
            fetched += 1
    assert fetched >= 30
    # The pages did show the producer and product (the check is not vacuous).
    assert {"producer", "resolve_lot_serial"} <= shown_address
    assert {"product", "catalogue", "open_data_file", "resolve_lot_serial"} <= shown_product
    # The distinctive values are really in the database (the test proves something).
    assert Inquiry.objects.filter(contact_email=SECRET["buyer_email"]).exists()


def test_every_registered_field_exists():
    for spec in REGISTRY:
        model = apps.get_model(spec.model)
        assert model._meta.get_field(spec.field), spec.label
    assert all(spec.basis for spec in REGISTRY if spec.published)


def test_fields_that_look_personal_are_registered():
    """A new phone/e-mail/contact/representative field must be added to the registry."""
    registered = {(spec.model.lower(), spec.field) for spec in REGISTRY}
    business = {  # published business contacts of a place, not of a person
        ("promotion.salespoint", "phone"),
        ("promotion.salespoint", "email"),
    }
    looks_personal = ("phone", "email", "contact", "representative", "full_name")
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("ocop."):
            continue
        for model_field in model._meta.concrete_fields:
            key = (model._meta.label_lower, model_field.name)
            looks = any(w in model_field.name for w in looks_personal)
            if looks and key not in registered and key not in business:
                missing.append(key)
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--email", "NguoiMua.Kqjw@example.vn", {"promotion.Inquiry"}),
        ("--phone", "+84911222789", {"promotion.Inquiry"}),
        ("--phone", "0987650321", {"registry.Producer"}),
        ("--email", "phananh.vxyz@example.vn", {"supervision.PublicReport"}),
    ],
)
def test_export_person_finds_rows_by_email_or_phone(people, tmp_path, option, value, expected):
    people["inquiry"].contact_phone = "0911222789"  # as typed by the buyer
    people["inquiry"].save()
    target = tmp_path / "dsr.json"
    call_command("export_person", option, value, "--output", str(target))
    document = json.loads(target.read_text())
    models = {row["model"] for row in document["rows"]}
    assert expected <= models
    assert oct(target.stat().st_mode)[-3:] == "600"


@pytest.mark.django_db
def test_export_person_by_account_gathers_linked_rows_masks_credentials_and_is_audited(
    people, tmp_path
):
    official = people["official"]
    target = tmp_path / "dsr.json"
    call_command("export_person", "--user", str(official.pk), "--output", str(target))
    document = json.loads(target.read_text())
    by_model = {}
    for row in document["rows"]:
        by_model.setdefault(row["model"], []).append(row)
    user_row = by_model["accounts.User"][0]
    assert user_row["values"]["email"] == SECRET["official_email"]
    assert user_row["values"]["password"] == "••••••"
    assert "full_name" in user_row["personal_fields"]
    assert {"accounts.RoleAssignment", "planning.Participant", "promotion.InquiryMessage"} <= set(
        by_model
    )
    record = PersonalDataExport.objects.get()
    assert record.rows == len(document["rows"]) and record.kind == "user"
    entry = AuditEntry.objects.get(action="ocop.personal_data.exported")
    assert entry.data["rows"] == record.rows
    assert SECRET["official_email"] not in json.dumps(entry.data)


def test_unpublished_fields_cover_the_contacts():
    labels = {spec.label for spec in unpublished()}
    assert {
        "registry.Producer.phone",
        "registry.Producer.email",
        "registry.Producer.representative_name",
        "promotion.Inquiry.contact_email",
        "supervision.PublicReport.contact",
        "accounts.User.email",
    } <= labels
