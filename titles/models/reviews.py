"""What the review steps leave behind: signed decisions (FLOW-06), the one-time correction notice (FLOW-04),
result complaints (TITLE-14) and the electronic certificate (TITLE-15)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStep(models.TextChoices):
    UNIT_REVIEW = "unit_review", _("单位审核")
    RECOMMENDATION = "recommendation", _("单位推荐")
    DEPT_REVIEW = "dept_review", _("主管部门复核")
    HR_REVIEW = "hr_review", _("人社部门审核")
    DEPT_REPORT = "dept_report", _("区主管部门报送")  # TITLE-07 directional senior
    CITY_DEPT_REVIEW = "city_dept_review", _("市级行业主管部门审核")  # TITLE-07 directional senior
    CITY_HR_REVIEW = "city_hr_review", _("市人社局审核")  # TITLE-07 senior of a district unit
    COMMITTEE = "committee", _("评委会")
    RESULT = "result", _("结果公示与备案")


class ReviewDecision(models.Model):
    """FLOW-06 谁审核、谁签字、谁负责: reviewer, opinion, date and the organisation it was made for. Never edited."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("同意")
        RECOMMEND = "recommend", _("推荐")
        FORWARD = "forward", _("报送")
        CORRECTION = "correction", _("一次性告知补正")
        REJECT = "reject", _("不同意")
        RECOGNISE = "recognise", _("认定")
        FILE = "file", _("备案")
        RECHECK = "recheck", _("复核通过")  # TITLE-07 directional senior: the district HR's re-check
        # GREEN-03, Doc A §五(四)3 (the city's green channel, one case one decision): intermediate/junior need the
        # city talent-work leading group's consent, senior city HR's approval.
        GREEN_CONSENT = "green_consent", _("市人才工作领导小组同意")
        GREEN_APPROVAL = "green_approval", _("市人社部门核准")

    application = models.ForeignKey("titles.Application", on_delete=models.PROTECT, related_name="decisions")
    step = models.CharField(_("审核环节"), max_length=32, choices=ReviewStep.choices)
    decision = models.CharField(_("审核结论"), max_length=16, choices=Decision.choices)
    opinion = models.TextField(_("审核意见"))
    selection_method = models.TextField(_("推荐人选产生方式"), blank=True)  # TITLE-08 recommendation only
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT)
    reviewer_name = models.CharField(_("审核人签名"), max_length=100)
    organisation = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("审核单位"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("审核日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审核签字")
        verbose_name_plural = _("审核签字")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "step"])]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.get_decision_display()} · {self.reviewer_name}"


class CorrectionNotice(models.Model):
    """FLOW-04 一次性告知: every item to correct in one notice, with a deadline; one per review step."""

    class State(models.TextChoices):
        OPEN = "open", _("待补正")
        ANSWERED = "answered", _("已补正")
        EXPIRED = "expired", _("逾期未补正（视为放弃）")

    application = models.ForeignKey("titles.Application", on_delete=models.PROTECT, related_name="corrections")
    step = models.CharField(_("审核环节"), max_length=32, choices=ReviewStep.choices)
    # [{"item": "<checklist key or field name>", "note": "what is wrong and what is needed"}, ...]
    items = models.JSONField(_("需补正事项"))
    deadline = models.DateField(_("补正截止日"), db_index=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_by_name = models.CharField(_("告知人"), max_length=100)
    organisation = models.ForeignKey("workflow.Organisation", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("告知时间"), auto_now_add=True)
    answer_note = models.TextField(_("补正说明"), blank=True)
    answered_at = models.DateTimeField(_("补正时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("一次性告知")
        verbose_name_plural = _("一次性告知")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "step"], name="titles_one_correction_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_step_display()} · {self.deadline}"

    @property
    def item_keys(self) -> set[str]:
        return {entry["item"] for entry in self.items}


class ResultComplaint(models.Model):
    """TITLE-14: a complaint during the result publicity goes to whoever must investigate it."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("评审过程")  # → the committee's organiser
        AUTHENTICITY = "authenticity", _("材料真实性")  # → HR and the unit

    class Outcome(models.TextChoices):
        OPEN = "open", _("调查中")
        UPHELD = "upheld", _("投诉成立")
        DISMISSED = "dismissed", _("投诉不成立")

    application = models.ForeignKey("titles.Application", on_delete=models.PROTECT, related_name="complaints")
    kind = models.CharField(_("投诉类型"), max_length=16, choices=Kind.choices)
    content = models.TextField(_("投诉内容"))
    raised_on = models.DateField(_("投诉日期"))
    raised_by = models.CharField(_("投诉人"), max_length=100, blank=True)
    routed_to = models.ManyToManyField("workflow.Organisation", verbose_name=_("受理单位"), related_name="+")
    outcome = models.CharField(_("处理结果"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    resolution_note = models.TextField(_("处理意见"), blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("结果投诉")
        verbose_name_plural = _("结果投诉")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()}"


class Certificate(models.Model):
    """TITLE-15 electronic certificate; the public page verifies ``verification_code`` and shows only the
    holder's name, the title, the series and the date."""

    application = models.OneToOneField("titles.Application", on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    verification_code = models.CharField(_("验证码"), max_length=32, unique=True)
    holder_name = models.CharField(_("姓名"), max_length=100)
    title_name = models.CharField(_("资格名称"), max_length=100)
    series_name = models.CharField(_("系列"), max_length=100)
    level = models.CharField(_("级别"), max_length=16)
    effective_on = models.DateField(_("取得资格时间"))
    issued_on = models.DateField(_("发证日期"))
    issuer = models.ForeignKey("workflow.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("电子证书")
        verbose_name_plural = _("电子证书")

    def __str__(self) -> str:
        return self.number
