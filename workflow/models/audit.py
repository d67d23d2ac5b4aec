from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow import clock

APPEND_ONLY_CHANGE = "审计记录只能追加，不能修改（FLOW-05）/ audit records are append-only (FLOW-05)"
APPEND_ONLY_DELETE = "审计记录只能追加，不能删除（FLOW-05）/ audit records are append-only (FLOW-05)"


class AppendOnlyError(Exception):
    """FLOW-05: audit records are never changed or removed."""


class AuditQuerySet(models.QuerySet):
    """FLOW-05 in the ORM: every way of writing an existing row is refused. Also the model's base manager
    (``Meta.base_manager_name``), so ``_base_manager``, related managers and ``Model.save`` go through it."""

    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_CHANGE)

    def _update(self, values):
        # Model.save_base tries an UPDATE first when the pk is set (loaddata, deserialisation): refuse it when the
        # row exists, let it fall through to the INSERT when it does not (a restore into an empty table).
        if self.exists():
            raise AppendOnlyError(APPEND_ONLY_CHANGE)
        return 0

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(APPEND_ONLY_CHANGE)

    def bulk_create(self, objs, *args, update_conflicts=False, ignore_conflicts=False, **kwargs):
        if update_conflicts or ignore_conflicts:
            raise AppendOnlyError(APPEND_ONLY_CHANGE)
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY_DELETE)

    def _raw_delete(self, using):
        raise AppendOnlyError(APPEND_ONLY_DELETE)


AuditManager = models.Manager.from_queryset(AuditQuerySet)


class AuditRecord(models.Model):
    """FLOW-05: who (and in which role, for which organisation) moved what from which state to which, when, why."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.CharField(max_length=64)
    subject_repr = models.CharField(_("对象"), max_length=300)
    transition = models.CharField(_("操作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=64, blank=True)
    to_state = models.CharField(_("新状态"), max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, blank=True
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=32, blank=True)
    organisation = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("代表机构"), on_delete=models.PROTECT, null=True, blank=True
    )
    note = models.TextField(_("说明"), blank=True)
    # The process clock (workflow.clock): the real time in production, the demo date in demo mode.
    at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)

    objects = AuditManager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]
        default_permissions = ("view",)
        # Model.save and related managers write through the base manager: make it the append-only one.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject_repr}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        # Integrity, not business (FLOW-05): a record is written once, as an INSERT. A fetched record, or a new
        # object given the pk of a stored one, is refused instead of silently becoming an UPDATE.
        if not self._state.adding or (
            self.pk is not None and type(self)._base_manager.using(kwargs.get("using")).filter(pk=self.pk).exists()
        ):
            raise AppendOnlyError(APPEND_ONLY_CHANGE)
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_DELETE)
