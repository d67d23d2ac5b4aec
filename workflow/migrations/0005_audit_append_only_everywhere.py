"""FLOW-05 at the database level on every backend we run on.

- SQLite (the demo and ``make test``): BEFORE UPDATE and BEFORE DELETE triggers abort the statement. The DELETE
  trigger lets a row go only while ``wuhai_audit_test_flush()`` answers 1 — a function this project registers on
  each of its own connections (``workflow.apps``) answering ``settings.WUHAI_AUDIT_TEST_FLUSH``, which only the
  test setup turns on (pytest-django empties every table after a transactional test). Any other client (the sqlite3
  shell) does not have the function, so its DELETE fails too.
- PostgreSQL: migration 0003's row trigger refuses UPDATE and DELETE; TRUNCATE (``manage.py flush``) bypasses row
  triggers, so a statement trigger refuses it unless the session set ``wuhai.audit_test_flush = 'on'``, which only
  the test setup does (``workflow.apps``, same setting).
"""

from django.db import migrations

SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS workflow_audit_no_update",
    "DROP TRIGGER IF EXISTS workflow_audit_no_delete",
    """CREATE TRIGGER workflow_audit_no_update BEFORE UPDATE ON workflow_auditrecord
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only (FLOW-05)'); END""",
    """CREATE TRIGGER workflow_audit_no_delete BEFORE DELETE ON workflow_auditrecord
       WHEN coalesce(wuhai_audit_test_flush(), 0) <> 1
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only (FLOW-05)'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS workflow_audit_no_update",
    "DROP TRIGGER IF EXISTS workflow_audit_no_delete",
]
POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION workflow_audit_no_truncate() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('wuhai.audit_test_flush', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit records are append-only (FLOW-05): TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS workflow_audit_no_truncate ON workflow_auditrecord;
CREATE TRIGGER workflow_audit_no_truncate BEFORE TRUNCATE ON workflow_auditrecord
FOR EACH STATEMENT EXECUTE FUNCTION workflow_audit_no_truncate();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS workflow_audit_no_truncate ON workflow_auditrecord;
DROP FUNCTION IF EXISTS workflow_audit_no_truncate();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0004_process_clock")]

    operations = [
        migrations.AlterModelOptions(
            name="auditrecord",
            options={
                "base_manager_name": "objects",
                "default_permissions": ("view",),
                "ordering": ["at", "id"],
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
