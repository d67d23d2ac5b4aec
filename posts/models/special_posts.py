from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .schemes import SignedDecision


class SpecialPost(ConcurrentTransitionMixin, models.Model):
    """A special post (特设岗位, POST-09; Doc A §四(二) and attachment 1 特设岗位设置审核表).

    Not part of the unit's totals or ratios. Approval chain: unit → supervising department → city/district HR
    (→ the autonomous region for grade 2); then the holder is appointed (active) for the term; it expires at the end
    of the term (or at the holder's retirement) and is cancelled (核销).
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("单位已申请")
        DEPT_APPROVED = "dept_approved", _("主管部门已审核")
        HR_APPROVED = "hr_approved", _("人社部门已核准")
        REGION_APPROVED = "region_approved", _("自治区已核准")
        ACTIVE = "active", _("聘用中")
        EXPIRED = "expired", _("期满核销")
        CANCELLED = "cancelled", _("已撤销/不予核准")

    class PreviousCategory(models.TextChoices):
        """Attachment 1 "原聘岗位类别": any of the three post categories (the holder's post before this one)."""

        MANAGEMENT = "management", _("管理岗位")
        PROFESSIONAL = "professional", _("专业技术岗位")
        WORKER = "worker", _("工勤技能岗位")

    class Category(models.TextChoices):
        PROFESSIONAL = "professional", _("专业技术岗位")
        WORKER = "worker", _("工勤技能岗位")

    WAITING_STATES = (State.REQUESTED, State.DEPT_APPROVED, State.HR_APPROVED, State.REGION_APPROVED)

    unit = models.ForeignKey(
        "workflow.Organisation",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="special_posts",
        limit_choices_to={"kind": "unit"},
    )
    state = FSMField(_("状态"), default=State.REQUESTED, choices=State.choices, protected=True, db_index=True)
    category = models.CharField(_("岗位类别"), max_length=16, choices=Category.choices)
    post_name = models.CharField(_("岗位名称"), max_length=200)
    grade = models.PositiveSmallIntegerField(_("岗位等级"))
    count = models.PositiveSmallIntegerField(_("岗位数"), default=1)
    reasons = models.TextField(_("设置原因"))
    major_project = models.BooleanField(
        _("承担市级及以上重大研究项目（课题）"), default=False, help_text=_("聘期可按任务期限设置，最长不超过5年")
    )
    term_years = models.PositiveSmallIntegerField(_("聘期（年）"), default=3)
    term_start = models.DateField(_("岗位设置开始时间"))
    term_end = models.DateField(_("岗位设置终止时间"))
    runs_to_retirement = models.BooleanField(_("聘期延续至退休"), default=False)
    extensions = models.PositiveSmallIntegerField(_("已延长聘期次数"), default=0)

    holder_name = models.CharField(_("拟聘人员姓名"), max_length=100)
    holder_gender = models.CharField(_("性别"), max_length=8, blank=True)
    holder_birth_date = models.DateField(_("出生年月"))
    holder_title = models.CharField(_("专业技术职务/职称"), max_length=100, blank=True)
    holder_retirement_date = models.DateField(_("法定退休日期"))
    holder_work_start = models.DateField(_("参加工作时间"), null=True, blank=True)
    holder_education = models.CharField(_("最高学历"), max_length=50, blank=True)
    holder_graduation = models.DateField(_("毕业时间"), null=True, blank=True)
    holder_previous_employer = models.CharField(_("原工作单位"), max_length=200, blank=True)
    holder_previous_category = models.CharField(
        _("原聘岗位类别"), max_length=16, blank=True, choices=PreviousCategory.choices
    )
    holder_previous_post = models.CharField(_("原聘岗位名称"), max_length=200, blank=True)
    holder_previous_grade = models.PositiveSmallIntegerField(_("原聘岗位等级"), null=True, blank=True)

    region_document = models.CharField(_("自治区核准文号"), max_length=100, blank=True)
    outcome_note = models.TextField(_("撤销/核销说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("特设岗位")
        verbose_name_plural = _("特设岗位")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="special_post_count_positive"),
            models.CheckConstraint(condition=models.Q(extensions__lte=1), name="special_post_one_extension"),
            models.CheckConstraint(condition=models.Q(term_end__gt=models.F("term_start")), name="special_post_term"),
        ]
        indexes = [models.Index(fields=["state", "term_end"]), models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.unit.name} 特设岗位 {self.post_name}（{self.grade}级）"

    @property
    def grade_label(self) -> str:
        """六级 / grade 6 (技术工三级 for worker posts), in the page language."""
        from posts.forms import grade_label

        return grade_label(self.category, str(self.grade))

    @property
    def needs_region_approval(self) -> bool:
        """POST-09: "特设专业技术二级岗位，需报送自治区事业单位人事综合管理部门核准"."""
        return self.category == self.Category.PROFESSIONAL and self.grade == 2

    def _no_region_step(self) -> bool:
        return not self.needs_region_approval

    def _region_step(self) -> bool:
        return self.needs_region_approval

    @transition(field=state, source=State.REQUESTED, target=State.DEPT_APPROVED)
    def dept_approve(self):
        pass

    @transition(field=state, source=[State.REQUESTED, State.DEPT_APPROVED], target=State.HR_APPROVED)
    def hr_approve(self):
        pass

    @transition(field=state, source=State.HR_APPROVED, target=State.REGION_APPROVED, conditions=[_region_step])
    def region_approve(self):
        pass

    @transition(field=state, source=State.HR_APPROVED, target=State.ACTIVE, conditions=[_no_region_step])
    def activate(self):
        pass

    @transition(field=state, source=State.REGION_APPROVED, target=State.ACTIVE)
    def activate_after_region(self):
        pass

    @transition(field=state, source=State.ACTIVE, target=State.ACTIVE)
    def extend(self):
        pass

    @transition(field=state, source=State.ACTIVE, target=State.EXPIRED)
    def expire(self):
        pass

    @transition(
        field=state,
        source=[State.REQUESTED, State.DEPT_APPROVED, State.HR_APPROVED, State.REGION_APPROVED, State.ACTIVE],
        target=State.CANCELLED,
    )
    def cancel(self):
        pass


class SpecialPostReview(SignedDecision):
    special_post = models.ForeignKey(SpecialPost, on_delete=models.PROTECT, related_name="reviews")

    class Meta(SignedDecision.Meta):
        verbose_name = _("特设岗位审核意见")
        verbose_name_plural = _("特设岗位审核意见")
