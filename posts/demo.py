"""Demo schemes and a special post for the demo units of ``workflow.demo`` (idempotent: a unit that already has a
scheme is left alone). Some schemes comply, some break one rule each, one is filed, one waits for its department.

The filed scheme and the special post go through the real services with the demo accounts; states of units whose
officers have no demo account are reached by running the same FSM transitions as the system (audited as such)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from workflow import clock
from workflow import demo as workflow_demo
from workflow.audit import audit_record

from .models import Scheme, SpecialPost
from .services import (
    scheme_appointed_record,
    scheme_create,
    scheme_dept_approve,
    scheme_file,
    scheme_submit,
    special_post_request,
)

MANAGEMENT = {"5": 1, "6": 2, "7": 3, "8": 4}
WORKER = {"3": 2, "general": 3}
# City level, 100 professional posts: exactly at every cap of 2.5:4.5:3 and POST-04 (FLOW-01: the cap itself passes).
CITY_COMPLIANT = {"3": 1, "4": 2, "5": 4, "6": 9, "7": 9, "8": 13, "9": 18, "10": 14, "11": 12, "12": 12, "13": 6}
# District, 50 professional posts: 18 % senior / 60 % senior+intermediate, within the knowledge-intensive 20 %/62 %.
DISTRICT_COMPLIANT = {"4": 1, "5": 1, "6": 4, "7": 4, "8": 6, "9": 8, "10": 7, "11": 8, "12": 8, "13": 3}


def _with(base: dict, **changes) -> dict:
    counts = dict(base)
    counts.update({k.removeprefix("g"): v for k, v in changes.items()})
    return counts


# unit code → (what it demonstrates, professional, extra fields, target state)
SCHEMES = {
    "unit-no1-middle": ("合规，已备案", CITY_COMPLIANT, {}, "filed"),
    "unit-people-hospital": ("合规，主管部门审核中", CITY_COMPLIANT, {}, "dept_review"),
    "unit-vocational-college": ("合规，市直属单位直接报市人社局备案", CITY_COMPLIANT, {}, "hr_review"),
    "unit-party-school": ("POST-03 高级岗位超比例", _with(CITY_COMPLIANT, g7=13, g13=2), {}, "draft"),
    "unit-agri-institute": ("POST-04 八级岗位超比例", _with(CITY_COMPLIANT, g8=20, g9=11), {}, "draft"),
    "unit-library": ("POST-01 专业技术岗位占比偏低（提示）", CITY_COMPLIANT,
                     {"management": {"5": 5, "6": 10, "7": 10, "8": 10}, "worker": {"general": 20}}, "draft"),
    "unit-water-centre": ("POST-06 正高级总额、POST-08 市本级定向岗位", CITY_COMPLIANT,
                          {"quota_full_senior": 2, "directional": {"6": 1}}, "draft"),
    # Filed by the district HR: compliant as a unit (education may have 20 % 高级), but as the district's only filed
    # scheme it puts 海勃湾区 above its overall 1.8:4.2:4 — the dashboard's POST-02 aggregate finding.
    "unit-haibowan-primary": ("合规（区属教育，含定向岗位），已备案；区汇总高级超出总体控制目标（POST-02）",
                              DISTRICT_COMPLIANT, {"directional": {"6": 2}}, "filed"),
    "unit-qianlishan-school": ("POST-05 正高级偏多（提示）", _with(DISTRICT_COMPLIANT, g4=3, g6=2), {}, "draft"),
    "unit-wuda-agri-station": ("合规，区人社局备案审核中", DISTRICT_COMPLIANT, {}, "hr_review"),
}  # fmt: skip


def _user(username):
    return get_user_model().objects.filter(username=username).first()


# Vacancies left at each level's entry grade (副高 7, 中级 10, 初级 12), where first appointments go (APPT-02), and a
# few at grade 9: the school recommends its title applicants within them (TITLE-10) — 20 at 中级 for the demo's
# intermediate teachers in every state (titles.demo_workflow). Grade 6 stays full: the demo special post there needs
# "no regular vacancy of that grade" (POST-09).
DEMO_VACANCIES = {"7": 5, "9": 6, "10": 14, "12": 3}


def _appointed(professional: dict) -> dict:
    return {grade: max(0, count - DEMO_VACANCIES.get(grade, 0)) for grade, count in professional.items()}


def _system_move(scheme: Scheme, *steps) -> None:
    """Run FSM transitions as the system would, each audited (FLOW-05), for units without demo officers."""
    for name, kwargs in steps:
        before = scheme.state
        getattr(scheme, name)(**kwargs)
        scheme.save(update_fields=["state", "updated_at"])
        audit_record(subject=scheme, transition=f"scheme_{name}", from_state=before, to_state=scheme.state,
                     note="演示数据初始化")  # fmt: skip


@transaction.atomic
def seed() -> dict:
    orgs = workflow_demo.seed()
    unit_hr, dept, hr = _user("unit_hr"), _user("dept_reviewer"), _user("hr_officer")
    district_hr = _user("district_hr")
    today = clock.today()
    created = {}
    for code, (note, professional, extra, target) in SCHEMES.items():
        unit = orgs[code]
        if Scheme.objects.filter(unit=unit).exists():
            continue
        fields = {"management": MANAGEMENT, "worker": WORKER, **extra}
        if code == "unit-no1-middle" and unit_hr and dept and hr:
            scheme = scheme_create(unit=unit, actor=unit_hr, professional=professional, today=today, **fields)
            scheme_submit(scheme=scheme, actor=unit_hr, today=today)
            scheme_dept_approve(scheme=scheme, actor=dept, opinion="经审核，方案符合结构比例要求，同意。", today=today)
            scheme = scheme_file(scheme=scheme, actor=hr, opinion="同意备案。", today=today)
            scheme_appointed_record(scheme=scheme, actor=unit_hr, appointed={"professional": _appointed(professional)})
        else:
            scheme = Scheme.objects.create(unit=unit, version=1, professional=professional, **fields)
            audit_record(subject=scheme, transition="scheme_create", to_state=scheme.state, note=f"演示数据：{note}")
            steps = [("submit", {})]
            if target == "dept_review":
                _system_move(scheme, *steps, ("route", {"needs_department": True}))
            elif target == "hr_review" and unit.supervisor_id is None:  # city-direct: straight to HR (POST-10)
                _system_move(scheme, *steps, ("route", {"needs_department": False}))
            elif target in ("hr_review", "filed"):
                _system_move(scheme, *steps, ("route", {"needs_department": True}), ("dept_approve", {}))
            if target == "filed" and district_hr:  # the district HR files it through the service (POST-10 report)
                scheme = scheme_file(scheme=scheme, actor=district_hr, opinion="同意备案。", today=today)
        created[code] = scheme
    no1 = orgs["unit-no1-middle"]
    if (
        unit_hr
        and not SpecialPost.objects.filter(unit=no1).exists()
        and Scheme.objects.filter(unit=no1, state=Scheme.State.FILED).exists()
    ):
        special_post_request(
            unit=no1,
            actor=unit_hr,
            category="professional",
            grade=6,
            post_name="学科带头人（物理）",
            reasons="引进自治区草原英才，本单位专业技术六级岗位已满员，无相应空缺。",
            holder_name="高远",
            holder_gender="男",
            holder_birth_date=today.replace(year=today.year - 45, month=3, day=1),
            holder_retirement_date=today.replace(year=today.year + 15, month=3, day=1),
            holder_title="正高级教师",
            holder_work_start=today.replace(year=today.year - 21, month=7, day=1),
            holder_education="研究生（博士）",
            holder_graduation=today.replace(year=today.year - 21, month=6, day=30),
            holder_previous_employer="内蒙古师范大学附属中学",
            holder_previous_category="professional",
            holder_previous_post="物理教师",
            holder_previous_grade=7,
            term_start=today,
            today=today,
        )
    return created
