"""The process clock (workflow.clock): the real date in production; ``clock.at``, ``WUHAI_TODAY`` and, in demo mode
only, the demo date (演示日期) override it; audit records are stamped by it."""

from datetime import date

import pytest
from django.utils import timezone

from workflow import clock
from workflow.audit import audit_record
from workflow.models import AuditRecord, DemoClock, Organisation

pytestmark = pytest.mark.django_db


def test_clock_is_the_real_local_date_without_override(settings):
    settings.DEMO_MODE = False
    assert clock.today() == timezone.localdate()
    assert abs((clock.now() - timezone.now()).total_seconds()) < 5


def test_clock_follows_wuhai_today_setting(settings):
    settings.WUHAI_TODAY = "2023-07-03"
    assert clock.today() == date(2023, 7, 3)
    assert timezone.localtime(clock.now()).date() == date(2023, 7, 3)


def test_clock_at_pins_a_day_inside_the_block_only(settings):
    settings.WUHAI_TODAY = "2023-07-03"
    with clock.at(date(2022, 8, 16)):
        assert clock.today() == date(2022, 8, 16)
        with clock.at(date(2022, 9, 1)):
            assert clock.today() == date(2022, 9, 1)
        assert clock.today() == date(2022, 8, 16)
    assert clock.today() == date(2023, 7, 3)


def test_demo_date_is_read_in_demo_mode_only(settings):
    DemoClock.objects.create(today=date(2023, 7, 3))
    settings.DEMO_MODE = False
    assert clock.today() == timezone.localdate()
    settings.DEMO_MODE = True
    assert clock.today() == date(2023, 7, 3)


def test_demo_mode_without_a_demo_date_is_the_real_date(settings):
    settings.DEMO_MODE = True
    assert clock.today() == timezone.localdate()


def test_now_is_the_overridden_day_at_the_real_time_of_day(settings):
    settings.WUHAI_TODAY = "2023-10-07"
    real = timezone.localtime(timezone.now())
    stamped = timezone.localtime(clock.now())
    assert stamped.date() == date(2023, 10, 7)
    assert (stamped.hour, stamped.minute) in {(real.hour, real.minute), (real.hour, (real.minute + 1) % 60)}


def test_FLOW_05_audit_records_carry_the_process_date():
    unit = Organisation.objects.create(kind="unit", code="u1", name="乌海市第一中学", jurisdiction="city")
    with clock.at(date(2022, 8, 16)):
        record = audit_record(subject=unit, transition="demo", note="x")
    record.refresh_from_db()
    assert timezone.localtime(record.at).date() == date(2022, 8, 16)
    assert AuditRecord.objects.count() == 1
