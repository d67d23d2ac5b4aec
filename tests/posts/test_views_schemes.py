"""Scheme pages: every view × role, the live check (rule IDs, POST-13), saving and submitting through the services."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from posts.models import Scheme
from posts.services import scheme_create, scheme_dept_approve, scheme_file, scheme_submit
from workflow.models import Membership, Organisation, Role

from .factories import CITY_OK, MANAGEMENT, WORKER, person, world

pytestmark = pytest.mark.django_db

# POST-03: grade 7 pushed from 9 to 13 → 104 professional posts, 高级 29 > ⌊25 % × 104⌋ = 26, 高级+中级 74 > 72.
CITY_TOO_SENIOR = {**CITY_OK, "7": 13}


@pytest.fixture
def w():
    w = world()
    w.applicant = person("applicant", Role.APPLICANT, w.unit)
    return w


def draft(w, professional=CITY_OK, unit=None, actor=None):
    return scheme_create(unit=unit or w.unit, actor=actor or w.unit_hr, professional=professional,
                         management=MANAGEMENT, worker=WORKER)  # fmt: skip


def grid(professional=CITY_OK, management=MANAGEMENT, worker=WORKER, **extra):
    data = {}
    for category, counts in (("professional", professional), ("management", management), ("worker", worker)):
        for grade, count in counts.items():
            data[f"{category}_{grade}"] = str(count)
    data.update(extra)
    return data


# (user attribute, expected status) for pages of a scheme of w.unit (a city-department unit under city_edu).
SEE = [
    ("unit_hr", 200),
    ("other_unit_hr", 404),
    ("dept", 200),
    ("other_dept", 404),
    ("city_officer", 200),
    ("district_officer", 404),
    ("applicant", 404),
]
EDIT = [
    ("unit_hr", 200),
    ("other_unit_hr", 404),
    ("dept", 403),
    ("other_dept", 404),
    ("city_officer", 403),
    ("district_officer", 404),
    ("applicant", 404),
]


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(("who", "status"), SEE)
@pytest.mark.parametrize("name", ["scheme_detail", "over_quota"])
def test_scheme_pages_by_role(client, w, who, status, name):
    scheme = draft(w)
    response = _get(client, getattr(w, who), reverse(f"posts:{name}", args=[scheme.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), EDIT)
def test_scheme_edit_by_role(client, w, who, status):
    scheme = draft(w)
    response = _get(client, getattr(w, who), reverse("posts:scheme_edit", args=[scheme.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), EDIT)
def test_live_check_by_role(client, w, who, status):
    scheme = draft(w)
    client.force_login(getattr(w, who))
    response = client.post(reverse("posts:scheme_live_check", args=[scheme.pk]), grid())
    assert response.status_code == status


@pytest.mark.parametrize("name", ["scheme_list", "dashboard"])
def test_pages_need_login(client, name):
    response = client.get(reverse(f"posts:{name}"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "name",
    ["scheme_detail", "scheme_edit", "over_quota", "scheme_filing_pdf", "scheme_summary_pdf", "scheme_xlsx"],
)
def test_scheme_pages_need_login(client, w, name):
    scheme = draft(w)
    response = client.get(reverse(f"posts:{name}", args=[scheme.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "status"),
    [("unit_hr", 200), ("dept", 200), ("city_officer", 200), ("district_officer", 200), ("applicant", 403)],
)
def test_scheme_list_by_role(client, w, who, status):
    draft(w)
    assert _get(client, getattr(w, who), reverse("posts:scheme_list")).status_code == status


def test_scheme_list_shows_only_what_the_membership_reaches(client, w):
    draft(w)
    draft(w, unit=w.other_unit, actor=w.other_unit_hr)
    client.force_login(w.unit_hr)
    text = client.get(reverse("posts:scheme_list")).content.decode()
    assert "乌海市第一中学" in text and "乌海市人民医院" not in text


def test_live_check_shows_rule_ids_numbers_and_suggestion(client, w):
    """POST-03/POST-04 findings with their numbers, and the POST-13 suggestion with the 采用建议 button."""
    scheme = draft(w)
    client.force_login(w.unit_hr)
    response = client.post(
        reverse("posts:scheme_live_check", args=[scheme.pk]), grid(CITY_TOO_SENIOR), HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text  # a partial
    assert 'data-rule="POST-03"' in text and "高级岗位 29 个，超过控制数 26 个" in text
    assert 'data-scope="senior+intermediate"' in text  # 74 > 72
    assert "POST-13" in text and "采用建议" in text and "data-suggestion=" in text
    assert Scheme.objects.get(pk=scheme.pk).professional == CITY_OK  # nothing saved


def test_live_check_compliant_grid_says_so(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    text = client.post(reverse("posts:scheme_live_check", args=[scheme.pk]), grid()).content.decode()
    assert "符合岗位设置比例要求" in text and "采用建议" not in text


def test_live_check_names_the_bad_cell(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    text = client.post(reverse("posts:scheme_live_check", args=[scheme.pk]), grid(professional_5="-1")).content.decode()
    assert "专业技术岗位 五级" in text


def test_live_check_in_english(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    client.cookies["django_language"] = "en"
    text = client.post(reverse("posts:scheme_live_check", args=[scheme.pk]), grid(CITY_TOO_SENIOR)).content.decode()
    assert "29 senior posts exceed the cap of 26" in text and "POST-03" in text


def test_save_draft_goes_through_the_service(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    response = client.post(reverse("posts:scheme_edit", args=[scheme.pk]), {**grid(CITY_TOO_SENIOR), "action": "save"})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.professional["7"] == 13 and scheme.state == Scheme.State.DRAFT
    from workflow.models import AuditRecord

    assert AuditRecord.objects.filter(transition="scheme_update", subject_id=str(scheme.pk)).exists()


def test_submit_refused_with_findings_while_errors_remain(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    response = client.post(
        reverse("posts:scheme_edit", args=[scheme.pk]), {**grid(CITY_TOO_SENIOR), "action": "submit"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "不能报送" in text and "POST-03" in text
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.DRAFT and scheme.professional["7"] == 13


def test_submit_compliant_scheme_routes_it(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    response = client.post(reverse("posts:scheme_edit", args=[scheme.pk]), {**grid(), "action": "submit"})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.DEPT_REVIEW  # POST-10: a city-department unit goes to its department


def test_submit_button_only_for_unit_hr_on_a_draft(client, w):
    scheme = draft(w)
    client.force_login(w.unit_hr)
    assert 'id="submit-scheme"' in client.get(reverse("posts:scheme_edit", args=[scheme.pk])).content.decode()
    scheme_submit(scheme=scheme, actor=w.unit_hr)
    response = client.get(reverse("posts:scheme_edit", args=[scheme.pk]))
    assert response.status_code == 302  # no longer a draft: back to the scheme page
    assert "编辑方案" not in client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()


def test_edit_post_by_department_is_forbidden(client, w):
    scheme = draft(w)
    client.force_login(w.dept)
    response = client.post(reverse("posts:scheme_edit", args=[scheme.pk]), {**grid(), "action": "save"})
    assert response.status_code == 403


def test_csrf_is_enforced_on_the_editor(w):
    from django.test import Client

    scheme = draft(w)
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.unit_hr)
    assert client.post(reverse("posts:scheme_live_check", args=[scheme.pk]), grid()).status_code == 403
    page = client.get(reverse("posts:scheme_edit", args=[scheme.pk])).content.decode()
    assert "X-CSRFToken" in page  # base.html sends the token with every htmx request


def test_new_draft_by_unit_hr(client, w):
    client.force_login(w.unit_hr)
    response = client.post(reverse("posts:scheme_new"), {"unit": w.unit.pk})
    scheme = Scheme.objects.get(unit=w.unit)
    assert response.status_code == 302 and response["Location"] == reverse("posts:scheme_edit", args=[scheme.pk])


def test_new_draft_refused_while_one_is_open(client, w):
    draft(w)
    client.force_login(w.unit_hr)
    response = client.post(reverse("posts:scheme_new"), {"unit": w.unit.pk}, follow=True)
    assert "已有未完成的第 1 版方案" in response.content.decode()
    assert Scheme.objects.filter(unit=w.unit).count() == 1


@pytest.mark.parametrize(("who", "status"), [("other_unit_hr", 404), ("dept", 403)])
def test_new_draft_for_another_unit_refused(client, w, who, status):
    client.force_login(getattr(w, who))
    assert client.post(reverse("posts:scheme_new"), {"unit": w.unit.pk}).status_code == status
    assert not Scheme.objects.filter(unit=w.unit).exists()


def test_returned_scheme_is_reopened_from_its_page(client, w):
    from posts.services import scheme_return

    scheme = draft(w)
    scheme_submit(scheme=scheme, actor=w.unit_hr)
    scheme_return(scheme=scheme, actor=w.dept, reasons="请核实八级岗位数")
    client.force_login(w.unit_hr)
    page = client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()
    assert "请核实八级岗位数" in page and "重新编辑退回的方案" in page
    response = client.post(reverse("posts:scheme_reopen", args=[scheme.pk]))
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.DRAFT


def test_reopen_by_department_forbidden(client, w):
    scheme = draft(w)
    client.force_login(w.dept)
    assert client.post(reverse("posts:scheme_reopen", args=[scheme.pk])).status_code == 403


def test_detail_of_filed_scheme_shows_signatures(client, w):
    scheme = draft(w)
    scheme_submit(scheme=scheme, actor=w.unit_hr)
    scheme_dept_approve(scheme=scheme, actor=w.dept, opinion="同意报备")
    scheme_file(scheme=scheme, actor=w.city_officer, opinion="同意备案")
    client.force_login(w.city_officer)
    text = client.get(reverse("posts:scheme_detail", args=[scheme.pk])).content.decode()
    assert "同意报备" in text and "同意备案" in text and "已备案" in text


def test_district_unit_gets_directional_row(client, w):
    from .factories import DISTRICT_OK

    scheme = draft(w, professional=DISTRICT_OK, unit=w.district_unit, actor=w.district_unit_hr)
    client.force_login(w.district_unit_hr)
    text = client.get(reverse("posts:scheme_edit", args=[scheme.pk])).content.decode()
    assert 'name="directional_6"' in text
    client.force_login(w.unit_hr)
    city = draft(w)
    assert 'name="directional_6"' not in client.get(reverse("posts:scheme_edit", args=[city.pk])).content.decode()


def test_unit_hr_with_memberships_elsewhere_reaches_only_its_unit(client, w):
    Membership.objects.create(user=w.unit_hr, organisation=w.hb_edu, role=Role.APPLICANT)
    other = draft(w, unit=w.other_unit, actor=w.other_unit_hr)
    client.force_login(w.unit_hr)
    assert client.get(reverse("posts:scheme_detail", args=[other.pk])).status_code == 404
    assert Organisation.objects.filter(pk=w.unit.pk).exists()


def test_editor_quota_zero_is_kept_and_enforced_POST_06(client, w):
    """A 正高 total of 0 is a real allotment (no 正高 post), not "no quota": saved as 0, shown as 0, and POST-06
    refuses the submission while 正高 posts remain; clearing the field stores "no quota" (None)."""
    scheme = draft(w)
    client.force_login(w.unit_hr)
    url = reverse("posts:scheme_edit", args=[scheme.pk])
    assert client.post(url, {**grid(), "quota_full_senior": "0", "action": "save"}).status_code == 302
    scheme.refresh_from_db()
    assert scheme.quota_full_senior == 0
    assert 'name="quota_full_senior" value="0"' in client.get(url).content.decode()
    refused = client.post(url, {**grid(), "quota_full_senior": "0", "action": "submit"})
    assert refused.status_code == 400 and "POST-06" in refused.content.decode()
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.DRAFT
    assert client.post(url, {**grid(), "quota_full_senior": "", "action": "save"}).status_code == 302
    scheme.refresh_from_db()
    assert scheme.quota_full_senior is None


@pytest.mark.parametrize(("quota", "state"), [("4", Scheme.State.DEPT_REVIEW), ("3", Scheme.State.DRAFT)])
def test_editor_quota_boundary_POST_06(client, w, quota, state):
    """Grade 3 has 1 post (grade 4 two): a total of 4 allows ⌊0.3 × 4⌋ = 1 (submitted), a total of 3 allows 0 (refused)."""
    scheme = draft(w)
    client.force_login(w.unit_hr)
    url = reverse("posts:scheme_edit", args=[scheme.pk])
    client.post(url, {**grid(), "quota_full_senior": quota, "action": "submit"})
    scheme.refresh_from_db()
    assert scheme.quota_full_senior == int(quota) and scheme.state == state


@pytest.mark.parametrize("n", [2, 12])
@pytest.mark.parametrize("who", ["unit_hr", "dept", "city_officer"])
def test_scheme_list_has_a_fixed_query_count_at_2_and_12_rows(client, w, django_assert_num_queries, who, n):
    """Unit HR sees its unit's versions, the department its units' schemes, city HR the city level's."""
    for i in range(n):
        unit = Organisation.objects.create(code=f"unit-{i}", kind=Organisation.Kind.UNIT, name=f"单位{i}",
                                           jurisdiction="city", affiliation="city_department",
                                           supervisor=w.city_edu)  # fmt: skip
        Scheme.objects.create(unit=unit, version=1, state=Scheme.State.DEPT_REVIEW, professional=CITY_OK)
        Scheme.objects.create(unit=w.unit, version=i + 1, state=Scheme.State.RETURNED, professional=CITY_OK)
    client.force_login(getattr(w, who))
    url = reverse("posts:scheme_list")
    client.get(url)
    with django_assert_num_queries(4):  # session, user, memberships (the navigation reads them too), schemes + units
        html = client.get(url).content.decode()
    rows = {"unit_hr": n, "dept": 2 * n, "city_officer": 2 * n}[who]
    assert len(re.findall(r'href="/posts/schemes/\d+/"', html)) == rows
