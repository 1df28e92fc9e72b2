import pytest
from django.urls import reverse

from ocop.stamps.enums import StampStatus
from ocop.stamps.models import Stamp, StampBatch, StampSheet


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_nav_links_to_the_stamp_list(client_as, owner):
    response = client_as(owner).get(reverse("backoffice:home"))
    assert reverse("backoffice:stamps_batch_list").encode() in response.content


def test_request_form_creates_and_issues_a_batch(
    client_as, owner, trade_item, lot, django_capture_on_commit_callbacks
):
    client = client_as(owner)
    page = client.get(reverse("backoffice:stamps_batch_create"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["trade_item"].queryset) == [trade_item]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:stamps_batch_create"),
            {
                "trade_item": trade_item.pk,
                "lot": lot.pk,
                "count": 12,
                "label_mm": 30,
                "margin_mm": 10,
                "columns": 6,
            },
        )
    batch = StampBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:stamps_batch_detail", args=[batch.pk])
    assert (batch.requested_count, batch.issued_count, batch.lot) == (12, 12, lot)


def test_request_form_shows_domain_errors(client_as, owner, trade_item):
    response = client_as(owner).post(
        reverse("backoffice:stamps_batch_create"),
        {"trade_item": trade_item.pk, "count": 5, "label_mm": 30, "margin_mm": 10, "columns": 7},
    )
    assert response.status_code == 200
    assert "vượt quá chiều ngang A4" in response.content.decode()
    assert StampBatch.objects.count() == 0


def test_detail_polls_while_issuing_and_shows_counts_when_done(client_as, owner, issued):
    client = client_as(owner)
    response = client.get(reverse("backoffice:stamps_batch_detail", args=[issued.pk]))
    assert response.context["counts"] == {"issued": 30}
    assert b'hx-trigger="every 1s"' not in response.content
    StampBatch.objects.filter(pk=issued.pk).update(state="running", issued_count=10)
    partial = client.get(
        reverse("backoffice:stamps_batch_detail", args=[issued.pk]), HTTP_HX_REQUEST="true"
    )
    assert [t.name for t in partial.templates] == ["backoffice/stamps/_progress.html"]
    assert b'hx-trigger="every 1s"' in partial.content
    assert "đã phát hành 10/30 tem" in partial.content.decode()


def test_activate_asks_for_confirmation_then_activates(client_as, owner, issued):
    client = client_as(owner)
    url = reverse("backoffice:stamps_batch_activate", args=[issued.pk])
    data = {"activate-target": "range", "activate-position_from": 3, "activate-position_to": 7}
    preview = client.post(url, data)
    assert preview.status_code == 200
    assert preview.context["count"] == 5
    assert Stamp.objects.filter(status=StampStatus.ACTIVATED).count() == 0
    done = client.post(url, {**data, "activate-confirm": "on"})
    assert done.status_code == 302
    assert list(
        Stamp.objects.filter(status=StampStatus.ACTIVATED)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [3, 4, 5, 6, 7]


def test_void_whole_lot_with_reason(client_as, owner, issued):
    url = reverse("backoffice:stamps_batch_void", args=[issued.pk])
    response = client_as(owner).post(
        url, {"void-target": "lot", "void-reason": "Lô bị thu hồi", "void-confirm": "on"}
    )
    assert response.status_code == 302
    assert set(Stamp.objects.values_list("status", "void_reason")) == {("voided", "Lô bị thu hồi")}


def test_stranger_sees_404_and_changes_nothing(client_as, stranger, issued):
    client = client_as(stranger)
    assert (
        client.get(reverse("backoffice:stamps_batch_detail", args=[issued.pk])).status_code == 404
    )
    url = reverse("backoffice:stamps_batch_activate", args=[issued.pk])
    assert (
        client.post(url, {"activate-target": "range", "activate-confirm": "on"}).status_code == 404
    )
    assert Stamp.objects.filter(status=StampStatus.ACTIVATED).count() == 0
    listing = client.get(reverse("backoffice:stamps_batch_list"))
    assert list(listing.context["page"].object_list) == []


def test_inspector_in_the_area_sees_but_cannot_act(client_as, issued):
    from tests.factories import make_user

    inspector = make_user("kt", role="inspector", province="37")
    client = client_as(inspector)
    response = client.get(reverse("backoffice:stamps_batch_detail", args=[issued.pk]))
    assert response.status_code == 200
    assert "activate_form" not in response.context
    client.post(
        reverse("backoffice:stamps_batch_activate", args=[issued.pk]),
        {"activate-target": "range", "activate-confirm": "on"},
    )
    assert Stamp.objects.filter(status=StampStatus.ACTIVATED).count() == 0


def test_list_filters_by_state_and_text(client_as, owner, issued, trade_item):
    client = client_as(owner)
    url = reverse("backoffice:stamps_batch_list")
    assert list(client.get(url, {"state": "done"}).context["page"].object_list) == [issued]
    assert list(client.get(url, {"state": "pending"}).context["page"].object_list) == []
    assert list(client.get(url, {"q": trade_item.gtin[-6:]}).context["page"].object_list) == [
        issued
    ]
    assert list(client.get(url, {"q": "không có"}).context["page"].object_list) == []


def test_print_sheet_is_generated_and_downloaded(
    client_as, owner, issued, django_capture_on_commit_callbacks
):
    client = client_as(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:stamps_sheet_create", args=[issued.pk]),
            {"format": "pdf", "position_from": 1, "position_to": 30},
        )
    assert response.status_code == 302
    sheet = StampSheet.objects.get()
    assert (sheet.state, sheet.pages_total, sheet.pages_done) == ("done", 1, 1)
    download = client.get(reverse("backoffice:stamps_sheet_file", args=[sheet.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
