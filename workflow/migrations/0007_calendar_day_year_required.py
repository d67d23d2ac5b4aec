"""FLOW-02: every calendar day belongs to its year (filled by 0006; a migration of its own because PostgreSQL cannot
alter a table with the pending deferred-constraint events of 0006's updates in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workflow", "0006_calendar_days_per_year")]

    operations = [
        migrations.AlterField(
            model_name="calendarday",
            name="calendar_year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="days",
                to="workflow.calendaryear",
                verbose_name="年度",
            ),
        ),
    ]
