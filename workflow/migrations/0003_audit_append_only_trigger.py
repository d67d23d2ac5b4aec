"""FLOW-05 at the database level: on PostgreSQL no UPDATE or DELETE of an audit record, whatever the client."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION workflow_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only (FLOW-05)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS workflow_audit_append_only ON workflow_auditrecord;
CREATE TRIGGER workflow_audit_append_only BEFORE UPDATE OR DELETE ON workflow_auditrecord
FOR EACH ROW EXECUTE FUNCTION workflow_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS workflow_audit_append_only ON workflow_auditrecord;
DROP FUNCTION IF EXISTS workflow_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_seed_calendar")]

    operations = [migrations.RunPython(forwards, backwards)]
