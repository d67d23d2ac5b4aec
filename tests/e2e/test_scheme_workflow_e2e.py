"""The whole filing route in a real browser (POST-10): unit HR edits and submits → the department approves with a
signed opinion → city HR files; then a special post (POST-09) through its chain: unit HR records 在聘人数 and
requests it → the department approves → city HR approves → unit HR appoints the holder. Each step on its own
person's page, each review's signature (FLOW-06) and the audit trail (FLOW-05) on the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from posts.models import Scheme, SpecialPost
from posts.services import scheme_create
from workflow.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _world():
    from tests.posts.factories import CITY_OK, MANAGEMENT, WORKER, world

    w = world()
    for user in (w.unit_hr, w.dept, w.city_officer):
        user.set_password(DEMO_PASSWORD)
        user.save()
    w.scheme = scheme_create(unit=w.unit, actor=w.unit_hr, professional=CITY_OK, management=MANAGEMENT, worker=WORKER)
    return w


def _logout(page):
    page.click("text=退出")


def _act(page, key: str, fields: dict[str, str]):
    """Open a folded review form, fill it, send it."""
    panel = page.locator(f'details[data-action="{key}"]')
    panel.locator("summary").click()
    for selector, value in fields.items():
        panel.locator(selector).fill(value)
    panel.locator("button[type=submit]").click()


def test_scheme_route_from_unit_to_filing(page, login, live_server, shoot):
    w = _world()
    url = f"{live_server.url}/posts/schemes/{w.scheme.pk}/"

    login(page, "unit_hr")
    page.goto(f"{url}edit/")
    page.fill("#id_professional_13", "7")
    expect(page.locator("#findings")).to_contain_text("符合岗位设置比例要求")
    page.click("#submit-scheme")
    expect(page.locator(".messages")).to_contain_text("方案已报送")
    expect(page.locator("#scheme-state")).to_have_text("主管部门审核中")
    expect(page.locator("#scheme-actions")).to_have_count(0)  # nothing for the unit to decide now
    shoot(page, "posts-10-scheme-submitted")
    _logout(page)

    login(page, "dept")
    page.goto(url)
    _act(page, "dept_approve", {"textarea": "岗位结构合理，同意报备"})
    expect(page.locator(".messages")).to_contain_text("已审核同意")
    expect(page.locator("#scheme-state")).to_have_text("人社部门备案审核中")
    expect(page.locator("#signatures")).to_contain_text("岗位结构合理，同意报备")
    expect(page.locator("#signatures")).to_contain_text("市教育局")
    shoot(page, "posts-11-scheme-dept-approved")
    _logout(page)

    login(page, "city_officer")
    page.goto(url)
    expect(page.locator('details[data-action="dept_approve"]')).to_have_count(0)
    _act(page, "file", {"textarea": "同意备案", "input[type=date]": "2024-09-01"})
    expect(page.locator(".messages")).to_contain_text("方案已备案")
    expect(page.locator("#scheme-state")).to_have_text("已备案")
    expect(page.locator("#signatures")).to_contain_text("乌海市人社局")
    page.locator("#audit-trail summary").click()
    expect(page.locator("#audit-trail")).to_contain_text("scheme_file")
    shoot(page, "posts-12-scheme-filed")

    scheme = Scheme.objects.get(pk=w.scheme.pk)
    assert scheme.state == Scheme.State.FILED and scheme.professional["13"] == 7
    assert scheme.term_start.isoformat() == "2024-09-01" and scheme.reviews.count() == 2


def test_special_post_through_its_chain(page, phone, login, live_server, shoot):
    from datetime import date

    w = _world()
    Scheme.objects.filter(pk=w.scheme.pk).update(state=Scheme.State.FILED, filed_on=date(2024, 3, 1),
                                                 term_start=date(2024, 3, 1), term_end=date(2027, 3, 1))  # fmt: skip
    url = f"{live_server.url}/posts/schemes/{w.scheme.pk}/"

    login(phone, "unit_hr")
    phone.goto(url)
    phone.click("text=登记在聘人数")
    phone.fill("#id_professional_6", "9")  # every regular grade-6 post is filled (POST-09: no vacancy)
    phone.click("text=保存在聘人数")
    expect(phone.locator(".messages")).to_contain_text("在聘人数已登记")
    phone.click("text=申请特设岗位")
    phone.select_option("#id_category", "professional")
    phone.select_option("#id_grade", "6")
    phone.fill("#id_post_name", "化学学科首席教师")
    phone.fill("#id_reasons", "引进自治区级学科带头人，常设六级岗位已满")
    phone.fill("#id_term_start", "2024-09-01")
    phone.fill("#id_holder_name", "王五")
    phone.fill("#id_holder_birth_date", "1978-04-02")
    phone.fill("#id_holder_retirement_date", "2038-04-02")
    phone.fill("#id_holder_work_start", "2001-07-01")
    phone.fill("#id_holder_education", "研究生（博士）")
    phone.fill("#id_holder_graduation", "2001-06-30")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the request form scrolls sideways on a phone ({width}px)"
    shoot(phone, "posts-13-special-post-request-phone")
    phone.click("text=提交申请")
    expect(phone.locator(".messages")).to_contain_text("特设岗位申请已提交")
    expect(phone.locator("#special-post-state")).to_have_text("单位已申请")
    post = SpecialPost.objects.get(unit=w.unit)
    _logout(phone)

    post_url = f"{live_server.url}/posts/special-posts/{post.pk}/"
    login(page, "dept")
    page.goto(post_url)
    _act(page, "dept_approve", {"textarea": "确有必要，同意"})
    expect(page.locator("#special-post-state")).to_have_text("主管部门已审核")
    _logout(page)

    login(page, "city_officer")
    page.goto(post_url)
    _act(page, "hr_approve", {"textarea": "核准"})
    expect(page.locator("#special-post-state")).to_have_text("人社部门已核准")
    shoot(page, "posts-14-special-post-hr-approved")
    _logout(page)

    login(page, "unit_hr")
    page.goto(post_url)
    _act(page, "activate", {})
    expect(page.locator("#special-post-state")).to_have_text("聘用中")
    expect(page.locator("#signatures")).to_contain_text("确有必要，同意")
    expect(page.locator("#signatures")).to_contain_text("乌海市人社局")
    shoot(page, "posts-15-special-post-active")
    assert SpecialPost.objects.get(pk=post.pk).state == SpecialPost.State.ACTIVE
