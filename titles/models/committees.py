"""Committees, judges and review meetings (评委会, 评审专家, 评审会议) — CMTE-01…06, national Order No. 40.

The numbers (quorum, two-thirds, lead time, three years…) live in ``titles.committee_rules.CommitteeSettings``;
these rows only record what happened, and the meeting's state machine only moves the state: services check.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflow import clock

from .applications import LEVEL_CHOICES


class Committee(ConcurrentTransitionMixin, models.Model):
    """CMTE-01: approved and filed (核准备案) by city HR before it may review; valid ≤ 3 years (CMTE-04 Art. 8)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("待核准")
        APPROVED = "approved", _("已核准备案")
        EXPIRED = "expired", _("已过期")

    class Scope(models.TextChoices):
        CITY_DIRECT = "city_direct", _("市直")
        DISTRICT = "district", _("区")
        SELF_REVIEWING = "self_reviewing", _("自主评审单位")

    class FormedBy(models.TextChoices):
        SERIES = "series", _("按系列组建")
        SPECIALTY = "specialty", _("按专业组建")

    key = models.SlugField(_("代码"), max_length=64, unique=True)  # Application.committee_key points here
    name = models.CharField(_("名称"), max_length=200)
    organiser = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("组建单位"), on_delete=models.PROTECT, related_name="committees"
    )
    series = models.ForeignKey("titles.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    specialties = models.JSONField(_("专业"), default=list, blank=True)
    levels = models.JSONField(_("评审级别"), default=list)
    formed_by = models.CharField(_("组建方式"), max_length=16, choices=FormedBy.choices, default=FormedBy.SERIES)
    scope = models.CharField(_("评审范围"), max_length=16, choices=Scope.choices, default=Scope.CITY_DIRECT)
    scope_jurisdiction = models.CharField(_("范围所属区"), max_length=16, blank=True)
    scope_unit = models.ForeignKey(
        "workflow.Organisation",
        verbose_name=_("自主评审单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = FSMField(_("状态"), default=State.PROPOSED, choices=State.choices, protected=True, db_index=True)
    approved_on = models.DateField(_("核准日期"), null=True, blank=True)
    valid_until = models.DateField(_("备案有效期至"), null=True, blank=True)
    approval_note = models.CharField(_("核准文号"), max_length=200, blank=True)
    # The last ``meeting_plan`` (CMTE-06): when, the offered dates and the applications it could not place with
    # their reasons, kept until the next plan so that every office user sees them on the committee page.
    plan_notes = models.JSONField(_("最近一次排会结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("评审委员会")
        verbose_name_plural = _("评审委员会")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @transition(field=state, source=[State.PROPOSED, State.EXPIRED], target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=State.APPROVED, target=State.EXPIRED)
    def expire(self):
        pass


class Judge(models.Model):
    """An expert of the pool (评审专家库)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="judge_profile"
    )
    name = models.CharField(_("姓名"), max_length=100)
    unit = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("工作单位"), on_delete=models.PROTECT, null=True, blank=True
    )
    unit_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    series = models.ForeignKey("titles.Series", verbose_name=_("专业系列"), on_delete=models.PROTECT, related_name="+")
    specialty = models.CharField(_("专业"), max_length=100, blank=True)
    title_level = models.CharField(_("职称级别"), max_length=16, choices=LEVEL_CHOICES)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    # CMTE-04 (Order No. 40 Art. 12): 每届任期不得超过3年. The draw seats only experts whose term is recorded, is
    # at most three years and covers the year's review period (``committee_rules.expert_term_findings``).
    term_start = models.DateField(_("任期开始"), null=True, blank=True)
    term_end = models.DateField(_("任期结束"), null=True, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class JudgeAvailability(models.Model):
    """A judge's declaration for one day (CMTE-06 "their judges' availability"): ``available=False`` keeps the judge
    off meetings proposed for that day. No row for a day = available (the project's reading, see
    docs/rules_committees_db.md); a row with ``available=True`` says so explicitly and counts the same."""

    judge = models.ForeignKey(Judge, verbose_name=_("评审专家"), on_delete=models.CASCADE, related_name="availability")
    day = models.DateField(_("日期"))
    available = models.BooleanField(_("可参会"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("登记时间"), default=clock.now)  # set by availability_declare

    class Meta:
        verbose_name = _("专家可参会日期")
        verbose_name_plural = _("专家可参会日期")
        ordering = ["day", "judge_id"]
        constraints = [models.UniqueConstraint(fields=["judge", "day"], name="titles_availability_unique")]
        indexes = [models.Index(fields=["day", "available"])]

    def __str__(self) -> str:
        return f"{self.judge} {self.day} {'可参会' if self.available else '不能参会'}"


class CommitteeSeat(models.Model):
    """A judge's seat on a committee for one year (the term history CMTE-03's three-year rule reads)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="seats")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="seats")
    year = models.PositiveSmallIntegerField(_("年度"))
    alternate = models.BooleanField(_("备选"), default=False)
    draw = models.ForeignKey("titles.PanelDraw", on_delete=models.PROTECT, null=True, blank=True, related_name="seats")

    class Meta:
        verbose_name = _("评委会组成")
        verbose_name_plural = _("评委会组成")
        constraints = [models.UniqueConstraint(fields=["committee", "judge", "year"], name="titles_seat_unique")]
        indexes = [models.Index(fields=["judge", "year"])]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} · {self.judge}"


class PanelDraw(models.Model):
    """A recorded random draw (CMTE-03): the same seed over the same eligible pool gives the same panel."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="draws")
    year = models.PositiveSmallIntegerField(_("年度"))
    seed = models.BigIntegerField(_("随机种子"))
    needed = models.PositiveSmallIntegerField(_("所需人数"))
    ratio = models.CharField(_("抽取比例"), max_length=16, default="1:2")
    eligible = models.JSONField(_("候选专家"), default=list)  # judge ids, in the order the draw read them
    panel = models.JSONField(_("抽中专家"), default=list)
    alternates = models.JSONField(_("备选专家"), default=list)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("抽取时间"), default=clock.now)  # the process clock (demo date, FLOW-05)

    class Meta:
        verbose_name = _("专家抽取记录")
        verbose_name_plural = _("专家抽取记录")
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} seed={self.seed}"


class Meeting(ConcurrentTransitionMixin, models.Model):
    """A review meeting: `planned → plan_filed → plan_approved → held → results_published → results_filed`."""

    class State(models.TextChoices):
        PLANNED = "planned", _("计划中")
        PLAN_FILED = "plan_filed", _("实施方案已报备")
        PLAN_APPROVED = "plan_approved", _("实施方案已核准")
        HELD = "held", _("已召开")
        RESULTS_PUBLISHED = "results_published", _("结果已公示")
        RESULTS_FILED = "results_filed", _("结果已备案")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    meets_on = models.DateField(_("评审日期"), db_index=True)
    place = models.CharField(_("评审地点"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("评审容量（人）"), default=60)
    procedure = models.TextField(_("评审程序"), blank=True)
    measures = models.TextField(_("工作措施"), blank=True)
    state = FSMField(_("状态"), default=State.PLANNED, choices=State.choices, protected=True, db_index=True)
    plan_filed_on = models.DateField(_("方案报备日期"), null=True, blank=True)
    plan_approved_on = models.DateField(_("方案核准日期"), null=True, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    held_on = models.DateField(_("实际召开日期"), null=True, blank=True)
    # Set by ``meeting_close`` (every applicant voted, results recorded). The FSM stays ``held`` until the results
    # are published, so "closed" is this field, not a state.
    closed_at = models.DateTimeField(_("会议结束时间"), null=True, blank=True)
    # TITLE-15: the formal filing report (正式核准备案报告, publicity and complaints handled) and its date.
    filing_report = models.TextField(_("备案报告"), blank=True)
    results_filed_on = models.DateField(_("结果备案日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审会议")
        verbose_name_plural = _("评审会议")
        ordering = ["meets_on", "id"]

    def __str__(self) -> str:
        return f"{self.committee} {self.meets_on}"

    @transition(field=state, source=State.PLANNED, target=State.PLAN_FILED)
    def plan_file(self):
        pass

    @transition(field=state, source=State.PLAN_FILED, target=State.PLAN_APPROVED)
    def plan_approve(self):
        pass

    @transition(field=state, source=State.PLAN_FILED, target=State.PLANNED)
    def plan_return(self):
        pass

    @transition(field=state, source=State.PLAN_APPROVED, target=State.HELD)
    def hold(self):
        pass

    @transition(field=state, source=State.HELD, target=State.RESULTS_PUBLISHED)
    def results_publish(self):
        pass

    @transition(field=state, source=State.RESULTS_PUBLISHED, target=State.RESULTS_FILED)
    def results_file(self):
        pass


class DocketEntry(models.Model):
    """An application on a meeting's docket, in order, with its secret-ballot tally (CMTE-04)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="docket")
    application = models.ForeignKey("titles.Application", on_delete=models.PROTECT, related_name="docket_entries")
    position = models.PositiveIntegerField(_("顺序"))
    agree = models.PositiveSmallIntegerField(_("同意票"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("反对票"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("弃权票"), null=True, blank=True)
    present = models.PositiveSmallIntegerField(_("到会专家"), null=True, blank=True)
    recused = models.PositiveSmallIntegerField(_("回避专家"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    # CMTE-04 minutes: "opinions and tallies" — the committee's review opinion on this applicant.
    opinion = models.TextField(_("评审意见"), blank=True)
    # Deferred during the meeting (``docket_entry_defer``): no valid vote was possible (e.g. recusals left too few
    # experts for this applicant); the application went back to ``accepted`` and the reason is in the minutes.
    deferred = models.BooleanField(_("暂缓评审"), default=False)
    deferred_reason = models.CharField(_("暂缓评审原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评审议程")
        verbose_name_plural = _("评审议程")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="titles_docket_unique_application"),
            models.UniqueConstraint(fields=["meeting", "position"], name="titles_docket_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.position}"


class Attendance(models.Model):
    """Who attended (CMTE-04: quorum ≥ 2/3 of the members; no proxy)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("出席"), default=True)

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [models.UniqueConstraint(fields=["meeting", "judge"], name="titles_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.judge} · {'出席' if self.present else '缺席'}"


class Recusal(models.Model):
    """CMTE-03: a judge steps out for one applicant (own unit — automatic — or a declared conflict)."""

    class Reason(models.TextChoices):
        OWN_UNIT = "own_unit", _("本单位")
        RELATIVE = "relative", _("亲属关系")
        SUPERVISOR = "supervisor", _("上下级关系")
        OTHER = "other", _("其他利害关系")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="recusals")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="recusals")
    application = models.ForeignKey("titles.Application", on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField(_("回避原因"), max_length=16, choices=Reason.choices)
    declared = models.BooleanField(_("本人申报"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("回避记录")
        verbose_name_plural = _("回避记录")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "judge", "application"], name="titles_recusal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.judge} ↛ {self.application_id} ({self.get_reason_display()})"
