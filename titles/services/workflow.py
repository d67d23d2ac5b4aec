"""Writes of the title application after ``submitted``: one service per transition (DESIGN.md "State machines").

Every service, in this order: keyword-only arguments; ``@transaction.atomic``; the row locked
(``select_for_update``; on SQLite the FSM's optimistic concurrency, ``ConcurrentTransitionMixin``); a stale copy
(somebody else moved the application meanwhile) → ``AlreadyHandled`` "已被处理"; the permission predicate of
``titles.permissions`` (the same one that shows the button); the FSM's source states and conditions; the rule
checks; the transition and ``save``; exactly one FLOW-05 audit record; the FLOW-06 signature where a reviewer
decides; notifications stored in the outbox and sent on commit. A refusal raises ``TitleWorkflowError`` (or
``PermissionDenied``) inside the transaction, so nothing stays half-saved.

Batches (a publicity of 30 applicants, forwarding a batch) are **all or nothing**: every item is transitioned
and audited individually inside one transaction; if any item is refused the whole batch is rolled back and
``BatchRefused`` lists every refused item with its reason, so the officer fixes them and runs the batch again.
Reason: a publicity notice or a forwarding letter is one official document naming all its applicants — a
half-applied batch would publish or forward a list that differs from the one the officer signed.
"""

from __future__ import annotations

import calendar as _calendar
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django_fsm import ConcurrentTransition, can_proceed

from titles.catalogue import (
    GREEN_BY_NUMBER,
    GREEN_REGION_COMMITTEE_ZH,
    SENIOR_LEVELS,
    belongs_of,
    unit_location_of,
)
from titles.models import (
    Application,
    ApplicationState,
    Certificate,
    Committee,
    CorrectionNotice,
    EvaluationYear,
    ResultComplaint,
    ReviewDecision,
    ReviewStep,
)
from titles.models.applications import (
    REGION_KEY_PREFIX,
    WITHDRAWN_BEFORE_REVIEW_FROM,
    Route,
    directional_chain,
    last_city_step,
    routed_to_region,
    via_city_hr,
)
from titles.models.materials import Item
from titles.permissions import (
    acting_organisation,
    city_departments,
    complaint_resolver_membership,
    green_decision_recorded,
    is_city_green_channel,
    publicity_closer,
    routing_open,
)
from titles.quota import findings_for_level, teacher_quota_finding
from titles.selectors.applications import unit_quota_report
from workflow import clock
from workflow.audit import audit_record
from workflow.calendar import PUBLICITY_WORKING_DAYS, YearNotLoaded
from workflow.models import Membership, Objection, Organisation, Publicity, Role
from workflow.notifications import notify
from workflow.permissions import PermissionDenied, hr_bureau_reaches
from workflow.selectors import work_calendar
from workflow.services import PublicityError, objection_raise, objection_resolve, publicity_close, publicity_start

S = ApplicationState
D = ReviewDecision.Decision

# TITLE-05 checklist (Doc B attachment 1): the items a FLOW-04 notice may list.
MATERIAL_ITEMS: dict[str, str] = {key: str(label) for key, label in Item.choices}

# FLOW-04 does not fix the length of the correction period; the form proposes this many working days.
CORRECTION_DEFAULT_WORKING_DAYS = 5


class TitleWorkflowError(Exception):
    """A step the rules forbid. ``str()`` is the Chinese and the English message; ``rule`` the RULES.md ID."""

    def __init__(self, message: str, message_en: str, *, rule: str):
        self.message = message
        self.message_en = message_en
        self.rule = rule
        super().__init__(f"{message} / {message_en}")


class AlreadyHandled(TitleWorkflowError):
    """Somebody else moved the application first (two officers, two browser tabs, two workers)."""

    def __init__(self, application: Application):
        label = application.get_state_display()
        super().__init__(
            f"该申报已被处理（当前状态：{label}），请刷新页面",
            f"this application has already been handled (now: {application.state}); reload the page",
            rule="FLOW-05",
        )


@dataclass(frozen=True)
class BatchFailure:
    application_id: int
    label: str
    message: str


class BatchRefused(TitleWorkflowError):
    """All-or-nothing batch: nothing was applied; ``failures`` says which items were refused and why."""

    def __init__(self, failures: Sequence[BatchFailure]):
        self.failures = list(failures)
        details = "；".join(f"{f.label}：{f.message}" for f in self.failures)
        super().__init__(
            f"批量操作未执行：{len(self.failures)} 项不符合条件（{details}）",
            f"batch not applied: {len(self.failures)} item(s) refused",
            rule="FLOW-05",
        )


# ---------------------------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------------------------


def applicant_name(application: Application) -> str:
    user = application.applicant
    return user.get_full_name() or user.get_username()


def _today(today: date | None) -> date:
    return today if today is not None else clock.today()


def _locked_queryset():
    return Application.objects.select_for_update(of=("self",)).select_related(
        "applicant", "unit", "unit__supervisor", "series", "series__parent", "unit_publicity", "result_publicity"
    )


def _lock(application: Application | int) -> Application:
    """The row, locked; a caller's copy that no longer matches the database means someone else was first."""
    pk = application.pk if isinstance(application, Application) else int(application)
    locked = _locked_queryset().get(pk=pk)
    if isinstance(application, Application) and application.state != locked.state:
        raise AlreadyHandled(locked)
    return locked


def _who(actor, application: Application, action: str, action_zh: str, action_en: str):
    who = acting_organisation(actor, application, action)
    if who is None:
        raise PermissionDenied(
            f"您无权对该申报{action_zh}（{applicant_name(application)}，{application.unit.name}）/ "
            f"you may not {action_en} this application"
        )
    return who


def _require_state(application: Application, method: str, action_zh: str, action_en: str, rule: str) -> None:
    if not can_proceed(getattr(application, method), check_conditions=False):
        label = application.get_state_display()
        raise TitleWorkflowError(
            f"当前状态为“{label}”，不能{action_zh}（{rule}）",
            f"cannot {action_en} in state “{application.state}” ({rule})",
            rule=rule,
        )


def _require_text(value: str, field_zh: str, field_en: str, rule: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TitleWorkflowError(f"请填写{field_zh}（{rule}）", f"{field_en} is required ({rule})", rule=rule)
    return value


def _move(
    application: Application,
    method: str,
    *,
    action: str,
    actor,
    role: str,
    organisation: Organisation | None,
    note: str = "",
    fields: Iterable[str] = (),
    after: dict | None = None,
):
    """Run the FSM transition, set ``after`` (fields the transition implies), save with the optimistic check,
    write the one audit record."""
    before = application.state
    getattr(application, method)()
    for name, value in (after or {}).items():
        setattr(application, name, value)
    fields = [*fields, *(after or {})]
    application.state_changed_at = clock.now()
    try:
        application.save(update_fields=["state", "state_changed_at", *fields])
    except ConcurrentTransition as exc:
        raise AlreadyHandled(Application.objects.get(pk=application.pk)) from exc
    audit_record(
        subject=application,
        transition=action,
        from_state=before,
        to_state=application.state,
        actor=actor,
        role=role,
        organisation=organisation,
        note=note,
    )


def _audit_in_place(application: Application, *, action: str, actor, role: str, organisation, note: str) -> None:
    """An action that changes no state (routing, a complaint) is still recorded (FLOW-05)."""
    audit_record(
        subject=application,
        transition=action,
        from_state=application.state,
        to_state=application.state,
        actor=actor,
        role=role,
        organisation=organisation,
        note=note,
    )


def _sign(
    application: Application,
    *,
    step: str,
    decision: str,
    actor,
    organisation: Organisation,
    opinion: str,
    today: date,
    selection_method: str = "",
) -> ReviewDecision:
    """FLOW-06 谁审核、谁签字、谁负责: reviewer, opinion, date and the organisation acted for."""
    return ReviewDecision.objects.create(
        application=application,
        step=step,
        decision=decision,
        opinion=opinion,
        selection_method=selection_method,
        reviewer=actor,
        reviewer_name=actor.get_full_name() or actor.get_username(),
        organisation=organisation,
        decided_on=today,
    )


def _emails(role: str, organisations: Iterable[Organisation]) -> list[str]:
    orgs = [o for o in organisations if o is not None]
    if not orgs:
        return []
    return list(
        Membership.objects.filter(role=role, active=True, organisation__in=orgs)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _hr_bureaus(unit: Organisation) -> list[Organisation]:
    kinds = [Organisation.Kind.CITY_HR, Organisation.Kind.DISTRICT_HR]
    return [o for o in Organisation.objects.filter(kind__in=kinds) if hr_bureau_reaches(o, unit)]


def _committee_organisations(committee_key: str) -> list[Organisation]:
    if not committee_key:
        return []
    orgs = list(Organisation.objects.filter(code=committee_key))
    committee = Committee.objects.select_related("organiser").filter(key=committee_key).first()
    if committee is not None:
        orgs.append(committee.organiser)
    return orgs


def _notify(event: str, recipients: Iterable[str], application: Application, **context) -> None:
    notify(event=event, recipients=list(recipients), context={"application": application, **context})


def _applicant_email(application: Application) -> list[str]:
    return [application.applicant.email] if application.applicant.email else []


def _dept_emails(application: Application) -> list[str]:
    unit = application.unit
    if unit.supervisor_id:
        return _emails(Role.DEPT_REVIEWER, [unit.supervisor])
    return _emails(Role.HR_OFFICER, _hr_bureaus(unit))


def result_filing_deadline(review_ended_on: date) -> date:
    """TITLE-15 "评审工作结束一个月内": the same day of the next month, included (FLOW-01 以内 includes); when the
    next month has no such day (31 January), its last day."""
    year, month = (review_ended_on.year + 1, 1) if review_ended_on.month == 12 else (review_ended_on.year,
                                                                                      review_ended_on.month + 1)  # fmt: skip
    day = min(review_ended_on.day, _calendar.monthrange(year, month)[1])
    return date(year, month, day)


def correction_deadline(issued_on: date, working_days: int = CORRECTION_DEFAULT_WORKING_DAYS) -> date:
    """FLOW-04 deadline counted in working days (FLOW-02: make-up Saturdays count, holidays do not)."""
    try:
        return work_calendar().add_workdays(issued_on, working_days)
    except YearNotLoaded as exc:
        raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="FLOW-02") from exc


def upheld_objections(application: Application):
    """Objections of the application's unit publicity that name this applicant and were upheld (TITLE-08)."""
    if application.unit_publicity_id is None:
        return Objection.objects.none()
    return Objection.objects.filter(
        publicity_id=application.unit_publicity_id,
        subject_type="titles.application",
        subject_id=str(application.pk),
        outcome=Objection.Outcome.UPHELD,
    )


# ---------------------------------------------------------------------------------------------------------------
# Unit (TITLE-08)
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def unit_review_start(*, application: Application | int, actor) -> Application:
    """TITLE-08: the unit starts checking completeness and validity. submitted → unit_review."""
    app = _lock(application)
    role, org = _who(actor, app, "unit_review_start", "开始单位审核", "start the unit review")
    _require_state(app, "unit_review_start", "开始单位审核", "start the unit review", "TITLE-08")
    _move(app, "unit_review_start", action="unit_review_start", actor=actor, role=role, organisation=org)
    return app


@dataclass(frozen=True)
class PublicityBatch:
    publicity: Publicity
    applications: list[Application]


@transaction.atomic
def unit_publicity_start(
    *,
    applications: Sequence[Application | int],
    actor,
    starts_on: date,
    title: str = "",
    content: str = "",
    working_days: int = PUBLICITY_WORKING_DAYS,
    today: date | None = None,
) -> PublicityBatch:
    """TITLE-08 / FLOW-03: publish the materials of a batch of the unit's applicants for ≥ 5 working days.

    One publicity for the batch; each application moves unit_review → unit_publicity with its own audit record.
    All or nothing (see the module docstring): any refused item → ``BatchRefused`` and nothing is saved."""
    today = _today(today)
    if not applications:
        raise TitleWorkflowError(
            "请选择要公示的申报人（TITLE-08）", "choose the applicants to publish", rule="TITLE-08"
        )
    if starts_on < today:
        raise TitleWorkflowError(
            f"公示开始日 {starts_on.isoformat()} 早于今天（FLOW-03）",
            f"the publicity cannot start in the past ({starts_on.isoformat()}) (FLOW-03)",
            rule="FLOW-03",
        )
    expected = {a.pk: a.state for a in applications if isinstance(a, Application)}
    ids = sorted({a.pk if isinstance(a, Application) else int(a) for a in applications})
    rows = list(_locked_queryset().filter(pk__in=ids).order_by("pk"))
    failures: list[BatchFailure] = []
    acting: dict[int, tuple[str, Organisation | None]] = {}
    for app in rows:
        try:
            if app.pk in expected and expected[app.pk] != app.state:
                raise AlreadyHandled(app)
            acting[app.pk] = _who(actor, app, "unit_publicity_start", "发起单位公示", "start the unit publicity")
            _require_state(app, "unit_publicity_start", "发起单位公示", "start the unit publicity", "TITLE-08")
        except (TitleWorkflowError, PermissionDenied) as exc:
            failures.append(BatchFailure(app.pk, applicant_name(app), str(exc)))
    missing = set(ids) - {a.pk for a in rows}
    failures.extend(BatchFailure(pk, str(pk), "申报不存在 / no such application") for pk in sorted(missing))
    units = {app.unit_id for app in rows}
    if len(units) > 1:
        failures.append(BatchFailure(0, "", "一次公示只能包含同一单位的申报人 / one publicity covers one unit"))
    if failures:
        raise BatchRefused(failures)
    unit = rows[0].unit
    role, org = acting[rows[0].pk]
    try:
        publicity = publicity_start(
            organisation=unit,
            kind=Publicity.Kind.UNIT_APPLICATION,
            title=title or f"{unit.name}{rows[0].evaluation_year}年度职称申报人员公示",
            content=content,
            starts_on=starts_on,
            working_days=working_days,
            actor=actor,
            role=role,
        )
    except (PublicityError, YearNotLoaded) as exc:
        raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="FLOW-03") from exc
    note = f"公示期 {publicity.starts_on.isoformat()} 至 {publicity.ends_on.isoformat()}（{working_days} 个工作日）"
    for app in rows:
        app.unit_publicity = publicity
        _move(
            app,
            "unit_publicity_start",
            action="unit_publicity_start",
            actor=actor,
            role=role,
            organisation=org,
            note=note,
            fields=["unit_publicity"],
        )
        _notify("title_unit_publicity_started", _applicant_email(app), app, publicity=publicity)
    return PublicityBatch(publicity=publicity, applications=rows)


@transaction.atomic
def unit_objection_raise(
    *, application: Application | int, actor, content: str, raised_on: date, raised_by: str = ""
) -> Objection:
    """FLOW-03: unit HR records an objection (异议) against one applicant while the unit publicity is open."""
    app = _lock(application)
    role, org = _who(actor, app, "unit_objection", "登记异议", "record an objection")
    if app.state != S.UNIT_PUBLICITY or app.unit_publicity is None:
        raise TitleWorkflowError(
            "该申报不在单位公示期内，不能登记异议（FLOW-03）",
            "the application is not in its unit publicity (FLOW-03)",
            rule="FLOW-03",
        )
    try:
        objection = objection_raise(
            publicity=app.unit_publicity,
            subject_label=applicant_name(app),
            content=content,
            raised_on=raised_on,
            raised_by=raised_by,
            actor=actor,
        )
    except PublicityError as exc:
        raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="FLOW-03") from exc
    objection.subject_type = "titles.application"
    objection.subject_id = str(app.pk)
    objection.save(update_fields=["subject_type", "subject_id"])
    _audit_in_place(app, action="unit_objection_raise", actor=actor, role=role, organisation=org,
                    note=f"{raised_on.isoformat()} {raised_by.strip()}：{content.strip()}".strip())  # fmt: skip
    return objection


@transaction.atomic
def unit_objection_resolve(*, objection: Objection | int, actor, upheld: bool, note: str) -> Objection:
    """FLOW-03: resolved with a written note. Upheld → the unit does not recommend; it rejects with a reason
    (``application_reject``); dismissed → the case proceeds."""
    objection = Objection.objects.select_related("publicity").get(
        pk=objection.pk if isinstance(objection, Objection) else objection
    )
    if objection.subject_type != "titles.application":
        raise PermissionDenied("该异议不属于职称申报 / not an objection to a title application")
    app = _lock(int(objection.subject_id))
    role, org = _who(actor, app, "unit_objection", "处理异议", "resolve an objection")
    try:
        objection = objection_resolve(objection=objection, upheld=upheld, note=note, actor=actor, role=role)
    except PublicityError as exc:
        raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="FLOW-03") from exc
    _audit_in_place(app, action="unit_objection_resolve", actor=actor, role=role, organisation=org,
                    note=f"{objection.get_outcome_display()}：{note.strip()}")  # fmt: skip
    return objection


def _close_by_owner(publicity: Publicity | int, actor, today: date | None, kind: str, who_zh: str, who_en: str):
    publicity = Publicity.objects.get(pk=publicity.pk if isinstance(publicity, Publicity) else publicity)
    owner = publicity_closer(actor, publicity) if publicity.kind == kind else None
    if owner is None:
        raise PermissionDenied(f"只有{who_zh}可以结束该公示 / only {who_en} may close this publicity")
    try:
        return publicity_close(publicity=publicity, today=_today(today), actor=actor, role=owner[0])
    except PublicityError as exc:
        raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="FLOW-03") from exc


@transaction.atomic
def unit_publicity_close(*, publicity: Publicity | int, actor, today: date | None = None) -> Publicity:
    """FLOW-03: unit HR closes its publicity after the last working day, with no open objection (the beat task
    ``publicity_close_due`` does it too). One audit record on the publicity."""
    return _close_by_owner(publicity, actor, today, Publicity.Kind.UNIT_APPLICATION, "本单位人事干部", "the unit's HR")


@transaction.atomic
def result_publicity_close(*, publicity: Publicity | int, actor, today: date | None = None) -> Publicity:
    """TITLE-14 / FLOW-03: the committee office that published a result publicity closes it after its last working
    day, with no open complaint (each open complaint holds an open objection on the publicity, see
    ``result_complaint_raise``, so the beat task ``publicity_close_due`` waits for it too). One audit record."""
    return _close_by_owner(
        publicity,
        actor,
        today,
        Publicity.Kind.RESULT,
        "发布该结果公示的评委会办事机构",
        "the committee office that published it",
    )


def publicity_close_by_owner(*, publicity: Publicity, actor, today: date | None = None) -> Publicity:
    """The page's 结束公示 button: the service of the publicity's kind."""
    if publicity.kind == Publicity.Kind.RESULT:
        return result_publicity_close(publicity=publicity, actor=actor, today=today)
    return unit_publicity_close(publicity=publicity, actor=actor, today=today)


def _require_within_vacancies(app: Application) -> None:
    """TITLE-10: an institution recommends within the vacancies of its filed scheme (senior: beyond them by at most
    5% of its set senior posts, with a report); green-channel applicants are not limited (GREEN-01). Counted: the
    unit's applications of the year that are neither drafts, withdrawn nor rejected — so a unit that must choose
    fewer than applied rejects (不予推荐) the others first."""
    if app.green_category or app.route == Route.GREEN_CHANNEL:
        return
    report = unit_quota_report(app.unit, app.evaluation_year.year)
    blocking = [f for f in findings_for_level(report, app.level) if f.is_error]
    if blocking:
        raise TitleWorkflowError(
            f"{blocking[0].message}，不能推荐（TITLE-10）",
            f"{blocking[0].message_en}: cannot recommend (TITLE-10)",
            rule="TITLE-10",
        )


@transaction.atomic
def unit_recommend(
    *,
    application: Application | int,
    actor,
    opinion: str,
    selection_method: str,
    pledged: bool,
    today: date | None = None,
) -> Application:
    """TITLE-08 / FLOW-06: after the publicity closed with no upheld objection against this applicant, the unit
    recommends, signed: reviewer, opinion (qualifications), date, organisation, how candidates were chosen, and the
    publicity result; the unit vouches for procedure and materials (对申报程序和材料把关作出承诺)."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "unit_recommend", "推荐", "recommend")
    _require_state(app, "recommend", "推荐", "recommend", "TITLE-08")
    publicity = app.unit_publicity
    if publicity is None or publicity.state != Publicity.State.CLOSED:
        end = publicity.ends_on.isoformat() if publicity else "—"
        raise TitleWorkflowError(
            f"单位公示尚未结束（公示期至 {end}），公示无异议后方可推荐（TITLE-08, FLOW-03）",
            f"the unit publicity has not closed (runs until {end}); recommend only afterwards (TITLE-08, FLOW-03)",
            rule="TITLE-08",
        )
    if upheld_objections(app).exists():
        raise TitleWorkflowError(
            "公示期间对该申报人的异议成立，不能推荐；请作不予推荐处理（TITLE-08, FLOW-03）",
            "an objection against this applicant was upheld; the unit cannot recommend (TITLE-08, FLOW-03)",
            rule="TITLE-08",
        )
    _require_within_vacancies(app)
    opinion = _require_text(opinion, "推荐意见（申报人员具备的资格条件）", "the recommendation opinion", "TITLE-08")
    selection_method = _require_text(selection_method, "推荐人选产生方式", "how candidates were chosen", "TITLE-08")
    if not pledged:
        raise TitleWorkflowError(
            "请确认对申报程序和材料把关的承诺（TITLE-08）",
            "confirm the unit's pledge on procedure and materials (TITLE-08)",
            rule="TITLE-08",
        )
    dismissed = Objection.objects.filter(
        publicity_id=publicity.pk, subject_id=str(app.pk), outcome=Objection.Outcome.DISMISSED
    ).count()
    result = f"公示期 {publicity.starts_on.isoformat()} 至 {publicity.ends_on.isoformat()}，" + (
        f"异议 {dismissed} 件经核查不成立" if dismissed else "无异议"
    )
    _sign(
        app,
        step=ReviewStep.RECOMMENDATION,
        decision=D.RECOMMEND,
        actor=actor,
        organisation=org,
        opinion=f"{opinion}\n公示情况：{result}",
        today=today,
        selection_method=selection_method,
    )
    _move(app, "recommend", action="unit_recommend", actor=actor, role=role, organisation=org, note=result)
    _notify("title_recommended", _applicant_email(app) + _dept_emails(app), app)
    return app


# ---------------------------------------------------------------------------------------------------------------
# Department re-check (TITLE-09, FLOW-04)
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def dept_review_start(*, application: Application | int, actor) -> Application:
    """TITLE-09: the supervising department (or, for a unit without one, the HR bureau) starts the re-check."""
    app = _lock(application)
    role, org = _who(actor, app, "dept_review_start", "开始复核", "start the re-check")
    _require_state(app, "dept_review_start", "开始复核", "start the re-check", "TITLE-09")
    _move(app, "dept_review_start", action="dept_review_start", actor=actor, role=role, organisation=org)
    return app


@transaction.atomic
def dept_forward(*, application: Application | int, actor, opinion: str, today: date | None = None) -> Application:
    """TITLE-09: a compliant application is forwarded to the HR bureau, signed (FLOW-06)."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "dept_forward", "报送", "forward")
    _require_state(app, "dept_forward", "报送人社部门", "forward to HR", "TITLE-09")
    opinion = _require_text(opinion, "复核意见", "the re-check opinion", "FLOW-06")
    _sign(app, step=ReviewStep.DEPT_REVIEW, decision=D.FORWARD, actor=actor, organisation=org, opinion=opinion,
          today=today)  # fmt: skip
    _move(app, "dept_forward", action="dept_forward", actor=actor, role=role, organisation=org, note=opinion)
    _notify("title_forwarded_to_hr", _applicant_email(app) + _emails(Role.HR_OFFICER, _hr_bureaus(app.unit)), app)
    return app


def _clean_items(items) -> list[dict]:
    cleaned, seen = [], set()
    for entry in items or []:
        key = str((entry or {}).get("item", "")).strip()
        note = str((entry or {}).get("note", "")).strip()
        if not key:
            continue
        if not note:
            label = MATERIAL_ITEMS.get(key, key)
            raise TitleWorkflowError(
                f"请写明“{label}”需要补正的内容（FLOW-04）",
                f"say what is wrong with “{key}” and what is needed (FLOW-04)",
                rule="FLOW-04",
            )
        if key in seen:
            raise TitleWorkflowError(
                f"补正事项“{MATERIAL_ITEMS.get(key, key)}”重复（FLOW-04）", f"item “{key}” listed twice", rule="FLOW-04"
            )
        seen.add(key)
        cleaned.append({"item": key, "label": MATERIAL_ITEMS.get(key, str(entry.get("label") or key)), "note": note})
    if not cleaned:
        raise TitleWorkflowError(
            "一次性告知须列明全部需补正的事项（FLOW-04）",
            "a correction notice lists every item to correct (FLOW-04)",
            rule="FLOW-04",
        )
    return cleaned


@transaction.atomic
def correction_notice_issue(
    *,
    application: Application | int,
    actor,
    items: Sequence[dict],
    deadline: date | None = None,
    working_days: int | None = None,
    today: date | None = None,
) -> CorrectionNotice:
    """FLOW-04 一次性告知: every item to correct in ONE notice with a deadline; a second notice at the same step is
    refused. ``items`` = [{"item": key, "note": what is wrong}]; the deadline is a date or a number of working
    days from today (FLOW-02)."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "correction_notice_issue", "发出一次性告知", "issue a correction notice")
    _require_state(app, "correction_issue", "发出一次性告知", "issue a correction notice", "FLOW-04")
    if not can_proceed(app.correction_issue) or app.corrections.filter(step=ReviewStep.DEPT_REVIEW).exists():
        raise TitleWorkflowError(
            "本审核环节已发出过一次性告知，不能再次告知补正（FLOW-04）",
            "a correction notice was already issued at this review step; a second one is not allowed (FLOW-04)",
            rule="FLOW-04",
        )
    cleaned = _clean_items(items)
    if deadline is None:
        deadline = correction_deadline(today, working_days or CORRECTION_DEFAULT_WORKING_DAYS)
    if deadline <= today:
        raise TitleWorkflowError(
            f"补正截止日 {deadline.isoformat()} 须晚于今天（FLOW-04）",
            f"the correction deadline {deadline.isoformat()} must be after today (FLOW-04)",
            rule="FLOW-04",
        )
    notice = CorrectionNotice.objects.create(
        application=app,
        step=ReviewStep.DEPT_REVIEW,
        items=cleaned,
        deadline=deadline,
        issued_by=actor,
        issued_by_name=actor.get_full_name() or actor.get_username(),
        organisation=org,
    )
    summary = "；".join(f"{e['label']}：{e['note']}" for e in cleaned)
    _sign(app, step=ReviewStep.DEPT_REVIEW, decision=D.CORRECTION, actor=actor, organisation=org,
          opinion=f"{summary}（补正截止 {deadline.isoformat()}）", today=today)  # fmt: skip
    _move(
        app,
        "correction_issue",
        action="correction_notice_issue",
        actor=actor,
        role=role,
        organisation=org,
        note=f"{summary}；截止 {deadline.isoformat()}",
        after={"correction_used": True},
    )
    _notify("title_correction_issued", _applicant_email(app), app, notice=notice)
    return notice


def open_correction(application: Application) -> CorrectionNotice | None:
    return application.corrections.filter(state=CorrectionNotice.State.OPEN).order_by("-issued_at").first()


def correction_allowed_items(application: Application) -> set[str]:
    """FLOW-04 / TITLE-03: while a notice is open the applicant may change only its items (the materials upload
    of the applicant side passes these keys)."""
    notice = open_correction(application) if application.state == S.CORRECTION else None
    return notice.item_keys if notice else set()


@transaction.atomic
def correction_answer(
    *,
    application: Application | int,
    actor,
    note: str,
    changed_items: Iterable[str],
    today: date | None = None,
) -> CorrectionNotice:
    """FLOW-04: the applicant answers by the deadline (included, FLOW-01), having changed only listed items."""
    today = _today(today)
    app = _lock(application)
    role, _org = _who(actor, app, "correction_answer", "提交补正", "answer the correction notice")
    _require_state(app, "correction_answer", "提交补正", "answer the correction notice", "FLOW-04")
    notice = CorrectionNotice.objects.select_for_update().filter(application=app, state="open").first()
    if notice is None:
        raise TitleWorkflowError("没有待补正的告知（FLOW-04）", "no open correction notice (FLOW-04)", rule="FLOW-04")
    if today > notice.deadline:
        raise TitleWorkflowError(
            f"补正截止日 {notice.deadline.isoformat()} 已过，视为放弃申报（FLOW-04）",
            f"the correction deadline {notice.deadline.isoformat()} has passed (FLOW-04)",
            rule="FLOW-04",
        )
    changed = {str(k) for k in changed_items}
    extra = sorted(changed - notice.item_keys)
    if extra:
        names = "、".join(MATERIAL_ITEMS.get(k, k) for k in extra)
        allowed = "、".join(e.get("label", e["item"]) for e in notice.items)
        raise TitleWorkflowError(
            f"只能修改一次性告知列明的事项（{allowed}），不能修改：{names}（FLOW-04）",
            f"only the items of the notice may be changed; not: {', '.join(extra)} (FLOW-04)",
            rule="FLOW-04",
        )
    note = _require_text(note, "补正说明", "the answer note", "FLOW-04")
    notice.state = CorrectionNotice.State.ANSWERED
    notice.answer_note = note
    notice.answered_at = clock.now()
    notice.save(update_fields=["state", "answer_note", "answered_at"])
    changed_label = "、".join(MATERIAL_ITEMS.get(k, k) for k in sorted(changed)) or "—"
    _move(app, "correction_answer", action="correction_answer", actor=actor, role=role, organisation=None,
          note=f"已补正：{changed_label}。{note}")  # fmt: skip
    _notify("title_correction_answered", _dept_emails(app), app, notice=notice)
    return notice


@transaction.atomic
def correction_notice_expire(*, notice: CorrectionNotice | int, today: date | None = None) -> Application:
    """FLOW-04: not corrected by the deadline → treated as withdrawn (视为放弃申报). Done by the system."""
    today = _today(today)
    pk = notice.pk if isinstance(notice, CorrectionNotice) else int(notice)
    notice = CorrectionNotice.objects.select_for_update().get(pk=pk)
    app = _lock(notice.application_id)
    if notice.state != CorrectionNotice.State.OPEN or app.state != S.CORRECTION:
        raise AlreadyHandled(app)
    if not today > notice.deadline:
        raise TitleWorkflowError(
            f"补正截止日 {notice.deadline.isoformat()} 尚未过（FLOW-04）",
            f"the correction deadline {notice.deadline.isoformat()} has not passed (FLOW-04)",
            rule="FLOW-04",
        )
    notice.state = CorrectionNotice.State.EXPIRED
    notice.save(update_fields=["state"])
    _move(app, "correction_expire", action="correction_notice_expire", actor=None, role="system", organisation=None,
          note=f"补正截止日 {notice.deadline.isoformat()} 前未补正，视为放弃申报（FLOW-04）")  # fmt: skip
    _notify("title_correction_expired", _applicant_email(app) + _dept_emails(app), app, notice=notice)
    return app


# ---------------------------------------------------------------------------------------------------------------
# HR bureau (TITLE-06/07, GREEN-03, RECOG, TITLE-15)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Routing:
    committee_key: str
    committee_name: str
    submission_route: str
    source: str

    @property
    def to_region(self) -> bool:
        return self.committee_key.startswith(REGION_KEY_PREFIX)


def unit_belongs(unit: Organisation) -> str:
    """TITLE-06 "where the unit belongs": the catalogue's one function, also used by the eligibility engine."""
    return belongs_of(unit.ownership, unit_location_of(unit.jurisdiction, unit.location))


def _committee_key_for(row, app: Application) -> str:
    """The committee (or committee office organisation) that receives what the routing row names."""
    series_keys = {app.series.key}
    if app.series.parent_id:
        series_keys.add(app.series.parent.key)
    from titles.selectors.committees import committee_status

    # CMTE-01: only a committee approved and still within its filing may receive cases.
    today = clock.today()
    committees = [
        c
        for c in Committee.objects.filter(state=Committee.State.APPROVED).select_related("series")
        if not committee_status(c, today)
    ]
    for committee in committees:
        if committee.name == row.committee_zh:
            return committee.key
    scope_ok = {
        Committee.Scope.CITY_DIRECT: app.unit.jurisdiction == "city",
        Committee.Scope.DISTRICT: app.unit.jurisdiction != "city",
        Committee.Scope.SELF_REVIEWING: True,
    }
    for committee in committees:
        if (
            committee.series.key in series_keys
            and app.level in committee.levels
            and scope_ok.get(committee.scope, False)
            and (committee.scope != Committee.Scope.DISTRICT or committee.scope_jurisdiction == app.unit.jurisdiction)
            and (committee.scope != Committee.Scope.SELF_REVIEWING or committee.scope_unit_id == app.unit_id)
        ):
            return committee.key
    jurisdiction = "city" if app.unit.jurisdiction == "city" else app.unit.jurisdiction
    for org in Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE_ORGANISER, jurisdiction=jurisdiction):
        if series_keys & set(org.series_received or []):
            return org.code
    if row.submission_route in ("intermediate_junior", "non_public", "freelancer") and jurisdiction != "city":
        bureau = Organisation.objects.filter(kind=Organisation.Kind.DISTRICT_HR, jurisdiction=jurisdiction).first()
        if bureau is not None:
            return bureau.code
    return ""


def application_routing(app: Application) -> Routing:
    """TITLE-06 / GREEN-03: which committee reviews ``app`` (series × level × where the unit belongs ×
    directional, the most specific routing row). Green categories 1–5 → the region's green-channel committee."""
    from titles.eligibility import committee_for
    from titles.selectors.catalogue import catalogue_snapshot

    if app.route == Route.GREEN_CHANNEL and app.green_category and GREEN_BY_NUMBER.get(app.green_category):
        if GREEN_BY_NUMBER[app.green_category].region_committee:
            return Routing(f"{REGION_KEY_PREFIX}-green", GREEN_REGION_COMMITTEE_ZH, "region_green", "GREEN-03")
        if is_city_green_channel(app) and app.level in SENIOR_LEVELS:
            # Doc A §五(四)3 "申报高级职称的，经市人社部门核准，报自治区人社厅组织评审".
            return Routing(f"{REGION_KEY_PREFIX}-city-green", CITY_GREEN_REGION_ZH, "city_green", "GREEN-03")
    catalogue = catalogue_snapshot()
    series = catalogue.series.get(app.series.key)
    if series is None:
        raise TitleWorkflowError(f"系列 {app.series.key} 不在目录中（TITLE-06）", "unknown series", rule="TITLE-06")
    try:
        row = committee_for(catalogue, series, app.level, unit_belongs(app.unit), app.directional)
    except LookupError as exc:
        raise TitleWorkflowError(
            f"评审路由表中没有 {app.series.name_zh}·{app.get_level_display()} 的评委会，请人社部门维护路由表（TITLE-06）",
            f"the routing table has no committee for {app.series.key}/{app.level} (TITLE-06)",
            rule="TITLE-06",
        ) from exc
    if row.committee_zh.startswith("内蒙古自治区") or row.submission_route == "senior":
        suffix = "directional" if row.submission_route == "directional_senior" else "senior"
        return Routing(f"{REGION_KEY_PREFIX}-{suffix}", row.committee_zh, row.submission_route, row.source)
    key = _committee_key_for(row, app)
    if not key:
        raise TitleWorkflowError(
            f"“{row.committee_zh}”尚未在系统中登记评委会或办事机构，无法报送（TITLE-06）",
            f"“{row.committee_en}” is not registered as a committee or committee office (TITLE-06)",
            rule="TITLE-06",
        )
    return Routing(key, row.committee_zh, row.submission_route, row.source)


CITY_GREEN_REGION_ZH = "内蒙古自治区人力资源和社会保障厅组织评审（市本级绿色通道，经市人社局核准）"


def _require_routing_open(app: Application) -> None:
    if app.route == Route.RECOGNITION:
        raise TitleWorkflowError(
            "考核认定不经评委会评审，请直接认定（RECOG-01/02）",
            "recognition does not go to a committee; approve the recognition instead",
            rule="RECOG-01",
        )
    if app.state == S.HR_REVIEW and via_city_hr(app):
        raise TitleWorkflowError(
            "区属单位的高级职称申报由区人社部门审核汇总后报市人社局，由市人社局确定评委会（TITLE-07）",
            "a district unit's senior application goes from the district HR bureau to city HR, which routes it "
            "(TITLE-07)",
            rule="TITLE-07",
        )
    if not routing_open(app):
        raise TitleWorkflowError(
            f"当前状态为“{app.get_state_display()}”，不能确定评委会（TITLE-06）",
            f"cannot route in state “{app.state}” (TITLE-06)",
            rule="TITLE-06",
        )
    if is_city_green_channel(app) and not green_decision_recorded(app):
        needed = "市人社部门核准" if app.level in SENIOR_LEVELS else "市人才工作领导小组同意"
        raise TitleWorkflowError(
            f"市本级绿色通道申报须先登记{needed}，再确定评审（GREEN-03）",
            "the city green channel needs the leading group's consent (intermediate/junior) or city HR's approval "
            "(senior) before routing (GREEN-03)",
            rule="GREEN-03",
        )


@transaction.atomic
def green_channel_consent_record(
    *, application: Application | int, actor, document: str, decided_on: date, opinion: str = "",
    today: date | None = None,
) -> ReviewDecision:  # fmt: skip
    """GREEN-03, Doc A §五(四)3 — the city's green channel (GREEN-02 category 8, one case one decision): an
    intermediate/junior application needs the consent of the city talent-work leading group (经市人才工作领导小组同意),
    a senior one city HR's approval (经市人社部门核准) before it is routed. City HR records it, signed (FLOW-06), with
    the document and the date of the decision; no state change, one audit record."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(
        actor, app, "green_channel_consent_record", "登记绿色通道审批", "record the green-channel decision"
    )
    if not is_city_green_channel(app):
        raise TitleWorkflowError(
            "只有市本级绿色通道（一事一议引进人才）申报需要此审批（GREEN-03）",
            "only the city green channel (one-case-one-decision talent) needs this decision (GREEN-03)",
            rule="GREEN-03",
        )
    if app.state != S.HR_REVIEW:
        raise TitleWorkflowError(
            f"当前状态为“{app.get_state_display()}”，不能登记绿色通道审批（GREEN-03）",
            f"cannot record the green-channel decision in state “{app.state}” (GREEN-03)",
            rule="GREEN-03",
        )
    if green_decision_recorded(app):
        raise TitleWorkflowError("已登记绿色通道审批（GREEN-03）", "the decision is already recorded", rule="GREEN-03")
    document = _require_text(document, "审批文件（文号）", "the decision's document", "GREEN-03")
    if decided_on > today:
        raise TitleWorkflowError(
            f"审批日期 {decided_on.isoformat()} 晚于今天（GREEN-03）",
            f"the decision date {decided_on.isoformat()} is in the future (GREEN-03)",
            rule="GREEN-03",
        )
    senior = app.level in SENIOR_LEVELS
    decision = D.GREEN_APPROVAL if senior else D.GREEN_CONSENT
    body = "市人社部门核准，报自治区人社厅组织评审" if senior else "市人才工作领导小组同意，由市人社部门组织专家评审"
    text = f"{body}（{document}，{decided_on.isoformat()}，一事一议）" + (
        f"。{opinion.strip()}" if opinion.strip() else ""
    )
    signed = _sign(app, step=ReviewStep.HR_REVIEW, decision=decision, actor=actor, organisation=org, opinion=text,
                   today=today)  # fmt: skip
    _audit_in_place(app, action="green_channel_consent_record", actor=actor, role=role, organisation=org, note=text)
    return signed


@transaction.atomic
def hr_route(*, application: Application | int, actor, note: str = "", today: date | None = None) -> Application:
    """TITLE-06/07, GREEN-03: HR picks the committee from the routing table and records it (no state change);
    the committee office then accepts (``committee_accept``), or HR forwards to the region (``region_forward``)."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "hr_route", "确定评委会", "route")
    _require_routing_open(app)
    routing = application_routing(app)
    _require_committee_open(routing.committee_key, today)
    app.committee_key = routing.committee_key
    app.committee_name = routing.committee_name
    app.save(update_fields=["committee_key", "committee_name"])
    text = f"报送{routing.committee_name}（{routing.source}）" + (f"。{note.strip()}" if note.strip() else "")
    step = ReviewStep.CITY_HR_REVIEW if app.state == S.CITY_HR_REVIEW else ReviewStep.HR_REVIEW
    _sign(app, step=step, decision=D.APPROVE, actor=actor, organisation=org, opinion=text, today=today)
    _audit_in_place(app, action="hr_route", actor=actor, role=role, organisation=org, note=text)
    if not routing.to_region and last_city_step(app):
        _notify("title_routed", _emails(Role.COMMITTEE_OFFICE, _committee_organisations(app.committee_key)), app)
    return app


def _require_committee_open(committee_key: str, today: date) -> None:
    """CMTE-01: no case goes to, or is accepted by, a committee that is not approved or whose filing expired."""
    from titles.selectors.committees import committee_closed_for_cases

    finding = committee_closed_for_cases(committee_key, today)
    if finding is not None:
        raise TitleWorkflowError(
            f"{finding.message}不能报送或受理申报（CMTE-01）",
            f"{finding.message_en} No case can be sent to or accepted by it (CMTE-01).",
            rule="CMTE-01",
        )


@transaction.atomic
def city_hr_forward(*, application: Application | int, actor, opinion: str, today: date | None = None) -> Application:
    """TITLE-07 "unit → same-level department → same-level HR → city HR → region" (Doc B §三(二)1 "报同级人力资源和
    社会保障部门审核汇总……最终由市人社局报送"): the district HR bureau, having checked a district unit's senior
    application, sends it to city HR, signed (FLOW-06). hr_review → city_hr_review; city HR then routes it."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "city_hr_forward", "报送市人社局", "send to city HR")
    _require_state(app, "city_hr_forward", "报送市人社局", "send to city HR", "TITLE-07")
    if not can_proceed(app.city_hr_forward):
        raise TitleWorkflowError(
            "只有区属单位的高级职称申报（定向评价除外）经区人社部门报市人社局（TITLE-07）",
            "only a district unit's senior application (not directional) goes on to city HR (TITLE-07)",
            rule="TITLE-07",
        )
    opinion = _require_text(opinion, "审核意见", "the opinion", "FLOW-06")
    _sign(app, step=ReviewStep.HR_REVIEW, decision=D.FORWARD, actor=actor, organisation=org, opinion=opinion,
          today=today)  # fmt: skip
    _move(app, "city_hr_forward", action="city_hr_forward", actor=actor, role=role, organisation=org, note=opinion)
    city = Organisation.objects.filter(kind=Organisation.Kind.CITY_HR)
    _notify("title_sent_up", _applicant_email(app) + _emails(Role.HR_OFFICER, city), app, to="市人社局")
    return app


@transaction.atomic
def directional_recheck(
    *, application: Application | int, actor, opinion: str, today: date | None = None
) -> Application:
    """TITLE-07 directional senior (Doc B §三(二)1 "经三区行业主管部门审核后，报三区人社部门复核，再由三区行业主管部门
    上报至市级行业主管部门"): the district HR bureau re-checks, signed (FLOW-06), having routed the case (hr_route);
    the district department then reports it to the city department. hr_review → dept_report."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "directional_recheck", "复核", "re-check")
    _require_state(app, "directional_recheck", "复核", "re-check", "TITLE-07")
    if not directional_chain(app):
        raise TitleWorkflowError(
            "只有区属单位的“定向评价”高级职称申报由区人社部门复核后经区主管部门报送市级主管部门（TITLE-07）",
            "only a district unit's directional senior application is re-checked this way (TITLE-07)",
            rule="TITLE-07",
        )
    if not app.committee_key:
        raise TitleWorkflowError(
            "请先确定评委会，再复核报送（TITLE-07）",
            "route the application before the re-check (TITLE-07)",
            rule="TITLE-07",
        )
    opinion = _require_text(opinion, "复核意见", "the re-check opinion", "FLOW-06")
    _sign(app, step=ReviewStep.HR_REVIEW, decision=D.RECHECK, actor=actor, organisation=org, opinion=opinion,
          today=today)  # fmt: skip
    _move(app, "directional_recheck", action="directional_recheck", actor=actor, role=role, organisation=org,
          note=opinion)  # fmt: skip
    _notify("title_directional_rechecked", _applicant_email(app) + _dept_emails(app), app)
    return app


@transaction.atomic
def dept_report_city(*, application: Application | int, actor, opinion: str, today: date | None = None) -> Application:
    """TITLE-07 directional senior: after the district HR's re-check the district department reports the case to
    the city department of its series, signed (FLOW-06). dept_report → city_dept_review."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "dept_report_city", "报送市级行业主管部门", "report to the city department")
    _require_state(app, "dept_report_city", "报送市级行业主管部门", "report to the city department", "TITLE-07")
    receivers = city_departments(app)
    if not receivers:
        raise TitleWorkflowError(
            f"没有登记接收{app.series.name_zh}的市级行业主管部门（送审经办机构，TITLE-07）",
            f"no city department receives {app.series.key} (attachment 2, TITLE-07)",
            rule="TITLE-07",
        )
    opinion = _require_text(opinion, "报送意见", "the opinion", "FLOW-06")
    _sign(app, step=ReviewStep.DEPT_REPORT, decision=D.FORWARD, actor=actor, organisation=org, opinion=opinion,
          today=today)  # fmt: skip
    names = "、".join(o.name for o in receivers)
    _move(app, "dept_report_city", action="dept_report_city", actor=actor, role=role, organisation=org,
          note=f"报送{names}。{opinion}")  # fmt: skip
    _notify("title_sent_up", _applicant_email(app) + _emails(Role.DEPT_REVIEWER, receivers), app, to=names)
    return app


@transaction.atomic
def committee_accept(*, application: Application | int, actor, note: str = "") -> Application:
    """The committee office receives the application routed to it (hr_review → accepted)."""
    app = _lock(application)
    role, org = _who(actor, app, "committee_accept", "受理", "accept")
    _require_state(app, "committee_accept", "受理", "accept", "TITLE-06")
    _require_last_city_step(app)
    if not can_proceed(app.committee_accept) or routed_to_region(app):
        raise TitleWorkflowError(
            "人社部门尚未将该申报报送本评委会（TITLE-06）",
            "HR has not routed this application to this committee (TITLE-06)",
            rule="TITLE-06",
        )
    _require_committee_open(app.committee_key, clock.today())
    _move(app, "committee_accept", action="committee_accept", actor=actor, role=role, organisation=org,
          note=note.strip() or app.committee_name)  # fmt: skip
    _notify("title_accepted", _applicant_email(app), app)
    return app


def _require_last_city_step(app: Application) -> None:
    if last_city_step(app):
        return
    if directional_chain(app):
        raise TitleWorkflowError(
            "“定向评价”高级职称申报须经区人社部门复核、区主管部门报送市级行业主管部门（TITLE-07）",
            "a directional senior application goes via the district re-check and the city department (TITLE-07)",
            rule="TITLE-07",
        )
    raise TitleWorkflowError(
        "区属单位的高级职称申报须经区人社部门报市人社局，由市人社局报送（TITLE-07）",
        "a district unit's senior application goes via city HR (TITLE-07)",
        rule="TITLE-07",
    )


# Applications that have already gone up to the region this year (and count against its allotted total).
_SENT_TO_REGION = (S.FORWARDED, S.PASSED, S.FAILED, S.RESULT_PUBLICITY, S.FILED, S.CERTIFIED)


def _require_teacher_quota(app: Application) -> None:
    """TITLE-11: the region allots Wuhai a yearly total of primary/secondary 正高 teacher reviews; city HR forwards no
    more than that (green channel not counted, GREEN-01). The year's row is locked so two officers forwarding at
    once cannot both take the last place."""
    if app.series.key != "primary_secondary_teacher" or app.level != "full_senior":
        return
    if app.green_category or app.route == Route.GREEN_CHANNEL:
        return
    year = EvaluationYear.objects.select_for_update().get(pk=app.evaluation_year_id)
    sent = (
        Application.objects.filter(
            evaluation_year=year, series=app.series, level="full_senior", state__in=_SENT_TO_REGION
        )
        .exclude(route=Route.GREEN_CHANNEL)
        .filter(green_category__isnull=True)
        .count()
    )
    finding = teacher_quota_finding(year=year.year, quota=year.teacher_full_senior_quota, count=sent + 1)
    if finding is not None:
        raise TitleWorkflowError(
            f"{finding.message}，不能再报送（TITLE-11）",
            f"{finding.message_en}: cannot forward more (TITLE-11)",
            rule="TITLE-11",
        )


@transaction.atomic
def region_forward(*, application: Application | int, actor, note: str = "", today: date | None = None):
    """TITLE-06/07, GREEN-03: senior (not delegated) and green categories 1–5 go via city HR to the region."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "region_forward", "报送自治区", "forward to the region")
    _require_state(app, "region_forward", "报送自治区", "forward to the region", "TITLE-06")
    _require_last_city_step(app)
    if not can_proceed(app.region_forward) or not routed_to_region(app):
        raise TitleWorkflowError(
            "该申报未确定由自治区评审，请先确定评委会（TITLE-06）",
            "this application is not routed to the region; route it first (TITLE-06)",
            rule="TITLE-06",
        )
    _require_teacher_quota(app)
    text = f"报送{app.committee_name}" + (f"。{note.strip()}" if note.strip() else "")
    step = {S.CITY_HR_REVIEW: ReviewStep.CITY_HR_REVIEW, S.CITY_DEPT_REVIEW: ReviewStep.CITY_DEPT_REVIEW}.get(
        app.state, ReviewStep.HR_REVIEW
    )
    _sign(app, step=step, decision=D.FORWARD, actor=actor, organisation=org, opinion=text,
          today=today)  # fmt: skip
    _move(app, "region_forward", action="region_forward", actor=actor, role=role, organisation=org, note=text)
    _notify("title_forwarded_region", _applicant_email(app), app)
    return app


@transaction.atomic
def region_outcome_record(
    *, application: Application | int, actor, passed: bool, decided_on: date, note: str = ""
) -> Application:
    """The region's result comes back (forwarded → passed | failed). TITLE-15: effective on the date the region's
    committee passed the applicant."""
    app = _lock(application)
    role, org = _who(actor, app, "region_outcome_record", "登记自治区评审结果", "record the region's result")
    method = "region_pass" if passed else "region_fail"
    _require_state(app, method, "登记自治区评审结果", "record the region's result", "TITLE-15")
    fields = []
    if passed:
        app.effective_on = decided_on
        fields.append("effective_on")
    _move(app, method, action="region_outcome_record", actor=actor, role=role, organisation=org,
          note=f"{decided_on.isoformat()} {'通过' if passed else '未通过'}。{note}".strip(), fields=fields)  # fmt: skip
    _notify("title_result_recorded", _applicant_email(app), app, passed=passed)
    return app


@transaction.atomic
def region_filing_record(
    *, application: Application | int, actor, document: str, filed_on: date, note: str = "", today: date | None = None
) -> Application:
    """A region-reviewed result: the region publishes and files its own results (Doc B §五(三) "各区及各自主评审单位
    完成评审后，通过各自门户网站公示评审结果"; TITLE-15: the committee files with HR). City HR records the region's
    filing — its document and date — signed (FLOW-06); passed → filed, then city HR issues the certificate."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "region_filing_record", "登记自治区备案", "record the region's filing")
    _require_state(app, "region_file", "登记自治区备案", "record the region's filing", "TITLE-15")
    if not routed_to_region(app):
        raise TitleWorkflowError(
            "本市评委会的评审结果经结果公示后备案，不能登记为自治区备案（TITLE-15）",
            "a city committee's result is published and filed here, not recorded as the region’s (TITLE-15)",
            rule="TITLE-15",
        )
    document = _require_text(document, "自治区备案文件（文号）", "the region's filing document", "TITLE-15")
    if filed_on > today or (app.effective_on and filed_on < app.effective_on):
        raise TitleWorkflowError(
            f"自治区备案日期 {filed_on.isoformat()} 须在评审通过日之后、不晚于今天（TITLE-15）",
            f"the region's filing date {filed_on.isoformat()} must lie between the review and today (TITLE-15)",
            rule="TITLE-15",
        )
    text = f"{app.committee_name}评审结果已由自治区公示并备案（{document}，{filed_on.isoformat()}）"
    text += f"。{note.strip()}" if note.strip() else ""
    _sign(app, step=ReviewStep.RESULT, decision=D.FILE, actor=actor, organisation=org, opinion=text, today=today)
    _move(app, "region_file", action="region_filing_record", actor=actor, role=role, organisation=org, note=text)
    _notify("title_filed", _applicant_email(app), app)
    return app


@transaction.atomic
def recognition_approve(
    *, application: Application | int, actor, opinion: str, today: date | None = None
) -> Application:
    """RECOG-01/02: recognition without review (hr_review → recognised). TITLE-15: effective on the approval date."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "recognition_approve", "考核认定", "approve the recognition")
    _require_state(app, "recognise", "考核认定", "approve the recognition", "RECOG-01")
    if not can_proceed(app.recognise):
        raise TitleWorkflowError(
            "该申报不是考核认定申报（RECOG-01/02）", "this application is not a recognition", rule="RECOG-01"
        )
    opinion = _require_text(opinion, "认定意见", "the recognition opinion", "FLOW-06")
    _sign(app, step=ReviewStep.HR_REVIEW, decision=D.RECOGNISE, actor=actor, organisation=org, opinion=opinion,
          today=today)  # fmt: skip
    app.effective_on = today
    _move(app, "recognise", action="recognition_approve", actor=actor, role=role, organisation=org, note=opinion,
          fields=["effective_on"])  # fmt: skip
    _notify("title_recognised", _applicant_email(app), app)
    return app


# ---------------------------------------------------------------------------------------------------------------
# Committee result, publicity, complaints, filing, certificate (TITLE-14/15)
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def vote_result_record(
    *, application: Application | int, actor, passed: bool, decided_on: date, note: str = ""
) -> Application:
    """The committee's vote (scheduled → passed | failed); the committee issue calls this with the tally in
    ``note``. TITLE-15: a reviewed title is effective on the date the committee passed it."""
    app = _lock(application)
    role, org = _who(actor, app, "vote_result_record", "登记评审结果", "record the vote")
    method = "vote_pass" if passed else "vote_fail"
    _require_state(app, method, "登记评审结果", "record the vote", "CMTE-04")
    fields = []
    if passed:
        app.effective_on = decided_on
        fields.append("effective_on")
    _move(app, method, action="vote_result_record", actor=actor, role=role, organisation=org,
          note=f"{decided_on.isoformat()} {'通过' if passed else '未通过'}。{note}".strip(), fields=fields)  # fmt: skip
    return app


@transaction.atomic
def result_publicity_start(
    *,
    applications: Sequence[Application | int],
    actor,
    starts_on: date,
    title: str = "",
    content: str = "",
    working_days: int = PUBLICITY_WORKING_DAYS,
    today: date | None = None,
) -> PublicityBatch:
    """TITLE-14 / FLOW-03: results published ≥ 5 working days, one publicity per batch (all or nothing)."""
    today = _today(today)
    if not applications:
        raise TitleWorkflowError("请选择要公示的评审结果（TITLE-14）", "choose the results to publish", rule="TITLE-14")
    if starts_on < today:
        raise TitleWorkflowError(
            f"公示开始日 {starts_on.isoformat()} 早于今天（FLOW-03）",
            "the publicity cannot start in the past",
            rule="FLOW-03",
        )
    expected = {a.pk: a.state for a in applications if isinstance(a, Application)}
    ids = sorted({a.pk if isinstance(a, Application) else int(a) for a in applications})
    rows = list(_locked_queryset().filter(pk__in=ids).order_by("pk"))
    failures, acting = [], {}
    for app in rows:
        try:
            if app.pk in expected and expected[app.pk] != app.state:
                raise AlreadyHandled(app)
            acting[app.pk] = _who(actor, app, "result_publicity_start", "发起结果公示", "publish the result")
            _require_state(app, "result_publicity_start", "发起结果公示", "publish the result", "TITLE-14")
            if routed_to_region(app):
                raise TitleWorkflowError(
                    "自治区评审的结果由自治区公示和备案，请登记自治区备案（Doc B §五(三)，TITLE-15）",
                    "the region publishes and files its own results; record the region's filing (TITLE-15)",
                    rule="TITLE-14",
                )
        except (TitleWorkflowError, PermissionDenied) as exc:
            failures.append(BatchFailure(app.pk, applicant_name(app), str(exc)))
    failures.extend(BatchFailure(pk, str(pk), "申报不存在 / no such application") for pk in set(ids) - set(acting) -
                    {f.application_id for f in failures})  # fmt: skip
    orgs = {who[1].pk for who in acting.values() if who[1] is not None}
    if len(orgs) > 1:
        failures.append(BatchFailure(0, "", "一次公示只能由同一机构发布 / one publicity, one publishing body"))
    if failures:
        raise BatchRefused(failures)
    role, org = acting[rows[0].pk]
    try:
        publicity = publicity_start(
            organisation=org,
            kind=Publicity.Kind.RESULT,
            title=title or f"{rows[0].committee_name or org.name}{rows[0].evaluation_year}年度职称评审结果公示",
            content=content,
            starts_on=starts_on,
            working_days=working_days,
            actor=actor,
            role=role,
        )
    except (PublicityError, YearNotLoaded) as exc:
        raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="FLOW-03") from exc
    note = f"公示期 {publicity.starts_on.isoformat()} 至 {publicity.ends_on.isoformat()}"
    for app in rows:
        app.result_publicity = publicity
        _move(app, "result_publicity_start", action="result_publicity_start", actor=actor, role=role,
              organisation=org, note=note, fields=["result_publicity"])  # fmt: skip
        _notify("title_result_publicity", _applicant_email(app), app, publicity=publicity)
    return PublicityBatch(publicity=publicity, applications=rows)


# The objection that holds a result publicity open while a complaint is investigated names the complaint.
COMPLAINT_SUBJECT = "titles.resultcomplaint"


def complaint_routing(application: Application, kind: str) -> list[Organisation]:
    """TITLE-14: about the review process → the committee's organiser (办事机构); about the authenticity of the
    materials → the HR bureau and the employing unit."""
    if kind == ResultComplaint.Kind.PROCESS:
        orgs = _committee_organisations(application.committee_key)
        if not orgs:
            orgs = _hr_bureaus(application.unit)  # a region committee: city HR takes it to the region
        return list({o.pk: o for o in orgs}.values())
    if kind == ResultComplaint.Kind.AUTHENTICITY:
        return [*_hr_bureaus(application.unit), application.unit]
    raise TitleWorkflowError("投诉类型无效（TITLE-14）", "unknown complaint kind (TITLE-14)", rule="TITLE-14")


@transaction.atomic
def result_complaint_raise(
    *, application: Application | int, actor, kind: str, content: str, raised_on: date, raised_by: str = ""
) -> ResultComplaint:
    """TITLE-14: a complaint during the result publicity, routed by kind; while open it blocks the filing."""
    app = _lock(application)
    role, org = _who(actor, app, "result_complaint_raise", "登记投诉", "record a complaint")
    if app.state != S.RESULT_PUBLICITY:
        raise TitleWorkflowError(
            "只能在评审结果公示期间登记投诉（TITLE-14）",
            "complaints are recorded during the result publicity (TITLE-14)",
            rule="TITLE-14",
        )
    content = _require_text(content, "投诉内容", "the complaint", "TITLE-14")
    routed = complaint_routing(app, kind)
    complaint = ResultComplaint.objects.create(
        application=app, kind=kind, content=content, raised_on=raised_on, raised_by=raised_by
    )
    complaint.routed_to.set(routed)
    publicity = app.result_publicity
    if publicity is not None and publicity.state == Publicity.State.OPEN:
        # FLOW-03: a complaint raised during the period stops the close like an objection does — by hand and by the
        # beat task (``workflow.services.publicity_close`` refuses while an objection is open). Resolved with it.
        try:
            objection = objection_raise(publicity=publicity, subject_label=applicant_name(app), content=content,
                                        raised_on=raised_on, raised_by=raised_by, actor=actor)  # fmt: skip
        except PublicityError as exc:
            raise TitleWorkflowError(str(exc).split(" / ")[0], str(exc), rule="TITLE-14") from exc
        objection.subject_type = COMPLAINT_SUBJECT
        objection.subject_id = str(complaint.pk)
        objection.save(update_fields=["subject_type", "subject_id"])
    names = "、".join(o.name for o in routed)
    _audit_in_place(app, action="result_complaint_raise", actor=actor, role=role, organisation=org,
                    note=f"{complaint.get_kind_display()}投诉，转{names}调查核实：{content}")  # fmt: skip
    recipients = (
        _emails(Role.COMMITTEE_OFFICE, routed) + _emails(Role.HR_OFFICER, routed) + _emails(Role.UNIT_HR, routed)
    )
    _notify("title_complaint_raised", recipients, app, complaint=complaint, routed=routed)
    return complaint


@transaction.atomic
def result_complaint_resolve(*, complaint: ResultComplaint | int, actor, upheld: bool, note: str) -> ResultComplaint:
    """TITLE-14: one of the organisations the complaint was routed to records the outcome with a written note.
    Upheld → the result is not filed; the committee office rejects (``application_reject``)."""
    pk = complaint.pk if isinstance(complaint, ResultComplaint) else int(complaint)
    complaint = ResultComplaint.objects.select_for_update().get(pk=pk)
    app = _lock(complaint.application_id)
    routed = set(complaint.routed_to.values_list("pk", flat=True))
    membership = complaint_resolver_membership(actor, routed)
    if membership is None:
        raise PermissionDenied(
            "只有受理该投诉的单位可以处理 / only the bodies the complaint was routed to may resolve it"
        )
    if complaint.outcome != ResultComplaint.Outcome.OPEN:
        raise TitleWorkflowError("该投诉已处理 / already resolved", "already resolved", rule="TITLE-14")
    note = _require_text(note, "处理意见", "the resolution note", "TITLE-14")
    complaint.outcome = ResultComplaint.Outcome.UPHELD if upheld else ResultComplaint.Outcome.DISMISSED
    complaint.resolution_note = note
    complaint.resolved_at = clock.now()
    complaint.save(update_fields=["outcome", "resolution_note", "resolved_at"])
    mirrored = Objection.objects.filter(
        subject_type=COMPLAINT_SUBJECT, subject_id=str(complaint.pk), outcome=Objection.Outcome.OPEN
    ).first()
    if mirrored is not None:
        objection_resolve(objection=mirrored, upheld=upheld, note=note, actor=actor, role=membership.role)
    _audit_in_place(app, action="result_complaint_resolve", actor=actor, role=membership.role,
                    organisation=membership.organisation,
                    note=f"{complaint.get_outcome_display()}：{note}")  # fmt: skip
    return complaint


@transaction.atomic
def result_file(
    *,
    application: Application | int,
    actor,
    note: str = "",
    late_reason: str = "",
    today: date | None = None,
) -> Application:
    """TITLE-15: after the result publicity closed (FLOW-03) with every complaint handled (TITLE-14), city HR files
    the result — within one month after the review ended; a later filing needs a written reason."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "result_file", "结果备案", "file the result")
    _require_state(app, "result_file", "结果备案", "file the result", "TITLE-15")
    publicity = app.result_publicity
    if publicity is None or publicity.state != Publicity.State.CLOSED:
        end = publicity.ends_on.isoformat() if publicity else "—"
        raise TitleWorkflowError(
            f"评审结果公示尚未结束（至 {end}），结束后方可备案（TITLE-14, FLOW-03）",
            f"the result publicity has not closed (until {end}) (TITLE-14, FLOW-03)",
            rule="TITLE-14",
        )
    if app.complaints.filter(outcome=ResultComplaint.Outcome.OPEN).exists():
        raise TitleWorkflowError(
            "有尚未处理完毕的投诉，不能备案（TITLE-14）", "a complaint is still being investigated", rule="TITLE-14"
        )
    if app.complaints.filter(outcome=ResultComplaint.Outcome.UPHELD).exists():
        raise TitleWorkflowError(
            "投诉成立，评审结果不予备案（TITLE-14）", "a complaint was upheld; the result is not filed", rule="TITLE-14"
        )
    deadline = result_filing_deadline(app.effective_on) if app.effective_on else None
    late = deadline is not None and today > deadline
    if late and not late_reason.strip():
        raise TitleWorkflowError(
            f"评审结束一个月内（{deadline.isoformat()} 前）应完成备案，已逾期；请填写逾期说明（TITLE-15）",
            f"filing was due by {deadline.isoformat()} (one month after the review, TITLE-15); give the reason",
            rule="TITLE-15",
        )
    complaints = app.complaints.count()
    text = f"公示期 {publicity.starts_on.isoformat()} 至 {publicity.ends_on.isoformat()}；投诉 {complaints} 件已处理。"
    text += note.strip()
    if late:
        text += f"（逾期备案，截止 {deadline.isoformat()}：{late_reason.strip()}）"
    _sign(app, step=ReviewStep.RESULT, decision=D.FILE, actor=actor, organisation=org, opinion=text, today=today)
    _move(app, "result_file", action="result_file", actor=actor, role=role, organisation=org, note=text)
    _notify("title_filed", _applicant_email(app), app)
    return app


def _new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed from paper
    return "".join(secrets.choice(alphabet) for _ in range(16))


@transaction.atomic
def certificate_issue(*, application: Application | int, actor, today: date | None = None) -> Certificate:
    """TITLE-15: after filing (or recognition) the electronic certificate: a number and a random verification
    code; the PDF is rendered from templates/pdf/certificate.html when downloaded."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "certificate_issue", "发放证书", "issue the certificate")
    _require_state(app, "certify", "发放证书", "issue the certificate", "TITLE-15")
    if app.effective_on is None:
        raise TitleWorkflowError("缺少取得资格时间（TITLE-15）", "the effective date is missing", rule="TITLE-15")
    code = _new_verification_code()
    while Certificate.objects.filter(verification_code=code).exists():
        code = _new_verification_code()
    from titles.documents import certificate_title_name  # noqa: PLC0415 — the PDF stack loads on first use

    certificate = Certificate.objects.create(
        application=app,
        number=f"WH{app.evaluation_year.year}{app.pk:07d}",
        verification_code=code,
        holder_name=applicant_name(app),
        title_name=certificate_title_name(app),
        series_name=app.series.name_zh,
        level=app.level,
        effective_on=app.effective_on,
        issued_on=today,
        issuer=org,
    )
    _move(app, "certify", action="certificate_issue", actor=actor, role=role, organisation=org,
          note=f"证书编号 {certificate.number}")  # fmt: skip
    _notify("title_certified", _applicant_email(app), app, certificate=certificate)
    return certificate


# ---------------------------------------------------------------------------------------------------------------
# Side exits
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def application_withdraw(*, application: Application | int, actor, reason: str = "") -> Application:
    """The applicant withdraws before the committee has the case (DESIGN.md)."""
    app = _lock(application)
    role, _org = _who(actor, app, "application_withdraw", "撤回", "withdraw")
    _require_state(app, "withdraw", "撤回申报", "withdraw", "FLOW-05")
    app.corrections.filter(state=CorrectionNotice.State.OPEN).update(state=CorrectionNotice.State.EXPIRED)
    was_draft = app.state == S.DRAFT
    # TITLE-04: withdrawn before the unit's review, the level's place of the year is free again.
    released = app.state in WITHDRAWN_BEFORE_REVIEW_FROM
    _move(app, "withdraw", action="application_withdraw", actor=actor, role=role, organisation=None,
          note=reason.strip() or "申报人撤回", after={"withdrawn_before_review": released})  # fmt: skip
    recipients = _emails(Role.UNIT_HR, [app.unit]) if not was_draft else []
    _notify("title_withdrawn", recipients, app)
    return app


_REJECT_STEP = {
    S.UNIT_REVIEW: ReviewStep.UNIT_REVIEW,
    S.UNIT_PUBLICITY: ReviewStep.RECOMMENDATION,
    S.RECOMMENDED: ReviewStep.DEPT_REVIEW,
    S.DEPT_REVIEW: ReviewStep.DEPT_REVIEW,
    S.HR_REVIEW: ReviewStep.HR_REVIEW,
    S.DEPT_REPORT: ReviewStep.DEPT_REPORT,
    S.CITY_DEPT_REVIEW: ReviewStep.CITY_DEPT_REVIEW,
    S.CITY_HR_REVIEW: ReviewStep.CITY_HR_REVIEW,
    S.ACCEPTED: ReviewStep.COMMITTEE,
    S.RESULT_PUBLICITY: ReviewStep.RESULT,
}


@transaction.atomic
def application_reject(*, application: Application | int, actor, reason: str, today: date | None = None) -> Application:
    """Any review step may refuse, with a reason, signed by whoever owns that step (FLOW-06)."""
    today = _today(today)
    app = _lock(application)
    role, org = _who(actor, app, "application_reject", "作不予通过处理", "reject")
    _require_state(app, "reject", "作不予通过处理", "reject", "FLOW-06")
    reason = _require_text(reason, "不予通过的理由", "the reason", "FLOW-06")
    _sign(app, step=_REJECT_STEP[app.state], decision=D.REJECT, actor=actor, organisation=org, opinion=reason,
          today=today)  # fmt: skip
    _move(app, "reject", action="application_reject", actor=actor, role=role, organisation=org, note=reason)
    _notify("title_rejected", _applicant_email(app), app, reason=reason)
    return app


# ---------------------------------------------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def applications_batch(
    *, service: Callable[..., object], applications: Sequence[Application | int], **kwargs
) -> list[object]:
    """Run one per-application service (``dept_forward``, ``result_file``, ``hr_route``…) on a batch, all or
    nothing: each item in its own savepoint so every refusal is reported, then everything is rolled back if any
    item was refused (``BatchRefused``)."""
    results, failures = [], []
    for item in applications:
        try:
            results.append(service(application=item, **kwargs))
        except (TitleWorkflowError, PermissionDenied) as exc:
            app = item if isinstance(item, Application) else Application.objects.filter(pk=item).first()
            label = applicant_name(app) if app else str(item)
            failures.append(BatchFailure(getattr(app, "pk", 0) or 0, label, str(exc)))
    if failures:
        raise BatchRefused(failures)
    return results
