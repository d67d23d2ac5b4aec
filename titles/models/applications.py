"""The title application (职称申报) and its state machine (DESIGN.md "State machines").

Transitions only move the state (django-fsm-2, protected field, optimistic concurrency); everything they imply —
permission, rule checks, audit record, signatures, notifications — happens in ``titles/services`` (one service per
transition). The guards here are pure predicates on the row, reused by services and by the buttons of the UI.
"""

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from titles.catalogue import LEVEL_NAMES, SENIOR_LEVELS
from workflow import clock


# Level names live once, in the catalogue (Chinese official term, English in LEVEL_NAMES[...][1]).
def _level_label(key: str) -> str:
    language = get_language() or "zh-hans"
    return LEVEL_NAMES[key][1] if language.startswith("en") else LEVEL_NAMES[key][0]


LEVEL_CHOICES = [(key, lazy(_level_label, str)(key)) for key in LEVEL_NAMES]


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    UNIT_REVIEW = "unit_review", _("单位审核中")
    UNIT_PUBLICITY = "unit_publicity", _("单位公示中")
    RECOMMENDED = "recommended", _("单位已推荐")
    DEPT_REVIEW = "dept_review", _("主管部门复核中")
    CORRECTION = "correction", _("待补正（一次性告知）")
    HR_REVIEW = "hr_review", _("人社部门审核中")
    # TITLE-07 directional senior: district HR re-checked, the district department reports it to the city department.
    DEPT_REPORT = "dept_report", _("区主管部门待报送市级主管部门")
    CITY_DEPT_REVIEW = "city_dept_review", _("市级行业主管部门审核中")
    # TITLE-07 senior from a district: same-level (district) HR → city HR.
    CITY_HR_REVIEW = "city_hr_review", _("市人社局审核中")
    ACCEPTED = "accepted", _("评委会已受理")
    SCHEDULED = "scheduled", _("已安排评审")
    FORWARDED = "forwarded", _("已报送自治区")
    PASSED = "passed", _("评审通过")
    FAILED = "failed", _("评审未通过")
    RESULT_PUBLICITY = "result_publicity", _("结果公示中")
    FILED = "filed", _("已备案")
    RECOGNISED = "recognised", _("已考核认定")
    CERTIFIED = "certified", _("已发证")
    WITHDRAWN = "withdrawn", _("已撤回/视为放弃")
    REJECTED = "rejected", _("未通过审核")


S = ApplicationState

# Where an applicant may still withdraw (before the committee has the case), and where a reviewer may reject.
# TITLE-04: withdrawn from these states, an application does not count against the level's one place of the year.
WITHDRAWN_BEFORE_REVIEW_FROM = (S.DRAFT, S.SUBMITTED)
WITHDRAWABLE = [
    S.DRAFT,
    S.SUBMITTED,
    S.UNIT_REVIEW,
    S.UNIT_PUBLICITY,
    S.RECOMMENDED,
    S.DEPT_REVIEW,
    S.CORRECTION,
    S.HR_REVIEW,
    S.DEPT_REPORT,
    S.CITY_DEPT_REVIEW,
    S.CITY_HR_REVIEW,
]
REJECTABLE = [
    S.UNIT_REVIEW,
    S.UNIT_PUBLICITY,
    S.RECOMMENDED,
    S.DEPT_REVIEW,
    S.HR_REVIEW,
    S.DEPT_REPORT,
    S.CITY_DEPT_REVIEW,
    S.CITY_HR_REVIEW,
    S.ACCEPTED,
]
FINAL_STATES = [S.CERTIFIED, S.WITHDRAWN, S.REJECTED, S.FAILED]
# TITLE-07: the last city steps before the committee or the region; from there on a senior application of a district
# unit is city HR's (it files the result and issues the certificate, TITLE-15).
BEFORE_CITY = [
    S.DRAFT,
    S.SUBMITTED,
    S.UNIT_REVIEW,
    S.UNIT_PUBLICITY,
    S.RECOMMENDED,
    S.DEPT_REVIEW,
    S.CORRECTION,
    S.HR_REVIEW,
    S.DEPT_REPORT,
    S.CITY_DEPT_REVIEW,
]
AFTER_CITY = [
    S.CITY_HR_REVIEW,
    S.ACCEPTED,
    S.SCHEDULED,
    S.FORWARDED,
    S.PASSED,
    S.FAILED,
    S.RESULT_PUBLICITY,
    S.FILED,
    S.CERTIFIED,
]

# Committees routed to the region leave the city system (DESIGN.md: ``forwarded``); their keys start with this.
REGION_KEY_PREFIX = "region"


class Route(models.TextChoices):
    REVIEW = "review", _("评审")
    RECOGNITION = "recognition", _("考核认定")
    DIRECT_REVIEW = "direct_review", _("直接申报评审")
    GREEN_CHANNEL = "green_channel", _("绿色通道")


def correction_not_used(application) -> bool:
    """FLOW-04: one correction notice per review step."""
    return not application.correction_used


def is_recognition(application) -> bool:
    return application.route == Route.RECOGNITION


def is_not_recognition(application) -> bool:
    return application.route != Route.RECOGNITION


def has_committee(application) -> bool:
    return bool(application.committee_key)


def routed_to_region(application) -> bool:
    """TITLE-06: senior (not delegated) and green categories 1–5 are reviewed by the region's committees."""
    return (application.committee_key or "").startswith(REGION_KEY_PREFIX)


def reviewed_in_the_city(application) -> bool:
    return not routed_to_region(application)


def senior_from_district(application) -> bool:
    """TITLE-07: a senior application of a district unit goes up through city HR (or, directional, the city
    department) before it reaches the committee or the region."""
    return application.level in SENIOR_LEVELS and application.unit.jurisdiction != "city"


def via_city_hr(application) -> bool:
    """TITLE-07 "unit → same-level department → same-level HR → city HR → region" for a district unit."""
    return senior_from_district(application) and not application.directional


def directional_chain(application) -> bool:
    """TITLE-07 "unit → district department → district HR re-check → district department → city department"."""
    return senior_from_district(application) and application.directional


def last_city_step(application) -> bool:
    """TITLE-07: the step that hands the case to the committee office or the region. In ``hr_review`` that is the
    same-level HR for everything but a district's senior applications (they go on to city HR or, directional, via
    the departments to the city department)."""
    if application.state == ApplicationState.HR_REVIEW:
        return not senior_from_district(application)
    return True


def unit_publicity_closed(application) -> bool:
    """TITLE-08 / FLOW-03: the unit recommends only after its publicity has closed."""
    publicity = application.unit_publicity
    return publicity is not None and publicity.state == "closed"


def result_publicity_closed(application) -> bool:
    """TITLE-14 / FLOW-03: a result is filed only after its publicity has closed."""
    publicity = application.result_publicity
    return publicity is not None and publicity.state == "closed"


def city_hr_holds(application) -> bool:
    """TITLE-07/15: from city HR's step on, city HR (not the district's) acts on a district's senior application."""
    return senior_from_district(application) and application.state in AFTER_CITY


_STATE_LABELS = dict(S.choices)


class Application(ConcurrentTransitionMixin, models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="title_applications"
    )
    unit = models.ForeignKey(
        "workflow.Organisation", verbose_name=_("工作单位"), on_delete=models.PROTECT, related_name="title_applications"
    )
    evaluation_year = models.ForeignKey(
        "titles.EvaluationYear", verbose_name=_("评审年度"), on_delete=models.PROTECT, related_name="applications"
    )
    series = models.ForeignKey(
        "titles.Series", verbose_name=_("申报系列"), on_delete=models.PROTECT, related_name="applications"
    )
    specialty = models.ForeignKey(
        "titles.Series", verbose_name=_("申报专业"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(_("申报级别"), max_length=16, choices=LEVEL_CHOICES)
    route = models.CharField(_("申报路径"), max_length=16, choices=Route.choices, default=Route.REVIEW)
    directional = models.BooleanField(_("定向评价"), default=False)  # TITLE-20
    green_category = models.PositiveSmallIntegerField(_("绿色通道类别"), null=True, blank=True)  # GREEN-02 1–8
    exceptional_basis = models.CharField(_("破格申报依据"), max_length=200, blank=True)  # TITLE-16
    rule = models.CharField(_("依据规则"), max_length=16, blank=True)  # the eligibility rule ID the route came from
    state = FSMField(_("状态"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    # TITLE-06: routing decided by HR (key of the committee or receiving office), and the route it follows.
    committee_key = models.CharField(_("评委会"), max_length=64, blank=True, db_index=True)
    committee_name = models.CharField(_("评委会名称"), max_length=200, blank=True)
    correction_used = models.BooleanField(_("已发一次性告知"), default=False)  # FLOW-04
    # TITLE-04: an application withdrawn before its unit began the review (draft or submitted) never reached a
    # committee, so it does not take the level's one place of the year; set by the withdrawal service.
    withdrawn_before_review = models.BooleanField(_("单位审核前撤回"), default=False)
    unit_publicity = models.ForeignKey(
        "workflow.Publicity",
        verbose_name=_("单位公示"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result_publicity = models.ForeignKey(
        "workflow.Publicity",
        verbose_name=_("结果公示"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # The process clock (workflow.clock), like the audit records: the demo date in demo mode.
    state_changed_at = models.DateTimeField(_("状态变更时间"), default=clock.now, db_index=True)
    effective_on = models.DateField(_("取得资格时间"), null=True, blank=True)  # TITLE-15
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    class Meta:
        verbose_name = _("职称申报")
        verbose_name_plural = _("职称申报")
        ordering = ["-created_at", "-id"]
        constraints = [
            # TITLE-04 (and TITLE-20: directional and general at one level count as one): one per level per year —
            # every application except one withdrawn before the unit's review (a deleted draft leaves no row).
            models.UniqueConstraint(
                fields=["applicant", "evaluation_year", "level"],
                condition=models.Q(withdrawn_before_review=False),
                name="titles_application_one_per_level_year",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_before_review=False) | models.Q(state="withdrawn"),
                name="titles_application_released_only_when_withdrawn",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["committee_key", "state"]),
            models.Index(fields=["state", "state_changed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.get_full_name() or self.applicant.get_username()} · {self.series} · {self.get_level_display()}"

    # Django's get_FOO_display builds a dict of every choice on each call, hashing — so translating — each lazy
    # label: ≈ 0.3 ms for the state, 0.07 ms for the level, per row of every list and docket. The same labels,
    # looked up directly (an unknown value shows as itself, as Django's does).
    def get_state_display(self) -> str:
        label = _STATE_LABELS.get(self.state)
        return str(label) if label is not None else self.state

    def get_level_display(self) -> str:
        return _level_label(self.level) if self.level in LEVEL_NAMES else self.level

    # --- applicant ---
    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=WITHDRAWABLE, target=S.WITHDRAWN)
    def withdraw(self):
        pass

    # --- unit HR (TITLE-08) ---
    @transition(field=state, source=S.SUBMITTED, target=S.UNIT_REVIEW)
    def unit_review_start(self):
        pass

    @transition(field=state, source=S.UNIT_REVIEW, target=S.UNIT_PUBLICITY)
    def unit_publicity_start(self):
        pass

    @transition(field=state, source=S.UNIT_PUBLICITY, target=S.RECOMMENDED, conditions=[unit_publicity_closed])
    def recommend(self):
        pass

    # --- department (TITLE-09, FLOW-04) ---
    @transition(field=state, source=S.RECOMMENDED, target=S.DEPT_REVIEW)
    def dept_review_start(self):
        pass

    @transition(field=state, source=S.DEPT_REVIEW, target=S.CORRECTION, conditions=[correction_not_used])
    def correction_issue(self):
        pass

    @transition(field=state, source=S.CORRECTION, target=S.DEPT_REVIEW)
    def correction_answer(self):
        pass

    @transition(field=state, source=S.CORRECTION, target=S.WITHDRAWN)
    def correction_expire(self):
        pass

    @transition(field=state, source=S.DEPT_REVIEW, target=S.HR_REVIEW)
    def dept_forward(self):
        pass

    # --- HR bureau (TITLE-06/07, TITLE-15, GREEN-03) ---
    @transition(field=state, source=S.HR_REVIEW, target=S.CITY_HR_REVIEW, conditions=[is_not_recognition, via_city_hr])
    def city_hr_forward(self):
        pass

    # --- directional senior of a district (TITLE-07) ---
    @transition(field=state, source=S.HR_REVIEW, target=S.DEPT_REPORT, conditions=[directional_chain, has_committee])
    def directional_recheck(self):
        pass

    @transition(field=state, source=S.DEPT_REPORT, target=S.CITY_DEPT_REVIEW)
    def dept_report_city(self):
        pass

    # --- to the committee office or the region (the last city step, TITLE-06/07) ---
    @transition(
        field=state,
        source=[S.HR_REVIEW, S.CITY_HR_REVIEW, S.CITY_DEPT_REVIEW],
        target=S.ACCEPTED,
        conditions=[is_not_recognition, has_committee, reviewed_in_the_city, last_city_step],
    )
    def committee_accept(self):
        pass

    @transition(
        field=state,
        source=[S.HR_REVIEW, S.CITY_HR_REVIEW, S.CITY_DEPT_REVIEW],
        target=S.FORWARDED,
        conditions=[is_not_recognition, routed_to_region, last_city_step],
    )
    def region_forward(self):
        pass

    @transition(field=state, source=S.FORWARDED, target=S.PASSED)
    def region_pass(self):
        pass

    @transition(field=state, source=S.FORWARDED, target=S.FAILED)
    def region_fail(self):
        pass

    @transition(field=state, source=S.HR_REVIEW, target=S.RECOGNISED, conditions=[is_recognition])
    def recognise(self):
        pass

    # --- committee (CMTE) ---
    @transition(field=state, source=S.ACCEPTED, target=S.SCHEDULED)
    def schedule(self):
        pass

    @transition(field=state, source=S.SCHEDULED, target=S.ACCEPTED)
    def unschedule(self):
        pass

    @transition(field=state, source=S.SCHEDULED, target=S.PASSED)
    def vote_pass(self):
        pass

    @transition(field=state, source=S.SCHEDULED, target=S.FAILED)
    def vote_fail(self):
        pass

    # --- after the review (TITLE-14/15) ---
    @transition(field=state, source=S.PASSED, target=S.RESULT_PUBLICITY, conditions=[reviewed_in_the_city])
    def result_publicity_start(self):
        pass

    @transition(field=state, source=S.RESULT_PUBLICITY, target=S.FILED, conditions=[result_publicity_closed])
    def result_file(self):
        pass

    # The region publishes and files its own results (Doc B §五(三)); city HR records that filing.
    @transition(field=state, source=S.PASSED, target=S.FILED, conditions=[routed_to_region])
    def region_file(self):
        pass

    @transition(field=state, source=[S.FILED, S.RECOGNISED], target=S.CERTIFIED)
    def certify(self):
        pass

    # --- any review step ---
    @transition(field=state, source=REJECTABLE + [S.RESULT_PUBLICITY], target=S.REJECTED)
    def reject(self):
        pass
