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

WUDA_UNIT = "unit-wuda-water-station"

# (username suffix, display name, target state, level, series key, route[, extra: unit code, directional,
# green category])
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
    # TITLE-07: a district unit's senior application goes district HR → city HR; a directional one via the district
    # department to the city department of its series (water: 乌海市水务局, Doc B attachment 2).
    ("21", "冯立（演示）", "city_hr_review", "deputy_senior", "water_engineering", Route.REVIEW, {"unit": WUDA_UNIT}),
    (
        "22",
        "韦红（演示）",
        "dept_report",
        "deputy_senior",
        "water_engineering",
        Route.REVIEW,
        {"unit": WUDA_UNIT, "directional": True},
    ),
    (
        "23",
        "孔亮（演示）",
        "city_dept_review",
        "deputy_senior",
        "water_engineering",
        Route.REVIEW,
        {"unit": WUDA_UNIT, "directional": True},
    ),
    # The region's result came back: city HR records the region's filing, then issues the certificate (TITLE-15).
    ("24", "曹雨（演示）", "passed_region", "deputy_senior", "engineering", Route.REVIEW),
    ("26", "钟毓（演示）", "accepted_engineering", "intermediate", "engineering", Route.REVIEW),
    # GREEN-03: the city's green channel (category 8) waits for the leading group's consent before routing.
    (
        "25",
        "严冬（演示）",
        "hr_review_green",
        "intermediate",
        "primary_secondary_teacher",
        Route.GREEN_CHANNEL,
        {"green_category": 8},
    ),
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


# A district institution with a filed scheme (TITLE-10) and the officers of its path, for the TITLE-07 cases.
DISTRICT_ACCOUNTS = [
    ("unit_hr_wuda", "赵兰（乌达区水利工作站人事）", Role.UNIT_HR, WUDA_UNIT),
    ("dept_wuda", "钱坤（乌达区农牧水务局）", Role.DEPT_REVIEWER, "wuda-agriculture"),
    ("district_hr_wuda", "孙敏（乌达区人社局）", Role.HR_OFFICER, "wuda-hr"),
    ("dept_city_water", "周涛（乌海市水务局）", Role.DEPT_REVIEWER, "city-water"),
]


def _district_people(past) -> dict:
    """The Wuda water station (district, supervised by the Wuda agriculture and water bureau), its officers, and
    its scheme filed through the posts services a while before the cases start."""
    from posts.demo import DISTRICT_COMPLIANT, MANAGEMENT, WORKER
    from posts.models import Scheme
    from posts.services import scheme_create, scheme_dept_approve, scheme_file, scheme_submit
    from workflow.demo import DEMO_PASSWORD

    unit, _ = Organisation.objects.update_or_create(
        code=WUDA_UNIT,
        defaults={
            "kind": Organisation.Kind.UNIT,
            "name": "乌达区水利工作站",
            "jurisdiction": "wuda",
            "affiliation": Organisation.Affiliation.DISTRICT,
            "supervisor": Organisation.objects.get(code="wuda-agriculture"),
            "sector": "water",
        },
    )
    people = {}
    for username, display, role, code in DISTRICT_ACCOUNTS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": display, "email": f"{username}@demo.wuhai.example"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(code=code), role=role)
        people[username] = user
    if not Scheme.objects.filter(unit=unit).exists():
        with clock.at(past(60)):
            scheme = scheme_create(unit=unit, actor=people["unit_hr_wuda"], professional=DISTRICT_COMPLIANT,
                                   management=MANAGEMENT, worker=WORKER, today=past(60))  # fmt: skip
            scheme_submit(scheme=scheme, actor=people["unit_hr_wuda"], today=past(60))
            scheme_dept_approve(scheme=scheme, actor=people["dept_wuda"], opinion="同意。", today=past(60))
            scheme_file(scheme=scheme, actor=people["district_hr_wuda"], opinion="同意备案。", today=past(60))
    return {
        "unit": unit,
        "unit_hr": people["unit_hr_wuda"],
        "dept_reviewer": people["dept_wuda"],
        "district_hr": people["district_hr_wuda"],
        "city_dept": people["dept_city_water"],
    }


def _walk_district(app: Application, target: str, people: dict, hr, past) -> Application:
    """TITLE-07 (the unit's own steps as ``_walk``): district department → district HR → city HR, or directional:
    district HR routes and re-checks → the district department reports to the city department."""
    on = lambda n: clock.at(past(n))  # noqa: E731
    unit_hr, dept, district_hr = people["unit_hr"], people["dept_reviewer"], people["district_hr"]
    with on(44):
        app = wf.unit_review_start(application=app, actor=unit_hr)
    with on(40):
        batch = wf.unit_publicity_start(applications=[app], actor=unit_hr, starts_on=past(40), today=past(40))
    with on(30):
        publicity_close(publicity=batch.publicity, today=past(30), actor=unit_hr, role=Role.UNIT_HR)
    with on(29):
        app = wf.unit_recommend(application=batch.applications[0], actor=unit_hr, opinion="符合申报条件，材料真实完整。",
                                selection_method="个人申报、单位推荐委员会评议", pledged=True, today=past(29))  # fmt: skip
        app = wf.dept_review_start(application=app, actor=dept)
    with on(28):
        app = wf.dept_forward(application=app, actor=dept, opinion="复核符合条件，同意报送。", today=past(28))
    if target == "city_hr_review":
        with on(25):
            return wf.city_hr_forward(
                application=app, actor=district_hr, opinion="审核汇总，报市人社局。", today=past(25)
            )
    with on(26):
        app = wf.hr_route(application=app, actor=district_hr, today=past(26))
    with on(25):
        app = wf.directional_recheck(
            application=app, actor=district_hr, opinion="复核符合定向评价条件。", today=past(25)
        )
    if target == "dept_report":
        return app
    with on(24):
        return wf.dept_report_city(application=app, actor=dept, opinion="同意上报市水务局。", today=past(24))


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
    if target == "hr_review_green":
        return app
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
    if target in ("forwarded", "passed_region"):
        with on(26):
            app = wf.region_forward(application=app, actor=hr, today=past(26))
        if target == "forwarded":
            return app
        with on(5):
            return wf.region_outcome_record(application=app, actor=hr, passed=True, decided_on=past(6),
                                            note="自治区工程系列高级评委会评审通过（演示）")  # fmt: skip
    if target == "accepted_engineering":
        # The engineering committee's office (the same account titles.demo_committees seeds); its committee has no
        # meeting planned, so the case stays accepted — the accepted case of the teachers goes on this year's docket.
        eng_office, _ = get_user_model().objects.get_or_create(
            username="committee_office_eng", defaults={"first_name": "工程评委会办公室（演示）"}
        )
        organiser = Organisation.objects.get(code="cmte-engineering")
        Membership.objects.get_or_create(user=eng_office, organisation=organiser, role=Role.COMMITTEE_OFFICE)
        with on(26):
            return wf.committee_accept(application=app, actor=eng_office)
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

    district = _district_people(past)
    for suffix, display, target, level, series_key, route, *more in PLAN:
        extra = dict(more[0]) if more else {}
        case_unit = district["unit"] if extra.pop("unit", None) == WUDA_UNIT else unit
        user = _user(suffix, display)
        Membership.objects.get_or_create(user=user, organisation=case_unit, role=Role.APPLICANT)
        if Application.objects.filter(applicant=user, evaluation_year=year).exists():
            continue
        with clock.at(past(45)):
            app = Application.objects.create(
                applicant=user,
                unit=case_unit,
                evaluation_year=year,
                series=Series.objects.get(key=series_key),
                level=level,
                route=route,
                rule="RECOG-01" if route == Route.RECOGNITION else "GREEN-02" if route == Route.GREEN_CHANNEL else "",
                state="submitted",
                submitted_at=clock.now(),
                **extra,
            )
            audit_record(subject=app, transition="application_submit", from_state="draft", to_state="submitted",
                         actor=user, role=Role.APPLICANT, note="演示数据")  # fmt: skip
        # A step the rules refuse is a defect of the demo data: fail loudly (seed_demo stops, nothing is half-seeded).
        if case_unit == unit:
            results[user.username] = _walk(app, target, people, past).state
        else:
            results[user.username] = _walk_district(app, target, district, people["hr_officer"], past).state
    return results
