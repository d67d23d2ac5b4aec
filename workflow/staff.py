"""The admin rights of the HR bureau's officers (人社局管理员): the reference data the issues give them to maintain
in the admin — the working-day calendar (FLOW-02), ratio profiles (POST-03), the series catalogue, routing table,
evaluation years and application windows (TITLE-02/06) — and a read-only view of the audit log (FLOW-05).

Each app says which of its admin models are reference data by giving the ModelAdmin or inline class an
``hr_reference_permissions`` tuple (e.g. ``("add", "change", "view")``), so this module names no other app (the
dependencies run workflow ← posts ← titles). ``hr_reference_group_sync`` runs after every ``migrate`` (and after
the test suite's flushes) and sets the group's permissions to exactly that list; a superuser then adds the city
HR officers' accounts to the group (Admin → 用户: "工作人员状态" and the group). Other rights belong in another
group, since this one is reset at each migrate.
"""

from __future__ import annotations

HR_REFERENCE_GROUP = "人社局管理员 / HR reference data"


def hr_reference_permissions() -> set[tuple[str, str]]:
    """(app_label, codename) of every permission the admin registry declares for the HR reference group."""
    from django.contrib import admin

    wanted: set[tuple[str, str]] = set()

    def collect(model, holder):
        for action in getattr(holder, "hr_reference_permissions", ()):
            wanted.add((model._meta.app_label, f"{action}_{model._meta.model_name}"))

    for model, model_admin in admin.site._registry.items():
        collect(model, model_admin)
        for inline in model_admin.inlines:
            collect(inline.model, inline)
    return wanted


def hr_reference_group_sync(*, using: str = "default"):
    """Create the group when missing and give it exactly the declared permissions (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    wanted = hr_reference_permissions()
    for label in sorted({app_label for app_label, _codename in wanted}):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    group, _created = Group.objects.using(using).get_or_create(name=HR_REFERENCE_GROUP)
    query = Q(pk__in=[])
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.using(using).filter(query))
    return group


def hr_reference_group_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver (connected for the workflow app: once per migrate, after every app's tables exist)."""
    hr_reference_group_sync(using=using)
