"""The demo date (演示日期): demo mode only, forward only, checked against the working-day calendar (FLOW-02), and
moving it runs the periodic jobs for each day passed (a publicity whose 5 working days ended closes, FLOW-03)."""

from datetime import date

import pytest
from django.test import Client

from workflow import clock
from workflow.demo import DEMO_PASSWORD, seed
from workflow.models import AuditRecord, DemoClock, Objection, Organisation, Publicity
from workflow.services import DemoDateError, demo_date_set, demo_date_start, objection_raise, publicity_start

pytestmark = pytest.mark.django_db

URL = "/demo/date/"


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    seed()
    demo_date_start(day=date(2023, 7, 3))


@pytest.fixture
def officer(client, demo):
    assert client.login(username="unit_hr", password=DEMO_PASSWORD)
    return client


@pytest.fixture
def unit():
    return Organisation.objects.get(code="unit-no1-middle")


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_demo_date_start_keeps_a_date_already_moved(demo):
    DemoClock.objects.filter(pk=1).update(today=date(2023, 8, 1))
    assert demo_date_start(day=date(2023, 7, 3)) is False
    assert clock.today() == date(2023, 8, 1)


def test_demo_date_page_is_not_found_outside_demo_mode(officer, settings):
    settings.DEMO_MODE = False
    assert officer.post(URL, {"day": "2023-07-10"}).status_code == 404
    assert DemoClock.objects.get().today == date(2023, 7, 3)


def test_demo_date_needs_login_post_and_csrf(demo):
    anonymous = Client()
    response = anonymous.post(URL, {"day": "2023-07-10"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="unit_hr", password=DEMO_PASSWORD)
    assert strict.post(URL, {"day": "2023-07-10"}).status_code == 403
    assert strict.get(URL).status_code == 405
    assert DemoClock.objects.get().today == date(2023, 7, 3)


def test_header_shows_the_demo_date_in_demo_mode_only(officer, settings):
    page = officer.get("/").content.decode()
    assert "演示日期" in page and "2023-07-03" in page
    settings.DEMO_MODE = False
    assert "demo-date" not in officer.get("/").content.decode()


def test_FLOW_02_next_workday_crosses_the_national_day_holiday_to_the_make_up_saturday(officer):
    DemoClock.objects.filter(pk=1).update(today=date(2023, 9, 28))
    response = officer.post(URL, {"step": "workday", "next": "/"}, follow=True)
    # 29 Sept – 6 Oct 2023 are holidays; Saturday 7 October is a make-up working day (调休上班).
    assert clock.today() == date(2023, 10, 7)
    assert "2023-10-07" in _messages(response)


def test_FLOW_03_moving_past_the_fifth_working_day_closes_the_publicity(officer, unit):
    publicity = publicity_start(organisation=unit, kind="other", title="公示", starts_on=date(2023, 7, 3))
    assert publicity.ends_on == date(2023, 7, 7)
    officer.post(URL, {"day": "2023-07-07"})
    publicity.refresh_from_db()
    assert publicity.state == Publicity.State.OPEN  # its last day: not yet
    response = officer.post(URL, {"day": "2023-07-08", "next": "/"}, follow=True)
    publicity.refresh_from_db()
    assert publicity.state == Publicity.State.CLOSED
    assert "结束公示 1" in _messages(response)
    assert AuditRecord.objects.filter(transition="demo_date_set", to_state="2023-07-08").count() == 1


def test_FLOW_03_an_open_objection_keeps_the_publicity_open_when_the_date_moves(officer, unit):
    publicity = publicity_start(organisation=unit, kind="other", title="公示", starts_on=date(2023, 7, 3))
    objection_raise(publicity=publicity, subject_label="张三", content="业绩不实", raised_on=date(2023, 7, 3))
    officer.post(URL, {"day": "2023-07-20"})
    publicity.refresh_from_db()
    assert publicity.state == Publicity.State.OPEN
    assert Objection.objects.get().resolved_at is None


def test_demo_date_moves_forward_only(officer):
    response = officer.post(URL, {"day": "2023-07-03", "next": "/"}, follow=True)
    assert "只能向前" in _messages(response)
    officer.post(URL, {"day": "2023-06-30"})
    assert clock.today() == date(2023, 7, 3)
    assert not AuditRecord.objects.filter(transition="demo_date_set").exists()


@pytest.mark.parametrize(
    ("value", "expected"), [("2031-07-01", "2031"), ("07/10/2023", "YYYY-MM-DD"), ("", "YYYY-MM-DD")]
)
def test_FLOW_02_demo_date_refuses_a_year_the_calendar_does_not_hold_and_bad_dates(officer, value, expected):
    response = officer.post(URL, {"day": value, "next": "/"}, follow=True)
    assert expected in _messages(response)
    assert clock.today() == date(2023, 7, 3)


def test_demo_date_refuses_a_jump_of_more_than_400_days(demo):
    with pytest.raises(DemoDateError, match="400"):
        demo_date_set(day=date(2024, 8, 7))
    assert clock.today() == date(2023, 7, 3)


def test_demo_date_next_leaves_the_site(officer):
    response = officer.post(URL, {"day": "2023-07-04", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_FLOW_02_refused_year_is_named_in_english_on_english_pages(officer):
    officer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = officer.post(URL, {"day": "2031-07-01", "next": "/"}, follow=True)
    text = _messages(response)
    assert "2031" in text and "工作日历" not in text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "/\\evil.example", "http://testserver/titles/"]
)
def test_demo_date_refuses_an_outside_next_url(officer, target):
    response = officer.post(URL, {"step": "workday", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    assert DemoClock.objects.get().today == date(2023, 7, 4)


def test_demo_date_follows_a_local_next_path(officer):
    response = officer.post(URL, {"step": "workday", "next": "/titles/review/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/titles/review/?page=2"
