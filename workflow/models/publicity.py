from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class Publicity(ConcurrentTransitionMixin, models.Model):
    """A publicity period (公示, FLOW-03). What is published links here from its own model (an application's
    unit publicity, a result publicity…), so one publicity may cover a batch."""

    class Kind(models.TextChoices):
        UNIT_APPLICATION = "unit_application", _("单位申报材料公示")
        RESULT = "result", _("评审结果公示")
        APPOINTMENT = "appointment", _("岗位聘用公示")
        OTHER = "other", _("其他公示")

    class State(models.TextChoices):
        OPEN = "open", _("公示中")
        CLOSED = "closed", _("已结束")

    kind = models.CharField(_("公示类型"), max_length=32, choices=Kind.choices)
    organisation = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("公示单位"), on_delete=models.PROTECT, related_name="publicities"
    )
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("公示内容"), blank=True)
    # What is published, when it is one object (a scheme, a committee's result…); a batch (a unit's applicants)
    # leaves it empty and points here from each item instead.
    subject_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("公示对象类型"), on_delete=models.PROTECT, null=True, blank=True
    )
    subject_id = models.CharField(_("公示对象编号"), max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    starts_on = models.DateField(_("公示开始日"))
    working_days = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)
    ends_on = models.DateField(_("公示截止日"), db_index=True)
    state = FSMField(_("状态"), default=State.OPEN, choices=State.choices, protected=True, db_index=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["state", "ends_on"])]

    def __str__(self) -> str:
        return self.title

    @transition(field=state, source=State.OPEN, target=State.CLOSED)
    def close(self):
        pass


class Objection(models.Model):
    """An objection (异议) raised during a publicity; while open it blocks the close (FLOW-03)."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="objections")
    subject_label = models.CharField(_("异议对象"), max_length=200)
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.CharField(_("提出人"), max_length=100, blank=True)
    content = models.TextField(_("异议内容"))
    outcome = models.CharField(_("处理结果"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    resolution_note = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.subject_label}: {self.get_outcome_display()}"
