"""FLOW-03 publicity periods on the stored calendar: computed end, objections block the close, the periodic task."""

from datetime import date

import pytest

from workflow import clock
from workflow.models import AuditRecord, Objection, Organisation, Publicity
from workflow.services import PublicityError, objection_raise, objection_resolve, publicity_close, publicity_start
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


def test_FLOW_03_publicity_may_name_the_one_object_it_publishes(unit):
    published = publicity_start(organisation=unit, kind="other", title="方案公示", starts_on=date(2023, 6, 5),
                                subject=unit)  # fmt: skip
    stored = Publicity.objects.get(pk=published.pk)
    assert stored.subject == unit and stored.subject_id == str(unit.pk)
    batch = publicity_start(organisation=unit, kind="other", title="批量公示", starts_on=date(2023, 6, 5))
    assert Publicity.objects.get(pk=batch.pk).subject is None
