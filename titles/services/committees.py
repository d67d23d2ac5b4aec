"""Writes of committees, judges and review meetings (评审委员会、评审专家、评审会议) — CMTE-01 … CMTE-06.

One service per transition (STYLE.md): keyword-only arguments, ``transaction.atomic``, the row locked with
``select_for_update`` (on SQLite the FSM's optimistic concurrency guards it), the permission checked with the
predicates of ``titles.permissions_committee``, the rule checked by the pure engines of ``titles.committee_rules``
and ``titles.scheduling`` (never reimplemented here), the transition, ``save(update_fields=...)``, one audit
record (FLOW-05) and notifications stored in the outbox and sent on commit (``workflow.notifications.notify``).

A refused step raises ``CommitteeError`` (Chinese / English message, rule ID, the findings behind it) before
anything is written or inside the transaction, so nothing stays half-saved.

Application state changes (accepted ⇄ scheduled → passed/failed → result_publicity → filed) go through
``titles.services.workflow`` when it provides the service; ``_application_step`` is the single place that knows it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from django.conf import settings as django_settings
from django.db import transaction
from django_fsm import ConcurrentTransition, can_proceed

from titles import committee_rules as rules
from titles import scheduling
from titles.models import (
    Application,
    ApplicationState,
    Attendance,
    Committee,
    CommitteeSeat,
    DocketEntry,
    Judge,
    Meeting,
    PanelDraw,
    Recusal,
    ResultComplaint,
)
from titles.models.committees import JudgeAvailability
from titles.permissions_committee import (
    acting_city_hr,
    acting_committee_office,
    judge_profile,
    may_edit_judge_pool,
    office_organisation_ids,
)
from workflow import clock
from workflow.audit import audit_record
from workflow.findings import Finding
from workflow.models import Organisation, Publicity, Role
from workflow.notifications import notify
from workflow.permissions import PermissionDenied
from workflow.selectors import work_calendar


class CommitteeError(Exception):
    """A committee or meeting step the rules forbid. ``rule``: the RULES.md ID; ``findings``: the engine's."""

    def __init__(self, message: str, message_en: str, *, rule: str, findings: Sequence[Finding] = ()):
        self.message = message
        self.message_en = message_en
        self.rule = rule
        self.findings = tuple(findings)
        super().__init__(f"{message} / {message_en}")


def committee_settings() -> rules.CommitteeSettings:
    """The numbers of CMTE-01…06; ``settings.TITLES_COMMITTEE_SETTINGS`` (a dict) overrides the defaults."""
    overrides = getattr(django_settings, "TITLES_COMMITTEE_SETTINGS", None) or {}
    return rules.CommitteeSettings(**overrides) if overrides else rules.DEFAULT_SETTINGS


def _errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


def _refuse(findings: Sequence[Finding], *, rule: str | None = None) -> None:
    errors = _errors(findings)
    if errors:
        first = errors[0]
        raise CommitteeError(
            "；".join(f.message for f in errors),
            " ".join(f.message_en for f in errors),
            rule=rule or first.rule,
            findings=errors,
        )


def _require(bound_method, *, label: str, action: str, action_en: str, rule: str) -> None:
    if not can_proceed(bound_method):
        raise CommitteeError(
            f"当前状态为“{label}”，不能{action}（{rule}）",
            f"cannot {action_en} in state “{label}” ({rule})",
            rule=rule,
        )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _emails(users) -> list[str]:
    return [u.email for u in users if u is not None and u.email]


def _office_emails(committee: Committee) -> list[str]:
    return list(
        committee.organiser.memberships.filter(role=Role.COMMITTEE_OFFICE, active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _city_hr_emails() -> list[str]:
    from workflow.models import Membership

    return list(
        Membership.objects.filter(
            role=Role.HR_OFFICER, active=True, organisation__kind=Organisation.Kind.CITY_HR
        ).values_list("user__email", flat=True)
    )


# --------------------------------------------------------------------------------------------------------------
# Rows → the dataclasses of the pure engines


def judges_with_history(judges: Sequence[Judge]) -> list[rules.Judge]:
    """Pool rows → ``rules.Judge`` with their unit key, term and the years each sat (non-alternate seats, any
    committee); 2 queries."""
    served: dict[int, set[int]] = {j.pk: set() for j in judges}
    for judge_id, year in CommitteeSeat.objects.filter(judge__in=[j.pk for j in judges], alternate=False).values_list(
        "judge_id", "year"
    ):
        served[judge_id].add(year)
    units = unit_keys(judges)
    return [
        rules.Judge(
            id=str(j.pk),
            unit=units[j.pk],
            served_years=frozenset(served[j.pk]),
            term_start=j.term_start,
            term_end=j.term_end,
        )
        for j in judges
    ]


def unit_keys(judges: Sequence[Judge]) -> dict[int, str]:
    """CMTE-03 own-unit recusal compares a judge's unit with the applicant's (``str(unit_id)``). A judge entered
    with a unit name only (e.g. on the pool page) is matched to the organisation of that exact name, so that a judge
    of 乌海市第一中学 recuses from its applicants whether or not the organisation was chosen; judges outside the
    system's organisations are compared by name among themselves. 1 query (none when every judge has a unit)."""
    names = {j.unit_name.strip() for j in judges if not j.unit_id and j.unit_name.strip()}
    by_name: dict[str, int] = {}
    if names:
        for pk, name in Organisation.objects.filter(name__in=names).order_by("pk").values_list("pk", "name"):
            by_name.setdefault(name, pk)
    keys: dict[int, str] = {}
    for judge in judges:
        name = judge.unit_name.strip()
        if judge.unit_id:
            keys[judge.pk] = str(judge.unit_id)
        elif name in by_name:
            keys[judge.pk] = str(by_name[name])
        else:
            keys[judge.pk] = f"name:{name}" if name else f"judge:{judge.pk}"
    return keys


def _scope(committee: Committee) -> str:
    if committee.scope == Committee.Scope.SELF_REVIEWING:
        return f"{rules.SELF_REVIEW_PREFIX}{committee.scope_unit_id}"
    if committee.scope == Committee.Scope.DISTRICT:
        return f"district:{committee.scope_jurisdiction}"
    return "city_direct"


def _scope_name(committee: Committee) -> str:
    if committee.scope == Committee.Scope.SELF_REVIEWING and committee.scope_unit_id:
        return committee.scope_unit.name
    return rules.scope_label(_scope(committee))


def application_scope_key(application: Application) -> str:
    """The CMTE-01 scope an application belongs to, in the engine's notation."""
    unit = application.unit
    if unit.self_reviewing:
        return f"{rules.SELF_REVIEW_PREFIX}{unit.pk}"
    if unit.jurisdiction != "city":
        return f"district:{unit.jurisdiction}"
    return "city_direct"


def committee_review_end(committee: Committee, year: int, cs=None) -> date:
    """TITLE-02: the day by which the committee's reviews and result publicity of ``year`` finish — the
    ``ApplicationWindow.review_ends_on`` of the windows its series and levels fall in (the earliest when they fall
    in several), ``CommitteeSettings.review_end`` (30 September) only when that year has no such window. 1 query."""
    from titles.catalogue import (
        SENIOR_LEVELS,
        WINDOW_DIRECTIONAL_SENIOR,
        WINDOW_INTERMEDIATE_JUNIOR,
        WINDOW_SENIOR,
        WINDOW_TEACHERS,
    )
    from titles.models import ApplicationWindow

    cs = cs or committee_settings()
    groups: set[str] = set()
    for level in committee.levels:
        if committee.series.teacher_window:
            groups.add(WINDOW_TEACHERS)
        elif level in SENIOR_LEVELS:
            groups |= {WINDOW_SENIOR, WINDOW_DIRECTIONAL_SENIOR}
        else:
            groups.add(WINDOW_INTERMEDIATE_JUNIOR)
    ends = list(
        ApplicationWindow.objects.filter(evaluation_year__year=year, group__in=groups).values_list(
            "review_ends_on", flat=True
        )
    )
    return min(ends) if ends else cs.review_end(year)


def unavailable_days(judge_ids: Iterable[int], days: Iterable[date]) -> dict[int, set[date]]:
    """CMTE-06: the days (among ``days``) each judge declared unavailable (``JudgeAvailability.available=False``);
    1 query. A judge with no row for a day counts as available on it (see docs/rules_committees_db.md)."""
    days = sorted(set(days))
    found: dict[int, set[date]] = {}
    if not days:
        return found
    for judge_id, day in JudgeAvailability.objects.filter(
        judge__in=list(judge_ids), day__in=days, available=False
    ).values_list("judge_id", "day"):
        found.setdefault(judge_id, set()).add(day)
    return found


def committee_snapshot(
    committee: Committee, *, year: int | None = None, available_on: Iterable[date] = (), capacity: int = 0
) -> rules.Committee:
    """The committee with its panel for ``year`` (non-alternate seats), each judge available on the days of
    ``available_on`` they did not declare unavailable (``JudgeAvailability``; no row = available)."""
    judges: list[rules.Judge] = []
    if year is not None:
        seats = list(
            CommitteeSeat.objects.filter(committee=committee, year=year, alternate=False).select_related("judge")
        )
        history = {j.id: j for j in judges_with_history([s.judge for s in seats])}
        days = frozenset(available_on)
        away = unavailable_days([s.judge_id for s in seats], days)
        judges = [
            replace(h, available_on=days - away.get(s.judge_id, set()))
            for s, h in ((s, history[str(s.judge_id)]) for s in seats)
        ]
    series_key = committee.series.key
    return rules.Committee(
        id=committee.key,
        series=series_key,
        levels=frozenset(committee.levels),
        scope=_scope(committee),
        formed_by=committee.formed_by,
        specialties=frozenset(committee.specialties),
        judges=tuple(judges),
        approved_on=committee.approved_on,
        valid_until=committee.valid_until,
        meeting_capacity=capacity,
        name=committee.name,
        scope_name=_scope_name(committee),
    )


def application_snapshot(application: Application) -> scheduling.Application:
    series = application.series
    # A specialty application is reviewed by its series' committee (formed by series) or by specialty.
    series_key = series.parent.key if series.parent_id else series.key
    specialty = application.specialty.key if application.specialty_id else (series.key if series.parent_id else None)
    scope = application_scope_key(application)
    return scheduling.Application(
        id=str(application.pk),
        unit=str(application.unit_id),
        person_id=f"user:{application.applicant_id}",
        committee_id=application.committee_key,
        series=series_key,
        level=application.level,
        scope=scope,
        specialty=specialty,
        scope_name=application.unit.name if scope.startswith(rules.SELF_REVIEW_PREFIX) else rules.scope_label(scope),
    )


# --------------------------------------------------------------------------------------------------------------
# Application steps (owned by titles.services.workflow when it provides them)


def _workflow_service(name: str | None):
    """The application service ``name`` of ``titles.services.workflow``, when that module provides it."""
    if name is None:
        return None
    try:
        from titles.services import workflow as app_services  # noqa: PLC0415 — optional, owned by another module
    except ImportError:
        return None
    return getattr(app_services, name, None)


def _application_step(
    *,
    application: Application,
    transition: str,
    actor,
    role: str,
    organisation,
    note: str = "",
    effective_on: date | None = None,
) -> Application:
    """Move one application along (inside the caller's transaction). Prefers the workflow service of that name."""
    service = _workflow_service(
        {"schedule": "application_schedule", "unschedule": "application_unschedule"}.get(transition)
    )
    if service is not None:
        return service(application=application, actor=actor, note=note)
    before = application.state
    method = getattr(application, transition)
    _require(method, label=application.get_state_display(), action=transition, action_en=transition, rule="CMTE-04")
    method()
    fields = ["state", "state_changed_at"]
    application.state_changed_at = clock.now()
    if effective_on is not None:
        application.effective_on = effective_on
        fields.append("effective_on")
    application.save(update_fields=fields)
    audit_record(
        subject=application,
        transition=transition,
        from_state=before,
        to_state=application.state,
        actor=actor,
        role=role,
        organisation=organisation,
        note=note,
    )
    return application


def _office_for(actor, application: Application):
    from titles.permissions import acting_organisation

    who = acting_organisation(actor, application, "committee_accept")
    if who is None:
        raise PermissionDenied(
            f"只有{application.committee_name or application.committee_key}的办事机构才能安排该申报 / only the "
            "committee office the application was routed to may schedule it"
        )
    return who


def application_schedule(*, application: Application, actor, note: str = "") -> Application:
    """accepted → scheduled (put on a meeting's docket)."""
    role, organisation = _office_for(actor, application)
    return _application_step(
        application=application, transition="schedule", actor=actor, role=role, organisation=organisation, note=note
    )


def application_unschedule(*, application: Application, actor, note: str = "") -> Application:
    """scheduled → accepted (taken off a docket by hand)."""
    role, organisation = _office_for(actor, application)
    return _application_step(
        application=application, transition="unschedule", actor=actor, role=role, organisation=organisation, note=note
    )


# --------------------------------------------------------------------------------------------------------------
# Committees (CMTE-01, CMTE-04)


def committee_propose(
    *,
    actor,
    organiser: Organisation,
    key: str,
    name: str,
    series,
    levels: Sequence[str],
    formed_by: str = Committee.FormedBy.SERIES,
    scope: str = Committee.Scope.CITY_DIRECT,
    scope_jurisdiction: str = "",
    scope_unit: Organisation | None = None,
    specialties: Sequence[str] = (),
) -> Committee:
    """A committee office proposes a committee for approval by city HR (CMTE-01). Audit; HR notified on commit."""
    membership = acting_committee_office(actor, organiser)
    if scope == Committee.Scope.SELF_REVIEWING and scope_unit is None:
        raise CommitteeError(
            "自主评审评委会须指定自主评审单位（CMTE-01）",
            "a self-reviewing committee needs its unit (CMTE-01)",
            rule="CMTE-01",
        )
    if not levels:
        raise CommitteeError("请选择评审级别（CMTE-01）", "choose the levels reviewed (CMTE-01)", rule="CMTE-01")
    with transaction.atomic():
        committee = Committee.objects.create(
            key=key,
            name=name,
            organiser=organiser,
            series=series,
            levels=list(levels),
            formed_by=formed_by,
            scope=scope,
            scope_jurisdiction=scope_jurisdiction,
            scope_unit=scope_unit,
            specialties=list(specialties),
        )
        audit_record(
            subject=committee,
            transition="committee_propose",
            to_state=committee.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
        )
        notify(event="committee_proposed", recipients=_city_hr_emails(), context={"committee": committee})
    return committee


def committee_approve(
    *,
    actor,
    committee: Committee,
    approved_on: date,
    valid_until: date | None = None,
    approval_note: str = "",
) -> Committee:
    """City HR approves and files (核准备案) a committee: CMTE-01 — a proposed one, or an expired one again (a new
    filing period, re-approval). Refused when CMTE-04's composition findings (filing ≤ 3 years, odd membership,
    senior minimum 25/11, expert terms) report an error for the panel drawn for the approval year, or when that
    panel is not drawn yet. A committee still ``approved`` whose filing has run out on ``approved_on`` (the nightly
    ``committees_expire`` has not run yet) is first marked expired (its own audit record), then approved."""
    membership = acting_city_hr(actor)
    cs = committee_settings()
    legal_end = rules.add_years(approved_on, cs.filing_validity_years)
    valid_until = valid_until or legal_end
    if valid_until <= approved_on:
        raise CommitteeError(
            f"备案有效期至（{valid_until}）须晚于核准日期（{approved_on}）（CMTE-04）",
            f"the filing must run past the approval date {approved_on}, not to {valid_until} (CMTE-04)",
            rule="CMTE-04",
        )
    with transaction.atomic():
        committee = _lock(Committee, committee.pk)
        if committee.state == Committee.State.APPROVED and _filing_expired(committee, approved_on, cs):
            committee = _expire_locked(committee, today=approved_on, actor=actor, cs=cs)
        _require(
            committee.approve,
            label=committee.get_state_display(),
            action="核准评委会",
            action_en="approve the committee",
            rule="CMTE-01",
        )
        snapshot = committee_snapshot(committee, year=approved_on.year)
        if not snapshot.judges:
            raise CommitteeError(
                f"请先抽取 {approved_on.year} 年度评审专家，再核准备案（核准时核验评委会组成，CMTE-03/CMTE-04）",
                f"draw the {approved_on.year} panel first: the approval checks the committee's composition "
                "(CMTE-03/CMTE-04)",
                rule="CMTE-04",
            )
        snapshot = replace(snapshot, approved_on=approved_on, valid_until=valid_until)
        _refuse(rules.committee_composition_findings(snapshot, settings=cs))
        before = committee.state
        committee.approve()
        committee.approved_on = approved_on
        committee.valid_until = valid_until
        committee.approval_note = approval_note
        committee.save(update_fields=["state", "approved_on", "valid_until", "approval_note"])
        audit_record(
            subject=committee,
            transition="committee_approve",
            from_state=before,
            to_state=committee.state,
            actor=actor,
            role=Role.HR_OFFICER,
            organisation=membership.organisation,
            note=f"{approved_on} – {valid_until} {approval_note}".strip(),
        )
        notify(event="committee_approved", recipients=_office_emails(committee), context={"committee": committee})
    return committee


def committee_expires_on(committee: Committee, cs=None) -> date | None:
    """CMTE-04 Art. 8: the last day the committee's filing is valid (stated end, never beyond 3 years)."""
    return committee_snapshot(committee).expires_on(cs or committee_settings())


def _filing_expired(committee: Committee, today: date, cs) -> bool:
    expires = committee_snapshot(committee).expires_on(cs)
    return expires is not None and today > expires


def _expire_locked(committee: Committee, *, today: date, actor, cs) -> Committee:
    """approved → expired on a locked row (``committee_expire`` and ``committee_approve``)."""
    _require(
        committee.expire,
        label=committee.get_state_display(),
        action="标记过期",
        action_en="expire the committee",
        rule="CMTE-01",
    )
    expires = committee_snapshot(committee).expires_on(cs)
    if expires is not None and today <= expires:
        raise CommitteeError(
            f"评委会核准备案有效期至 {expires}，尚未到期（CMTE-04）",
            f"the committee's filing is valid until {expires} (CMTE-04)",
            rule="CMTE-04",
        )
    before = committee.state
    committee.expire()
    committee.save(update_fields=["state"])
    audit_record(
        subject=committee,
        transition="committee_expire",
        from_state=before,
        to_state=committee.state,
        actor=actor,
        role=Role.HR_OFFICER if actor else "",
        note=f"核准备案有效期至 {expires}，{today} 起已过期",
    )
    notify(event="committee_expired", recipients=_office_emails(committee), context={"committee": committee})
    return committee


def committee_expire(*, committee: Committee, today: date, actor=None) -> Committee:
    """CMTE-04 Art. 8: the filing lapses after its validity; the nightly job (``titles.tasks.committees_expire``,
    no actor) or city HR marks it expired. Refused before the last valid day has passed and when not approved."""
    if actor is not None:
        acting_city_hr(actor)
    cs = committee_settings()
    with transaction.atomic():
        committee = _lock(Committee, committee.pk)
        return _expire_locked(committee, today=today, actor=actor, cs=cs)


def committees_expire_due(*, today: date) -> list[Committee]:
    """CMTE-01/CMTE-04: every approved committee whose filing ran out before ``today`` → expired (idempotent: an
    expired one is not approved any more, so a second run finds nothing). Returns the committees expired."""
    cs = committee_settings()
    expired = []
    for committee in Committee.objects.filter(state=Committee.State.APPROVED).select_related("series").order_by("pk"):
        if _filing_expired(committee, today, cs):
            try:
                expired.append(committee_expire(committee=committee, today=today))
            except (CommitteeError, ConcurrentTransition):  # expired (or re-approved) meanwhile by someone else
                continue
    return expired


# --------------------------------------------------------------------------------------------------------------
# Judge pool and the draw (CMTE-03)


def _checked_term(term_start: date | None, term_end: date | None, cs) -> None:
    """CMTE-04 Art. 12: both ends given, the end after the start, at most ``expert_term_years``."""
    if term_start is None and term_end is None:
        return
    if term_start is None or term_end is None:
        raise CommitteeError(
            "任期开始和任期结束须同时填写（CMTE-04）",
            "enter both the start and the end of the term (CMTE-04)",
            rule="CMTE-04",
        )
    _refuse(
        rules.expert_term_findings(
            rules.Judge(id="", unit="", term_start=term_start, term_end=term_end), label="", settings=cs
        )
    )


def judge_create(
    *,
    actor,
    name: str,
    series,
    title_level: str,
    unit: Organisation | None = None,
    unit_name: str = "",
    specialty: str = "",
    phone: str = "",
    email: str = "",
    term_start: date | None = None,
    term_end: date | None = None,
    user=None,
) -> Judge:
    """Add an expert to the pool (评审专家库): expertise (series, specialty), title level, unit, contact and the
    current term (CMTE-04: at most 3 years; the draw seats only experts in term). A unit name that is exactly an
    organisation's name links the organisation, so own-unit recusal (CMTE-03) finds the judge's applicants."""
    membership = may_edit_judge_pool(actor)
    cs = committee_settings()
    if not name.strip():
        raise CommitteeError("请填写专家姓名", "the expert's name is required", rule="CMTE-03")
    if title_level not in dict(Judge._meta.get_field("title_level").choices):
        raise CommitteeError("职称级别无效", "unknown title level", rule="CMTE-03")
    _checked_term(term_start, term_end, cs)
    unit_name = unit_name.strip()
    if unit is None and unit_name:
        unit = Organisation.objects.filter(name=unit_name).order_by("pk").first()
    with transaction.atomic():
        judge = Judge.objects.create(
            name=name.strip(),
            series=series,
            title_level=title_level,
            unit=unit,
            unit_name=unit_name or (unit.name if unit else ""),
            specialty=specialty.strip(),
            phone=phone.strip(),
            email=email.strip(),
            term_start=term_start,
            term_end=term_end,
            user=user,
        )
        audit_record(
            subject=judge,
            transition="judge_create",
            to_state="active",
            actor=actor,
            role=membership.role,
            organisation=membership.organisation,
            note=f"{term_start} – {term_end}" if term_start else "",
        )
    return judge


def judge_term_set(*, actor, judge: Judge, term_start: date, term_end: date) -> Judge:
    """CMTE-04: record an expert's (new) term of at most 3 years. Past seats stay as the term history."""
    membership = may_edit_judge_pool(actor)
    cs = committee_settings()
    if term_start is None or term_end is None:
        raise CommitteeError(
            "任期开始和任期结束须同时填写（CMTE-04）",
            "enter both the start and the end of the term (CMTE-04)",
            rule="CMTE-04",
        )
    _checked_term(term_start, term_end, cs)
    with transaction.atomic():
        judge = _lock(Judge, judge.pk)
        before = f"{judge.term_start} – {judge.term_end}"
        judge.term_start, judge.term_end = term_start, term_end
        judge.save(update_fields=["term_start", "term_end"])
        audit_record(
            subject=judge,
            transition="judge_term_set",
            from_state=before,
            to_state=f"{term_start} – {term_end}",
            actor=actor,
            role=membership.role,
            organisation=membership.organisation,
        )
    return judge


def judge_set_active(*, actor, judge: Judge, active: bool, note: str = "") -> Judge:
    """Take an expert out of the pool (or back in). Past seats stay: they are the three-year history."""
    membership = may_edit_judge_pool(actor)
    with transaction.atomic():
        judge = _lock(Judge, judge.pk)
        before = "active" if judge.active else "inactive"
        judge.active = active
        judge.save(update_fields=["active"])
        audit_record(
            subject=judge,
            transition="judge_set_active",
            from_state=before,
            to_state="active" if active else "inactive",
            actor=actor,
            role=membership.role,
            organisation=membership.organisation,
            note=note,
        )
    return judge


def draw_pool(committee: Committee) -> list[Judge]:
    """Experts of the committee's series (and of its specialties), active, in id order."""
    series = committee.series
    qs = Judge.objects.filter(active=True, series__in=[series.pk, *series.specialties.values_list("pk", flat=True)])
    if committee.formed_by == Committee.FormedBy.SPECIALTY and committee.specialties:
        qs = qs.filter(specialty__in=committee.specialties) | qs.filter(series__key__in=committee.specialties)
    return list(qs.select_related("unit").order_by("pk").distinct())


def draw_years(today: date) -> tuple[int, int]:
    """The evaluation years a panel may be drawn for: the current one and the next (a past year would invent the
    service history that CMTE-03's three-consecutive-years rule reads)."""
    return today.year, today.year + 1


def draw_period(committee: Committee, year: int, today: date, cs=None) -> tuple[date, date]:
    """The days the panel of ``year`` may sit: from the draw (or 1 January when drawn ahead for next year) to the
    year's review end (TITLE-02). An expert's term must cover them (CMTE-04)."""
    return max(today, date(year, 1, 1)), committee_review_end(committee, year, cs)


def panel_draw(
    *,
    actor,
    committee: Committee,
    year: int,
    needed: int,
    seed: int | None = None,
    ratio=None,
) -> PanelDraw:
    """CMTE-03: draw the year's panel at random from the eligible pool (three-consecutive-years rule; CMTE-04 an
    expert's term of at most 3 years recorded and covering the year's review period), with alternates at the
    configured ratio; a self-reviewing unit's panel keeps its outside experts. Only for the current or the next
    evaluation year (``clock.today()``). The drawn panel must make a valid committee (CMTE-04: odd membership, a
    senior committee ≥ 25 experts by series / ≥ 11 by specialty), else nothing is stored. The seed is recorded so the
    draw can be replayed; the panel and alternates become the year's ``CommitteeSeat`` rows. A proposed or expired
    committee may draw (the approval or re-approval checks the panel of its year); only scheduling needs approval."""
    membership = acting_committee_office(actor, committee.organiser)
    cs = committee_settings()
    today = clock.today()
    allowed = draw_years(today)
    if year not in allowed:
        raise CommitteeError(
            f"年度 {year} 无效：只能抽取本评审年度（{allowed[0]}）或下一年度（{allowed[1]}）的评审专家（CMTE-03）",
            f"year {year}: a panel can be drawn for the current evaluation year ({allowed[0]}) or the next "
            f"({allowed[1]}) only (CMTE-03)",
            rule="CMTE-03",
        )
    if needed <= 0:
        raise CommitteeError(
            "抽取人数须大于 0（CMTE-03）", "the panel needs at least one seat (CMTE-03)", rule="CMTE-03"
        )
    seed = secrets.randbelow(2**31) if seed is None else seed
    with transaction.atomic():
        committee = _lock(Committee, committee.pk)
        period = draw_period(committee, year, today, cs)
        if period[0] > period[1]:
            raise CommitteeError(
                f"{year} 年度评审已于 {period[1]} 结束（TITLE-02），请抽取 {allowed[1]} 年度的评审专家",
                f"the {year} reviews ended on {period[1]} (TITLE-02); draw the {allowed[1]} panel",
                rule="TITLE-02",
            )
        if CommitteeSeat.objects.filter(committee=committee, year=year).exists():
            raise CommitteeError(
                f"{year} 年度的评审专家已抽取（见抽取记录），不能重复抽取（CMTE-03）",
                f"the {year} panel has already been drawn (CMTE-03)",
                rule="CMTE-03",
            )
        pool = draw_pool(committee)
        labels = {str(j.pk): j.name for j in pool}
        selection = rules.eligible_judges(
            judges_with_history(pool), year, term_period=period, labels=labels, settings=cs
        )
        home_unit = str(committee.scope_unit_id) if committee.scope == Committee.Scope.SELF_REVIEWING else None
        result = rules.draw_panel(selection.eligible, needed, ratio, seed, home_unit=home_unit, settings=cs)
        _refuse(result.findings)
        by_id = {j.id: j for j in selection.eligible}
        drawn = replace(committee_snapshot(committee), judges=tuple(by_id[i] for i in result.panel))
        _refuse([f for f in rules.committee_composition_findings(drawn, settings=cs) if f.scope != "filing_validity"])
        record = PanelDraw.objects.create(
            committee=committee,
            year=year,
            seed=seed,
            needed=needed,
            ratio=f"1:{rules._share(cs.draw_ratio if ratio is None else ratio)}",
            eligible=[int(j.id) for j in selection.eligible],
            panel=[int(i) for i in result.panel],
            alternates=[int(i) for i in result.alternates],
            drawn_by=actor,
        )
        CommitteeSeat.objects.bulk_create(
            [CommitteeSeat(committee=committee, judge_id=int(i), year=year, draw=record) for i in result.panel]
            + [
                CommitteeSeat(committee=committee, judge_id=int(i), year=year, draw=record, alternate=True)
                for i in result.alternates
            ]
        )
        excluded = "; ".join(f"{labels.get(j.id, j.id)} {f.rule}" for j, f in selection.excluded)
        audit_record(
            subject=committee,
            transition="panel_draw",
            from_state=committee.state,
            to_state=committee.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=(
                f"{year} seed={seed} panel={len(result.panel)} alternates={len(result.alternates)}"
                + (f" excluded={excluded}" if excluded else "")
            )[:1000],
        )
    return record


def draw_exclusions(committee: Committee, year: int, today: date) -> list[tuple[Judge, Finding]]:
    """Who of the pool the draw of ``year`` would leave out, and why (CMTE-03 three years, CMTE-04 term)."""
    pool = draw_pool(committee)
    by_id = {str(j.pk): j for j in pool}
    selection = rules.eligible_judges(
        judges_with_history(pool),
        year,
        term_period=draw_period(committee, year, today),
        labels={k: j.name for k, j in by_id.items()},
        settings=committee_settings(),
    )
    return [(by_id[j.id], f) for j, f in selection.excluded]


# --------------------------------------------------------------------------------------------------------------
# Recusal (CMTE-03)


def meeting_judges(meeting: Meeting) -> list[Judge]:
    """Panel and alternates seated for the meeting's committee and year."""
    return [
        s.judge
        for s in CommitteeSeat.objects.filter(committee=meeting.committee_id, year=meeting.meets_on.year)
        .select_related("judge")
        .order_by("alternate", "judge_id")
    ]


def recusals_apply(*, meeting: Meeting) -> int:
    """CMTE-03 automatic own-unit recusals for every docket entry (idempotent; called by the services below).
    Declared conflicts are added by ``recusal_declare``. Returns the number of rows created."""
    committee = meeting.committee
    judges = meeting_judges(meeting)
    entries = list(meeting.docket.select_related("application__unit"))
    home_unit = str(committee.scope_unit_id) if committee.scope == Committee.Scope.SELF_REVIEWING else None
    units = unit_keys(judges)
    found = rules.recusals(
        [rules.Judge(id=str(j.pk), unit=units[j.pk]) for j in judges],
        [rules.Applicant(id=str(e.application_id), unit=str(e.application.unit_id)) for e in entries],
        self_review_unit=home_unit,
    )
    existing = set(meeting.recusals.values_list("judge_id", "application_id"))
    new = [
        Recusal(
            meeting=meeting,
            judge_id=int(r.judge_id),
            application_id=int(r.applicant_id),
            reason=Recusal.Reason.OWN_UNIT,
        )
        for found_for_app in found.values()
        for r in found_for_app
        if (int(r.judge_id), int(r.applicant_id)) not in existing
    ]
    Recusal.objects.bulk_create(new)
    return len(new)


def recusal_declare(
    *, actor, meeting: Meeting, judge: Judge, application: Application, reason: str, note: str = ""
) -> Recusal:
    """CMTE-03: a judge declares a conflict (relative, supervisor/subordinate, other) — the judge themself or the
    committee office on their word — before the votes are recorded."""
    own = judge_profile(actor)
    declared = own is not None and own.pk == judge.pk
    if declared:
        organisation, role = meeting.committee.organiser, Role.JUDGE
    else:
        organisation, role = (
            acting_committee_office(actor, meeting.committee.organiser).organisation,
            Role.COMMITTEE_OFFICE,
        )
    if reason not in Recusal.Reason.values:
        raise CommitteeError("回避原因无效（CMTE-03）", "unknown recusal reason (CMTE-03)", rule="CMTE-03")
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        if meeting.state not in (
            Meeting.State.PLANNED,
            Meeting.State.PLAN_FILED,
            Meeting.State.PLAN_APPROVED,
            Meeting.State.HELD,
        ):
            raise CommitteeError(
                "评审已结束，不能再申报回避（CMTE-03）",
                "the review is over; no more recusals (CMTE-03)",
                rule="CMTE-03",
            )
        entry = meeting.docket.filter(application=application).first()
        if entry is None:
            raise CommitteeError(
                "该申报人不在本次会议议程上（CMTE-03）", "the applicant is not on this docket (CMTE-03)", rule="CMTE-03"
            )
        if entry.deferred:
            raise CommitteeError(
                "该申报人已暂缓评审（CMTE-03/CMTE-04）", "the applicant was deferred (CMTE-03/CMTE-04)", rule="CMTE-03"
            )
        if entry.agree is not None:
            raise CommitteeError(
                "该申报人已表决，不能事后回避（CMTE-03/CMTE-04）",
                "the applicant's vote is recorded; a recusal cannot follow it (CMTE-03/CMTE-04)",
                rule="CMTE-03",
            )
        if not CommitteeSeat.objects.filter(
            committee=meeting.committee_id, year=meeting.meets_on.year, judge=judge
        ).exists():
            raise CommitteeError(
                "该专家不是本次会议的评审专家（CMTE-03）",
                "the expert does not sit on this meeting (CMTE-03)",
                rule="CMTE-03",
            )
        recusal, _ = Recusal.objects.update_or_create(
            meeting=meeting,
            judge=judge,
            application=application,
            defaults={"reason": reason, "declared": declared, "note": note},
        )
        audit_record(
            subject=meeting,
            transition="recusal_declare",
            from_state=meeting.state,
            to_state=meeting.state,
            actor=actor,
            role=role,
            organisation=organisation,
            note=f"{judge.name} ↛ #{application.pk} {recusal.get_reason_display()} {note}".strip(),
        )
    return recusal


# --------------------------------------------------------------------------------------------------------------
# Judges' availability (CMTE-06)


def _availability_actor(actor, judge: Judge, day: date) -> tuple[str, Organisation | None]:
    """The judge themself, or the office of a committee on which the judge holds a seat (panel or alternate) in
    ``day``'s year, entering it on the judge's behalf. Anybody else: ``PermissionDenied``."""
    own = judge_profile(actor)
    if own is not None and own.pk == judge.pk:
        return Role.JUDGE, None
    offices = office_organisation_ids(actor)
    organiser_id = (
        CommitteeSeat.objects.filter(judge=judge, year=day.year, committee__organiser_id__in=offices)
        .values_list("committee__organiser_id", flat=True)
        .first()
        if offices
        else None
    )
    if organiser_id is None:
        raise PermissionDenied(
            "只有专家本人或其所在评委会的办事机构才能登记可参会日期 / only the judge or the office of a committee "
            "they sit on may enter their availability"
        )
    return Role.COMMITTEE_OFFICE, Organisation.objects.get(pk=organiser_id)


def availability_declare(
    *, actor, judge: Judge, day: date, available: bool, today: date, note: str = ""
) -> JudgeAvailability:
    """CMTE-06: a judge declares whether they can sit on ``day`` (from today on), or the committee office enters
    it on their behalf. One row per judge and day (a new declaration replaces the old one); audited. The scheduler
    (``meeting_plan``) and the docket check (``meeting_docket_set``) read it; meetings already planned are not
    moved — the meeting screen lists who declared the day unavailable."""
    role, organisation = _availability_actor(actor, judge, day)
    if day < today:
        raise CommitteeError(
            f"只能登记今天（{today}）及以后的日期（CMTE-06）",
            f"availability can be entered for today ({today}) or later only (CMTE-06)",
            rule="CMTE-06",
        )
    with transaction.atomic():
        judge = _lock(Judge, judge.pk)
        row, created = JudgeAvailability.objects.update_or_create(
            judge=judge,
            day=day,
            defaults={
                "available": bool(available),
                "note": note.strip()[:200],
                "entered_by": actor,
                "updated_at": clock.now(),
            },
        )
        audit_record(
            subject=judge,
            transition="availability_declare",
            to_state="available" if available else "unavailable",
            actor=actor,
            role=role,
            organisation=organisation,
            note=f"{day} {note}".strip(),
        )
    return row


def availability_withdraw(*, actor, row: JudgeAvailability, today: date) -> None:
    """Withdraw a declaration (the day counts as available again). Same people as ``availability_declare``."""
    role, organisation = _availability_actor(actor, row.judge, row.day)
    if row.day < today:
        raise CommitteeError(
            "过去日期的登记不能撤回（CMTE-06）",
            "a past day's declaration cannot be withdrawn (CMTE-06)",
            rule="CMTE-06",
        )
    with transaction.atomic():
        judge = _lock(Judge, row.judge_id)
        deleted, _ = JudgeAvailability.objects.filter(pk=row.pk).delete()
        if deleted:
            audit_record(
                subject=judge,
                transition="availability_withdraw",
                from_state="available" if row.available else "unavailable",
                actor=actor,
                role=role,
                organisation=organisation,
                note=str(row.day),
            )


# --------------------------------------------------------------------------------------------------------------
# Planning (CMTE-06) and the docket


def _committee_may_schedule(committee: Committee, on: date, cs) -> None:
    """CMTE-01: an unapproved or expired committee cannot be scheduled."""
    if committee.state != Committee.State.APPROVED:
        raise CommitteeError(
            f"评委会“{committee.name}”状态为“{committee.get_state_display()}”，未经市人社局核准备案不得组织评审"
            "（CMTE-01）",
            f"committee “{committee.name}” is {committee.state}; only an approved committee may review (CMTE-01)",
            rule="CMTE-01",
        )
    _refuse(rules.committee_approval_findings(committee_snapshot(committee), on, settings=cs))


def accepted_applications(
    committee: Committee, year: int, states: Sequence[str] = (ApplicationState.ACCEPTED,)
) -> list[Application]:
    """The committee's cases of one evaluation year: a meeting reviews only its own year's applications (TITLE-02,
    CMTE-05 — no review crosses the year), so a case left over from last year is not put on this year's docket."""
    return list(
        Application.objects.filter(committee_key=committee.key, evaluation_year__year=year, state__in=list(states))
        .select_related("applicant", "unit", "series", "specialty")
        .order_by("pk")
    )


def meeting_plan(
    *,
    actor,
    committee: Committee,
    dates: Sequence[date],
    today: date,
    capacity: int = 60,
    place: str = "",
    review_end: date | None = None,
) -> tuple[list[Meeting], scheduling.Schedule]:
    """CMTE-06: propose meetings for the committee's accepted applications on the dates the office offers
    (``scheduling.schedule_meetings``; each judge of the drawn panel is available on those dates except the ones
    they declared unavailable — ``JudgeAvailability``, no row = available). Creates the
    planned meetings with their dockets, moves the applications to ``scheduled`` and records the automatic
    own-unit recusals. Returns the meetings and the schedule, whose ``unplaced`` explain each application left out."""
    membership = acting_committee_office(actor, committee.organiser)
    cs = committee_settings()
    if not dates:
        raise CommitteeError(
            "请至少提供一个备选评审日期（CMTE-06）", "offer at least one date (CMTE-06)", rule="CMTE-06"
        )
    year = review_end.year if review_end is not None else today.year
    with transaction.atomic():
        committee = _lock(Committee, committee.pk)
        review_end = review_end or committee_review_end(committee, year, cs)
        _committee_may_schedule(committee, min(dates), cs)
        if not CommitteeSeat.objects.filter(committee=committee, year=year, alternate=False).exists():
            raise CommitteeError(
                f"{year} 年度尚未抽取评审专家，请先抽取（CMTE-03）",
                f"draw the {year} panel first (CMTE-03)",
                rule="CMTE-03",
            )
        applications = accepted_applications(committee, year)
        snapshot = committee_snapshot(committee, year=year, available_on=dates, capacity=capacity)
        schedule = scheduling.schedule_meetings(
            [snapshot],
            [application_snapshot(a) for a in applications],
            work_calendar(),
            today,
            review_end=review_end,
            settings=cs,
        )
        by_id = {str(a.pk): a for a in applications}
        meetings: list[Meeting] = []
        for proposed in schedule.meetings:
            meeting = Meeting.objects.create(committee=committee, meets_on=proposed.on, capacity=capacity, place=place)
            DocketEntry.objects.bulk_create(
                [
                    DocketEntry(meeting=meeting, application_id=int(e.application_id), position=i)
                    for i, e in enumerate(proposed.docket, start=1)
                ]
            )
            for entry in proposed.docket:
                application_schedule(
                    application=by_id[entry.application_id], actor=actor, note=f"{committee.name} {proposed.on}"
                )
            recusals_apply(meeting=meeting)
            audit_record(
                subject=meeting,
                transition="meeting_plan",
                to_state=meeting.state,
                actor=actor,
                role=Role.COMMITTEE_OFFICE,
                organisation=membership.organisation,
                note=f"{len(proposed.docket)} applications; file the plan by {proposed.plan_file_by}",
            )
            meetings.append(meeting)
        _plan_notes_save(committee, schedule, dates, year, today, cs)
    return meetings, schedule


def _plan_notes_save(committee: Committee, schedule: scheduling.Schedule, dates, year: int, today: date, cs) -> None:
    """Keep the plan's explanations on the committee until the next plan (CMTE-06): the applications it could not
    place with their reason and rule, and per offered date how many panel members can sit (CMTE-04 quorum)."""
    from titles.selectors.committees import offered_days

    apps = {
        a.pk: a
        for a in Application.objects.filter(pk__in=[int(u.application_id) for u in schedule.unplaced]).select_related(
            "applicant"
        )
    }
    committee.plan_notes = {
        "planned_on": today.isoformat(),
        "year": year,
        "unplaced": [
            {
                "id": int(u.application_id),
                "name": _name(apps[int(u.application_id)].applicant) if int(u.application_id) in apps else "",
                "rule": u.finding.rule,
                "message": u.finding.message,
                "message_en": u.finding.message_en,
            }
            for u in schedule.unplaced
        ],
        "offered": [
            {
                "day": o.day.isoformat(),
                "members": o.members,
                "available": o.available,
                "required": o.required,
                "quorate": o.quorate,
                "unavailable": [f"{name}（{note}）" if note else name for name, note in o.unavailable],
            }
            for o in offered_days(committee, year, dates, settings=cs)
        ],
    }
    committee.save(update_fields=["plan_notes"])


def _check_meeting(meeting: Meeting, application_ids: Sequence[int], today: date, cs) -> list[Finding]:
    """``scheduling.check_schedule`` on one meeting with the given docket (errors only)."""
    committee = meeting.committee
    snapshot = committee_snapshot(
        committee, year=meeting.meets_on.year, available_on=[meeting.meets_on], capacity=meeting.capacity
    )
    apps = {
        a.pk: a
        for a in Application.objects.filter(pk__in=list(application_ids)).select_related("unit", "series", "specialty")
    }
    missing = [pk for pk in application_ids if pk not in apps]
    if missing:
        raise CommitteeError(f"申报不存在：{missing}", f"unknown applications: {missing}", rule="CMTE-06")
    app_snaps = [application_snapshot(apps[pk]) for pk in application_ids]
    found = rules.recusals(
        snapshot.judges,
        app_snaps,
        self_review_unit=str(committee.scope_unit_id) if committee.scope == Committee.Scope.SELF_REVIEWING else None,
    )
    declared: dict[str, set[str]] = {}
    for judge_id, app_id in meeting.recusals.values_list("judge_id", "application_id"):
        declared.setdefault(str(app_id), set()).add(str(judge_id))
    # The panel of the day: members who did not declare the meeting day unavailable (CMTE-06).
    available = frozenset(j.id for j in snapshot.judges if meeting.meets_on in j.available_on)
    docket = []
    for snap in app_snaps:
        recused = tuple(sorted({r.judge_id for r in found[snap.id]} | declared.get(snap.id, set())))
        voting = len(available) if cs.recused_count_as_present else len(available - set(recused))
        docket.append(scheduling.DocketEntry(application_id=snap.id, recused=recused, voting=voting))
    proposed = scheduling.Meeting(
        committee_id=committee.key,
        on=meeting.meets_on,
        docket=tuple(docket),
        panel=tuple(sorted(available)),
        plan_filed_on=meeting.plan_filed_on,
        plan_approved_on=meeting.plan_approved_on,
    )
    findings = scheduling.check_schedule(
        [proposed],
        [snapshot],
        app_snaps,
        work_calendar(),
        today,
        review_end=committee_review_end(committee, meeting.meets_on.year, cs),
        settings=cs,
    )
    return _errors(findings)


def meeting_docket_set(*, actor, meeting: Meeting, application_ids: Sequence[int], today: date) -> Meeting:
    """CMTE-06 by hand: set the docket (order = list order). Every check of the scheduler is re-run
    (``check_schedule``); an error refuses the change. Removed applications go back to ``accepted``; added ones
    (accepted, this committee) become ``scheduled``."""
    membership = acting_committee_office(actor, meeting.committee.organiser)
    cs = committee_settings()
    ids = [int(i) for i in application_ids]
    if len(set(ids)) != len(ids):
        raise CommitteeError(
            "议程中有重复的申报（CMTE-06）", "the docket lists an application twice (CMTE-06)", rule="CMTE-06"
        )
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        if meeting.state != Meeting.State.PLANNED:
            raise CommitteeError(
                "实施方案已报备，议程不能再调整；请先由人社局退回方案（CMTE-02）",
                "the plan is filed; the docket can change only after HR returns it (CMTE-02)",
                rule="CMTE-02",
            )
        _committee_may_schedule(meeting.committee, meeting.meets_on, cs)
        if len(ids) > meeting.capacity:
            raise CommitteeError(
                f"议程 {len(ids)} 人，超过会议容量 {meeting.capacity} 人（CMTE-06）",
                f"{len(ids)} on the docket exceeds the capacity of {meeting.capacity} (CMTE-06)",
                rule="CMTE-06",
            )
        current = list(meeting.docket.values_list("application_id", flat=True))
        added = [pk for pk in ids if pk not in current]
        removed = [pk for pk in current if pk not in ids]
        addable = set(
            Application.objects.filter(
                pk__in=added,
                committee_key=meeting.committee.key,
                evaluation_year__year=meeting.meets_on.year,
                state=ApplicationState.ACCEPTED,
            ).values_list("pk", flat=True)
        )
        if set(added) - addable:
            raise CommitteeError(
                f"申报 {sorted(set(added) - addable)} 不是本评委会本年度已受理待安排的申报（CMTE-01/CMTE-05/CMTE-06）",
                f"applications {sorted(set(added) - addable)} are not accepted cases of this committee and year"
                " (CMTE-01/CMTE-05/CMTE-06)",
                rule="CMTE-06",
            )
        _refuse(_check_meeting(meeting, ids, today, cs))
        meeting.docket.all().delete()
        meeting.recusals.filter(application_id__in=removed).delete()
        DocketEntry.objects.bulk_create(
            [DocketEntry(meeting=meeting, application_id=pk, position=i) for i, pk in enumerate(ids, start=1)]
        )
        for application in Application.objects.filter(pk__in=removed + added).order_by("pk"):
            if application.pk in removed:
                application_unschedule(application=application, actor=actor, note=str(meeting))
            else:
                application_schedule(application=application, actor=actor, note=str(meeting))
        recusals_apply(meeting=meeting)
        audit_record(
            subject=meeting,
            transition="meeting_docket_set",
            from_state=meeting.state,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=f"+{added} -{removed}",
        )
    return meeting


# --------------------------------------------------------------------------------------------------------------
# Plan filing (CMTE-02)


def meeting_plan_file(
    *, actor, meeting: Meeting, filed_on: date, place: str = "", procedure: str = "", measures: str = ""
) -> Meeting:
    """CMTE-02: the office files the 职称评审实施方案备案表 at least 7 calendar days before the meeting, with a
    committee whose filing is valid on the meeting day (CMTE-01). HR is notified on commit."""
    membership = acting_committee_office(actor, meeting.committee.organiser)
    cs = committee_settings()
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _require(
            meeting.plan_file,
            label=meeting.get_state_display(),
            action="报备实施方案",
            action_en="file the plan",
            rule="CMTE-02",
        )
        _committee_may_schedule(meeting.committee, meeting.meets_on, cs)
        if not meeting.docket.exists():
            raise CommitteeError("议程为空，不能报备（CMTE-02）", "the docket is empty (CMTE-02)", rule="CMTE-02")
        # Only the lead-time part: approval comes next.
        _refuse(
            [
                f
                for f in rules.plan_filing_findings(filed_on, None, meeting.meets_on, settings=cs)
                if f.scope != "plan_approval"
            ]
        )
        before = meeting.state
        meeting.plan_file()
        meeting.plan_filed_on = filed_on
        fields = ["state", "plan_filed_on"]
        for name, value in (("place", place), ("procedure", procedure), ("measures", measures)):
            if value:
                setattr(meeting, name, value)
                fields.append(name)
        meeting.save(update_fields=fields)
        audit_record(
            subject=meeting,
            transition="meeting_plan_file",
            from_state=before,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=str(filed_on),
        )
        notify(event="meeting_plan_filed", recipients=_city_hr_emails(), context={"meeting": meeting})
    return meeting


def meeting_plan_approve(*, actor, meeting: Meeting, approved_on: date) -> Meeting:
    """CMTE-02: city HR approves the filed plan, on or before the meeting day (approval after it is refused)."""
    membership = acting_city_hr(actor)
    cs = committee_settings()
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _require(
            meeting.plan_approve,
            label=meeting.get_state_display(),
            action="核准实施方案",
            action_en="approve the plan",
            rule="CMTE-02",
        )
        _refuse(rules.plan_filing_findings(meeting.plan_filed_on, approved_on, meeting.meets_on, settings=cs))
        before = meeting.state
        meeting.plan_approve()
        meeting.plan_approved_on = approved_on
        meeting.save(update_fields=["state", "plan_approved_on"])
        audit_record(
            subject=meeting,
            transition="meeting_plan_approve",
            from_state=before,
            to_state=meeting.state,
            actor=actor,
            role=Role.HR_OFFICER,
            organisation=membership.organisation,
            note=str(approved_on),
        )
        notify(
            event="meeting_plan_decided",
            recipients=_office_emails(meeting.committee),
            context={"meeting": meeting, "approved": True},
        )
    return meeting


def meeting_plan_return(*, actor, meeting: Meeting, note: str) -> Meeting:
    """City HR returns the plan with reasons; the office adjusts and files again (CMTE-02)."""
    membership = acting_city_hr(actor)
    if not note.strip():
        raise CommitteeError("退回须说明理由（CMTE-02）", "a return needs its reasons (CMTE-02)", rule="CMTE-02")
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _require(
            meeting.plan_return,
            label=meeting.get_state_display(),
            action="退回实施方案",
            action_en="return the plan",
            rule="CMTE-02",
        )
        before = meeting.state
        meeting.plan_return()
        meeting.plan_filed_on = None
        meeting.save(update_fields=["state", "plan_filed_on"])
        audit_record(
            subject=meeting,
            transition="meeting_plan_return",
            from_state=before,
            to_state=meeting.state,
            actor=actor,
            role=Role.HR_OFFICER,
            organisation=membership.organisation,
            note=note,
        )
        notify(
            event="meeting_plan_decided",
            recipients=_office_emails(meeting.committee),
            context={"meeting": meeting, "approved": False, "note": note},
        )
    return meeting


# --------------------------------------------------------------------------------------------------------------
# The meeting (CMTE-04)


def meeting_open(*, actor, meeting: Meeting, today: date) -> Meeting:
    """CMTE-02/CMTE-01/CMTE-05: the meeting starts on its filed date, only after HR approved the plan, at least
    7 days after the filing, with a committee still approved, inside the evaluation year."""
    membership = acting_committee_office(actor, meeting.committee.organiser)
    cs = committee_settings()
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        if meeting.state in (Meeting.State.PLANNED, Meeting.State.PLAN_FILED):
            raise CommitteeError(
                "评审实施方案尚未经市人社局备案同意，不得开展评审（CMTE-02）",
                "HR has not approved the review plan; the meeting may not start (CMTE-02)",
                rule="CMTE-02",
            )
        _require(meeting.hold, label=meeting.get_state_display(), action="开会", action_en="open", rule="CMTE-02")
        if today != meeting.meets_on:
            raise CommitteeError(
                f"会议按报备方案应于 {meeting.meets_on} 召开（今天 {today}）；改期须重新报备（CMTE-02）",
                f"the filed plan fixes the meeting on {meeting.meets_on} (today {today}); re-file to move it (CMTE-02)",
                rule="CMTE-02",
            )
        committee = meeting.committee
        _committee_may_schedule(committee, today, cs)
        _refuse(rules.plan_filing_findings(meeting.plan_filed_on, meeting.plan_approved_on, today, settings=cs))
        _refuse(
            rules.review_within_year(
                today.year, today, review_end=committee_review_end(committee, today.year, cs), settings=cs
            )
        )
        # CMTE-04: the committee that sits must be validly composed (odd, senior minimum, terms) — checked at the
        # approval and the draw, and again here for the year's panel on the day.
        panel = committee_snapshot(committee, year=meeting.meets_on.year)
        _refuse(
            [f for f in rules.committee_composition_findings(panel, today, settings=cs) if f.scope != "filing_validity"]
        )
        recusals_apply(meeting=meeting)
        before = meeting.state
        meeting.hold()
        meeting.held_on = today
        meeting.save(update_fields=["state", "held_on"])
        audit_record(
            subject=meeting,
            transition="meeting_open",
            from_state=before,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=str(today),
        )
    return meeting


def _tallies_started(meeting: Meeting) -> bool:
    return meeting.docket.filter(agree__isnull=False).exists()


def meeting_members(meeting: Meeting) -> int:
    """CMTE-04 quorum base: the panel drawn for the year (alternates stand in for absent members)."""
    return CommitteeSeat.objects.filter(
        committee=meeting.committee_id, year=meeting.meets_on.year, alternate=False
    ).count()


def attendance_record(*, actor, meeting: Meeting, present_judge_ids: Iterable[int]) -> rules.QuorumResult:
    """CMTE-04: who attends in person (no proxy — only seated judges; alternates only in place of absent members).
    Recorded before the first vote and fixed after it (no later votes). Returns the quorum (≥ 2/3 of the members);
    a non-quorate meeting is recorded but cannot vote."""
    membership = acting_committee_office(actor, meeting.committee.organiser)
    cs = committee_settings()
    present = {int(i) for i in present_judge_ids}
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        if meeting.state != Meeting.State.HELD:
            raise CommitteeError("会议尚未开始（CMTE-04）", "the meeting has not started (CMTE-04)", rule="CMTE-04")
        if _tallies_started(meeting):
            raise CommitteeError(
                "已开始表决，出席情况不能再更改（不得委托投票或补充投票，CMTE-04）",
                "voting has started; attendance is fixed (no proxy or later votes, CMTE-04)",
                rule="CMTE-04",
            )
        seats = {
            s.judge_id: s.alternate
            for s in CommitteeSeat.objects.filter(committee=meeting.committee_id, year=meeting.meets_on.year)
        }
        strangers = sorted(present - set(seats))
        if strangers:
            raise CommitteeError(
                f"专家 {strangers} 不是本年度评委会组成人员，不能出席表决（不得委托，CMTE-04）",
                f"experts {strangers} are not on this year's panel; no proxies (CMTE-04)",
                rule="CMTE-04",
            )
        members = sum(1 for alt in seats.values() if not alt)
        absent_members = sum(1 for judge_id, alt in seats.items() if not alt and judge_id not in present)
        alternates = sum(1 for judge_id in present if seats[judge_id])
        if alternates > absent_members:
            raise CommitteeError(
                f"备选专家 {alternates} 人多于缺席委员 {absent_members} 人（CMTE-03/CMTE-04）",
                f"{alternates} alternates for {absent_members} absent members (CMTE-03/CMTE-04)",
                rule="CMTE-04",
            )
        meeting.attendance.all().delete()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, judge_id=judge_id, present=judge_id in present) for judge_id in sorted(seats)]
        )
        result = rules.quorum(members, len(present), settings=cs)
        audit_record(
            subject=meeting,
            transition="attendance_record",
            from_state=meeting.state,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=f"{len(present)}/{members} (≥ {result.required}) {'quorate' if result.quorate else 'NOT quorate'}",
        )
    return result


def entry_outcome(
    *, members: int, present_ids: set[int], recused_ids: set[int], agree: int, disagree: int, abstain: int, cs=None
) -> rules.VoteOutcome:
    """CMTE-04 vote for one applicant: recused judges who are present step out (configurable base)."""
    cs = cs or committee_settings()
    recused = len(present_ids & recused_ids)
    return rules.vote_outcome(len(present_ids), recused, agree, disagree, abstain, members=members, settings=cs)


def tally_record(
    *, actor, entry: DocketEntry, agree: int, disagree: int, abstain: int, opinion: str = ""
) -> rules.VoteOutcome:
    """CMTE-04: the secret-ballot count for one applicant (同意/不同意/弃权) with the committee's review opinion
    (评审意见, kept in the minutes). The ballots must add up to the experts present minus those recused; the
    applicant passes with agreeing votes ≥ 2/3 of the experts present for them. Recorded once: no later or
    corrected votes. An invalid count is refused and nothing is stored."""
    meeting = entry.meeting
    membership = acting_committee_office(actor, meeting.committee.organiser)
    cs = committee_settings()
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        entry = _lock(DocketEntry, entry.pk)
        if meeting_is_closed(meeting):
            raise CommitteeError(
                "会议未在进行中，不能记录票数（CMTE-04）", "the meeting is not in session (CMTE-04)", rule="CMTE-04"
            )
        if entry.deferred:
            raise CommitteeError(
                "该申报人已暂缓评审，不能表决（CMTE-04）",
                "this applicant was deferred; no vote (CMTE-04)",
                rule="CMTE-04",
            )
        if entry.agree is not None:
            raise CommitteeError(
                "该申报人的票数已记录，不得补充投票（CMTE-04）",
                "this applicant's ballot is recorded; no later votes (CMTE-04)",
                rule="CMTE-04",
            )
        members = meeting_members(meeting)
        present_ids = set(meeting.attendance.filter(present=True).values_list("judge_id", flat=True))
        quorum = rules.quorum(members, len(present_ids), settings=cs)
        if not present_ids or not quorum.quorate:
            _refuse(
                quorum.findings
                or [
                    rules._finding(
                        "CMTE-04", "quorum", "尚未记录出席情况，不能表决。", "Attendance is not recorded; no vote."
                    )
                ]
            )
        recused_ids = set(meeting.recusals.filter(application=entry.application_id).values_list("judge_id", flat=True))
        outcome = entry_outcome(
            members=members,
            present_ids=present_ids,
            recused_ids=recused_ids,
            agree=agree,
            disagree=disagree,
            abstain=abstain,
            cs=cs,
        )
        _refuse(outcome.findings)
        entry.agree, entry.disagree, entry.abstain = agree, disagree, abstain
        entry.present = len(present_ids)
        entry.recused = len(present_ids & recused_ids)
        entry.passed = outcome.passed
        entry.opinion = opinion.strip()
        entry.save(update_fields=["agree", "disagree", "abstain", "present", "recused", "passed", "opinion"])
        audit_record(
            subject=meeting,
            transition="tally_record",
            from_state=meeting.state,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=f"#{entry.application_id}: {agree}/{disagree}/{abstain} of {outcome.base} "
            f"(≥ {outcome.required}) → {'passed' if outcome.passed else 'failed'}",
        )
    return outcome


def minutes_text(meeting: Meeting) -> str:
    """The minutes' summary line (the full minutes are the PDF rendered from the stored rows)."""
    entries = list(meeting.docket.all())
    reviewed = [e for e in entries if not e.deferred]
    passed = sum(1 for e in reviewed if e.passed)
    deferred = len(entries) - len(reviewed)
    present = meeting.attendance.filter(present=True).count()
    return (
        f"{meeting.held_on} {meeting.committee.name}：出席 {present}/{meeting_members(meeting)} 人，"
        f"评审 {len(reviewed)} 人，通过 {passed} 人，未通过 {len(reviewed) - passed} 人"
        + (f"，暂缓评审 {deferred} 人" if deferred else "")
        + "。"
    )


def docket_entry_defer(*, actor, entry: DocketEntry, reason: str) -> DocketEntry:
    """CMTE-04 during the meeting: an applicant on whom no valid vote is possible — typically a conflict declared
    at the meeting leaves fewer than 2/3 of the members to vote on them, while attendance is fixed and no proxy is
    allowed — is deferred (暂缓评审): the entry stays on the docket marked deferred with the reason (it is in the
    minutes), the application goes back to ``accepted`` (``application_unschedule``) to be placed on another meeting,
    and the meeting can close. Only before that applicant's vote; the reason is required; audited on the meeting."""
    meeting = entry.meeting
    membership = acting_committee_office(actor, meeting.committee.organiser)
    reason = reason.strip()
    if not reason:
        raise CommitteeError(
            "请填写暂缓评审的原因（CMTE-04）", "give the reason for deferring the applicant (CMTE-04)", rule="CMTE-04"
        )
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        entry = _lock(DocketEntry, entry.pk)
        if meeting_is_closed(meeting):
            raise CommitteeError(
                "会议未在进行中，不能暂缓评审（CMTE-04）", "the meeting is not in session (CMTE-04)", rule="CMTE-04"
            )
        if entry.deferred:
            raise CommitteeError("该申报人已暂缓评审（CMTE-04）", "already deferred (CMTE-04)", rule="CMTE-04")
        if entry.agree is not None:
            raise CommitteeError(
                "该申报人已表决，不能暂缓评审（不得补充投票，CMTE-04）",
                "the applicant's vote is recorded; it cannot be deferred (CMTE-04)",
                rule="CMTE-04",
            )
        entry.deferred = True
        entry.deferred_reason = reason[:200]
        entry.save(update_fields=["deferred", "deferred_reason"])
        application_unschedule(
            application=Application.objects.get(pk=entry.application_id),
            actor=actor,
            note=f"{meeting.committee.name} {meeting.meets_on} 暂缓评审：{reason}",
        )
        audit_record(
            subject=meeting,
            transition="docket_entry_defer",
            from_state=meeting.state,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=f"#{entry.application_id} 暂缓评审：{reason}",
        )
    return entry


def meeting_close(*, actor, meeting: Meeting) -> Meeting:
    """CMTE-04: every applicant on the docket has a recorded vote → each application passes or fails (the
    effective date of a passed title is the meeting day, TITLE-15); the minutes are written and kept."""
    membership = acting_committee_office(actor, meeting.committee.organiser)
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        if meeting_is_closed(meeting):
            raise CommitteeError("会议不在进行中（CMTE-04）", "the meeting is not in session (CMTE-04)", rule="CMTE-04")
        entries = [
            e for e in meeting.docket.select_related("application").select_for_update(of=("self",)) if not e.deferred
        ]
        missing = [e.application_id for e in entries if e.passed is None]
        if missing:
            raise CommitteeError(
                f"还有 {len(missing)} 名申报人未记录票数，不能结束会议；无法表决的申报人可暂缓评审（CMTE-04）",
                f"{len(missing)} applicants have no recorded vote; defer those no vote is possible on (CMTE-04)",
                rule="CMTE-04",
            )
        for entry in entries:
            _vote_result(entry=entry, meeting=meeting, actor=actor, organisation=membership.organisation)
        meeting.minutes = minutes_text(meeting)
        meeting.closed_at = clock.now()
        meeting.save(update_fields=["minutes", "closed_at"])
        audit_record(
            subject=meeting,
            transition="meeting_close",
            from_state=meeting.state,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=meeting.minutes,
        )
        notify(
            event="meeting_closed",
            recipients=_emails(e.application.applicant for e in entries),
            context={"meeting": meeting},
        )
    return meeting


def _vote_result(*, entry: DocketEntry, meeting: Meeting, actor, organisation) -> None:
    """scheduled → passed | failed through the application workflow (effective date = meeting day, TITLE-15)."""
    from titles.services.workflow import vote_result_record

    vote_result_record(
        application=entry.application_id,
        actor=actor,
        passed=bool(entry.passed),
        decided_on=meeting.held_on,
        note=f"{meeting.committee.name}：同意 {entry.agree}、不同意 {entry.disagree}、弃权 {entry.abstain}",
    )


def meeting_is_closed(meeting: Meeting) -> bool:
    """Not in session: not yet opened, or closed by ``meeting_close`` (``closed_at``), or past the results."""
    return meeting.state != Meeting.State.HELD or meeting.closed_at is not None


# --------------------------------------------------------------------------------------------------------------
# Results (TITLE-14, TITLE-15)


def result_publicity_of(meeting: Meeting) -> Publicity | None:
    app = (
        Application.objects.filter(docket_entries__meeting=meeting, result_publicity__isnull=False)
        .select_related("result_publicity")
        .first()
    )
    return app.result_publicity if app else None


def meeting_results_publish(
    *, actor, meeting: Meeting, starts_on: date | None = None, today: date | None = None
) -> Publicity | None:
    """TITLE-14 / FLOW-03: publish the passed applicants for ≥ 5 working days, starting (by default) the working
    day after the meeting, through the application workflow's ``result_publicity_start`` (one publicity for the
    batch); the meeting moves to ``results_published``. No applicant passed → nothing to publish (None)."""
    from titles.services.workflow import result_publicity_start

    membership = acting_committee_office(actor, meeting.committee.organiser)
    cs = committee_settings()
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _require(
            meeting.results_publish,
            label=meeting.get_state_display(),
            action="公示结果",
            action_en="publish the results",
            rule="TITLE-14",
        )
        if meeting.closed_at is None:
            raise CommitteeError("会议尚未结束（TITLE-14）", "close the meeting first (TITLE-14)", rule="TITLE-14")
        if starts_on is None:
            starts_on = work_calendar().add_workdays(meeting.held_on, cs.result_publicity_offset_workdays)
        passed = list(
            Application.objects.filter(docket_entries__meeting=meeting, docket_entries__passed=True)
            .select_related("applicant", "series", "unit")
            .order_by("docket_entries__position")
        )
        publicity = None
        if passed:
            content = "\n".join(
                f"{a.applicant.get_full_name() or a.applicant.get_username()}　{a.unit.name}　{a.series.name_zh}"
                f"　{a.get_level_display()}"
                for a in passed
            )
            batch = result_publicity_start(
                applications=passed,
                actor=actor,
                starts_on=starts_on,
                title=f"{meeting.committee.name}{meeting.held_on.year}年度职称评审结果公示",
                content=content,
                working_days=cs.result_publicity_workdays,
                today=today or min(starts_on, clock.today()),
            )
            publicity = batch.publicity
        before = meeting.state
        meeting.results_publish()
        meeting.save(update_fields=["state"])
        audit_record(
            subject=meeting,
            transition="meeting_results_publish",
            from_state=before,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=(f"{publicity.starts_on} – {publicity.ends_on}, " if publicity else "") + f"{len(passed)} passed",
        )
    return publicity


def results_filing_deadline(meeting: Meeting) -> date | None:
    """TITLE-15: within one month after the review ends (the meeting day; 31 Jan → 28/29 Feb, Civil Code art. 202)."""
    if meeting.held_on is None:
        return None
    from titles.services.workflow import result_filing_deadline  # noqa: PLC0415 — TITLE-15, computed once

    return result_filing_deadline(meeting.held_on)


def meeting_results_file(*, actor, meeting: Meeting, today: date, report: str) -> Meeting:
    """TITLE-15: within one month after the review, once the result publicity has closed (FLOW-03) and every
    complaint is handled (TITLE-14), the committee files its report and the roster (Doc B att. 3) with city HR.
    City HR then files each result (``titles.services.workflow.result_file`` → ``filed``) and issues certificates."""
    membership = acting_committee_office(actor, meeting.committee.organiser)
    if not report.strip():
        raise CommitteeError(
            "请填写备案报告（含公示情况和投诉处理情况，TITLE-15）",
            "the filing report (publicity and complaints handled) is required (TITLE-15)",
            rule="TITLE-15",
        )
    with transaction.atomic():
        meeting = _lock(Meeting, meeting.pk)
        _require(
            meeting.results_file,
            label=meeting.get_state_display(),
            action="结果备案",
            action_en="file the results",
            rule="TITLE-15",
        )
        deadline = results_filing_deadline(meeting)
        if today > deadline:
            raise CommitteeError(
                f"评审结束后一个月内（{deadline} 前）须报送备案，今天 {today} 已逾期（TITLE-15）",
                f"the results must be filed within one month of the review (by {deadline}); today is {today} "
                "(TITLE-15)",
                rule="TITLE-15",
            )
        publicity = result_publicity_of(meeting)
        if publicity is not None and publicity.state != Publicity.State.CLOSED:
            raise CommitteeError(
                f"结果公示（至 {publicity.ends_on}）尚未结束，不能备案（FLOW-03/TITLE-14）",
                f"the result publicity (until {publicity.ends_on}) is still open (FLOW-03/TITLE-14)",
                rule="TITLE-14",
            )
        open_complaints = ResultComplaint.objects.filter(
            application__docket_entries__meeting=meeting, outcome=ResultComplaint.Outcome.OPEN
        ).count()
        if open_complaints:
            raise CommitteeError(
                f"还有 {open_complaints} 件投诉未处理完毕（TITLE-14）",
                f"{open_complaints} complaints are still open (TITLE-14)",
                rule="TITLE-14",
            )
        before = meeting.state
        meeting.results_file()
        meeting.filing_report = report.strip()
        meeting.results_filed_on = today
        meeting.save(update_fields=["state", "filing_report", "results_filed_on"])
        audit_record(
            subject=meeting,
            transition="meeting_results_file",
            from_state=before,
            to_state=meeting.state,
            actor=actor,
            role=Role.COMMITTEE_OFFICE,
            organisation=membership.organisation,
            note=report.strip()[:500],
        )
        notify(event="meeting_results_filed", recipients=_city_hr_emails(), context={"meeting": meeting})
    return meeting


__all__ = [
    "CommitteeError",
    "PermissionDenied",
    "application_schedule",
    "application_unschedule",
    "attendance_record",
    "availability_declare",
    "availability_withdraw",
    "committee_approve",
    "committee_expire",
    "committee_expires_on",
    "committee_propose",
    "committee_review_end",
    "committee_settings",
    "committees_expire_due",
    "docket_entry_defer",
    "draw_exclusions",
    "judge_create",
    "judge_set_active",
    "judge_term_set",
    "meeting_close",
    "meeting_docket_set",
    "meeting_open",
    "meeting_plan",
    "meeting_plan_approve",
    "meeting_plan_file",
    "meeting_plan_return",
    "meeting_results_file",
    "meeting_results_publish",
    "panel_draw",
    "recusal_declare",
    "recusals_apply",
    "tally_record",
]
