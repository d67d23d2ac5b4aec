from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("流程与机构")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from .staff import hr_reference_group_after_migrate

        connection_created.connect(audit_test_flush_switch, dispatch_uid="workflow_audit_test_flush")
        # Set-up, not business: the HR officers' admin group follows the code's declaration after each migrate.
        post_migrate.connect(hr_reference_group_after_migrate, sender=self, dispatch_uid="workflow_hr_reference_group")


def audit_test_flush_switch(sender, connection, **kwargs):
    """FLOW-05: the database triggers of migrations 0003/0005 refuse to empty the audit table, except on a
    connection of the test setup (``settings.WUHAI_AUDIT_TEST_FLUSH``, set by ``tests/conftest.py`` only and read
    from no environment variable), where pytest-django flushes every table after a transactional test."""
    from django.conf import settings

    if connection.vendor == "sqlite":
        # Read at each call, so a test can switch it off again (tests/workflow/test_audit.py).
        connection.connection.create_function(
            "wuhai_audit_test_flush", 0, lambda: 1 if getattr(settings, "WUHAI_AUDIT_TEST_FLUSH", False) else 0
        )
    elif connection.vendor == "postgresql" and getattr(settings, "WUHAI_AUDIT_TEST_FLUSH", False):
        with connection.connection.cursor() as cursor:
            cursor.execute("SET wuhai.audit_test_flush = 'on'")
