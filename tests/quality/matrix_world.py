"""The small Wuhai of the permission matrix: two sides, A and B, each with its unit, department, HR bureau, applicant,
committee office and judge, and one object of every kind a URL can point at.

Side A is the city level (市本级): unit A under the city education bureau, city HR, committee A (teachers) and its
meeting. Side B is the Haibowan district (海勃湾区): unit B under the district education bureau, the Haibowan HR
bureau, committee B (engineering) and its meeting. The Hainan HR bureau reaches neither unit ("other district").

``build()`` creates the rows once per module (``tests/quality/test_permission_matrix.py`` wraps it in a
transaction that is rolled back at the end); every matrix row runs in a savepoint of its own. Plain functions, no
mocks (STYLE.md).
"""

from __future__ import annotations

import hashlib
from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from posts.models import Scheme, SpecialPost
from tests.posts.factories import CITY_OK, DISTRICT_OK, MANAGEMENT, WORKER
from titles.models import (
    Application,
    Certificate,
    Committee,
    CommitteeSeat,
    CorrectionNotice,
    DocketEntry,
    EvaluationYear,
    Judge,
    Material,
    Meeting,
    ResultComplaint,
    ReviewStep,
    Series,
)
from titles.models.committees import JudgeAvailability  # not re-exported by titles.models
from workflow.models import Membership, Objection, Organisation, Publicity, Role

K = Organisation.Kind
PASSWORD = "matrix-pw"
AVAILABILITY_DAY = date(2099, 3, 2)  # CMTE-06 takes today or later (the committee pages' today is the real one)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"

# The columns of the matrix: who asks. ``None`` is the anonymous visitor.
USERS = (
    "anon",
    "applicant_a",  # owner of the A-side applications
    "applicant_b",  # another applicant (owner of the B-side application)
    "unit_hr_a",
    "unit_hr_b",
    "dept_a",  # city education bureau, supervises unit A
    "dept_b",  # Haibowan education bureau, supervises unit B
    "hr_city",  # city HR bureau: reaches city-level units (A)
    "hr_hb",  # Haibowan HR bureau: reaches district units of Haibowan (B)
    "hr_hn",  # Hainan HR bureau: reaches neither
    "office_a",  # committee office of committee A's organiser
    "office_b",  # committee office of committee B's organiser
    "judge_a",  # seated on committee A in 2023 (meeting A)
    "judge_b",  # seated on committee B in 2023 (meeting B)
    "superuser",  # staff + superuser, no membership
)


def org(code, kind, jurisdiction="city", **extra) -> Organisation:
    return Organisation.objects.create(
        code=code, kind=kind, name=extra.pop("name", code), jurisdiction=jurisdiction, **extra
    )


def person(username, role=None, organisation=None, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD, **extra)
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _application(w, applicant, unit, state, level, committee=None, **fields) -> Application:
    defaults = {"submitted_at": None if state == "draft" else timezone.now()}
    if committee is not None:
        defaults.update(committee_key=committee.key, committee_name=committee.name)
    defaults.update(fields)
    series = committee.series if committee is not None else w.teacher
    return Application.objects.create(
        applicant=applicant, unit=unit, evaluation_year=w.year, series=series, level=level, state=state, **defaults
    )


def _material(application, uploaded_by) -> Material:
    material = Material(
        application=application,
        item="review_form",
        original_name="评审表.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        pages=1,
        uploaded_by=uploaded_by,
    )
    material.file.save("x.pdf", ContentFile(PDF), save=True)  # under the (temporary) MEDIA_ROOT
    return material


def _scheme(unit, version, state, professional) -> Scheme:
    extra = {}
    if state == Scheme.State.FILED:
        extra = {"filed_on": date(2024, 3, 1), "term_start": date(2024, 3, 1), "term_end": date(2029, 2, 28)}
    return Scheme.objects.create(unit=unit, version=version, state=state, professional=professional,
                                 management=MANAGEMENT, worker=WORKER, **extra)  # fmt: skip


def _special_post(unit, state, grade) -> SpecialPost:
    post = SpecialPost.objects.create(
        unit=unit, category="professional", grade=grade, post_name="学科带头人", reasons="急需紧缺人才",
        term_start=date(2024, 9, 1), term_end=date(2027, 9, 1), holder_name="张三",
        holder_birth_date=date(1980, 1, 1), holder_retirement_date=date(2040, 1, 1),
    )  # fmt: skip
    SpecialPost.objects.filter(pk=post.pk).update(state=state)
    return SpecialPost.objects.get(pk=post.pk)


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    w.year = EvaluationYear.objects.get(year=2023)
    w.teacher = Series.objects.get(key="primary_secondary_teacher")
    w.engineering = Series.objects.get(key="engineering")

    # ---------------------------------------------------------------------------------------- organisations
    w.city_hr = org("m-city-hr", K.CITY_HR, name="乌海市人社局")
    w.hb_hr = org("m-hb-hr", K.DISTRICT_HR, "haibowan", name="海勃湾区人社局")
    w.hn_hr = org("m-hn-hr", K.DISTRICT_HR, "hainan", name="海南区人社局")
    w.dept_a_org = org("m-city-edu", K.DEPARTMENT, name="市教育局")
    w.dept_b_org = org("m-hb-edu", K.DEPARTMENT, "haibowan", name="海勃湾区教育局")
    w.unit_a = org("m-unit-a", K.UNIT, affiliation="city_department", supervisor=w.dept_a_org, sector="education",
                   name="乌海市第一中学")  # fmt: skip
    w.unit_b = org("m-unit-b", K.UNIT, "haibowan", affiliation="district", supervisor=w.dept_b_org,
                   sector="education", name="海勃湾区实验小学")  # fmt: skip
    w.organiser_a = org("m-cmte-teachers", K.COMMITTEE_ORGANISER, name="中小学教师评委会办公室",
                        series_received=[w.teacher.key])  # fmt: skip
    w.organiser_b = org("m-cmte-engineering", K.COMMITTEE_ORGANISER, name="工程系列评委会办公室",
                        series_received=[w.engineering.key])  # fmt: skip

    # ---------------------------------------------------------------------------------------------- people
    u = SimpleNamespace(anon=None)
    u.applicant_a = person("m_applicant_a", Role.APPLICANT, w.unit_a, first_name="李明")
    u.applicant_b = person("m_applicant_b", Role.APPLICANT, w.unit_b, first_name="王磊")
    u.unit_hr_a = person("m_unit_hr_a", Role.UNIT_HR, w.unit_a, first_name="王芳")
    u.unit_hr_b = person("m_unit_hr_b", Role.UNIT_HR, w.unit_b)
    u.dept_a = person("m_dept_a", Role.DEPT_REVIEWER, w.dept_a_org, first_name="赵强")
    u.dept_b = person("m_dept_b", Role.DEPT_REVIEWER, w.dept_b_org)
    u.hr_city = person("m_hr_city", Role.HR_OFFICER, w.city_hr, first_name="刘洋")
    # The city HR officer maintains reference data in the admin (workflow/staff.py), as the demo's hr_officer.
    from workflow.staff import hr_reference_group_sync

    u.hr_city.is_staff = True
    u.hr_city.save(update_fields=["is_staff"])
    u.hr_city.groups.add(hr_reference_group_sync())
    u.hr_hb = person("m_hr_hb", Role.HR_OFFICER, w.hb_hr)
    u.hr_hn = person("m_hr_hn", Role.HR_OFFICER, w.hn_hr)
    u.office_a = person("m_office_a", Role.COMMITTEE_OFFICE, w.organiser_a, first_name="陈静")
    u.office_b = person("m_office_b", Role.COMMITTEE_OFFICE, w.organiser_b)
    u.judge_a = person("m_judge_a", Role.JUDGE, w.organiser_a, first_name="周教授")
    u.judge_b = person("m_judge_b", Role.JUDGE, w.organiser_b)
    u.superuser = get_user_model().objects.create_superuser("m_root", "root@example.com", PASSWORD)
    w.users = u
    extra_applicant = [person(f"m_applicant_{i}") for i in range(4)]

    # ------------------------------------------------------------------------------- committees & meetings
    w.committee_a = Committee.objects.create(
        key="m-teachers-ij", name="中小学教师中级评委会", organiser=w.organiser_a, series=w.teacher,
        levels=["intermediate", "assistant", "member"], state=Committee.State.APPROVED,
        approved_on=date(2023, 1, 10),
    )  # fmt: skip
    w.committee_b = Committee.objects.create(
        key="m-engineering-ij", name="工程系列中级评委会", organiser=w.organiser_b, series=w.engineering,
        levels=["intermediate"], state=Committee.State.APPROVED, approved_on=date(2023, 1, 10),
    )  # fmt: skip
    # CMTE-04: judge A's term covers next year, the year the matrix's draw row asks for.
    this_year = timezone.localdate().year
    w.judge_a = Judge.objects.create(user=u.judge_a, name="周教授", series=w.teacher, title_level="deputy_senior",
                                     unit_name="内蒙古师范大学", term_start=date(this_year, 1, 1),
                                     term_end=date(this_year + 2, 12, 31))  # fmt: skip
    w.judge_b = Judge.objects.create(user=u.judge_b, name="吴工", series=w.engineering, title_level="deputy_senior",
                                     unit_name="包头设计院")  # fmt: skip
    CommitteeSeat.objects.create(committee=w.committee_a, judge=w.judge_a, year=2023)
    CommitteeSeat.objects.create(committee=w.committee_b, judge=w.judge_b, year=2023)
    for committee, judge in ((w.committee_a, w.judge_a), (w.committee_b, w.judge_b)):  # CMTE-06 reads that year's seats
        CommitteeSeat.objects.create(committee=committee, judge=judge, year=AVAILABILITY_DAY.year)
    # CMTE-06: each judge has declared a coming day unavailable.
    w.availability_a = JudgeAvailability.objects.create(judge=w.judge_a, day=AVAILABILITY_DAY, available=False)
    w.availability_b = JudgeAvailability.objects.create(judge=w.judge_b, day=AVAILABILITY_DAY, available=False)
    w.meeting_a = Meeting.objects.create(committee=w.committee_a, meets_on=date(2023, 8, 15),
                                         state=Meeting.State.PLAN_FILED, plan_filed_on=date(2023, 8, 1),
                                         place="市教育局会议室")  # fmt: skip
    w.meeting_b = Meeting.objects.create(committee=w.committee_b, meets_on=date(2023, 8, 16),
                                         state=Meeting.State.PLANNED)  # fmt: skip

    # -------------------------------------------------------------------------------------- applications
    # A: the applicant's scheduled application on meeting A, its draft (materials), its certificate.
    w.app_a = _application(w, u.applicant_a, w.unit_a, "scheduled", "intermediate", w.committee_a)
    w.draft_a = _application(w, u.applicant_a, w.unit_a, "draft", "assistant")
    w.cert_app_a = _application(w, u.applicant_a, w.unit_a, "certified", "member", w.committee_a,
                                effective_on=date(2023, 9, 1))  # fmt: skip
    w.app_b = _application(w, u.applicant_b, w.unit_b, "scheduled", "intermediate", w.committee_b)
    # Unit A's other applications, in the states their pages act on.
    w.submitted_a = _application(w, extra_applicant[0], w.unit_a, "submitted", "intermediate")
    w.publicity_a = Publicity.objects.create(
        kind=Publicity.Kind.UNIT_APPLICATION, organisation=w.unit_a, title="单位公示", starts_on=date(2023, 7, 3),
        ends_on=date(2023, 7, 7),
    )  # fmt: skip
    w.in_publicity_a = _application(w, extra_applicant[1], w.unit_a, "unit_publicity", "intermediate",
                                    unit_publicity=w.publicity_a)  # fmt: skip
    w.objection_a = Objection.objects.create(
        publicity=w.publicity_a, subject_label="申报人", subject_type="titles.application",
        subject_id=str(w.in_publicity_a.pk), raised_on=date(2023, 7, 4), content="论文涉嫌抄袭",
    )  # fmt: skip
    w.result_a = _application(w, extra_applicant[2], w.unit_a, "result_publicity", "intermediate", w.committee_a,
                              effective_on=date(2023, 8, 20))  # fmt: skip
    w.complaint_a = ResultComplaint.objects.create(application=w.result_a, kind="process", content="程序问题",
                                                   raised_on=date(2023, 8, 22))  # fmt: skip
    w.complaint_a.routed_to.add(w.organiser_a)
    # TITLE-14: a complaint about the authenticity of materials goes to the HR bureau and the unit.
    w.authenticity_a = ResultComplaint.objects.create(application=w.result_a, kind="authenticity",
                                                      content="材料真实性存疑", raised_on=date(2023, 8, 22))  # fmt: skip
    w.authenticity_a.routed_to.add(w.city_hr, w.unit_a)

    w.entry_a = DocketEntry.objects.create(meeting=w.meeting_a, application=w.app_a, position=1)
    w.entry_b = DocketEntry.objects.create(meeting=w.meeting_b, application=w.app_b, position=1)

    w.material_a = _material(w.app_a, u.applicant_a)
    w.material_draft_a = _material(w.draft_a, u.applicant_a)
    w.material_b = _material(w.app_b, u.applicant_b)
    w.certificate_a = Certificate.objects.create(
        application=w.cert_app_a, number="WH2023-0001", verification_code="MATRIXCODE0001", holder_name="李明",
        title_name="中小学三级教师", series_name=w.teacher.name_zh, level="member", effective_on=date(2023, 9, 1),
        issued_on=date(2023, 9, 10), issuer=w.city_hr,
    )  # fmt: skip

    # ---------------------------------------------------------------------------------------------- posts
    w.scheme_a = _scheme(w.unit_a, 1, Scheme.State.FILED, CITY_OK)
    w.scheme_a_draft = _scheme(w.unit_a, 2, Scheme.State.DRAFT, CITY_OK)
    w.scheme_b = _scheme(w.unit_b, 1, Scheme.State.FILED, DISTRICT_OK)
    w.special_a = _special_post(w.unit_a, SpecialPost.State.REQUESTED, 6)
    # A grade-2 post of the district unit, approved by Haibowan and waiting for the region (recorded by city HR).
    w.special_b = _special_post(w.unit_b, SpecialPost.State.HR_APPROVED, 2)

    _review_steps(w)
    _post_and_committee_steps(w)
    return w


def _post_and_committee_steps(w) -> None:
    """The posts' and the committees' steps, each on an object resting in the state the step starts from, so that
    the matrix shows the one person who may run it doing it (POST-09/10/11, CMTE-01/02)."""
    w.scheme_dept_review_a = _scheme(w.unit_a, 3, Scheme.State.DEPT_REVIEW, CITY_OK)
    w.scheme_hr_review_a = _scheme(w.unit_a, 4, Scheme.State.HR_REVIEW, CITY_OK)
    w.scheme_returned_a = _scheme(w.unit_a, 5, Scheme.State.RETURNED, CITY_OK)
    w.special_dept_approved_a = _special_post(w.unit_a, SpecialPost.State.DEPT_APPROVED, 6)
    w.special_hr_approved_a = _special_post(w.unit_a, SpecialPost.State.HR_APPROVED, 6)
    w.special_active_a = _special_post(w.unit_a, SpecialPost.State.ACTIVE, 6)
    # CMTE-01/04: a committee proposed by office A with its 2023 panel drawn (an odd number of experts in term),
    # waiting for city HR's approval.
    w.committee_proposed_a = Committee.objects.create(
        key="m-engineering-assistant", name="工程系列初级评委会", organiser=w.organiser_a, series=w.engineering,
        levels=["assistant"], state=Committee.State.PROPOSED,
    )  # fmt: skip
    for i in range(3):
        judge = Judge.objects.create(name=f"初级评委{i}", series=w.engineering, title_level="intermediate",
                                     unit_name="包头设计院", term_start=date(2021, 1, 1),
                                     term_end=date(2023, 12, 31))  # fmt: skip
        CommitteeSeat.objects.create(committee=w.committee_proposed_a, judge=judge, year=2023)


def _publicity(organisation, kind, ends_on, state=Publicity.State.OPEN) -> Publicity:
    return Publicity.objects.create(kind=kind, organisation=organisation, title="公示", starts_on=date(2023, 6, 26),
                                    ends_on=ends_on, state=state)  # fmt: skip


def _review_steps(w) -> None:
    """One application resting in the state each review action starts from (TITLE-06…15, FLOW-03/04, GREEN-03,
    RECOG), so that the matrix's row of the action shows the one person who may run it doing it (``D``) and every
    other person refused. Side A is the city path; side B the Haibowan district's senior paths (TITLE-07), which
    go through the Haibowan HR bureau, city HR and, directional, the city education bureau (which receives the
    teachers' series, Doc B attachment 2)."""
    u, UNIT, RESULT = w.users, Publicity.Kind.UNIT_APPLICATION, Publicity.Kind.RESULT
    w.dept_a_org.series_received = [w.teacher.key]
    w.dept_a_org.save(update_fields=["series_received"])
    closed_unit_a = _publicity(w.unit_a, UNIT, date(2023, 6, 30), Publicity.State.CLOSED)
    closed_result_a = _publicity(w.organiser_a, RESULT, date(2023, 8, 25), Publicity.State.CLOSED)
    closed_unit_b = _publicity(w.unit_b, UNIT, date(2023, 6, 30), Publicity.State.CLOSED)
    # FLOW-03: publicities whose last working day has passed, with no objection: their owner may close them.
    w.publicity_done_a = _publicity(w.unit_a, UNIT, date(2023, 8, 18))
    w.result_publicity_done_a = _publicity(w.organiser_a, RESULT, date(2023, 8, 18))

    def case(name, state, level="intermediate", unit=None, committee="", **fields):
        applicant = fields.pop("applicant", None) or get_user_model().objects.create_user(f"m_case_{name}")
        unit = unit or w.unit_a
        if state not in ("submitted", "unit_review"):
            fields.setdefault("unit_publicity", closed_unit_a if unit == w.unit_a else closed_unit_b)
        if committee:
            fields.update(committee_key=committee, committee_name=committee)
        app = Application.objects.create(applicant=applicant, unit=unit, evaluation_year=w.year,
                                         series=fields.pop("series", w.teacher), level=level, state=state,
                                         submitted_at=timezone.now(), **fields)  # fmt: skip
        setattr(w, name, app)
        return app

    a_key = w.committee_a.key
    case("unit_review_a", "unit_review")
    case("recommend_a", "unit_publicity")  # its publicity has closed: the unit may recommend (TITLE-08)
    case("recommended_a", "recommended")
    case("dept_review_a", "dept_review")
    # The applicant's own case under a FLOW-04 notice: only they answer it, or withdraw.
    correction_a = case("correction_a", "correction", "deputy_senior", applicant=u.applicant_a, correction_used=True)
    CorrectionNotice.objects.create(
        application=correction_a, step=ReviewStep.DEPT_REVIEW, deadline=date(2023, 9, 8), issued_by=u.dept_a,
        items=[{"item": "annual_assessments", "label": "近三年年度考核表", "note": "缺 2022 年"}],
        issued_by_name="赵强", organisation=w.dept_a_org,
    )  # fmt: skip
    case("hr_review_a", "hr_review", committee=a_key)  # routed to committee A: HR (re)routes, the office accepts
    case("green_a", "hr_review", route="green_channel", green_category=8)  # GREEN-03 city green channel
    case("recognition_a", "hr_review", "assistant", route="recognition")  # RECOG-01
    engineering = {"series": w.engineering, "level": "deputy_senior", "committee": "region-senior"}
    case("region_a", "hr_review", **engineering)  # TITLE-06: a city unit's senior case goes to the region
    case("forwarded_a", "forwarded", **engineering)
    case("region_passed_a", "passed", **engineering, effective_on=date(2023, 8, 15))
    case("passed_a", "passed", committee=a_key, effective_on=date(2023, 8, 15))
    case("result_closed_a", "result_publicity", committee=a_key, effective_on=date(2023, 8, 15),
         result_publicity=closed_result_a)  # fmt: skip
    case("filed_a", "filed", committee=a_key, effective_on=date(2023, 8, 15), result_publicity=closed_result_a)
    # TITLE-07, district senior: district HR → city HR, which routes it; directional: district HR re-checks, the
    # district department reports to the city department, which sends it to the region.
    senior_b = {"level": "deputy_senior", "unit": w.unit_b}
    case("district_senior_b", "hr_review", **senior_b, series=w.engineering)
    case("city_hr_review_b", "city_hr_review", **senior_b, series=w.engineering)  # senior engineering: the region
    directional = {**senior_b, "directional": True, "committee": "region-directional"}
    case("directional_b", "hr_review", **directional)
    case("dept_report_b", "dept_report", **directional)
    case("city_dept_review_b", "city_dept_review", **directional)
