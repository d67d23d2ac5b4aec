"""Demo applications in every state after submission (idempotent), walked through the real services so that
the audit trail, signatures, notices and publicities exist, and each role's inbox has work on first login.

Dates: the walk runs in the past, each step on its own day (``workflow.clock.at``), so that publicities have closed
by today and every timeline shows the days its steps happened."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from titles.models import Application, EvaluationYear, Series
from titles.models.applications import Route
from titles.services import workflow as wf
from workflow import clock
from workflow.audit import audit_record
from workflow.models import Membership, Organisation, Role
from workflow.services import publicity_close

# (username suffix, display name, target state, level, series key, route)
PLAN = [
    ("01", "周晓（演示）", "submitted", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("02", "吴敏（演示）", "unit_review", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("03", "郑伟（演示）", "unit_publicity_open", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("04", "王磊（演示）", "unit_publicity", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("05", "冯雪（演示）", "recommended", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("06", "陈晨（演示）", "dept_review", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("07", "褚楠（演示）", "correction", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("08", "卫东（演示）", "hr_review", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("09", "蒋丽（演示）", "hr_review_routed", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("10", "沈阳（演示）", "accepted", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("11", "韩梅（演示）", "forwarded", "deputy_senior", "engineering", Route.REVIEW),
    ("12", "杨帆（演示）", "recognised", "assistant", "primary_secondary_teacher", Route.RECOGNITION),
    ("13", "朱琳（演示）", "certified", "assistant", "primary_secondary_teacher", Route.RECOGNITION),
    ("14", "秦岭（演示）", "withdrawn", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("15", "尤佳（演示）", "rejected", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("16", "许诺（演示）", "passed", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("17", "何平（演示）", "result_publicity", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("18", "吕方（演示）", "scheduled", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("19", "施然（演示）", "failed", "intermediate", "primary_secondary_teacher", Route.REVIEW),
    ("20", "张弛（演示）", "filed", "intermediate", "primary_secondary_teacher", Route.REVIEW),
]

ORDER = [
    "submitted",
    "unit_review",
    "unit_publicity_open",
    "unit_publicity",
    "recommended",
    "dept_review",
    "correction",
    "hr_review",
    "hr_review_routed",
    "accepted",
]


def _user(suffix: str, display: str):
    user, _created = get_user_model().objects.get_or_create(
        username=f"applicant_wf_{suffix}",
        defaults={"first_name": display, "email": f"applicant_wf_{suffix}@demo.wuhai.example"},
    )
    return user


def _walk(app: Application, target: str, people: dict, past) -> Application:
    """Each step runs on its own day (``past(n)`` = n days before the demo's today, under ``clock.at``), so the
    audit trail and the applicant's timeline show the dates of the process they describe."""
    unit_hr, dept, hr, office = people["unit_hr"], people["dept_reviewer"], people["hr_officer"], people["office"]
    on = lambda n: clock.at(past(n))  # noqa: E731
    if target == "submitted":
        return app
    if target == "withdrawn":
        with on(42):
            return wf.application_withdraw(application=app, actor=app.applicant, reason="个人原因（演示）")
    with on(44):
        app = wf.unit_review_start(application=app, actor=unit_hr)
    if target == "unit_review":
        return app
    if target == "rejected":
        with on(40):
            return wf.application_reject(application=app, actor=unit_hr, reason="任职年限不足（演示）", today=past(40))
    open_only = target == "unit_publicity_open"
    start = past(0) if open_only else past(40)
    with clock.at(start):
        batch = wf.unit_publicity_start(applications=[app], actor=unit_hr, starts_on=start, today=start)
    app = batch.applications[0]
    if open_only:
        return app
    with on(30):
        publicity_close(publicity=batch.publicity, today=past(30), actor=unit_hr, role=Role.UNIT_HR)
    if target == "unit_publicity":
        return app
    with on(29):
        app = wf.unit_recommend(application=app, actor=unit_hr, opinion="符合申报条件，材料真实完整。",
                                selection_method="个人申报、单位推荐委员会评议", pledged=True, today=past(29))  # fmt: skip
    if target == "recommended":
        return app
    with on(29):
        app = wf.dept_review_start(application=app, actor=dept)
    if target == "dept_review":
        return app
    if target == "correction":
        with on(1):
            wf.correction_notice_issue(
                application=app,
                actor=dept,
                items=[
                    {"item": "annual_assessments", "note": "缺少近三年年度考核表中的一年"},
                    {"item": "work_summary", "note": "工作总结未经单位盖章"},
                ],
                deadline=past(-7),
                today=past(1),
            )
        return app
    with on(28):
        app = wf.dept_forward(application=app, actor=dept, opinion="复核符合条件，同意报送。", today=past(28))
    if target in ("hr_review", "recognised", "certified"):
        if app.route == Route.RECOGNITION and target != "hr_review":
            with on(20):
                app = wf.recognition_approve(application=app, actor=hr, opinion="符合考核认定条件。", today=past(20))
            if target == "certified":
                with on(10):
                    wf.certificate_issue(application=app, actor=hr, today=past(10))
        return app
    with on(27):
        app = wf.hr_route(application=app, actor=hr, today=past(27))
    if target == "hr_review_routed":
        return app
    if target == "forwarded":
        with on(26):
            return wf.region_forward(application=app, actor=hr, today=past(26))
    with on(26):
        app = wf.committee_accept(application=app, actor=office)
    if target == "accepted":
        return app
    from titles.services import committees

    with on(20):
        app = committees.application_schedule(application=app, actor=office, note="演示排会")
    if target == "scheduled":
        return app
    passed = target != "failed"
    with on(15):
        app = wf.vote_result_record(application=app, actor=office, passed=passed, decided_on=past(15), note="演示")
    if target in ("passed", "failed"):
        return app
    with on(14):
        batch = wf.result_publicity_start(applications=[app], actor=office, starts_on=past(14), today=past(14))
    if target == "result_publicity":
        return batch.applications[0]
    with on(3):
        publicity_close(publicity=batch.publicity, today=past(3), actor=office, role=Role.COMMITTEE_OFFICE)
    with on(2):
        return wf.result_file(application=batch.applications[0], actor=hr, today=past(2), note="演示备案")


@transaction.atomic
def seed() -> dict:
    today = clock.today()
    unit = Organisation.objects.get(code="unit-no1-middle")
    year, _ = EvaluationYear.objects.get_or_create(year=today.year)
    people = {}
    for role in (Role.UNIT_HR, Role.DEPT_REVIEWER, Role.HR_OFFICER, Role.COMMITTEE_OFFICE):
        membership = Membership.objects.filter(role=role, user__username=role, active=True).select_related("user")
        people["office" if role == Role.COMMITTEE_OFFICE else role] = membership.first().user
    results = {}

    def past(days: int):
        return today - timedelta(days=days)

    for suffix, display, target, level, series_key, route in PLAN:
        user = _user(suffix, display)
        Membership.objects.get_or_create(user=user, organisation=unit, role=Role.APPLICANT)
        if Application.objects.filter(applicant=user, evaluation_year=year).exists():
            continue
        with clock.at(past(45)):
            app = Application.objects.create(
                applicant=user,
                unit=unit,
                evaluation_year=year,
                series=Series.objects.get(key=series_key),
                level=level,
                route=route,
                rule="RECOG-01" if route == Route.RECOGNITION else "",
                state="submitted",
                submitted_at=clock.now(),
            )
            audit_record(subject=app, transition="application_submit", from_state="draft", to_state="submitted",
                         actor=user, role=Role.APPLICANT, note="演示数据")  # fmt: skip
        # A step the rules refuse is a defect of the demo data: fail loudly (seed_demo stops, nothing is half-seeded).
        results[user.username] = _walk(app, target, people, past).state
    return results
