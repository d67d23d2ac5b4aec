"""Writes of the process layer: publicity periods and objections (FLOW-03), the demo date. One service per
transition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from . import clock
from .audit import audit_record, audit_records
from .calendar import PUBLICITY_WORKING_DAYS
from .models import Objection, Organisation, Publicity
from .selectors import work_calendar


class PublicityError(Exception):
    """A publicity step that the rules forbid; the message is for the user (Chinese / English)."""


def publicity_start(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    starts_on: date,
    actor=None,
    role: str = "",
    content: str = "",
    working_days: int = PUBLICITY_WORKING_DAYS,
    subject=None,
) -> Publicity:
    """FLOW-03: the last day is computed from the working-day calendar (refuses a year it does not hold).
    ``subject``: the one object published, if it is one (a batch links each item to the publicity instead)."""
    if working_days < PUBLICITY_WORKING_DAYS:
        raise PublicityError(
            f"公示期不少于 {PUBLICITY_WORKING_DAYS} 个工作日（FLOW-03）/ a publicity lasts at least "
            f"{PUBLICITY_WORKING_DAYS} working days (FLOW-03)"
        )
    ends_on = work_calendar().publicity_end(starts_on, working_days)
    with transaction.atomic():
        publicity = Publicity.objects.create(
            kind=kind,
            organisation=organisation,
            title=title,
            content=content,
            starts_on=starts_on,
            working_days=working_days,
            ends_on=ends_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **({"subject": subject} if subject is not None else {}),
        )
        audit_record(
            subject=publicity,
            transition="publicity_start",
            to_state=publicity.state,
            actor=actor,
            role=role,
            organisation=organisation,
            note=f"{starts_on.isoformat()} – {ends_on.isoformat()}",
        )
    return publicity


def objection_raise(
    *, publicity: Publicity, subject_label: str, content: str, raised_on: date, raised_by: str = "", actor=None
) -> Objection:
    """FLOW-03: an objection (异议) is raised *during* the period — from its first day to its last working day,
    both included (FLOW-01), and not on a day still to come (``clock.today()``). The publicity row is locked, so
    an objection and the close cannot pass each other."""
    if not content.strip():
        raise PublicityError("请填写异议内容 / the objection needs its content")
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
        if publicity.state != Publicity.State.OPEN:
            raise PublicityError("公示已结束，不能再登记异议 / the publicity is closed")
        period = f"{publicity.starts_on.isoformat()} – {publicity.ends_on.isoformat()}"
        if raised_on < publicity.starts_on:
            raise PublicityError(
                f"异议提出日期 {raised_on.isoformat()} 早于公示期（{period}），不予登记（FLOW-03）/ the objection's "
                f"date {raised_on.isoformat()} is before the publicity period ({period}) (FLOW-03)"
            )
        if raised_on > publicity.ends_on:
            raise PublicityError(
                f"异议提出日期 {raised_on.isoformat()} 晚于公示期（{period}），不予登记（FLOW-03）/ the objection's "
                f"date {raised_on.isoformat()} is after the publicity period ({period}) (FLOW-03)"
            )
        today = clock.today()
        if raised_on > today:
            raise PublicityError(
                f"异议提出日期 {raised_on.isoformat()} 晚于今天（{today.isoformat()}），不能预先登记（FLOW-03）/ "
                f"the objection's date {raised_on.isoformat()} is later than today ({today.isoformat()}) (FLOW-03)"
            )
        objection = Objection.objects.create(
            publicity=publicity, subject_label=subject_label, content=content, raised_on=raised_on, raised_by=raised_by
        )
        audit_record(
            subject=publicity,
            transition="objection_raise",
            from_state=publicity.state,
            to_state=publicity.state,
            actor=actor,
            organisation=publicity.organisation,
            note=f"{subject_label}: {content}",
        )
    return objection


def objection_resolve(*, objection: Objection, upheld: bool, note: str, actor=None, role: str = "") -> Objection:
    """FLOW-03: every objection is resolved with a written note; upheld sends the case back (caller's business)."""
    if not note.strip():
        raise PublicityError("处理异议须填写书面意见 / resolving an objection needs a written note")
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.outcome != Objection.Outcome.OPEN:
            raise PublicityError("该异议已处理 / this objection has already been resolved")
        objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
        objection.resolution_note = note
        objection.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
        objection.resolved_at = clock.now()
        objection.save(update_fields=["outcome", "resolution_note", "resolved_by", "resolved_at"])
        audit_record(
            subject=objection.publicity,
            transition="objection_resolve",
            from_state=Objection.Outcome.OPEN,
            to_state=objection.outcome,
            actor=actor,
            role=role,
            organisation=objection.publicity.organisation,
            note=note,
        )
    return objection


def _close_refusal(publicity: Publicity, today: date, *, open_objection: bool) -> str | None:
    """FLOW-03: why ``publicity`` may not close on ``today`` (the message, Chinese / English), or None."""
    if publicity.state != Publicity.State.OPEN:
        return "该公示已结束 / this publicity is already closed"
    if not today > publicity.ends_on:
        return (
            f"公示期至 {publicity.ends_on.isoformat()} 结束，之后才能结束公示（FLOW-03）/ "
            f"the publicity runs until {publicity.ends_on.isoformat()} (FLOW-03)"
        )
    if open_objection:
        return "有未处理的异议，不能结束公示（FLOW-03）/ an objection is still open (FLOW-03)"
    return None


def publicity_close(*, publicity: Publicity, today: date, actor=None, role: str = "") -> Publicity:
    """FLOW-03: only after the end of the last working day, and only with no open objection."""
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
        refusal = _close_refusal(
            publicity, today, open_objection=publicity.objections.filter(outcome=Objection.Outcome.OPEN).exists()
        )
        if refusal:
            raise PublicityError(refusal)
        before = publicity.state
        publicity.close()
        publicity.closed_at = clock.now()
        publicity.save(update_fields=["state", "closed_at"])
        audit_record(
            subject=publicity,
            transition="publicity_close",
            from_state=before,
            to_state=publicity.state,
            actor=actor,
            role=role,
            organisation=publicity.organisation,
        )
    return publicity


PUBLICITY_CLOSE_CHUNK = 500  # publicities closed per transaction by the beat task (row locks held briefly)


@transaction.atomic
def publicities_close(*, ids: Sequence[int], today: date) -> list[Publicity]:
    """FLOW-03 for many publicities at once, by the system (the beat task ``publicity_close_due``): the transition
    of ``publicity_close`` — same checks, same state, same audit record — applied in one transaction to every
    publicity of ``ids`` that may close now. Returns the ones closed; the others are left as they are: closed
    meanwhile, not yet ended, with an open objection, or locked by another transaction right now (SKIP LOCKED: an
    objection being raised or a person closing it; the next run looks again).

    Side effects: ``state`` closed and ``closed_at`` on each, one audit record each (FLOW-05). Five queries whatever
    the number of ids: the locked rows, their open objections (read after the lock, so an objection committed just
    before is seen; ``objection_raise`` locks the row too), one UPDATE, the content type, one INSERT."""
    locked = list(Publicity.objects.select_for_update(skip_locked=True).filter(pk__in=list(ids)).order_by("pk"))
    if not locked:
        return []
    objected = set(
        Objection.objects.filter(publicity__in=[p.pk for p in locked], outcome=Objection.Outcome.OPEN).values_list(
            "publicity_id", flat=True
        )
    )
    closing = [p for p in locked if _close_refusal(p, today, open_objection=p.pk in objected) is None]
    if not closing:
        return []
    now = clock.now()
    Publicity.objects.filter(pk__in=[p.pk for p in closing], state=Publicity.State.OPEN).update(
        state=Publicity.State.CLOSED, closed_at=now
    )
    for publicity in closing:
        publicity.close()
        publicity.closed_at = now
    audit_records(
        subjects=closing,
        organisation_ids=[p.organisation_id for p in closing],
        transition="publicity_close",
        from_state=Publicity.State.OPEN,
        to_state=Publicity.State.CLOSED,
    )
    return closing


# --- the demo date (演示日期) -----------------------------------------------------------------------------------

DEMO_DATE_MAX_STEP_DAYS = 400  # one evaluation year and a little more; a longer jump is a typing error


class DemoDateError(Exception):
    def __init__(self, message: str, message_en: str):
        self.message, self.message_en = message, message_en
        super().__init__(f"{message} / {message_en}")


@dataclass(frozen=True)
class DemoDay:
    day: date
    jobs: dict[str, int]  # beat task name → what it did that day (items closed, expired, reminded)


def demo_date_set(*, day: date, actor=None) -> list[DemoDay]:
    """Demo mode only: move the demo date forward to ``day``, one day at a time, and on each day run the periodic
    jobs of the beat schedule (``settings.CELERY_BEAT_SCHEDULE``: close publicities whose period ended, treat
    expired correction notices as withdrawn, cancel special posts, send reminders), as production's beat would have
    while those days passed. Each day is one transaction: a job that fails stops the walk at the day before it,
    and the error names the day.

    Side effects: the ``DemoClock`` row, an audit record per call (FLOW-05), whatever the jobs do."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from .models import DemoClock

    if not settings.DEMO_MODE:
        raise DemoDateError("只有演示模式可以调整日期", "the date can be changed in demo mode only")
    current = clock.today()
    if day <= current:
        raise DemoDateError(
            f"演示日期只能向前调整：现在是 {current.isoformat()}，请选择之后的日期",
            f"the demo date only moves forward: it is {current.isoformat()}, choose a later day",
        )
    work_calendar().is_workday(day)  # FLOW-02: a year the calendar does not hold is refused (YearNotLoaded)
    if (day - current).days > DEMO_DATE_MAX_STEP_DAYS:
        raise DemoDateError(
            f"一次最多向前调整 {DEMO_DATE_MAX_STEP_DAYS} 天",
            f"move the demo date at most {DEMO_DATE_MAX_STEP_DAYS} days at a time",
        )
    jobs = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    walked: list[DemoDay] = []
    step = current
    while step < day:
        step += timedelta(days=1)
        try:
            with transaction.atomic():
                DemoClock.objects.update_or_create(pk=DemoClock.SINGLETON, defaults={"today": step})
                done = {name: import_string(name).apply(throw=True).result for name in jobs}
        except Exception as exc:  # noqa: BLE001 — any job's failure stops the walk; the user sees which day
            reached = walked[-1].day if walked else current
            raise DemoDateError(
                f"{step.isoformat()} 的定时任务失败（{exc}），演示日期停在 {reached.isoformat()}",
                f"the periodic jobs of {step.isoformat()} failed ({exc}); the demo date stays at {reached.isoformat()}",
            ) from exc
        walked.append(DemoDay(day=step, jobs={k: v for k, v in done.items() if isinstance(v, int) and v}))
    audit_record(
        subject=DemoClock.objects.get(pk=DemoClock.SINGLETON),
        transition="demo_date_set",
        from_state=current.isoformat(),
        to_state=day.isoformat(),
        actor=actor,
        note="演示日期调整，并按日运行定时任务",
    )
    return walked


def demo_date_start(*, day: date) -> bool:
    """``seed_demo``: the demo starts on ``day`` unless a demo date is set already (a re-seed keeps it)."""
    from .models import DemoClock

    _row, created = DemoClock.objects.get_or_create(pk=DemoClock.SINGLETON, defaults={"today": day})
    return created
