from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow import clock


class AppendOnlyError(Exception):
    """FLOW-05: audit records are never changed or removed."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计记录只能追加，不能修改 / audit records are append-only")

    def delete(self):
        raise AppendOnlyError("审计记录只能追加，不能删除 / audit records are append-only")


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

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject_repr}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        # Integrity, not business: an existing record may never be written again (FLOW-05).
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改 / audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录只能追加，不能删除 / audit records are append-only")
