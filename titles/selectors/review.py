"""Reads of the review workflow: queues, inbox lists, the reviewer's dossier and the applicant's progress. Each is a
fixed number of queries, whatever the number of rows (DESIGN.md "Scale")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from titles.catalogue import SENIOR_LEVELS, window_group
from titles.models import Application, ApplicationWindow, CorrectionNotice, ResultComplaint
from titles.models.applications import AFTER_CITY, REGION_KEY_PREFIX, ApplicationState, routed_to_region
from titles.permissions import application_scope, membership_scope
from workflow.models import Membership, Objection, Organisation, Role
from workflow.selectors import audit_trail

S = ApplicationState

REVIEW_PAGE_SIZE = 50  # rows per page of the review list

_REGION = Q(committee_key__startswith=REGION_KEY_PREFIX)

# What waits for each role (the inbox and the review list's default filter).
WAITING: dict[str, Q] = {
    Role.UNIT_HR: Q(state__in=[S.SUBMITTED, S.UNIT_REVIEW, S.UNIT_PUBLICITY]),
    Role.DEPT_REVIEWER: Q(state__in=[S.RECOMMENDED, S.DEPT_REVIEW, S.DEPT_REPORT, S.CITY_DEPT_REVIEW]),
    Role.HR_OFFICER: Q(
        state__in=[S.HR_REVIEW, S.CITY_HR_REVIEW, S.FORWARDED, S.RESULT_PUBLICITY, S.FILED, S.RECOGNISED]
    )
    | Q(state=S.PASSED) & _REGION
    | Q(state__in=[S.RECOMMENDED, S.DEPT_REVIEW, S.DEPT_REPORT], unit__supervisor__isnull=True),
    Role.COMMITTEE_OFFICE: Q(
        state__in=[
            S.HR_REVIEW,
            S.CITY_HR_REVIEW,
            S.CITY_DEPT_REVIEW,
            S.ACCEPTED,
            S.SCHEDULED,
            S.PASSED,
            S.RESULT_PUBLICITY,
        ]
    ),  # fmt: skip
}

# The applicant's "what happens next" (进度查询), by state. Marked with gettext_noop so makemessages collects them;
# translated where they are shown (``next_step``).
NEXT_STEP: dict[str, str] = {
    S.DRAFT: gettext_noop("填写完整后提交申报"),
    S.SUBMITTED: gettext_noop("等待所在单位开始审核"),
    S.UNIT_REVIEW: gettext_noop("单位审核材料后在本单位公示（不少于5个工作日）"),
    S.UNIT_PUBLICITY: gettext_noop("公示期满无异议后，单位签署推荐意见并报送主管部门"),
    S.RECOMMENDED: gettext_noop("等待主管部门复核"),
    S.DEPT_REVIEW: gettext_noop("主管部门复核：符合条件的报送人社部门，否则一次性告知补正"),
    S.CORRECTION: gettext_noop("请在截止日（含当日）前补正告知书列明的事项，逾期视为放弃申报"),
    S.HR_REVIEW: gettext_noop("人社部门审核并确定评委会"),
    S.DEPT_REPORT: gettext_noop("区人社部门已复核，等待区主管部门报送市级行业主管部门"),
    S.CITY_DEPT_REVIEW: gettext_noop("市级行业主管部门审核后报送评委会"),
    S.CITY_HR_REVIEW: gettext_noop("市人社局审核并确定评委会（或报送自治区）"),
    S.ACCEPTED: gettext_noop("评委会已受理，等待安排评审会议"),
    S.SCHEDULED: gettext_noop("等待评审会议"),
    S.FORWARDED: gettext_noop("等待自治区评审结果"),
    S.PASSED: gettext_noop("评审结果公示（不少于5个工作日）"),
    S.FAILED: gettext_noop("评审未通过，流程结束"),
    S.RESULT_PUBLICITY: gettext_noop("公示期满后，评审结果报人社部门备案（评审结束一个月内）"),
    S.FILED: gettext_noop("备案后发放电子证书"),
    S.RECOGNISED: gettext_noop("认定后发放电子证书"),
    S.CERTIFIED: gettext_noop("电子证书已发放，流程结束"),
    S.WITHDRAWN: gettext_noop("申报已撤回（或逾期未补正视为放弃），流程结束"),
    S.REJECTED: gettext_noop("申报未通过审核，流程结束"),
}
# A region-reviewed result: the region publishes and files it; city HR records the filing (TITLE-15).
NEXT_STEP_REGION_PASSED = gettext_noop("自治区公示并备案评审结果后，市人社局登记备案并发放电子证书")


def next_step(application: Application) -> str:
    """What happens next, in the active language."""
    if application.state == S.PASSED and routed_to_region(application):
        return _(NEXT_STEP_REGION_PASSED)
    return _(NEXT_STEP.get(application.state, "")) if application.state in NEXT_STEP else ""


# Marked with gettext_noop so makemessages collects them; translated where they are shown.
TRANSITION_LABELS: dict[str, str] = {
    "create": gettext_noop("创建申报草稿"),
    "material_upload": gettext_noop("上传材料"),
    "material_delete": gettext_noop("删除材料"),
    "submit": gettext_noop("提交申报"),
    "application_submit": gettext_noop("提交申报"),
    "unit_review_start": gettext_noop("单位开始审核"),
    "unit_publicity_start": gettext_noop("单位公示"),
    "unit_recommend": gettext_noop("单位推荐"),
    "dept_review_start": gettext_noop("主管部门开始复核"),
    "dept_forward": gettext_noop("主管部门报送人社部门"),
    "correction_notice_issue": gettext_noop("一次性告知补正"),
    "correction_answer": gettext_noop("申报人补正"),
    "correction_notice_expire": gettext_noop("逾期未补正，视为放弃"),
    "hr_route": gettext_noop("人社部门确定评委会"),
    "green_channel_consent_record": gettext_noop("绿色通道审批（领导小组同意/市人社局核准）"),
    "city_hr_forward": gettext_noop("区人社部门报送市人社局"),
    "directional_recheck": gettext_noop("区人社部门复核"),
    "dept_report_city": gettext_noop("区主管部门报送市级行业主管部门"),
    "region_filing_record": gettext_noop("自治区公示备案"),
    "unit_objection_raise": gettext_noop("公示期间异议"),
    "unit_objection_resolve": gettext_noop("异议处理"),
    "committee_accept": gettext_noop("评委会受理"),
    "region_forward": gettext_noop("报送自治区"),
    "region_outcome_record": gettext_noop("自治区评审结果"),
    "recognition_approve": gettext_noop("考核认定"),
    "schedule": gettext_noop("安排评审会议"),
    "unschedule": gettext_noop("撤出评审会议"),
    "vote_result_record": gettext_noop("评审结果"),
    "result_publicity_start": gettext_noop("评审结果公示"),
    "result_complaint_raise": gettext_noop("结果公示期间投诉"),
    "result_complaint_resolve": gettext_noop("投诉处理"),
    "result_file": gettext_noop("结果备案"),
    "certificate_issue": gettext_noop("发放电子证书"),
    "application_withdraw": gettext_noop("撤回申报"),
    "application_reject": gettext_noop("不予通过"),
}


def transition_label(transition: str) -> str:
    """The audit record's operation, in the active language (a code nobody labelled shows as it is)."""
    return _(TRANSITION_LABELS[transition]) if transition in TRANSITION_LABELS else transition


def state_label(state: str) -> str:
    """An application state's name, in the active language."""
    return str(S(state).label) if state in S.values else state


def _rows(qs: QuerySet) -> QuerySet[Application]:
    """A list's rows with what each row shows (applicant, unit, series, the unit publicity's last day). Only those
    joins: PostgreSQL plans each extra one (the series' parent, the result publicity — shown by no list) and the
    planning of a seven-table join took ≈ 15 ms, twenty times the query itself."""
    return qs.select_related("applicant", "unit", "series", "unit_publicity").order_by("state_changed_at", "id")


def waiting_for(membership: Membership) -> QuerySet[Application]:
    """Applications waiting for ``membership``'s role and organisation, oldest first."""
    q = WAITING.get(membership.role)
    if q is None:
        return Application.objects.none()
    qs = Application.objects.filter(membership_scope(membership) & q)
    if membership.role == Role.COMMITTEE_OFFICE:
        qs = qs.exclude(_REGION)
    if membership.role == Role.HR_OFFICER and membership.organisation.kind == Organisation.Kind.DISTRICT_HR:
        # TITLE-07: a district's senior case sent up to city HR waits for city HR, no longer for the district.
        qs = qs.exclude(level__in=sorted(SENIOR_LEVELS), state__in=AFTER_CITY)
    return _rows(qs)


def review_queue(user, *, state: str | None = None) -> QuerySet[Application]:
    """The review list: everything the user reaches, or one state, oldest first (one query to build)."""
    qs = Application.objects.filter(application_scope(user)).exclude(applicant=user)
    if state:
        qs = qs.filter(state=state)
    else:
        qs = qs.exclude(state__in=[S.DRAFT, S.CERTIFIED, S.WITHDRAWN, S.REJECTED, S.FAILED])
    return _rows(qs)


@dataclass(frozen=True)
class ReviewPage:
    rows: list[Application]
    number: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def review_page(user, *, state: str | None = None, page=1, size: int = REVIEW_PAGE_SIZE) -> ReviewPage:
    """One page of the review list with each row's due date (``a.due_on``): the memberships, the count, the page
    of rows with their relations and the open correction deadlines — five queries whatever the page holds."""
    paginator = Paginator(review_queue(user, state=state), size)
    current = paginator.get_page(page)
    rows = list(current.object_list)
    deadlines = open_deadlines(rows)
    for a in rows:
        a.due_on = due_on(a, deadlines)
    return ReviewPage(rows=rows, number=current.number, pages=paginator.num_pages, total=paginator.count)


def unit_publicity_candidates(user) -> list[Application]:
    units = Membership.objects.filter(user=user, role=Role.UNIT_HR, active=True).values("organisation")
    return list(_rows(Application.objects.filter(unit__in=units, state=S.UNIT_REVIEW)))


def result_publicity_candidates(user) -> list[Application]:
    """Passed results of the user's committee offices (the region publishes its own, Doc B §五(三))."""
    memberships = list(
        Membership.objects.filter(user=user, role=Role.COMMITTEE_OFFICE, active=True).select_related("organisation")
    )
    q = Q(pk__in=[])
    for m in memberships:
        q |= membership_scope(m)
    return list(_rows(Application.objects.filter(q, state=S.PASSED).exclude(_REGION)))


def filing_deadline(application: Application) -> date | None:
    from titles.services.workflow import result_filing_deadline

    return result_filing_deadline(application.effective_on) if application.effective_on else None


def due_on(application: Application, open_deadlines: dict[int, date] | None = None) -> date | None:
    """The date the current step must be done by, where the rules give one."""
    if application.state == S.UNIT_PUBLICITY and application.unit_publicity_id:
        return application.unit_publicity.ends_on
    if application.state == S.CORRECTION and open_deadlines:
        return open_deadlines.get(application.pk)
    if application.state in (S.PASSED, S.RESULT_PUBLICITY) and not routed_to_region(application):
        return filing_deadline(application)
    return None


def open_deadlines(applications) -> dict[int, date]:
    ids = [a.pk for a in applications if a.state == S.CORRECTION]
    if not ids:
        return {}
    return dict(
        CorrectionNotice.objects.filter(application_id__in=ids, state=CorrectionNotice.State.OPEN).values_list(
            "application_id", "deadline"
        )
    )


def application_dossier(application: Application) -> dict:
    """Everything the reviewer's page shows, a fixed number of queries."""
    materials = list(application.materials.all()) if hasattr(application, "materials") else []
    corrections = list(application.corrections.all())
    complaints = list(application.complaints.prefetch_related("routed_to"))
    return {
        "materials": materials,
        "decisions": list(application.decisions.select_related("organisation")),
        "corrections": corrections,
        "open_notice": next((c for c in corrections if c.state == CorrectionNotice.State.OPEN), None),
        "objections": list(
            Objection.objects.filter(subject_type="titles.application", subject_id=str(application.pk)).order_by(
                "raised_on", "id"
            )
        ),
        "complaints": complaints,
        "complaint_routes": {c.pk: {o.pk for o in c.routed_to.all()} for c in complaints},
        "audit": [_labelled(r) for r in audit_trail(application)],
        "open_complaints": sum(1 for c in complaints if c.outcome == ResultComplaint.Outcome.OPEN),
    }


def _labelled(record):
    """The audit record with its operation and states in words (办理记录), not codes."""
    record.label = transition_label(record.transition)
    record.from_label = state_label(record.from_state) if record.from_state else ""
    record.to_label = state_label(record.to_state) if record.to_state else ""
    return record


@dataclass(frozen=True)
class ProgressStep:
    label: str
    at: object
    organisation: str
    actor: str
    note: str


def _window_group(application: Application) -> str:
    """TITLE-02's group, decided in one place (``titles.catalogue.window_group``)."""
    return window_group(application.series, application.level, application.directional)


def progress_steps(application: Application) -> tuple[list[ProgressStep], dict]:
    """进度查询: every step done (date, organisation, who, note) and what happens next, by when."""
    steps = [
        ProgressStep(
            label=transition_label(r.transition),
            at=r.at,
            organisation=r.organisation.name if r.organisation else "",
            actor=r.actor_name,
            note=r.note,
        )
        for r in audit_trail(application)
    ]
    deadlines = open_deadlines([application])
    due = due_on(application, deadlines)
    if due is None and application.state not in (S.CERTIFIED, S.WITHDRAWN, S.REJECTED, S.FAILED, S.DRAFT):
        window = ApplicationWindow.objects.filter(
            evaluation_year_id=application.evaluation_year_id, group=_window_group(application)
        ).first()
        due = window.review_ends_on if window and application.state not in (S.FILED, S.RECOGNISED) else None
    upcoming = {"text": next_step(application), "due_on": due}
    return steps, upcoming
