"""The review steps after submission, all through pages, in Chinese: unit HR publishes two applicants in one
publicity (batch, computed last day), closes it after the period and signs both recommendations; the department
re-checks, issues a one-time correction notice (FLOW-04) to one of them; that applicant changes the listed item and
answers; the department forwards both in one batch and city HR routes both to the committee in one batch.
"Today" is ``settings.WUHAI_TODAY`` (read by every titles page). Screenshots: e2e-screenshots/review-NN-*.png."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.e2e.test_full_path_e2e import _act, _messages, _ok, _upload
from tests.titles.test_application_services import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMITTEE = "乌海市教育局中小学教师系列副高级评委会"


@pytest.fixture
def two_submitted(settings, tmp_path):
    """Demo users and organisations, 李明's demo profile, the committees; two submitted 2023 applications of
    乌海市第一中学 (created directly: submission has its own browser test)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.contrib.auth import get_user_model

    from posts.demo import seed as posts_seed
    from titles.demo import seed as titles_seed
    from titles.demo_committees import seed as committees_seed
    from titles.models import Application, EvaluationYear, Series
    from workflow.demo import seed as workflow_seed
    from workflow.models import Membership, Organisation, Role

    workflow_seed()
    posts_seed()  # the school's filed post scheme: it recommends within its vacancies (TITLE-10)
    titles_seed()
    committees_seed()
    unit = Organisation.objects.get(code="unit-no1-middle")
    colleague, _ = get_user_model().objects.get_or_create(username="applicant_colleague", first_name="高远")
    Membership.objects.get_or_create(user=colleague, organisation=unit, role=Role.APPLICANT)
    common = {
        "evaluation_year": EvaluationYear.objects.get(year=2023),
        "series": Series.objects.get(key="primary_secondary_teacher"),
        "unit": unit,
        "level": "deputy_senior",
        "route": "review",
        "rule": "WH-01",
        "state": "submitted",
        "submitted_at": timezone.now(),
    }
    return [
        Application.objects.create(applicant=get_user_model().objects.get(username="applicant"), **common),
        Application.objects.create(applicant=colleague, **common),
    ]


def test_unit_batch_publicity_recommend_correction_answer_forward_route(
    page, login, live_server, shoot, two_submitted, settings, tmp_path
):
    url = live_server.url
    mine, colleague = two_submitted
    ids = sorted([mine.pk, colleague.pk])

    def as_user(username):
        page.context.clear_cookies()
        login(page, username)

    # --- unit HR, 2023-07-03: start both reviews, one publicity for both (computed last day shown first) ---------
    settings.WUHAI_TODAY = "2023-07-03"
    as_user("unit_hr")
    page.goto(f"{url}/titles/review/")
    assert {int(r.get_attribute("data-application")) for r in page.locator("tr[data-application]").all()} >= set(ids)
    shoot(page, "review-01-unit-list")
    for pk in ids:
        page.goto(f"{url}/titles/review/{pk}/")
        _act(page, "unit_review_start")
        _ok(page, "已办理：开始单位审核")
    page.goto(f"{url}/titles/review/publicity/unit/")
    assert page.input_value("#publicity-form input[name=starts_on]") == "2023-07-03"  # today, as a date input
    page.click("#publicity-form button[name=preview]")
    page.wait_for_load_state("load")
    assert page.inner_text("#publicity-ends-on") == "2023-07-07"
    boxes = page.locator("#publicity-form input[name=applications]")
    assert sorted(int(b.get_attribute("value")) for b in boxes.all()) == ids
    assert all(b.is_checked() for b in boxes.all())
    shoot(page, "review-02-batch-publicity")
    page.click("#publicity-form button[name=start]")
    _ok(page, "公示已发布：2023-07-03 至 2023-07-07，共 2 人")
    shoot(page, "review-03-publicity-open")

    # --- 2023-07-07 (last day): not closable yet; 2023-07-10: closed, both recommended, signed -------------------
    settings.WUHAI_TODAY = "2023-07-07"
    page.reload()
    assert page.locator("button:has-text('结束公示')").count() == 0
    settings.WUHAI_TODAY = "2023-07-10"
    page.reload()
    page.click("button:has-text('结束公示')")
    _ok(page, "公示已结束")
    for pk in ids:
        page.goto(f"{url}/titles/review/{pk}/")
        _act(
            page,
            "unit_recommend",
            {
                "opinion": "任中学一级教师满五年，业绩突出，具备申报副高级资格条件。",
                "selection_method": "个人申报、民主测评",
            },
            checks=("pledged",),
        )
        _ok(page, "已办理：签署推荐意见")
        assert "公示情况：公示期 2023-07-03 至 2023-07-07，无异议" in page.inner_text("body")
    shoot(page, "review-04-recommended")

    # --- department: start both re-checks; a one-time correction notice to 李明, one item ---------------------------
    as_user("dept_reviewer")
    for pk in ids:
        page.goto(f"{url}/titles/review/{pk}/")
        _act(page, "dept_review_start")
        _ok(page, "已办理：开始复核")
    page.goto(f"{url}/titles/review/{mine.pk}/")
    form = page.locator("form.action-form[data-action=correction_notice_issue]")
    form.locator("[name='correction_notice_issue-item_annual_assessments']").check()
    form.locator("[name='correction_notice_issue-note_annual_assessments']").fill("缺2022年度考核表，请补充")
    assert form.locator("[name='correction_notice_issue-deadline']").input_value() == "2023-07-17"
    shoot(page, "review-05-correction-form")
    form.locator("button[type=submit]").click()
    _ok(page, "已办理：一次性告知补正")
    assert page.locator("form.action-form[data-action=correction_notice_issue]").count() == 0

    # --- the applicant answers (2023-07-11): only the listed item is offered and accepted --------------------------
    settings.WUHAI_TODAY = "2023-07-11"
    scan = tmp_path / "2022年度考核表.pdf"
    scan.write_bytes(pdf_bytes(1))
    as_user("applicant")
    page.goto(f"{url}/titles/me/applications/{mine.pk}/")
    page.click("#progress-link")
    assert "缺2022年度考核表" in page.inner_text(".correction-notice")
    shoot(page, "review-06-notice")
    page.click("a:has-text('修改列明的材料')")
    options = page.locator("#id_item option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert options == ["annual_assessments"]
    page.evaluate("""() => { const o = document.createElement('option'); o.value = 'work_summary';
                             o.text = 'work_summary'; document.querySelector('#id_item').appendChild(o); }""")
    _upload(page, "work_summary", scan, None)
    assert "一次性告知未列出此项材料，不能修改" in _messages(page)
    _upload(page, "annual_assessments", scan, "2023-01-15")
    _ok(page, "材料已上传")
    page.click("#progress-link")
    answer = page.locator("#answer-form")
    answer.locator("[name='correction_answer-note']").fill("已补充2022年度考核表。")
    answer.locator("input[value=annual_assessments]").check()
    # A forged extra item is refused by the service (FLOW-04) and nothing changes.
    page.evaluate("""() => { const i = document.createElement('input'); i.type = 'checkbox'; i.checked = true;
        i.name = 'correction_answer-changed_items'; i.value = 'work_summary';
        document.querySelector('#answer-form').appendChild(i); }""")
    answer.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "选择一个有效的选项" in _messages(page) or "只能修改" in _messages(page), _messages(page)
    mine.refresh_from_db()
    assert mine.state == "correction"
    answer = page.locator("#answer-form")
    answer.locator("[name='correction_answer-note']").fill("已补充2022年度考核表。")
    answer.locator("input[value=annual_assessments]").check()
    shoot(page, "review-07-answer")
    answer.locator("button[type=submit]").click()
    _ok(page, "已办理：提交补正")

    # --- department forwards both in one batch; HR routes both in one batch (2023-07-12) --------------------------
    settings.WUHAI_TODAY = "2023-07-12"
    as_user("dept_reviewer")
    page.goto(f"{url}/titles/review/?state=dept_review")
    for pk in ids:
        page.check(f"tr[data-application='{pk}'] input[name=applications]")
    page.fill("#batch-form #id_opinion", "经复核，申报材料齐全、真实，同意报送。")
    shoot(page, "review-08-batch-forward")
    page.click("button:has-text('批量复核报送')")
    _ok(page, "批量办理完成：2 件")

    as_user("hr_officer")
    page.goto(f"{url}/titles/review/?state=hr_review")
    for pk in ids:
        page.check(f"tr[data-application='{pk}'] input[name=applications]")
    page.fill("#batch-form #id_opinion", "按评审路由表报送。")
    page.click("button:has-text('批量确定评委会')")
    _ok(page, "批量办理完成：2 件")
    shoot(page, "review-09-batch-routed")
    for app in (mine, colleague):
        app.refresh_from_db()
        assert (app.state, app.committee_name) == ("hr_review", COMMITTEE)
    page.goto(f"{url}/titles/review/{mine.pk}/")
    body = page.inner_text("body")
    assert f"报送{COMMITTEE}" in body and "已补正" in body
    shoot(page, "review-10-routed-detail")
