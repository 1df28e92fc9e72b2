import pytest

from ocop.core.audit import MASK, diff, log_action
from ocop.core.models import AppendOnlyError, AuditEntry
from tests.conftest import HOME_COMMUNE
from tests.factories import make_producer


@pytest.mark.django_db
def test_log_action_records_actor_object_changes_and_masks_secrets(sysadmin):
    producer = make_producer(commune=HOME_COMMUNE, name="HTX Mật ong")
    entry = log_action(
        action="ocop.producer.changed",
        obj=producer,
        actor=sysadmin,
        changes={"name": ["A", "B"], "api_token": ["x", "y"]},
        data={"password": "hunter2", "note": "ok"},
        reason="Sửa tên",
    )
    entry.refresh_from_db()
    assert entry.actor == sysadmin
    assert entry.actor_label == "admin"
    assert entry.object_type == "registry.producer"
    assert entry.object_id == str(producer.pk)
    assert entry.object_repr == "HTX Mật ong"
    assert entry.changes == {"name": ["A", "B"], "api_token": MASK}
    assert entry.data == {"password": MASK, "note": "ok"}
    assert entry.reason == "Sửa tên"


@pytest.mark.django_db
def test_audit_log_is_append_only(sysadmin):
    producer = make_producer(commune=HOME_COMMUNE)
    entry = log_action(action="ocop.test", obj=producer, actor=sysadmin)
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}
