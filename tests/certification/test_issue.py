import io
from datetime import date, timedelta

import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ocop.certification import codes
from ocop.certification.documents import certificates_pdf, verification_url
from ocop.certification.enums import CertificateStatus
from ocop.certification.models import Certificate, Notification, Reminder
from ocop.certification.reminders import send_reminders
from ocop.core import signing
from ocop.evaluation import domain
from tests.evaluation.helpers import answers_at


@pytest.fixture
def certificate(accepted, council_users, province_officer):
    sheet = accepted.revision.form().sheet
    for user in council_users:
        domain.save_scoresheet(actor=user, dossier=accepted, answers=answers_at(sheet, quality=0.8))
        domain.submit_scoresheet(actor=user, dossier=accepted)
    domain.recommend(actor=council_users[0], dossier=accepted)
    domain.decide_recognition(
        actor=province_officer,
        round_=accepted.round,
        number="2890/QĐ-UBND",
        decided_on=date(2026, 11, 28),
        signer="Chủ tịch UBND tỉnh",
        authority="UBND tỉnh Ninh Bình",
        dossiers=[accepted],
    )
    return Certificate.objects.get()


@pytest.mark.django_db
def test_decision_issues_a_signed_certificate(certificate, accepted):
    accepted.refresh_from_db()
    assert certificate.number == "001/2026/GCN-OCOP-37"
    assert certificate.star == accepted.decision_item.star
    assert (certificate.issued_on, certificate.expires_on) == (
        date(2026, 11, 28),
        date(2029, 11, 28),
    )
    assert len(certificate.code) == 12
    assert codes.signature_valid(
        code=certificate.code,
        number=certificate.number,
        star=certificate.star,
        expires_on=certificate.expires_on,
        signature=certificate.signature,
    )


@pytest.mark.django_db
def test_altered_payload_or_wrong_key_fails(certificate):
    facts = {
        "code": certificate.code,
        "number": certificate.number,
        "expires_on": certificate.expires_on,
    }
    assert not codes.signature_valid(star=5, signature=certificate.signature, **facts)
    other_key = signing.public_key().raw[::-1]
    message = codes.payload(star=certificate.star, **facts)
    raw = signing.b64url_decode(certificate.signature)
    assert signing.verify(message, raw) is True
    assert signing.verify(message, raw, key=other_key) is False


@pytest.mark.django_db
def test_public_verification_page(client, certificate):
    url = reverse("public:verify", kwargs={"token": f"{certificate.code}.{certificate.signature}"})
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Còn hiệu lực" in body and "Mật ong rừng Hoa Lư" in body
    assert '"@type": "Certification"' in body
    forged = client.get(reverse("public:verify", kwargs={"token": f"{certificate.code}.AAAA"}))
    assert forged.status_code == 400
    assert "giả mạo" in forged.content.decode()
    unknown = client.get(reverse("public:verify", kwargs={"token": "ZZZZZZZZZZZZ"}))
    assert unknown.status_code == 404
    typed = client.get(reverse("public:verify_form") + f"?code={certificate.code.lower()}")
    assert typed.status_code == 200
    data = client.get(url + "?format=json").json()
    assert (data["identifier"], data["certificationStatus"]) == (
        certificate.number,
        "CertificationActive",
    )


@pytest.mark.django_db
def test_published_key_verifies_offline(client, certificate):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    jwk = client.get("/.well-known/ocop-keys.json").json()["keys"][0]
    key = Ed25519PublicKey.from_public_bytes(signing.b64url_decode(jwk["x"]))
    message = codes.payload(
        code=certificate.code,
        number=certificate.number,
        star=certificate.star,
        expires_on=certificate.expires_on,
    )
    key.verify(signing.b64url_decode(certificate.signature), message)  # raises if invalid


@pytest.mark.django_db
def test_pdf_has_the_vietnamese_text_and_a_qr_that_decodes_to_the_url(certificate):
    pdf = PdfReader(io.BytesIO(certificates_pdf([certificate])))
    text = pdf.pages[0].extract_text()
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Mật ong rừng Hoa Lư" in text
    assert "HTX Mật ong Hoa Lư" in text
    image = Image.open(io.BytesIO(pdf.pages[0].images[0].data))
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [verification_url(certificate)]


@pytest.mark.django_db
def test_a_new_certificate_supersedes_the_old_one(certificate):
    from ocop.certification.domain import issue_certificate

    item = certificate.decision.items.get()
    newer = issue_certificate(actor=None, decision_item=item)
    certificate.refresh_from_db()
    assert certificate.superseded_by == newer
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert newer.number == "002/2026/GCN-OCOP-37"


@pytest.mark.django_db
def test_reminders_are_sent_once_each(certificate, producer_user, commune_officer):
    expires = certificate.expires_on
    assert send_reminders(today=expires - timedelta(days=181)).sent == 0
    first = send_reminders(today=expires - timedelta(days=180))
    assert first.sent == 1
    assert send_reminders(today=expires - timedelta(days=170)).sent == 0
    assert send_reminders(today=expires - timedelta(days=30)).sent == 1
    assert send_reminders(today=expires + timedelta(days=1)).sent == 1
    assert send_reminders(today=expires + timedelta(days=2)).sent == 0
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == [
        "days_30",
        "expired",
        "window",
    ]
    assert Notification.objects.filter(user=producer_user).count() == 3
    assert Notification.objects.filter(user=commune_officer).count() == 3
    assert len(mail.outbox) == 3
    assert producer_user.email in mail.outbox[0].to


@pytest.mark.django_db
def test_revocation_authority_and_immediate_effect(
    client, certificate, commune_officer, other_province_officer, province_officer
):
    from django.core.exceptions import PermissionDenied

    from ocop.certification.domain import revoke_certificate

    facts = {
        "ground": "b",
        "decision_number": "315/QĐ-UBND",
        "revoked_on": date(2026, 12, 1),
        "reason": "Mẫu không đạt",
    }
    for outsider in (commune_officer, other_province_officer):
        with pytest.raises(PermissionDenied):
            revoke_certificate(actor=outsider, certificate=certificate, **facts)
    certificate.refresh_from_db()
    assert certificate.revoked_on is None
    url = reverse("public:verify", kwargs={"token": certificate.code})
    assert "Còn hiệu lực" in client.get(url).content.decode()
    client.force_login(province_officer)
    client.post(
        reverse("backoffice:certificate_revoke", args=[certificate.pk]),
        {**facts, "revoked_on": "2026-12-01"},
    )
    certificate.refresh_from_db()
    assert (certificate.revoked_on, certificate.revocation_ground) == (date(2026, 12, 1), "b")
    client.logout()
    page = client.get(url).content.decode()
    assert "Đã thu hồi" in page and "Revoked" in page
    assert client.get(url + "?format=json").json()["certificationStatus"] == "CertificationInactive"


@pytest.mark.django_db
def test_five_stars_are_revoked_only_by_the_ministry(certificate, province_officer):
    from django.core.exceptions import PermissionDenied

    from ocop.certification.domain import revoke_certificate
    from tests.factories import make_user

    Certificate.objects.filter(pk=certificate.pk).update(star=5)
    certificate.refresh_from_db()
    facts = {
        "ground": "d",
        "decision_number": "9/QĐ-BNNMT",
        "revoked_on": date(2026, 12, 1),
        "reason": "Dùng sai biểu trưng",
    }
    with pytest.raises(PermissionDenied):
        revoke_certificate(actor=province_officer, certificate=certificate, **facts)
    revoke_certificate(actor=make_user("bo", role="mae_officer"), certificate=certificate, **facts)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED


@pytest.mark.django_db
def test_reevaluation_window_and_late_filing_extension(certificate, producer_user, monkeypatch):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from ocop.evaluation.enums import DossierKind

    product = certificate.product
    sheet = certificate.product.dossiers.first().revision.form().sheet

    def file_on(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        dossier = domain.start_dossier(
            actor=producer_user, product=product, kind=DossierKind.REEVALUATION
        )
        domain.save_dossier_draft(
            actor=producer_user,
            dossier=dossier,
            registration={"applicant": "A"},
            self_answers=answers_at(sheet, quality=0.8),
        )
        return dossier

    early = file_on(certificate.expires_on - timedelta(days=181))
    with pytest.raises(ValidationError) as caught:
        domain.submit_dossier(actor=producer_user, dossier=early)
    assert caught.value.code == "too_early"
    early.delete()
    late = file_on(certificate.expires_on - timedelta(days=100))
    domain.submit_dossier(actor=producer_user, dossier=late)
    certificate.refresh_from_db()
    assert certificate.extended_until == certificate.expires_on + timedelta(days=180)
    assert certificate.status == CertificateStatus.VALID  # not expired yet
