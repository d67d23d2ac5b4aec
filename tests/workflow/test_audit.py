"""FLOW-05: every state change is recorded; the record is append-only through every interface."""

from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import override_settings

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


def test_FLOW_05_base_manager_is_the_append_only_one(record):
    # Model.save and related managers write through _base_manager: it must refuse as objects does.
    with pytest.raises(AppendOnlyError):
        AuditRecord._base_manager.filter(pk=record.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditRecord._base_manager.filter(pk=record.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord._base_manager.filter(pk=record.pk)._raw_delete(AuditRecord._base_manager.db)
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


@pytest.mark.parametrize("options", [{"update_conflicts": True, "update_fields": ["note"], "unique_fields": ["id"]},
                                     {"ignore_conflicts": True}])  # fmt: skip
def test_FLOW_05_bulk_create_on_conflict_is_refused(record, options):
    copy = AuditRecord.objects.filter(pk=record.pk).values()[0] | {"note": "篡改"}
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.bulk_create([AuditRecord(**copy)], **options)
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_plain_bulk_create_still_appends(record):
    values = AuditRecord.objects.filter(pk=record.pk).values()[0]
    del values["id"]
    AuditRecord.objects.bulk_create([AuditRecord(**values)])
    assert AuditRecord.objects.count() == 2


def test_FLOW_05_bulk_update_is_refused(record):
    record.note = "篡改"
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.bulk_update([record], ["note"])
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_new_object_with_a_stored_pk_is_refused_not_turned_into_an_update(record):
    values = AuditRecord.objects.filter(pk=record.pk).values()[0] | {"note": "篡改"}
    with pytest.raises(AppendOnlyError):
        AuditRecord(**values).save()
    fetched = AuditRecord.objects.get(pk=record.pk)
    fetched._state.adding = True  # pretending it is new does not help either
    fetched.note = "篡改"
    with pytest.raises(AppendOnlyError):
        fetched.save()
    with pytest.raises(AppendOnlyError):
        fetched.save(force_update=True)
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_new_object_with_an_unused_pk_is_inserted(record):
    values = AuditRecord.objects.filter(pk=record.pk).values()[0] | {"id": record.pk + 100, "note": "补录"}
    AuditRecord(**values).save()
    assert AuditRecord.objects.get(pk=record.pk + 100).note == "补录"
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_deserialising_over_a_stored_record_is_refused(record):
    # loaddata and serialized rollbacks save with raw=True, past save(): the queryset's UPDATE refuses.
    from django.core import serializers

    data = serializers.serialize("json", [AuditRecord.objects.get(pk=record.pk)]).replace("同意", "篡改")
    (obj,) = serializers.deserialize("json", data)
    with pytest.raises(AppendOnlyError), transaction.atomic():
        obj.save()
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_deserialising_into_an_empty_place_restores_the_record(record):
    from django.core import serializers

    data = serializers.serialize("json", [AuditRecord.objects.get(pk=record.pk)])
    data = data.replace(f'"pk": {record.pk}', f'"pk": {record.pk + 100}')
    (obj,) = serializers.deserialize("json", data)
    obj.save()
    assert AuditRecord.objects.get(pk=record.pk + 100).note == "同意"


def test_FLOW_05_the_test_flush_escape_is_off_outside_the_tests():
    # tests/conftest.py turns it on for pytest-django's flushes; the settings module (production) never does.
    import importlib

    import config.settings

    assert importlib.reload(config.settings).WUHAI_AUDIT_TEST_FLUSH is False


@contextmanager
def _no_test_flush():
    """The escape of the test setup switched off, as on every connection outside the tests."""
    with override_settings(WUHAI_AUDIT_TEST_FLUSH=False), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL wuhai.audit_test_flush = 'off'")
        yield


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE workflow_auditrecord SET note = 'x' WHERE id = %s",
        "UPDATE workflow_auditrecord SET note = 'x' WHERE id <> %s OR 1 = 1",
        "DELETE FROM workflow_auditrecord WHERE id = %s",
        "DELETE FROM workflow_auditrecord WHERE id = %s OR 1 = 1",
    ],
)
def test_FLOW_05_database_refuses_raw_update_and_delete(record, sql):
    # On SQLite (demo, make test) and PostgreSQL alike: triggers of migrations 0003 and 0005.
    with pytest.raises(DatabaseError), _no_test_flush(), connection.cursor() as cursor:
        cursor.execute(sql, [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_raw_update_is_refused_even_with_the_test_flush_escape_on(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_auditrecord SET note = 'x' WHERE id = %s", [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


def test_FLOW_05_manage_py_flush_cannot_empty_the_audit_log(record):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError), _no_test_flush():
        call_command("flush", "--noinput", verbosity=0)
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"


@pytest.mark.postgres
def test_FLOW_05_postgres_refuses_truncate(record):
    with pytest.raises(DatabaseError), _no_test_flush(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE workflow_auditrecord CASCADE")
    assert AuditRecord.objects.get(pk=record.pk).note == "同意"
