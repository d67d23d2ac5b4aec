"""The demo data (``seed_demo``) in demo mode: set in the 2023 evaluation year on the demo date, every case reaches
the state it demonstrates through the real services, each step dated on its own day, and a re-seed adds nothing."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from titles.demo_workflow import PLAN
from titles.models import Application, Certificate, Meeting
from workflow import clock
from workflow.models import AuditRecord, OutboxMessage

pytestmark = pytest.mark.django_db

# pseudo-targets of the walk → the state the case rests in
# (the accepted case is then placed on the docket of this year's planned meeting by titles.demo_committees)
RESTS_IN = {
    "unit_publicity_open": "unit_publicity",
    "hr_review_routed": "hr_review",
    "hr_review_green": "hr_review",
    "passed_region": "passed",
    "accepted_engineering": "accepted",
    "accepted": "scheduled",
}


@pytest.fixture
def seeded(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_starts_on_the_demo_start_date(seeded, settings):
    assert clock.today() == date.fromisoformat(settings.DEMO_START_DATE) == date(2023, 7, 3)


def test_every_demo_case_reaches_its_state(seeded):
    for suffix, _display, target, *_ in PLAN:
        app = Application.objects.get(applicant__username=f"applicant_wf_{suffix}")
        assert app.state == RESTS_IN.get(target, target), (suffix, target)
    assert Certificate.objects.exists()


def test_demo_seeds_every_state(seeded):
    """Each role's inbox has work on first login: the demo holds an application in every state."""
    from titles.models.applications import ApplicationState

    assert set(Application.objects.values_list("state", flat=True)) >= set(ApplicationState.values)


def test_demo_steps_are_dated_on_their_own_days(seeded):
    app = Application.objects.get(applicant__username="applicant_wf_20")  # filed
    days = [timezone.localtime(r.at).date() for r in AuditRecord.objects.filter(subject_id=str(app.pk))]
    assert days == sorted(days) and days[0] < days[-1] <= date(2023, 7, 3)


def test_demo_committees_held_last_year_and_plan_this_year(seeded):
    held = Meeting.objects.get(state=Meeting.State.RESULTS_FILED)
    assert held.meets_on == date(2022, 8, 16)
    planned = Meeting.objects.get(state=Meeting.State.PLANNED)
    assert planned.meets_on == date(2023, 9, 5)
    docket = set(planned.docket.values_list("application__applicant__username", flat=True))
    assert docket == {f"applicant_cm_planned_{i:02d}" for i in range(1, 5)} | {"applicant_wf_10"}


def test_seed_demo_twice_adds_nothing(seeded):
    counts = (Application.objects.count(), AuditRecord.objects.count(), OutboxMessage.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Application.objects.count(), AuditRecord.objects.count(), OutboxMessage.objects.count()) == counts


def test_senior_demo_applications_were_handed_in_before_the_senior_deadline(seeded):
    # TITLE-02: senior applications closed on 9 June 2023; the green-channel and exceptional demo cases were
    # submitted on 1 June (the demo starts on 3 July).
    for username in ("applicant_green", "applicant_exceptional"):
        app = Application.objects.get(applicant__username=username, evaluation_year__year=2023)
        assert app.state == "submitted" and timezone.localtime(app.submitted_at).date() == date(2023, 6, 1)


def test_last_years_passed_cases_are_filed_and_certified(seeded):
    held = Meeting.objects.get(state=Meeting.State.RESULTS_FILED)
    states = set(Application.objects.filter(docket_entries__meeting=held).values_list("state", flat=True))
    assert states <= {"certified", "failed"} and "certified" in states
