"""One application the whole way, in a real browser, in Chinese, in the demo (``seed_demo`` in demo mode), as the
new users of each role would do it: profile → "我可以申报什么？" → the draft → materials → submit → unit review and
publicity → signed recommendation → department's one-time correction notice (FLOW-04) → answer → forward → HR
routing → committee acceptance, plan, plan filing and approval → meeting (attendance, tally, close) → result
publicity → filing → certificate → the applicant's progress timeline → public verification without login.

Time passes as it does for a demo user: the demo starts on 2023-07-03 (``settings.DEMO_START_DATE``) and the test
moves the demo date (演示日期) forward with the control in the page header; each move runs the periodic jobs for the
days passed, which is how the result publicity closes after its 5th working day (``publicity_close_due``). Every
step is therefore recorded on its day, and the progress timeline shows those dates.
Screenshots: e2e-screenshots/full-path-NN-*.png."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from tests.titles.test_application_services import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERIES = "中小学教师系列"
COMMITTEE = "乌海市教育局中小学教师系列副高级评委会"
MEETS_ON = "2023-08-22"


@pytest.fixture
def demo(settings, tmp_path):
    """The demo exactly as ``make demo`` loads it: demo mode, every seeder, the demo date 2023-07-03."""
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def as_user(page, login):
    def _as(username: str):
        page.context.clear_cookies()
        login(page, username)
        return page

    return _as


def _messages(page) -> str:
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def _ok(page, text: str):
    page.wait_for_load_state("load")
    shown = _messages(page)
    assert text in shown, shown


def _act(page, action: str, fields: dict | None = None, checks: tuple[str, ...] = ()):
    """Fill and submit the action form a review page shows for ``action`` (the buttons follow the predicates)."""
    form = page.locator(f"form.action-form[data-action={action}]")
    assert form.count() == 1, f"no button for {action}"
    for name, value in (fields or {}).items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    for name in checks:
        form.locator(f"[name='{action}-{name}']").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")


def _demo_date(page, day: str):
    """Move the demo date forward with the header control, as a demo user does."""
    page.fill("#demo-date-day", day)
    page.click("form.demo-date button[value=day]")
    _ok(page, f"演示日期已调整为 {day}")
    assert day in page.inner_text("form.demo-date")


def _upload(page, item: str, path, dated: str | None):
    page.select_option("#id_item", item)
    page.set_input_files("#id_file", str(path))
    if dated:
        page.fill("#id_dated_on", dated)
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state("load")


def test_one_application_from_profile_to_verified_certificate(
    page, browser, as_user, live_server, shoot, demo, tmp_path
):
    from titles.models import Application, Certificate, Meeting

    url = live_server.url
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(pdf_bytes(1))
    corrected = tmp_path / "业绩总结（盖章）.pdf"
    corrected.write_bytes(pdf_bytes(2))

    # --- 2023-07-03, the demo's first day: the applicant ---------------------------------------------------------
    as_user("applicant")
    assert "2023-07-03" in page.inner_text("form.demo-date")
    page.goto(f"{url}/titles/me/profile/")
    page.fill("#id_phone", "13904739999")
    page.fill("#id_titles-0-obtained_on", "2015-07-01")  # 中学一级教师 since 2015: 8 years by the closing day
    shoot(page, "full-path-01-profile")
    page.click("form button.primary[type=submit]")
    page.wait_for_selector("h1:has-text('我可以申报什么？')")
    _ok(page, "申报人信息已保存")
    level = page.locator("[data-level=deputy_senior]")
    assert "WH-01" in level.inner_text() and COMMITTEE in level.inner_text()
    shoot(page, "full-path-02-eligibility")

    page.click(".main-nav a:has-text('我的申报')")
    page.click(f"a:has-text('{SERIES}')")  # the demo's draft of this year (TITLE-04: one per level and year)
    page.wait_for_selector("text=送评材料目录（TITLE-05）")
    app = Application.objects.get(applicant__username="applicant", evaluation_year__year=2023)
    assert page.url.endswith(f"/titles/me/applications/{app.pk}/") and app.state == "draft"
    shoot(page, "full-path-03-draft")

    dated = "2023-06-01"
    for item, needs_date in [
        ("continuing_education", True),
        ("current_title", True),
        ("annual_assessments", True),
        ("representative_works", True),
        ("work_summary", False),
        ("qualifications", True),
    ]:
        _upload(page, item, scan, dated if needs_date else None)
        _ok(page, "材料已上传")
    shoot(page, "full-path-04-materials")
    page.click("#submit-application")
    _ok(page, "申报已提交")
    assert page.locator("[data-state=submitted]").count() == 1
    shoot(page, "full-path-05-submitted")

    # --- unit HR: review, publicity (computed last day), close after the period, signed recommendation ----------
    as_user("unit_hr")
    page.goto(f"{url}/titles/review/")
    page.click(f"tr[data-application='{app.pk}'] a")
    _act(page, "unit_review_start")
    _ok(page, "已办理：开始单位审核")
    page.goto(f"{url}/titles/review/publicity/unit/")
    page.fill("#publicity-form input[name=starts_on]", "2023-07-03")
    page.click("#publicity-form button[name=preview]")
    page.wait_for_load_state("load")
    assert page.inner_text("#publicity-ends-on") == "2023-07-07"  # 5 working days (FLOW-03)
    for box in page.locator("#publicity-form input[name=applications]").all():
        if box.get_attribute("value") != str(app.pk):
            box.uncheck()
    shoot(page, "full-path-06-unit-publicity-preview")
    page.click("#publicity-form button[name=start]")
    _ok(page, "公示已发布：2023-07-03 至 2023-07-07，共 1 人")
    assert page.locator("button:has-text('结束公示')").count() == 0  # not before the last day has passed
    shoot(page, "full-path-07-unit-publicity-open")

    # The 5th working day (07-07) has passed: the daily job closes the publicity (no objection), as beat does.
    _demo_date(page, "2023-07-10")
    assert "结束公示" in _messages(page)  # this one and the demo's other publicities that ended
    app.refresh_from_db()
    assert app.unit_publicity.state == "closed"
    assert page.locator("button:has-text('结束公示')").count() == 0
    shoot(page, "full-path-08-unit-publicity-closed")
    page.goto(f"{url}/titles/review/{app.pk}/")
    _act(
        page,
        "unit_recommend",
        {
            "opinion": "该同志师德高尚，任中学一级教师满五年，业绩突出，具备申报副高级资格条件。",
            "selection_method": "个人申报、民主测评、单位推荐委员会评议",
        },  # fmt: skip
        checks=("pledged",),
    )
    _ok(page, "已办理：签署推荐意见")
    assert "公示情况：公示期 2023-07-03 至 2023-07-07，无异议" in page.inner_text("body")
    shoot(page, "full-path-09-recommended")

    # --- department: re-check, one-time correction notice listing one item ---------------------------------------
    as_user("dept_reviewer")
    page.goto(f"{url}/titles/review/{app.pk}/")
    _act(page, "dept_review_start")
    _ok(page, "已办理：开始复核")
    form = page.locator("form.action-form[data-action=correction_notice_issue]")
    form.locator("[name='correction_notice_issue-item_work_summary']").check()
    form.locator("[name='correction_notice_issue-note_work_summary']").fill("业绩总结未加盖单位公章，请补正")
    deadline = form.locator("[name='correction_notice_issue-deadline']").input_value()
    assert deadline == "2023-07-17"  # 5 working days from 2023-07-10 (FLOW-02/04)
    shoot(page, "full-path-10-correction-notice-form")
    form.locator("button[type=submit]").click()
    _ok(page, "已办理：一次性告知补正")
    assert page.locator("form.action-form[data-action=correction_notice_issue]").count() == 0  # only once
    shoot(page, "full-path-11-correction-issued")

    # --- 2023-07-11: the applicant answers; only the listed item can be changed -----------------------------------
    _demo_date(page, "2023-07-11")
    as_user("applicant")
    page.goto(f"{url}/titles/me/applications/{app.pk}/")
    page.click("#progress-link")
    page.wait_for_selector(".correction-notice")
    notice = page.inner_text(".correction-notice")
    assert "业绩总结未加盖单位公章" in notice and "2023年7月17日" in notice
    shoot(page, "full-path-12-notice-for-applicant")
    page.click("a:has-text('修改列明的材料')")
    page.wait_for_selector("#upload-materials")
    options = page.locator("#id_item option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert options == ["work_summary"], options  # the page offers only the listed item
    # Another item cannot be changed even with a forged form: the service refuses (FLOW-04).
    page.evaluate("""() => { const o = document.createElement('option'); o.value = 'current_title';
                             o.text = 'current_title'; document.querySelector('#id_item').appendChild(o); }""")
    _upload(page, "current_title", scan, "2023-06-01")
    assert "一次性告知未列出此项材料，不能修改" in _messages(page)
    assert app.materials.filter(item="current_title").count() == 1
    _upload(page, "work_summary", corrected, None)
    _ok(page, "材料已上传")
    assert app.materials.filter(item="work_summary").count() == 2
    shoot(page, "full-path-13-corrected-material")
    page.click("#progress-link")
    answer = page.locator("#answer-form")
    assert answer.locator("input[name='correction_answer-changed_items']").count() == 1
    answer.locator("[name='correction_answer-note']").fill("已重新上传加盖单位公章的业绩总结。")
    answer.locator("input[value=work_summary]").check()
    shoot(page, "full-path-14-answer")
    answer.locator("button[type=submit]").click()
    _ok(page, "已办理：提交补正")
    assert page.locator(".correction-notice").count() == 0

    # --- 2023-07-12: department forwards, HR routes, the committee office accepts ----------------------------------
    _demo_date(page, "2023-07-12")
    as_user("dept_reviewer")
    page.goto(f"{url}/titles/review/{app.pk}/")
    assert "已补正" in page.inner_text("body")
    _act(page, "dept_forward", {"opinion": "经复核，申报材料齐全、真实，符合申报条件，同意报送。"})
    _ok(page, "已办理：复核通过，报送人社部门")
    shoot(page, "full-path-15-dept-forwarded")

    as_user("hr_officer")
    page.goto(f"{url}/titles/review/{app.pk}/")
    _act(page, "hr_route", {"note": "按评审路由表报送。"})
    _ok(page, "已办理：确定评委会并报送")
    assert f"报送{COMMITTEE}" in page.inner_text("body")
    shoot(page, "full-path-16-hr-routed")

    as_user("committee_office")
    page.goto(f"{url}/titles/review/{app.pk}/")
    _act(page, "committee_accept", {"note": "材料齐全，予以受理。"})
    _ok(page, "已办理：受理")
    app.refresh_from_db()
    assert app.state == "accepted" and app.committee_name == COMMITTEE

    # --- 2023-07-13: the office schedules it on a meeting and files the plan (≥ 7 days ahead, CMTE-02) -------------
    _demo_date(page, "2023-07-13")
    page.goto(f"{url}/titles/committees/")
    page.click(f"a:has-text('{COMMITTEE}')")
    page.fill("#plan-form input[name=dates]", MEETS_ON)
    page.fill("#plan-form input[name=place]", "市教育局三楼会议室")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#calendar")
    shoot(page, "full-path-17-meeting-planned")
    meeting = Meeting.objects.get(committee__name=COMMITTEE, meets_on=date(2023, 8, 22))
    assert list(meeting.docket.values_list("application_id", flat=True)) == [app.pk]
    page.goto(f"{url}/titles/meetings/{meeting.pk}/")
    page.click("#file-plan button[type=submit]")
    _ok(page, "实施方案已报市人社局备案")
    shoot(page, "full-path-18-plan-filed")

    # --- 2023-07-14: city HR approves the plan -----------------------------------------------------------------------
    _demo_date(page, "2023-07-14")
    as_user("hr_officer")
    page.goto(f"{url}/titles/hr/committee-approvals/")
    shoot(page, "full-path-19-hr-approvals")
    page.goto(f"{url}/titles/meetings/{meeting.pk}/")
    page.click("#approve-plan")
    _ok(page, "实施方案已备案同意")

    # --- 2023-08-22: the meeting: open, attendance, tally (pass), close ------------------------------------------------
    _demo_date(page, MEETS_ON)
    as_user("committee_office")
    page.goto(f"{url}/titles/meetings/{meeting.pk}/")
    page.click("#open-meeting")
    _ok(page, "会议开始")
    present = page.locator("#attendance input[name=present]:checked").count()
    assert present == 25
    page.click("#record-attendance")
    _ok(page, "出席情况已记录")
    recused = meeting.recusals.filter(application=app).count()
    tally = page.locator("form.tally").first
    tally.locator("input[name=agree]").fill(str(present - recused))
    tally.locator("input[name=disagree]").fill("0")
    tally.locator("button[type=submit]").click()
    _ok(page, "票数已记录")
    assert "通过" in page.inner_text("#docket")
    shoot(page, "full-path-20-tally")
    page.click("#close-meeting")
    _ok(page, "会议结束，评审结果已登记")
    app.refresh_from_db()
    assert app.state == "passed" and app.effective_on == date(2023, 8, 22)

    # --- result publicity (the working day after the meeting, 5 working days) ---------------------------------------
    page.click("#publish-results")
    _ok(page, "评审结果已公示")
    app.refresh_from_db()
    publicity = app.result_publicity
    assert (publicity.starts_on, publicity.ends_on) == (date(2023, 8, 23), date(2023, 8, 29))
    shoot(page, "full-path-21-results-published")

    # --- 2023-08-30: the result publicity closed by itself after its 5th working day (the daily job, run for each
    # day the demo date passes); the office files the meeting's results, HR files the application and certifies ----
    _demo_date(page, "2023-08-30")
    publicity.refresh_from_db()
    assert publicity.state == "closed"
    page.fill("#results textarea[name=report]", "公示期间未收到异议和投诉，评审结果有效。")
    page.click("#file-results")
    _ok(page, "评审结果已报市人社局备案")
    shoot(page, "full-path-22-results-filed")

    as_user("hr_officer")
    page.goto(f"{url}/titles/review/{app.pk}/")
    assert "结果备案截止：2023-09-22" in page.inner_text("body")
    _act(page, "result_file", {"note": "同意备案。"})
    _ok(page, "已办理：结果备案")
    _act(page, "certificate_issue")
    _ok(page, "已办理：发放电子证书")
    shoot(page, "full-path-23-certified")
    certificate = Certificate.objects.get(application=app)

    # --- the applicant's progress: every step, its organisation and date; the certificate --------------------------
    as_user("applicant")
    page.goto(f"{url}/titles/me/applications/{app.pk}/")
    page.click("#progress-link")
    page.wait_for_selector("text=办理进度")
    rows = page.locator("ol.timeline li").all_inner_texts()
    # Each step on the day it was done (FLOW-05 records carry the process date).
    expected = [
        ("提交申报", "乌海市第一中学", "2023-07-03"),
        ("单位开始审核", "乌海市第一中学", "2023-07-03"),
        ("单位公示", "乌海市第一中学", "2023-07-03"),
        ("单位推荐", "乌海市第一中学", "2023-07-10"),
        ("主管部门开始复核", "乌海市教育局", "2023-07-10"),
        ("一次性告知补正", "乌海市教育局", "2023-07-10"),
        ("申报人补正", "", "2023-07-11"),
        ("主管部门报送人社部门", "乌海市教育局", "2023-07-12"),
        ("人社部门确定评委会", "人力资源和社会保障局", "2023-07-12"),
        ("评委会受理", "评审委员会", "2023-07-12"),  # the committee's organiser (committee office)
        ("安排评审会议", "评审委员会", "2023-07-13"),
        ("评审结果", "评审委员会", MEETS_ON),
        ("评审结果公示", "评审委员会", MEETS_ON),
        ("结果备案", "人力资源和社会保障局", "2023-08-30"),
        ("发放电子证书", "人力资源和社会保障局", "2023-08-30"),
    ]
    labels = [re.sub(r"^\d{4}-\d{2}-\d{2} ", "", r).split(" · ")[0] for r in rows]
    for label, organisation, day in expected:
        matching = [r for r in rows if re.match(rf"^\d{{4}}-\d{{2}}-\d{{2}} {re.escape(label)}( |$)", r)]
        assert matching, (label, labels)
        assert all(r.startswith(day) for r in matching), (day, matching)
        if organisation:
            assert any(organisation in r for r in matching), (label, organisation, matching)
    timeline = "\n".join(rows)
    assert "公示期 2023-07-03 至 2023-07-07" in timeline
    assert "公示期 2023-08-23 至 2023-08-29" in timeline
    assert "2023-08-22 通过" in timeline
    assert certificate.number in page.inner_text("body")
    shoot(page, "full-path-24-progress")

    with page.expect_download() as download_info:
        page.click("text=电子证书（PDF）")
    from workflow.documents import pdf_text

    with open(download_info.value.path(), "rb") as downloaded:
        text = pdf_text(downloaded.read())
    assert certificate.verification_code in text.replace(" ", "")

    # --- anyone, without logging in, verifies the code: only name, title, series and date ----------------------------
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    public = context.new_page()
    try:
        public.goto(f"{url}/titles/verify/")
        public.fill("#id_code", certificate.verification_code.lower())
        public.click("button:has-text('验证')")
        public.wait_for_selector("dl.verified")
        facts = public.inner_text("dl.verified")
        for shown in ("李明", "高级教师", SERIES, "2023-08-22"):
            assert shown in facts, (shown, facts)
        body = public.inner_text("body")
        assert "该证书真实有效" in body
        for hidden in (certificate.number, "乌海市第一中学", "13904739999", "applicant", COMMITTEE):
            assert hidden not in body, hidden
        shoot(public, "full-path-25-verified")
    finally:
        context.close()
