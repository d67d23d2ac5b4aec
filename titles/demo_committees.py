"""Demo committees, judge pool and meetings (idempotent), walked through the real services.

- Approved committees whose keys match what HR routing puts in ``Application.committee_key``
  (``titles.services.workflow._committee_key_for``): the teachers' intermediate/junior committee under the
  ``cmte-teachers`` organiser (key ``cmte-teachers``), the teachers' deputy-senior committee (by series, 25 judges
  drawn from a pool of 40), the engineering intermediate committee (``cmte-engineering``) and the secondary-vocational
  teachers' deputy-senior committee (``vocational-deputy-senior``, same organiser). The health committee is only
  proposed, so the UI shows why it cannot be scheduled (CMTE-01); its office (``committee_office_health``) can draw
  its panel and city HR can then approve it from the committee page.
- Every expert has a recorded term of at most three years (CMTE-04) and a contact number; the demo ``judge`` user
  gets a pool row and a seat on the teachers' committee.
- The demo is set in the 2023 evaluation year (``settings.DEMO_START_DATE``, ``workflow.clock``): last year's
  meeting of the teachers' committee (16 August 2022) was held, its results published and filed; this year's is
  planned for 5 September 2023 (docket proposed by the scheduler, plan not yet filed). Each step runs on its own
  day (``clock.at``), so the audit trails carry the days. Committees were approved on 1 March 2022 (valid 3 years).
- A complete meeting for a new user, from the draw to the roster: the vocational committee (run by the same
  ``committee_office`` account) has its 2022 panel but no 2023 panel yet, and three accepted 2023 applications
  (applicants with full profiles, so the roster's personal columns are filled). See docs/rules_committees_db.md
  "Demo: a complete meeting" for the clicks.
- CMTE-06 availability: four judges of the teachers' panel declared September days unavailable (two of them the
  planned meeting's day, entered by the office), and the demo judge declared 26 September himself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from titles import committee_rules as rules
from titles.models import Application, Committee, CommitteeSeat, EvaluationYear, Judge, Series
from titles.models.profiles import ApplicantProfile, EducationRecord, HeldTitle
from workflow import clock
from workflow.models import Membership, Organisation, Role

YEAR = 2023  # the evaluation year of Doc B, in which the demo is set
LAST_YEAR = YEAR - 1  # the meeting already held belongs to last year's review
APPROVED_ON = date(LAST_YEAR, 3, 1)
PLANNED_ON = date(YEAR, 7, 3)  # the demo's first day: this year's meeting is being planned


@dataclass(frozen=True)
class DemoCommittee:
    key: str
    name: str
    organiser: str  # organisation code
    series: str
    levels: tuple[str, ...]
    panel: int  # judges drawn a year (odd; a senior committee by series ≥ 25, CMTE-04)
    approved: bool  # approved on APPROVED_ON (the health committee stays proposed)


# The demo's committees. ``bench/bench_scheduling.py`` schedules 10,000 applications across the approved ones.
COMMITTEES = (
    DemoCommittee("cmte-teachers", "乌海市教育局（市直中、初级评委会）", "cmte-teachers", "primary_secondary_teacher",
                  ("intermediate", "assistant", "member"), 15, True),
    DemoCommittee("teachers-deputy-senior", "乌海市教育局中小学教师系列副高级评委会", "cmte-teachers",
                  "primary_secondary_teacher", ("deputy_senior",), 25, True),
    DemoCommittee("cmte-engineering", "乌海市工程系列中级职称评审委员会", "cmte-engineering", "engineering",
                  ("intermediate",), 9, True),
    DemoCommittee("vocational-deputy-senior", "乌海市教育局中等职业学校教师系列副高级评委会", "cmte-teachers",
                  "secondary_vocational_teacher", ("deputy_senior",), 25, True),
    DemoCommittee("cmte-health", "乌海市卫生系列中级职称评审委员会", "cmte-health", "health", ("intermediate",), 7, False),
)  # fmt: skip
VOCATIONAL_SCHOOL = ("unit-vocational-school", "乌海市职业技术学校")  # a city secondary vocational school
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "丽华", "志强", "秀英", "海涛", "静", "伟", "敏", "军", "芳"]


def _people():
    def user(username):
        return get_user_model().objects.get(username=username)

    return {"office": user("committee_office"), "hr": user("hr_officer"), "judge": user("judge")}


# CMTE-04: three-year terms (the end day included) that cover both demo years' draws and reviews.
TERMS = (
    (date(2021, 3, 1), date(2024, 2, 29)),
    (date(2022, 1, 1), date(2024, 12, 31)),
    (date(2021, 7, 1), date(2024, 6, 30)),
)


def _pool(series: Series, n: int, prefix: str, units: list[Organisation]) -> list[Judge]:
    judges = []
    for i in range(n):
        name = f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[i % len(GIVEN)]}（{prefix}）"
        unit = units[i % len(units)] if units and i % 4 == 0 else None
        start, end = TERMS[i % len(TERMS)]
        judge, _ = Judge.objects.get_or_create(
            name=name,
            series=series,
            defaults={
                "title_level": "full_senior" if i % 3 == 0 else "deputy_senior",
                "unit": unit,
                "unit_name": unit.name if unit else f"内蒙古自治区{prefix}专家库单位{i + 1}",
                "phone": f"1394730{i:04d}"[-11:],
                "term_start": start,
                "term_end": end,
            },
        )
        judges.append(judge)
    return judges


def _office(username: str, display: str, organisation: Organisation):
    """A committee office account that can log in with the demo password (CMTE-01: each organiser has one)."""
    from workflow.demo import DEMO_PASSWORD

    user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": display})
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.email = f"{username}@demo.wuhai.example"
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.COMMITTEE_OFFICE)
    return user


def _seed_for(committee: Committee, year: int, needed: int, must_include: Judge) -> int:
    """The first seed whose draw seats ``must_include`` (the demo judge), replayed exactly by ``panel_draw``."""
    from titles.services.committees import draw_pool, judges_with_history

    eligible = rules.eligible_judges(judges_with_history(draw_pool(committee)), year).eligible
    for seed in range(1, 500):
        if str(must_include.pk) in rules.draw_panel(eligible, needed, None, seed).panel:
            return seed
    return 1


def _applications(
    committee: Committee,
    unit_codes: list[str],
    n: int,
    tag: str,
    year: int = YEAR,
    *,
    profiles: bool = False,
) -> list[Application]:
    year, _ = EvaluationYear.objects.get_or_create(year=year)
    units = list(Organisation.objects.filter(code__in=unit_codes))
    apps = []
    for i in range(n):
        user, _ = get_user_model().objects.get_or_create(
            username=f"applicant_cm_{tag}_{i + 1:02d}",
            defaults={"first_name": f"{SURNAMES[-1 - i]}{GIVEN[(i + 3) % len(GIVEN)]}（演示）"},
        )
        unit = units[i % len(units)]
        if profiles:
            _profile(user, unit, committee.series, PROFILE_BASE[tag] + i)
        app, _ = Application.objects.get_or_create(
            applicant=user,
            evaluation_year=year,
            level=committee.levels[0],
            defaults={
                "unit": unit,
                "series": committee.series,
                "state": "accepted",
                "committee_key": committee.key,
                "committee_name": committee.name,
            },
        )
        apps.append(app)
    return apps


# Distinct birth dates and ID numbers per demo batch (the profile's identity is unique).
PROFILE_BASE = {"held": 0, "planned": 6, "vocational": 12}
# series → (current specialty, held title name, held level, school, major)
PROFILE_DETAILS = {
    "secondary_vocational_teacher": (
        "机电技术应用",
        "中等职业学校一级讲师",
        "intermediate",
        "内蒙古工业大学",
        "机械设计制造及其自动化",
    ),
    "primary_secondary_teacher": ("初中语文", "中学二级教师", "assistant", "内蒙古师范大学", "汉语言文学"),
}


def _profile(user, unit: Organisation, series: Series, n: int) -> ApplicantProfile:
    """A full applicant profile (Doc B attachment 3 columns: gender, ethnicity, ID, birth, education, title, phone)."""
    specialty, title, level, school, major = PROFILE_DETAILS.get(
        series.key, PROFILE_DETAILS["primary_secondary_teacher"]
    )
    birth = date(1978 + n, 1 + n % 12, 5 + n)
    profile, created = ApplicantProfile.objects.get_or_create(
        user=user,
        defaults={
            "full_name": user.first_name.replace("（演示）", ""),
            "gender": ApplicantProfile.Gender.FEMALE if n % 2 else ApplicantProfile.Gender.MALE,
            "ethnicity": ("汉族", "蒙古族", "回族")[n % 3],
            "id_number": f"150302{birth:%Y%m%d}{70 + n:03d}{n % 10}",
            "birth_date": birth,
            "phone": f"1384731{n:04d}",
            "unit": unit,
            "employment": "institution",
            "current_specialty": specialty,
        },
    )
    if created:
        EducationRecord.objects.create(
            profile=profile, education="bachelor", school=school, major=major, graduated_on=date(birth.year + 22, 7, 1)
        )
        HeldTitle.objects.create(profile=profile, series=series, level=level, name=title, obtained_on=date(2016, 9, 1))
    return profile


@transaction.atomic
def seed() -> dict:
    from titles.services import committees as svc
    from workflow.services import publicity_close

    if Committee.objects.filter(key="cmte-teachers").exists():
        return {"skipped": True}
    people = _people()
    orgs = {o.code: o for o in Organisation.objects.filter(code__startswith="cmte-")}
    units = list(Organisation.objects.filter(kind=Organisation.Kind.UNIT).order_by("code"))
    teachers = Series.objects.get(key="primary_secondary_teacher")
    vocational = Series.objects.get(key="secondary_vocational_teacher")
    engineering = Series.objects.get(key="engineering")
    health = Series.objects.get(key="health")

    teacher_pool = _pool(teachers, 40, "中小学教师", units)
    _pool(vocational, 36, "中职教师", units)
    _pool(engineering, 12, "工程", units)
    _pool(health, 8, "卫生", units)
    demo_judge, _ = Judge.objects.get_or_create(
        user=people["judge"],
        defaults={
            "name": "周教授",
            "series": teachers,
            "title_level": "full_senior",
            "unit_name": "内蒙古师范大学",
            "phone": "13947300999",
            "email": "judge@demo.wuhai.example",
            "term_start": date(2021, 3, 1),
            "term_end": date(2024, 2, 29),
        },
    )
    teacher_pool.append(demo_judge)

    made = {
        spec.key: Committee.objects.create(
            key=spec.key,
            name=spec.name,
            organiser=orgs[spec.organiser],
            series=Series.objects.get(key=spec.series),
            levels=list(spec.levels),
        )
        for spec in COMMITTEES
    }
    ij, senior, eng = made["cmte-teachers"], made["teachers-deputy-senior"], made["cmte-engineering"]
    vocational_cmte = made["vocational-deputy-senior"]
    office = people["office"]
    eng_office = _office("committee_office_eng", "工程评委会办公室（演示）", orgs["cmte-engineering"])
    _office("committee_office_health", "卫生评委会办公室（演示）", orgs["cmte-health"])

    # CMTE-03 draws (seeds recorded) and CMTE-01/04 approvals: last year's panels (the approval checks the panel of
    # its year), then this year's (two consecutive years, so everybody may still serve — the three-year rule).
    for year, drawn_on in ((LAST_YEAR, APPROVED_ON - timedelta(days=14)), (YEAR, PLANNED_ON - timedelta(days=7))):
        with clock.at(drawn_on):
            size = {spec.key: spec.panel for spec in COMMITTEES}
            svc.panel_draw(
                actor=office, committee=ij, year=year, needed=size[ij.key], seed=_seed_for(ij, year, 15, demo_judge)
            )
            svc.panel_draw(actor=office, committee=senior, year=year, needed=size[senior.key], seed=year)
            svc.panel_draw(actor=eng_office, committee=eng, year=year, needed=size[eng.key], seed=7)
            if year == LAST_YEAR:  # this year's vocational panel is left for the demo user to draw
                svc.panel_draw(
                    actor=office, committee=vocational_cmte, year=year, needed=size[vocational_cmte.key], seed=year
                )
        if year == LAST_YEAR:
            with clock.at(APPROVED_ON):
                for committee in (made[spec.key] for spec in COMMITTEES if spec.approved):
                    svc.committee_approve(
                        actor=people["hr"],
                        committee=committee,
                        approved_on=APPROVED_ON,
                        approval_note="乌人社字〔2022〕演示号",
                    )

    # Last year's meeting: held, results published and filed (TITLE-14/15).
    unit_codes = ["unit-no1-middle"]  # the committee reviews city units (市直, CMTE-01 scope)
    apps = _applications(ij, unit_codes, 6, "held", year=LAST_YEAR, profiles=True)
    planned_on, meets_on = date(LAST_YEAR, 8, 1), date(LAST_YEAR, 8, 16)
    with clock.at(planned_on):
        meetings, _ = svc.meeting_plan(
            actor=office, committee=ij, dates=[meets_on], today=planned_on, place="市教育局三楼会议室"
        )
        held = meetings[0]
        svc.meeting_plan_file(actor=office, meeting=held, filed_on=planned_on)
    with clock.at(planned_on + timedelta(days=3)):
        svc.meeting_plan_approve(actor=people["hr"], meeting=held, approved_on=planned_on + timedelta(days=3))
    with clock.at(meets_on):
        svc.meeting_open(actor=office, meeting=held, today=meets_on)
        panel = list(
            CommitteeSeat.objects.filter(committee=ij, year=LAST_YEAR, alternate=False).values_list("judge", flat=True)
        )
        svc.attendance_record(actor=office, meeting=held, present_judge_ids=panel[:13])
        present = set(panel[:13])
        for i, entry in enumerate(held.docket.order_by("position")):
            recused = held.recusals.filter(application=entry.application_id, judge__in=present).count()
            voters = 13 - recused
            agree = voters if i % 3 else max(0, voters - 6)
            svc.tally_record(actor=office, entry=entry, agree=agree, disagree=voters - agree, abstain=0)
        svc.meeting_close(actor=office, meeting=held)
        publicity = svc.meeting_results_publish(actor=office, meeting=held, today=meets_on)
    if publicity is not None:
        with clock.at(publicity.ends_on + timedelta(days=1)):
            publicity_close(publicity=publicity, today=publicity.ends_on + timedelta(days=1))
    with clock.at(date(LAST_YEAR, 9, 1)):
        svc.meeting_results_file(
            actor=office, meeting=held, today=date(LAST_YEAR, 9, 1), report="公示期间未收到异议和投诉，评审结果有效。"
        )
    # City HR filed each passed case and issued its certificate (TITLE-15), so last year's cases are finished.
    from titles.services import workflow as wf

    with clock.at(date(LAST_YEAR, 9, 2)):
        for app in Application.objects.filter(pk__in=[a.pk for a in apps], state="result_publicity"):
            wf.result_file(application=app, actor=people["hr"], note="同意备案。", today=date(LAST_YEAR, 9, 2))
            wf.certificate_issue(application=app.pk, actor=people["hr"], today=date(LAST_YEAR, 9, 2))

    # CMTE-06: a few judges of this year's teachers' panel declare September days they cannot sit, before the
    # September meeting is planned: two on its day (13 of 15 remain, still ≥ 2/3), others later in the month; the
    # demo judge declares his own. The meeting screen lists who declared the meeting day unavailable.
    this_panel = list(
        CommitteeSeat.objects.filter(committee=ij, year=YEAR, alternate=False).values_list("judge", flat=True)
    )
    others = [j for j in this_panel if j != demo_judge.pk]
    judges = {j.pk: j for j in Judge.objects.filter(pk__in=others[:4])}
    with clock.at(PLANNED_ON):
        for judge_id, day, note in (
            (others[0], date(YEAR, 9, 5), "外出培训"),
            (others[1], date(YEAR, 9, 5), "出差"),
            (others[2], date(YEAR, 9, 12), "监考"),
            (others[3], date(YEAR, 9, 19), "出差"),
        ):
            svc.availability_declare(
                actor=office, judge=judges[judge_id], day=day, available=False, today=PLANNED_ON, note=note
            )
        if demo_judge.pk in this_panel:
            svc.availability_declare(
                actor=people["judge"],
                judge=demo_judge,
                day=date(YEAR, 9, 26),
                available=False,
                today=PLANNED_ON,
                note="出国",
            )

        # This year's meeting, planned (docket proposed by the scheduler, plan not yet filed).
        _applications(ij, unit_codes, 4, "planned", profiles=True)
        planned, schedule = svc.meeting_plan(
            actor=office, committee=ij, dates=[date(YEAR, 9, 5)], today=PLANNED_ON, place="市教育局三楼会议室"
        )
    # The vocational committee's accepted cases of this year, waiting for the demo user's draw and meeting.
    school, _ = Organisation.objects.get_or_create(
        code=VOCATIONAL_SCHOOL[0],
        defaults={
            "kind": Organisation.Kind.UNIT,
            "name": VOCATIONAL_SCHOOL[1],
            "jurisdiction": "city",
            "affiliation": Organisation.Affiliation.CITY_DEPARTMENT,
            "supervisor": Organisation.objects.filter(code="city-education").first(),
            "sector": "education",
        },
    )
    _applications(vocational_cmte, [school.code], 3, "vocational", profiles=True)
    return {
        "committees": 5,
        "judges": Judge.objects.count(),
        "held": held.pk,
        "planned": [m.pk for m in planned],
        "unplaced": len(schedule.unplaced),
        "applications": len(apps),
    }
