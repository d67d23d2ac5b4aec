from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

# The grade keys of each category (Doc A attachments 2 and 5; INTERFACES.md §1). Keys are strings because the counts
# are stored as JSON objects in exactly the shape of the check_scheme input.
CATEGORY_GRADES: dict[str, tuple[str, ...]] = {
    "management": tuple(str(g) for g in range(3, 11)),
    "professional": tuple(str(g) for g in range(1, 14)),
    "worker": ("1", "2", "3", "4", "5", "general"),
    "directional": ("5", "6", "7"),
}
CATEGORY_NAMES = {"management": "管理岗位", "professional": "专业技术岗位", "worker": "工勤技能岗位",
                  "directional": "定向评价、定向使用岗位"}  # fmt: skip


def clean_grade_counts(category: str, value) -> dict[str, int]:
    """The one validation of a category's counts: known grade keys, non-negative integers; missing keys mean 0.

    Returns the compact form (zero counts dropped). Raises ``ValidationError`` naming the field, the grade and what
    would be accepted.
    """
    allowed = CATEGORY_GRADES[category]
    name = CATEGORY_NAMES[category]
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"{name}（{category}）应为“等级: 个数”的对象 / {category} must be an object of grade: count",
            code="invalid",
        )
    cleaned: dict[str, int] = {}
    for key, count in value.items():
        grade = str(key)
        if grade not in allowed:
            raise ValidationError(
                f"{name}（{category}）没有“{grade}”这一等级，可用等级：{'、'.join(allowed)} / "
                f"{category} has no grade {grade!r}; grades are {', '.join(allowed)}",
                code="grade",
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError(
                f"{name}（{category}）{grade} 级的个数应为非负整数，收到 {count!r} / "
                f"{category} grade {grade}: a count must be a non-negative integer, got {count!r}",
                code="count",
            )
        if count:
            cleaned[grade] = count
    return dict(sorted(cleaned.items(), key=lambda item: allowed.index(item[0])))


def validate_management_counts(value):
    clean_grade_counts("management", value)


def validate_professional_counts(value):
    clean_grade_counts("professional", value)


def validate_worker_counts(value):
    clean_grade_counts("worker", value)


def validate_directional_counts(value):
    clean_grade_counts("directional", value)


def validate_appointed(value):
    if not isinstance(value, Mapping):
        raise ValidationError("在聘人数应为按类别分组的对象 / appointed counts must be an object per category")
    for category, counts in value.items():
        if category not in CATEGORY_GRADES:
            raise ValidationError(f"未知岗位类别 {category!r} / unknown category {category!r}")
        clean_grade_counts(category, counts)


class Scheme(ConcurrentTransitionMixin, models.Model):
    """A unit's post-setting scheme (岗位设置方案), one row per version, filed per POST-10, stable per POST-11.

    Storage of the counts: one JSON object per category ({"grade": count}), exactly the shape of INTERFACES.md §1.
    A scheme is always read and written whole (the engine needs every grade at once), no list ever filters on a single
    grade, and aggregates over many units are computed by the engine in Python — so 33 integer columns would buy
    nothing but width. Validity is enforced by ``clean_grade_counts`` (field validators + every service).

    ``appointed`` holds the number of people currently appointed per category and grade (在聘人数), in the same
    shape. It is recorded on the filed scheme by unit HR (``scheme_appointed_record``) and gives the regular vacancy
    (set − appointed) that POST-09 checks before a special post may be requested, and the base of POST-12.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        DEPT_REVIEW = "dept_review", _("主管部门审核中")
        HR_REVIEW = "hr_review", _("人社部门备案审核中")
        FILED = "filed", _("已备案")
        RETURNED = "returned", _("已退回")
        SUPERSEDED = "superseded", _("已被新版本替代")

    class ChangeKind(models.TextChoices):
        """POST-11: "因事业单位员额编制（人员总量）、人员结构、工作职能等发生重大变化确需变更的"."""

        STAFFING_QUOTA = "staffing_quota", _("员额编制（人员总量）发生重大变化")
        STRUCTURE = "structure", _("人员结构发生重大变化")
        FUNCTION = "function", _("工作职能发生重大变化")

    OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.DEPT_REVIEW, State.HR_REVIEW, State.RETURNED)

    unit = models.ForeignKey(
        "workflow.Organisation",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="post_schemes",
        limit_choices_to={"kind": "unit"},
    )
    version = models.PositiveIntegerField(_("版本"))
    previous = models.ForeignKey(
        "self", verbose_name=_("上一版本"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = FSMField(_("状态"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)

    management = models.JSONField(_("管理岗位"), default=dict, blank=True, validators=[validate_management_counts])
    professional = models.JSONField(
        _("专业技术岗位"), default=dict, blank=True, validators=[validate_professional_counts]
    )
    worker = models.JSONField(_("工勤技能岗位"), default=dict, blank=True, validators=[validate_worker_counts])
    directional = models.JSONField(
        _("定向评价、定向使用岗位"), default=dict, blank=True, validators=[validate_directional_counts]
    )
    quota_full_senior = models.PositiveIntegerField(
        _("核定正高级岗位总额"), null=True, blank=True, help_text=_("POST-06：人社部门核定的正高级岗位总额")
    )
    appointed = models.JSONField(_("在聘人数"), default=dict, blank=True, validators=[validate_appointed])

    term_start = models.DateField(_("聘期（实施周期）开始"), null=True, blank=True)
    term_end = models.DateField(_("聘期（实施周期）结束"), null=True, blank=True)
    change_kind = models.CharField(_("变更原因类别"), max_length=32, choices=ChangeKind.choices, blank=True)
    change_reason = models.TextField(_("变更理由"), blank=True)
    return_reasons = models.TextField(_("退回理由"), blank=True)

    findings = models.JSONField(_("最近一次检查结果"), default=list, blank=True)
    checked_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filed_by = models.ForeignKey(
        "workflow.Organisation",
        verbose_name=_("备案机关"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("岗位设置方案")
        verbose_name_plural = _("岗位设置方案")
        ordering = ["unit_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "version"], name="scheme_unit_version_unique"),
            # POST-11: a unit has at most one filed scheme in force.
            models.UniqueConstraint(fields=["unit"], condition=models.Q(state="filed"), name="scheme_one_filed"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="scheme_version_positive"),
        ]
        indexes = [models.Index(fields=["state", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit.name} 岗位设置方案 v{self.version}"

    def counts(self, category: str) -> dict[str, int]:
        return dict(getattr(self, category) or {})

    @property
    def professional_total(self) -> int:
        return sum((self.professional or {}).values())

    @property
    def has_errors(self) -> bool:
        return any(f.get("severity") == "error" for f in self.findings or [])

    # Transitions: guards only; permissions, POST rules and side effects live in posts.services.
    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=RETURN_VALUE(State.DEPT_REVIEW, State.HR_REVIEW))
    def route(self, *, needs_department: bool):
        """POST-10: units under a department go to its review first; city-direct units go straight to HR."""
        return self.State.DEPT_REVIEW if needs_department else self.State.HR_REVIEW

    @transition(field=state, source=State.DEPT_REVIEW, target=State.HR_REVIEW)
    def dept_approve(self):
        pass

    @transition(field=state, source=[State.DEPT_REVIEW, State.HR_REVIEW], target=State.RETURNED)
    def return_to_unit(self):
        pass

    @transition(field=state, source=State.RETURNED, target=State.DRAFT)
    def reopen(self):
        pass

    @transition(field=state, source=State.HR_REVIEW, target=State.FILED)
    def file(self):
        pass

    @transition(field=state, source=State.FILED, target=State.SUPERSEDED)
    def supersede(self):
        pass


class SignedDecision(models.Model):
    """FLOW-06 (谁审核、谁签字、谁负责): reviewer name, opinion, date and the organisation acted for."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        RETURNED = "returned", _("退回")
        REFUSED = "refused", _("不同意")

    stage = models.CharField(_("审核环节"), max_length=32)
    decision = models.CharField(_("审核结论"), max_length=16, choices=Decision.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT)
    reviewer_name = models.CharField(_("审核人签名"), max_length=150)
    opinion = models.TextField(_("审核意见"))
    decided_on = models.DateField(_("审核日期"))
    organisation = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("代表机构"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.organisation} {self.reviewer_name}: {self.get_decision_display()}"


class SchemeReview(SignedDecision):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="reviews")

    class Meta(SignedDecision.Meta):
        verbose_name = _("方案审核意见")
        verbose_name_plural = _("方案审核意见")


class FilingReport(models.Model):
    """POST-10 (Doc A §四(三)5(4)): a district HR bureau reports the 正高, directional and special posts it approved
    to city HR (报备). One row per report; city HR sees them in its inbox and the list."""

    from_organisation = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("报备机关"), on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("接收机关"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("岗位设置方案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filing_reports",
    )
    special_post = models.ForeignKey(
        "posts.SpecialPost",
        verbose_name=_("特设岗位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filing_reports",
    )
    full_senior = models.PositiveIntegerField(_("正高级岗位数"), default=0)
    directional = models.PositiveIntegerField(_("定向评价、定向使用岗位数"), default=0)
    special = models.PositiveIntegerField(_("特设岗位数"), default=0)
    summary = models.TextField(_("报备内容"))
    reported_at = models.DateTimeField(_("报备时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("岗位设置报备")
        verbose_name_plural = _("岗位设置报备")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheme__isnull=False) | models.Q(special_post__isnull=False),
                name="filing_report_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}: {self.unit}"
