"""Pages of the filing workflow (POST-09, POST-10, POST-11; FLOW-05, FLOW-06): every new view × role, each button's
predicate (``posts.permissions``) against its service, signatures and the audit trail on the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from posts import permissions as perms
from posts.models import Scheme, SpecialPost
from posts.services import (
    PostRuleError,
    scheme_appointed_record,
    scheme_change_request,
    scheme_create,
    scheme_dept_approve,
    scheme_file,
    scheme_reopen,
    scheme_return,
    scheme_submit,
    special_post_activate,
    special_post_cancel,
    special_post_dept_approve,
    special_post_extend,
    special_post_hr_approve,
    special_post_region_approve,
    special_post_request,
)
from workflow.models import AuditRecord, Role
from workflow.permissions import PermissionDenied

from .factories import CITY_OK, DISTRICT_OK, MANAGEMENT, WORKER, person, world

pytestmark = pytest.mark.django_db

USERS = ("unit_hr", "other_unit_hr", "dept", "other_dept", "city_officer", "district_officer", "applicant")


@pytest.fixture
def w():
    w = world()
    w.applicant = person("applicant", Role.APPLICANT, w.unit)
    return w


def in_state(w, state: str, *, unit=None, actor=None, professional=CITY_OK) -> Scheme:
    """A scheme of ``unit`` (default: the city-department unit under city_edu) put in ``state`` directly."""
    scheme = scheme_create(unit=unit or w.unit, actor=actor or w.unit_hr, professional=professional,
                           management=MANAGEMENT, worker=WORKER)  # fmt: skip
    extra = {"filed_on": date(2024, 3, 1), "term_start": date(2024, 3, 1), "term_end": date(2099, 3, 1)}
    Scheme.objects.filter(pk=scheme.pk).update(state=state, **(extra if state == Scheme.State.FILED else {}))
    return Scheme.objects.get(pk=scheme.pk)


def special(w, state: str, *, unit=None, grade: int = 6, runs_to_retirement=False) -> SpecialPost:
    post = SpecialPost.objects.create(
        unit=unit or w.unit, category="professional", grade=grade, post_name="学科带头人", reasons="急需",
        term_start=date(2024, 9, 1), term_end=date(2027, 9, 1), holder_name="张三", holder_birth_date=date(1980, 1, 1),
        holder_retirement_date=date(2040, 1, 1), runs_to_retirement=runs_to_retirement,
    )  # fmt: skip
    SpecialPost.objects.filter(pk=post.pk).update(state=state)
    return SpecialPost.objects.get(pk=post.pk)


def _post(client, user, url, data=None):
    if user is not None:
        client.force_login(user)
    return client.post(url, data or {})


# ------------------------------------------------------------------------------------------- scheme views × role

# (url name, state of the scheme, valid POST data, {user: status}); 302 = the service ran (or the login page).
SCHEME_STEPS = [
    ("scheme_dept_approve", "dept_review", {"approve-opinion": "同意"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 302, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
    ("scheme_return", "dept_review", {"return-reasons": "八级偏多"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 302, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
    ("scheme_return", "hr_review", {"return-reasons": "八级偏多"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
    ("scheme_file", "hr_review", {"file-opinion": "同意备案"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
    ("scheme_change_request", "filed", {"change-change_kind": "structure", "change-reason": "新设科室"},
     {"unit_hr": 302, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
    ("scheme_reopen", "returned", {},
     {"unit_hr": 302, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
    ("scheme_appointed", "filed", {"professional_6": "9"},
     {"unit_hr": 302, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "state", "data", "expected"), SCHEME_STEPS)
@pytest.mark.parametrize("who", USERS)
def test_scheme_step_by_role(client, w, name, state, data, expected, who):
    scheme = in_state(w, state)
    before = AuditRecord.objects.count()
    response = _post(client, getattr(w, who), reverse(f"posts:{name}", args=[scheme.pk]), data)
    assert response.status_code == expected[who]
    assert (AuditRecord.objects.count() > before) == (expected[who] == 302)


@pytest.mark.parametrize(("name", "state", "data", "expected"), SCHEME_STEPS)
def test_scheme_step_needs_login(client, w, name, state, data, expected):
    scheme = in_state(w, state)
    response = client.post(reverse(f"posts:{name}", args=[scheme.pk]), data)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Scheme.objects.get(pk=scheme.pk).state == state


@pytest.mark.parametrize(
    ("who", "status"),
    [("unit_hr", 200), ("other_unit_hr", 404), ("dept", 403), ("other_dept", 404), ("city_officer", 403),
     ("district_officer", 404), ("applicant", 404), (None, 302)],
)  # fmt: skip
@pytest.mark.parametrize("name", ["scheme_appointed", "special_post_new"])
def test_filed_scheme_forms_by_role(client, w, who, status, name):
    scheme = in_state(w, "filed")
    if who is not None:
        client.force_login(getattr(w, who))
    assert client.get(reverse(f"posts:{name}", args=[scheme.pk])).status_code == status


def test_district_scheme_is_the_district_bureaus(client, w):
    """POST-10: a district unit's scheme is filed by its district HR bureau; city HR does not reach it."""
    scheme = in_state(w, "hr_review", unit=w.district_unit, actor=w.district_unit_hr, professional=DISTRICT_OK)
    url = reverse("posts:scheme_file", args=[scheme.pk])
    assert _post(client, w.city_officer, url, {"file-opinion": "同意"}).status_code == 404
    assert _post(client, w.other_district_officer, url, {"file-opinion": "同意"}).status_code == 404
    assert _post(client, w.district_officer, url, {"file-opinion": "同意"}).status_code == 302
    assert Scheme.objects.get(pk=scheme.pk).state == Scheme.State.FILED


def test_step_in_the_wrong_state_says_so_and_changes_nothing(client, w):
    """Someone else acted first: the reviewer's role may approve, the state no longer allows it → message, 302."""
    scheme = in_state(w, "hr_review")
    response = _post(client, w.dept, reverse("posts:scheme_dept_approve", args=[scheme.pk]),
                     {"approve-opinion": "同意"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("posts:scheme_detail", args=[scheme.pk])
    assert Scheme.objects.get(pk=scheme.pk).state == Scheme.State.HR_REVIEW


def test_FLOW_06_opinion_is_required_and_the_form_comes_back(client, w):
    scheme = in_state(w, "dept_review")
    response = _post(client, w.dept, reverse("posts:scheme_dept_approve", args=[scheme.pk]), {"approve-opinion": " "})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-action="dept_approve" open' in text and "field-error" in text
    assert Scheme.objects.get(pk=scheme.pk).state == Scheme.State.DEPT_REVIEW


def test_POST_10_file_refusal_by_the_engine_is_shown(client, w):
    """The engine runs again at filing (POST-03): an error refuses, the page names the rule, nothing changes."""
    scheme = in_state(w, "hr_review")
    Scheme.objects.filter(pk=scheme.pk).update(professional={**CITY_OK, "7": 13})
    response = _post(client, w.city_officer, reverse("posts:scheme_file", args=[scheme.pk]), {"file-opinion": "同意"})
    assert response.status_code == 400 and "POST-03" in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).state == Scheme.State.HR_REVIEW


def test_POST_11_change_request_opens_the_new_draft_in_the_editor(client, w):
    filed = in_state(w, "filed")
    response = _post(client, w.unit_hr, reverse("posts:scheme_change_request", args=[filed.pk]),
                     {"change-change_kind": "staffing_quota", "change-reason": "核增编制 10 名"})  # fmt: skip
    new = Scheme.objects.get(unit=w.unit, version=2)
    assert response.status_code == 302 and response["Location"] == reverse("posts:scheme_edit", args=[new.pk])
    assert new.change_kind == "staffing_quota" and new.previous_id == filed.pk and new.state == Scheme.State.DRAFT


def test_POST_11_change_request_needs_a_major_change_kind(client, w):
    filed = in_state(w, "filed")
    response = _post(client, w.unit_hr, reverse("posts:scheme_change_request", args=[filed.pk]),
                     {"change-change_kind": "whim", "change-reason": "想改"})  # fmt: skip
    assert response.status_code == 400 and Scheme.objects.filter(unit=w.unit).count() == 1


def test_appointed_counts_recorded_per_category(client, w):
    """A category left blank is not recorded; one with any number typed is, blanks in it being 0."""
    filed = in_state(w, "filed")
    _post(client, w.unit_hr, reverse("posts:scheme_appointed", args=[filed.pk]),
          {"professional_6": "9", "professional_7": "0"})  # fmt: skip
    assert Scheme.objects.get(pk=filed.pk).appointed == {"professional": {"6": 9}}


def test_appointed_rejects_a_negative_count(client, w):
    filed = in_state(w, "filed")
    response = _post(client, w.unit_hr, reverse("posts:scheme_appointed", args=[filed.pk]), {"professional_6": "-1"})
    assert response.status_code == 400 and Scheme.objects.get(pk=filed.pk).appointed == {}


def test_FLOW_05_06_scheme_page_shows_signatures_and_the_audit_trail(client, w):
    scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, management=MANAGEMENT, worker=WORKER)
    scheme_submit(scheme=scheme, actor=w.unit_hr)
    scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="结构合理，同意")
    client.force_login(w.city_officer)
    text = client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()
    assert "结构合理，同意" in text and "市教育局" in text and "dept" in text  # opinion, organisation, reviewer
    assert 'id="audit-trail"' in text and "scheme_dept_approve" in text and "scheme_route" in text
    assert 'data-action="file"' in text and 'data-action="return"' in text
    assert 'data-action="dept_approve"' not in text


def test_csrf_is_enforced_on_the_review_steps(w):
    from django.test import Client

    scheme = in_state(w, "dept_review")
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.dept)
    response = client.post(reverse("posts:scheme_dept_approve", args=[scheme.pk]), {"approve-opinion": "同意"})
    assert response.status_code == 403 and Scheme.objects.get(pk=scheme.pk).state == Scheme.State.DEPT_REVIEW


# ------------------------------------------------------------------------------------- special-post views × role

# (url name, state, grade, valid POST data, {user: status})
SPECIAL_STEPS = [
    ("special_post_dept_approve", "requested", 6, {"dept-opinion": "确有必要"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 302, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
    ("special_post_hr_approve", "dept_approved", 6, {"hr-opinion": "核准"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
    ("special_post_region_approve", "hr_approved", 2,
     {"region-document_no": "内人社函〔2024〕1号", "region-approved_on": "2024-10-08"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
    ("special_post_activate", "hr_approved", 6, {},
     {"unit_hr": 302, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 403,
      "district_officer": 404, "applicant": 404}),
    ("special_post_extend", "active", 6, {"extend-opinion": "项目未完成"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
    ("special_post_cancel", "requested", 6, {"cancel-reason": "不予核准"},
     {"unit_hr": 302, "other_unit_hr": 404, "dept": 302, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
    ("special_post_cancel", "active", 6, {"cancel-reason": "提前核销"},
     {"unit_hr": 403, "other_unit_hr": 404, "dept": 403, "other_dept": 404, "city_officer": 302,
      "district_officer": 404, "applicant": 404}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "state", "grade", "data", "expected"), SPECIAL_STEPS)
@pytest.mark.parametrize("who", USERS)
def test_special_post_step_by_role(client, w, name, state, grade, data, expected, who):
    post = special(w, state, grade=grade)
    before = AuditRecord.objects.count()
    response = _post(client, getattr(w, who), reverse(f"posts:{name}", args=[post.pk]), data)
    assert response.status_code == expected[who]
    assert (AuditRecord.objects.count() > before) == (expected[who] == 302)


@pytest.mark.parametrize(("name", "state", "grade", "data", "expected"), SPECIAL_STEPS)
def test_special_post_step_needs_login(client, w, name, state, grade, data, expected):
    post = special(w, state, grade=grade)
    response = client.post(reverse(f"posts:{name}", args=[post.pk]), data)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert SpecialPost.objects.get(pk=post.pk).state == state


def test_POST_09_city_hr_records_the_regions_approval_of_a_district_grade_2_post(client, w):
    post = special(w, "hr_approved", unit=w.district_unit, grade=2)
    client.force_login(w.city_officer)
    page = client.get(reverse("posts:special_post_detail", args=[post.pk])).content.decode()
    assert 'data-action="region_approve"' in page and 'data-action="cancel"' not in page
    response = client.post(reverse("posts:special_post_region_approve", args=[post.pk]),
                           {"region-document_no": "内人社函〔2024〕9号", "region-approved_on": "2024-10-08"})  # fmt: skip
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == SpecialPost.State.REGION_APPROVED and post.region_document == "内人社函〔2024〕9号"


def test_POST_09_request_form_creates_the_request(client, w):
    filed = in_state(w, "filed")
    scheme_appointed_record(scheme=filed, actor=w.unit_hr, appointed={"professional": {"6": 9}})
    data = {
        "category": "professional", "grade": "6", "count": "1", "post_name": "首席专家", "reasons": "引进高层次人才",
        "term_years": "3", "term_start": "2024-09-01", "holder_name": "李四", "holder_gender": "女",
        "holder_birth_date": "1982-05-01", "holder_title": "教授", "holder_retirement_date": "2037-05-01",
        "holder_work_start": "2004-07-01", "holder_education": "研究生（博士）", "holder_graduation": "2004-06-30",
        "holder_previous_employer": "内蒙古大学", "holder_previous_category": "professional",
        "holder_previous_post": "教授", "holder_previous_grade": "7",
    }  # fmt: skip
    response = _post(client, w.unit_hr, reverse("posts:special_post_new", args=[filed.pk]), data)
    post = SpecialPost.objects.get(unit=w.unit)
    assert response.status_code == 302 and response["Location"] == reverse("posts:special_post_detail", args=[post.pk])
    assert (post.holder_name, post.grade, post.state) == ("李四", 6, SpecialPost.State.REQUESTED)
    assert (post.holder_work_start, post.holder_education, post.holder_graduation) == (
        date(2004, 7, 1),
        "研究生（博士）",
        date(2004, 6, 30),
    )
    assert (post.holder_previous_employer, post.holder_previous_category, post.holder_previous_post,
            post.holder_previous_grade) == ("内蒙古大学", "professional", "教授", 7)  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [("holder_work_start", ""), ("holder_education", ""), ("holder_graduation", ""), ("holder_work_start", "1982-05-01"),
     ("holder_previous_grade", "11")],
)  # fmt: skip
def test_POST_09_request_form_requires_the_holder_data_of_attachment1(client, w, field, value):
    """Attachment 1 asks for 参加工作时间, 最高学历, 毕业时间 (after the birth date); a worker grade above 五级 is refused."""
    filed = in_state(w, "filed")
    scheme_appointed_record(scheme=filed, actor=w.unit_hr, appointed={"professional": {"6": 9}})
    data = {
        "category": "professional", "grade": "6", "count": "1", "post_name": "首席专家", "reasons": "引进高层次人才",
        "term_years": "3", "term_start": "2024-09-01", "holder_name": "李四", "holder_birth_date": "1982-05-01",
        "holder_retirement_date": "2037-05-01", "holder_work_start": "2004-07-01", "holder_education": "研究生（博士）", "holder_graduation": "2004-06-30",
        "holder_previous_category": "worker", "holder_previous_grade": "5", field: value,
    }  # fmt: skip
    response = _post(client, w.unit_hr, reverse("posts:special_post_new", args=[filed.pk]), data)
    assert response.status_code == 400 and not SpecialPost.objects.exists()


def test_POST_09_request_refused_while_a_regular_vacancy_exists(client, w):
    filed = in_state(w, "filed")  # grade 6: 9 set, no appointment recorded → 9 vacancies
    data = {
        "category": "professional", "grade": "6", "count": "1", "post_name": "首席专家", "reasons": "引进",
        "term_years": "3", "term_start": "2024-09-01", "holder_name": "李四", "holder_birth_date": "1982-05-01",
        "holder_retirement_date": "2037-05-01", "holder_work_start": "2004-07-01", "holder_education": "研究生（博士）", "holder_graduation": "2004-06-30",
    }  # fmt: skip
    response = _post(client, w.unit_hr, reverse("posts:special_post_new", args=[filed.pk]), data)
    assert response.status_code == 400 and "空缺" in response.content.decode()
    assert not SpecialPost.objects.exists()


def test_POST_09_request_form_checks_the_grade_of_the_category(client, w):
    filed = in_state(w, "filed")
    data = {"category": "worker", "grade": "9", "count": "1", "post_name": "x", "reasons": "y", "term_years": "3",
            "term_start": "2024-09-01", "holder_name": "z", "holder_birth_date": "1982-05-01",
            "holder_retirement_date": "2037-05-01"}  # fmt: skip
    response = _post(client, w.unit_hr, reverse("posts:special_post_new", args=[filed.pk]), data)
    assert response.status_code == 400 and not SpecialPost.objects.exists()


def test_FLOW_06_special_post_page_shows_the_signed_refusal(client, w):
    post = special(w, "requested")
    special_post_cancel(post=post, actor=w.dept, reason="必要性不足")
    client.force_login(w.unit_hr)
    text = client.get(reverse("posts:special_post_detail", args=[post.pk])).content.decode()
    assert "必要性不足" in text and "市教育局" in text and "decision-refused" in text
    assert "special_post_cancel" in text  # the audit trail


# ----------------------------------------------------------------------------- predicate == service permission


class _Rollback(Exception):
    pass


def _outcome(call) -> bool:
    """Run a service in a savepoint that is always rolled back: True when it accepted, False when it refused."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, PostRuleError):
        return False


SCHEME_TRANSITIONS = {
    "submit": (perms.may_submit, lambda s, u: scheme_submit(scheme=s, actor=u)),
    "reopen": (perms.may_reopen, lambda s, u: scheme_reopen(scheme=s, actor=u)),
    "dept_approve": (perms.may_dept_approve, lambda s, u: scheme_dept_approve(scheme=s, actor=u, opinion="同意")),
    "return": (perms.may_return, lambda s, u: scheme_return(scheme=s, actor=u, reasons="修改")),
    "file": (perms.may_file, lambda s, u: scheme_file(scheme=s, actor=u, opinion="备案", today=date(2024, 3, 1))),
    "change_request": (perms.may_change_request,
                       lambda s, u: scheme_change_request(scheme=s, actor=u, change_kind="function", reason="职能调整")),
    "record_appointed": (perms.may_record_appointed,
                         lambda s, u: scheme_appointed_record(scheme=s, actor=u, appointed={"professional": {"6": 1}})),
}  # fmt: skip


@pytest.mark.parametrize("state", ["draft", "dept_review", "hr_review", "returned", "filed", "superseded"])
def test_scheme_button_predicates_match_the_services(w, state):
    """DESIGN.md: the predicate that shows a button is the one its service applies — for every role and state."""
    scheme = in_state(w, state)
    for who in USERS:
        user = getattr(w, who)
        roles = perms.reach(user, scheme.unit)
        actions = perms.scheme_actions(roles, scheme)
        for name, (predicate, call) in SCHEME_TRANSITIONS.items():
            fresh = Scheme.objects.select_related("unit").get(pk=scheme.pk)
            expected = predicate(roles, fresh)
            assert _outcome(lambda fresh=fresh, user=user, call=call: call(fresh, user)) == expected, (state, who, name)
            if name in actions:
                assert actions[name] == expected


SPECIAL_TRANSITIONS = {
    "dept_approve": (perms.may_special_dept_approve,
                     lambda p, u: special_post_dept_approve(post=p, actor=u, opinion="同意")),
    "hr_approve": (perms.may_special_hr_approve, lambda p, u: special_post_hr_approve(post=p, actor=u, opinion="核准")),
    "region_approve": (perms.may_special_region_approve,
                       lambda p, u: special_post_region_approve(post=p, actor=u, document_no="文号",
                                                                approved_on=date(2024, 10, 8))),
    "activate": (perms.may_special_activate, lambda p, u: special_post_activate(post=p, actor=u)),
    "extend": (perms.may_special_extend, lambda p, u: special_post_extend(post=p, actor=u, opinion="延长")),
    "cancel": (perms.may_special_cancel, lambda p, u: special_post_cancel(post=p, actor=u, reason="撤销")),
}  # fmt: skip


@pytest.mark.parametrize("state", ["requested", "dept_approved", "hr_approved", "region_approved", "active",
                                   "expired", "cancelled"])  # fmt: skip
@pytest.mark.parametrize(("where", "grade"), [("unit", 6), ("unit", 2), ("direct_unit", 6), ("district_unit", 2)])
def test_special_post_button_predicates_match_the_services(w, state, where, grade):
    post = special(w, state, unit=getattr(w, where), grade=grade)
    for who in (*USERS, "direct_hr", "district_unit_hr", "district_dept"):
        user = getattr(w, who)
        roles = perms.reach(user, post.unit)
        actions = perms.special_post_actions(roles, post)
        for name, (predicate, call) in SPECIAL_TRANSITIONS.items():
            fresh = SpecialPost.objects.select_related("unit", "unit__supervisor").get(pk=post.pk)
            expected = predicate(roles, fresh)
            outcome = _outcome(lambda fresh=fresh, user=user, call=call: call(fresh, user))
            assert outcome == expected, (state, where, grade, who, name)
            assert actions[name] == expected


def test_special_post_extend_button_hidden_after_one_extension_or_when_running_to_retirement(w):
    extended = special(w, "active")
    SpecialPost.objects.filter(pk=extended.pk).update(extensions=1)
    extended.refresh_from_db()
    to_retirement = special(w, "active", runs_to_retirement=True)
    roles = perms.reach(w.city_officer, w.unit)
    assert not perms.may_special_extend(roles, extended) and not perms.may_special_extend(roles, to_retirement)
    assert not _outcome(lambda: special_post_extend(post=extended, actor=w.city_officer, opinion="x"))
    assert not _outcome(lambda: special_post_extend(post=to_retirement, actor=w.city_officer, opinion="x"))


def test_special_post_request_predicate_matches_the_service(w):
    filed = in_state(w, "filed")
    scheme_appointed_record(scheme=filed, actor=w.unit_hr, appointed={"professional": {"6": 9}})
    for who in USERS:
        user = getattr(w, who)
        roles = perms.reach(user, w.unit)
        accepted = _outcome(lambda user=user: special_post_request(
            unit=w.unit, actor=user, category="professional", grade=6, post_name="p", reasons="r", holder_name="h",
            holder_birth_date=date(1980, 1, 1), holder_retirement_date=date(2040, 1, 1),
            term_start=date(2024, 9, 1)))  # fmt: skip
        assert accepted == perms.may_request_special_post(roles, filed), who


# ------------------------------------------------------------------------------------------------------- inbox


def test_inbox_scheme_sections_link_to_the_list_and_the_pages(w):
    from posts.inbox import dept_reviewer_schemes, unit_hr_schemes, unit_hr_special_posts
    from workflow.models import Membership

    draft = in_state(w, "draft")
    other = in_state(w, "dept_review", unit=w.other_unit, actor=w.other_unit_hr)
    section = unit_hr_schemes(w.unit_hr, Membership.objects.get(user=w.unit_hr))
    assert section.more_url == reverse("posts:scheme_list")
    assert section.items[0].url == reverse("posts:scheme_edit", args=[draft.pk])
    section = dept_reviewer_schemes(w.other_dept, Membership.objects.get(user=w.other_dept))
    assert section.more_url == reverse("posts:scheme_list")
    assert section.items[0].url == reverse("posts:scheme_detail", args=[other.pk])
    post = special(w, "hr_approved")
    section = unit_hr_special_posts(w.unit_hr, Membership.objects.get(user=w.unit_hr))
    assert section.items[0].url == reverse("posts:special_post_detail", args=[post.pk])


# ------------------------------------------------------------------------------------------- fixed query counts
# Lists on the scheme and special-post pages (the unit's special posts, the signatures, the audit trail) run a fixed
# number of queries whatever their length: pinned at 2 and at 12 rows of each.


def _signed_rows(w, subject, n: int, review_model, **link) -> None:
    from workflow.audit import audit_record

    for i in range(n):
        review_model.objects.create(stage="dept_review", decision="approve", reviewer=w.dept, reviewer_name="赵强",
                                    opinion=f"意见{i}", decided_on=date(2024, 3, 1), organisation=w.city_edu,
                                    **link)  # fmt: skip
        audit_record(subject=subject, transition=f"step_{i}", from_state="dept_review", to_state="hr_review",
                     actor=w.dept, role=Role.DEPT_REVIEWER, organisation=w.city_edu, note=f"记录{i}")  # fmt: skip


def _special(w, name: str) -> SpecialPost:
    return SpecialPost.objects.create(
        unit=w.unit, category="professional", grade=6, post_name=name, reasons="急需紧缺人才",
        term_start=date(2024, 9, 1), term_end=date(2027, 9, 1), holder_name="张三",
        holder_birth_date=date(1980, 1, 1), holder_retirement_date=date(2040, 1, 1),
    )  # fmt: skip


@pytest.mark.parametrize("n", [2, 12])
def test_scheme_page_has_a_fixed_query_count_at_2_and_12_rows(client, w, django_assert_num_queries, n):
    from posts.models import SchemeReview

    scheme = Scheme.objects.create(unit=w.unit, version=1, state=Scheme.State.HR_REVIEW, professional=CITY_OK,
                                   management=MANAGEMENT, worker=WORKER)  # fmt: skip
    _signed_rows(w, scheme, n, SchemeReview, scheme=scheme)
    for i in range(n):
        _special(w, f"特设岗位{i}")
    client.force_login(w.city_officer)
    url = reverse("posts:scheme_detail", args=[scheme.pk])
    client.get(url)
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    assert html.count('href="/posts/special-posts/') == n
    assert html.count('class="decision-approve"') == n and html.count("[step_") == n


@pytest.mark.parametrize("n", [2, 12])
def test_special_post_page_has_a_fixed_query_count_at_2_and_12_rows(client, w, django_assert_num_queries, n):
    from posts.models import SpecialPostReview

    post = _special(w, "学科带头人")
    _signed_rows(w, post, n, SpecialPostReview, special_post=post)
    client.force_login(w.dept)
    url = reverse("posts:special_post_detail", args=[post.pk])
    client.get(url)
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert html.count('class="decision-approve"') == n and html.count("[step_") == n
