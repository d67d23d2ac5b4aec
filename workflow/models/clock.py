from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoClock(models.Model):
    """The demo date (演示日期): one row, read by ``workflow.clock`` only in demo mode (never in production)."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    today = models.DateField(_("演示日期"))
    updated_at = models.DateTimeField(_("调整时间"), auto_now=True)

    class Meta:
        verbose_name = _("演示日期")
        verbose_name_plural = _("演示日期")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="demo_clock_singleton")]

    def __str__(self) -> str:
        return self.today.isoformat()
