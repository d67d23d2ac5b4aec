"""FLOW-03 publicity periods on the stored calendar: computed end, objections block the close, the periodic task."""

from datetime import date

import pytest

from workflow import clock
from workflow.models import AuditRecord, Objection, Organisation, Publicity
from workflow.services import (
    PublicityError,
    objection_raise,
    objection_resolve,
    publicities_close,
    publicity_close,
    publicity_start,
)
from workflow.tasks import publicity_close_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return Organisation.objects.create(kind="unit", code="u1", name="乌海市第一中学", jurisdiction="city")


@pytest.fixture
def publicity(unit):
    return publicity_start(
        organisation=unit, kind="unit_application", title="2023年职称申报公示", starts_on=date(2023, 9, 27)
    )


def test_FLOW_03_start_computes_the_last_working_day_and_audits(publicity):
    assert publicity.ends_on == date(2023, 10, 9)
    assert publicity.state == Publicity.State.OPEN
    assert AuditRecord.objects.filter(subject_id=str(publicity.pk), transition="publicity_start").count() == 1


def test_FLOW_03_fewer_than_five_working_days_refused(unit):
    with pytest.raises(PublicityError):
        publicity_start(organisation=unit, kind="other", title="x", starts_on=date(2023, 6, 5), working_days=4)
    assert not Publicity.objects.exists()


def test_FLOW_03_close_on_the_last_day_is_refused(publicity):
    with pytest.raises(PublicityError, match="2023-10-09"):
        publicity_close(publicity=publicity, today=date(2023, 10, 9))
    publicity.refresh_from_db()
    assert publicity.state == Publicity.State.OPEN


def test_FLOW_03_close_the_day_after_the_last_day_succeeds(publicity):
    publicity_close(publicity=publicity, today=date(2023, 10, 10))
    publicity.refresh_from_db()
    assert publicity.state == Publicity.State.CLOSED
    assert AuditRecord.objects.filter(subject_id=str(publicity.pk), transition="publicity_close").count() == 1


def test_FLOW_03_open_objection_blocks_the_close_until_resolved_with_a_note(publicity):
    objection = objection_raise(
        publicity=publicity, subject_label="张三", content="论文存在抄袭", raised_on=date(2023, 9, 28)
    )
    with pytest.raises(PublicityError, match="异议"):
        publicity_close(publicity=publicity, today=date(2023, 10, 10))
    with pytest.raises(PublicityError):
        objection_resolve(objection=objection, upheld=False, note="  ")
    objection_resolve(objection=objection, upheld=False, note="经核查，论文系本人原创，异议不成立。")
    assert Objection.objects.get(pk=objection.pk).outcome == Objection.Outcome.DISMISSED
    publicity_close(publicity=publicity, today=date(2023, 10, 10))
    assert Publicity.objects.get(pk=publicity.pk).state == Publicity.State.CLOSED


def test_FLOW_03_objection_cannot_be_resolved_twice(publicity):
    objection = objection_raise(publicity=publicity, subject_label="张三", content="x", raised_on=date(2023, 9, 28))
    objection_resolve(objection=objection, upheld=True, note="成立")
    with pytest.raises(PublicityError):
        objection_resolve(objection=objection, upheld=False, note="改判")
    assert Objection.objects.get(pk=objection.pk).outcome == Objection.Outcome.UPHELD


def test_FLOW_03_no_objection_after_the_close(publicity):
    publicity_close(publicity=publicity, today=date(2023, 10, 10))
    publicity.refresh_from_db()
    with pytest.raises(PublicityError):
        objection_raise(publicity=publicity, subject_label="x", content="y", raised_on=date(2023, 10, 11))


def test_FLOW_03_objection_on_the_first_and_the_last_day_is_accepted(publicity):
    with clock.at(date(2023, 10, 20)):
        objection_raise(publicity=publicity, subject_label="张三", content="x", raised_on=date(2023, 9, 27))
        objection_raise(publicity=publicity, subject_label="李四", content="y", raised_on=date(2023, 10, 9))
    assert publicity.objections.count() == 2
    assert AuditRecord.objects.filter(subject_id=str(publicity.pk), transition="objection_raise").count() == 2


@pytest.mark.parametrize(
    ("raised_on", "words"),
    [(date(2023, 9, 26), "早于公示期"), (date(2023, 10, 10), "晚于公示期"), (date(2024, 1, 1), "晚于公示期")],
)
def test_FLOW_03_objection_outside_the_period_is_refused_naming_it(publicity, raised_on, words):
    with clock.at(date(2024, 3, 1)), pytest.raises(PublicityError) as err:
        objection_raise(publicity=publicity, subject_label="张三", content="x", raised_on=raised_on)
    assert words in str(err.value) and "2023-09-27 – 2023-10-09" in str(err.value) and "FLOW-03" in str(err.value)
    assert not publicity.objections.exists()
    assert not AuditRecord.objects.filter(transition="objection_raise").exists()


def test_FLOW_03_objection_dated_after_today_is_refused(publicity):
    with clock.at(date(2023, 9, 28)):
        with pytest.raises(PublicityError, match="晚于今天（2023-09-28）"):
            objection_raise(publicity=publicity, subject_label="张三", content="x", raised_on=date(2023, 9, 29))
        objection_raise(publicity=publicity, subject_label="张三", content="x", raised_on=date(2023, 9, 28))
    assert publicity.objections.count() == 1


def test_FLOW_03_objection_reads_the_state_of_the_stored_row_not_the_callers_copy(publicity):
    stale = Publicity.objects.get(pk=publicity.pk)
    publicity_close(publicity=publicity, today=date(2023, 10, 10))
    assert stale.state == Publicity.State.OPEN  # the caller's copy still says open
    with pytest.raises(PublicityError, match="公示已结束"):
        objection_raise(publicity=stale, subject_label="张三", content="x", raised_on=date(2023, 10, 9))
    assert not Objection.objects.exists()


def test_FLOW_03_task_closes_only_ended_periods_without_open_objections_and_is_idempotent(unit):
    ended = publicity_start(organisation=unit, kind="other", title="ended", starts_on=date(2023, 6, 5))
    running = publicity_start(organisation=unit, kind="other", title="running", starts_on=date(2023, 9, 27))
    disputed = publicity_start(organisation=unit, kind="other", title="disputed", starts_on=date(2023, 6, 5))
    objection_raise(publicity=disputed, subject_label="李四", content="学历不实", raised_on=date(2023, 6, 6))
    with clock.at(date(2023, 10, 9)):
        assert publicity_close_due.delay().get() == 1
        assert publicity_close_due.delay().get() == 0  # a second run changes nothing
    states = dict(Publicity.objects.values_list("title", "state"))
    assert states == {"ended": "closed", "running": "open", "disputed": "open"}
    assert AuditRecord.objects.filter(subject_id=str(ended.pk), transition="publicity_close").count() == 1
    assert running.pk and disputed.pk


def _due(unit, count: int, *, title: str = "到期") -> list[Publicity]:
    """``count`` publicities of June 2023 (last working day 2023-06-09), still open."""
    return [
        publicity_start(organisation=unit, kind="unit_application", title=f"{title}{k}", starts_on=date(2023, 6, 5))
        for k in range(count)
    ]


_AUDIT_FIELDS = ("subject_type_id", "subject_repr", "transition", "from_state", "to_state", "actor_id",
                 "actor_name", "role", "organisation_id", "note")  # fmt: skip


@pytest.mark.parametrize("due", [1, 3])
def test_FLOW_03_task_runs_the_same_queries_for_one_or_many_due_publicities(unit, due, django_assert_num_queries):
    """DESIGN.md "bulk operations in tasks": the due ids (1), then per chunk a savepoint, the locked rows, their
    open objections, one UPDATE, one INSERT of the audit records, the release (6) — not 7 queries per publicity."""
    _due(unit, due)
    with clock.at(date(2023, 6, 12)), django_assert_num_queries(7):
        assert publicity_close_due() == due
    assert Publicity.objects.filter(state=Publicity.State.CLOSED).count() == due
    assert AuditRecord.objects.filter(transition="publicity_close").count() == due


def test_FLOW_03_task_closes_in_chunks_one_audit_record_each_not_the_disputed_or_running(unit, monkeypatch):
    monkeypatch.setattr("workflow.tasks.PUBLICITY_CLOSE_CHUNK", 2)
    due = _due(unit, 5)
    ends_today = publicity_start(organisation=unit, kind="other", title="今天结束", starts_on=date(2023, 6, 6))
    disputed = publicity_start(organisation=unit, kind="other", title="有异议", starts_on=date(2023, 6, 5))
    objection_raise(publicity=disputed, subject_label="李四", content="学历不实", raised_on=date(2023, 6, 6))
    assert ends_today.ends_on == date(2023, 6, 12)
    with clock.at(date(2023, 6, 12)):  # FLOW-03: the day after the last working day of the five, not on it
        assert publicity_close_due() == 5
    states = dict(Publicity.objects.values_list("pk", "state"))
    assert {states[p.pk] for p in due} == {Publicity.State.CLOSED}
    assert states[ends_today.pk] == states[disputed.pk] == Publicity.State.OPEN
    records = AuditRecord.objects.filter(transition="publicity_close")
    assert sorted(records.values_list("subject_id", flat=True)) == sorted(str(p.pk) for p in due)
    assert set(records.values_list("actor_name", "from_state", "to_state", "organisation_id")) == {
        ("系统", "open", "closed", unit.pk)
    }
    assert Publicity.objects.filter(pk__in=[p.pk for p in due], closed_at__isnull=True).count() == 0
    with clock.at(date(2023, 6, 13)):  # a day later the period of ends_today has ended too
        assert publicity_close_due() == 1
    assert Publicity.objects.get(pk=ends_today.pk).state == Publicity.State.CLOSED


def test_FLOW_03_batch_close_writes_the_record_of_the_single_close(unit):
    one, other = _due(unit, 2, title="同名公示")
    publicity_close(publicity=one, today=date(2023, 6, 12))
    closed = publicities_close(ids=[other.pk], today=date(2023, 6, 12))
    assert [p.pk for p in closed] == [other.pk] and closed[0].state == Publicity.State.CLOSED
    single, batch = (
        AuditRecord.objects.filter(transition="publicity_close", subject_id=str(p.pk)).values(*_AUDIT_FIELDS).get()
        for p in (one, other)
    )
    assert {**single, "subject_repr": ""} == {**batch, "subject_repr": ""}
    assert (single["subject_repr"], batch["subject_repr"]) == ("同名公示0", "同名公示1")


def test_FLOW_03_batch_close_checks_every_row_again(unit):
    """Ids listed a moment ago: the rows are read again under the lock — closed meanwhile, not yet ended, with an
    objection raised since — and only those that may close are closed."""
    due, already, disputed = _due(unit, 3)
    running = publicity_start(organisation=unit, kind="other", title="进行中", starts_on=date(2023, 6, 12))
    publicity_close(publicity=already, today=date(2023, 6, 12))
    objection_raise(publicity=disputed, subject_label="张三", content="x", raised_on=date(2023, 6, 9))
    closed = publicities_close(ids=[due.pk, already.pk, disputed.pk, running.pk], today=date(2023, 6, 12))
    assert [p.pk for p in closed] == [due.pk]
    assert AuditRecord.objects.filter(transition="publicity_close").count() == 2  # already's, and due's
    assert Publicity.objects.get(pk=disputed.pk).state == Publicity.State.OPEN
    assert Publicity.objects.get(pk=running.pk).state == Publicity.State.OPEN
    assert publicities_close(ids=[], today=date(2023, 6, 12)) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_FLOW_03_task_skips_a_publicity_locked_by_a_person_and_closes_it_on_the_next_run(unit):
    import threading

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    # A transactional test starts on a database flushed and refilled after the one before: content-type ids cached
    # by an earlier test may no longer exist (the batch close writes its audit rows with the cached id).
    ContentType.objects.clear_cache()
    free, held = _due(unit, 2)
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Publicity.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert locked.wait(10)
        with clock.at(date(2023, 6, 12)):
            assert publicity_close_due() == 1  # does not wait for the lock
    finally:
        release.set()
        thread.join()
    assert Publicity.objects.get(pk=free.pk).state == Publicity.State.CLOSED
    assert Publicity.objects.get(pk=held.pk).state == Publicity.State.OPEN
    with clock.at(date(2023, 6, 12)):
        assert publicity_close_due() == 1
    assert Publicity.objects.get(pk=held.pk).state == Publicity.State.CLOSED
    assert AuditRecord.objects.filter(transition="publicity_close").count() == 2


def test_FLOW_03_publicity_may_name_the_one_object_it_publishes(unit):
    published = publicity_start(organisation=unit, kind="other", title="方案公示", starts_on=date(2023, 6, 5),
                                subject=unit)  # fmt: skip
    stored = Publicity.objects.get(pk=published.pk)
    assert stored.subject == unit and stored.subject_id == str(unit.pk)
    batch = publicity_start(organisation=unit, kind="other", title="批量公示", starts_on=date(2023, 6, 5))
    assert Publicity.objects.get(pk=batch.pk).subject is None
