"""FLOW-05: every state change is recorded; the record is append-only through every interface."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.utils import DatabaseError

from workflow.audit import audit_record
from workflow.models import AuditRecord, Organisation
from workflow.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    org = Organisation.objects.create(kind="city_hr", code="hr", name="乌海市人力资源和社会保障局", jurisdiction="city")
    user = get_user_model().objects.create_user("officer", first_name="刘洋")
    return audit_record(
        subject=org,
        transition="approve",
        from_state="a",
        to_state="b",
        actor=user,
        role="hr_officer",
        organisation=org,
        note="同意",
    )


def test_FLOW_05_record_holds_actor_role_time_states_and_note(record):
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.actor_name, stored.role, stored.from_state, stored.to_state, stored.note) == (
        "刘洋",
        "hr_officer",
        "a",
        "b",
        "同意",
    )
    assert stored.at is not None
    assert stored.organisation.code == "hr"


def test_FLOW_05_system_transitions_are_recorded_as_system():
    org = Organisation.objects.create(kind="city_hr", code="hr2", name="x", jurisdiction="city")
    rec = audit_record(subject=org, transition="expire", actor=None)
    assert rec.actor is None and rec.actor_name == "系统"


def test_FLOW_05_record_cannot_be_saved_again(record):
    record.note = "篡改"
    with pytest.raises(AppendOnlyError):
        record.save()
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_record_cannot_be_deleted(record):
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.filter(pk=record.pk).exists()


def test_FLOW_05_queryset_update_is_refused(record):
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(note="x")
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_admin_offers_no_add_change_or_delete_even_to_superusers(client, record):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    client.force_login(admin)
    assert client.get("/admin/workflow/auditrecord/").status_code == 200
    assert client.get("/admin/workflow/auditrecord/add/").status_code == 403
    page = client.get(f"/admin/workflow/auditrecord/{record.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content  # view-only
    assert client.post(f"/admin/workflow/auditrecord/{record.pk}/change/", {"note": "x"}).status_code == 403
    assert client.post(f"/admin/workflow/auditrecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


@pytest.mark.postgres
def test_FLOW_05_database_refuses_raw_update_and_delete(record):
    for sql in (
        "UPDATE workflow_auditrecord SET note = 'x' WHERE id = %s",
        "DELETE FROM workflow_auditrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"
