"""A committee office runs a complete meeting in the browser, in the demo (``seed_demo`` in demo mode), as a new user
would: from the draw to the roster, moving the demo date (演示日期) with the control in the page header.

The demo's vocational deputy-senior committee (run by the listed ``committee_office`` account) has last year's panel
but none for 2023, and three accepted 2023 cases. On 2023-07-03 the office draws the 25 judges (CMTE-03/04), plans a
meeting for 2023-07-20 (CMTE-06) and files the plan (CMTE-02, ≥ 7 days ahead); city HR approves it. On the meeting
day exactly 17 of 25 attend (the 2/3 quorum); a relative declared for the third applicant leaves 16 to vote on them,
so that applicant is deferred (back to accepted) and the meeting can still close (CMTE-04). The others are voted with
the committee's opinions, the results published for 5 working days (FLOW-03), the publicity closes by the daily job
when the date moves to 2023-07-28, and the office files the report (TITLE-15) and downloads the roster (Doc B
attachment 3) as .xlsx and PDF, the minutes and the filing report. Screenshots: e2e-screenshots/meeting-NN-*.png."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMITTEE = "乌海市教育局中等职业学校教师系列副高级评委会"
MEETS_ON = "2023-07-20"


@pytest.fixture
def demo(settings, tmp_path):
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


def _demo_date(page, day: str):
    page.fill("#demo-date-day", day)
    page.click("form.demo-date button[value=day]")
    _ok(page, f"演示日期已调整为 {day}")


def _pdf_text(download) -> str:
    from workflow.documents import pdf_text

    with open(download.path(), "rb") as handle:
        return pdf_text(handle.read()).replace(" ", "")


def test_committee_office_runs_a_meeting_from_draw_to_roster_in_the_demo(
    page, browser, as_user, live_server, shoot, demo
):
    from titles.models import Application, Committee, CommitteeSeat, Meeting

    url = live_server.url
    committee = Committee.objects.get(name=COMMITTEE)
    waiting = list(Application.objects.filter(committee_key=committee.key, state="accepted").order_by("pk"))
    assert len(waiting) == 3

    # --- 2023-07-03: the office draws this year's panel ----------------------------------------------------------
    as_user("committee_office")
    assert "2023-07-03" in page.inner_text("form.demo-date")
    page.click(".main-nav a:has-text('评审委员会')")
    page.click(f"a:has-text('{COMMITTEE}')")
    assert page.locator("#panel").inner_text().count("0 人") >= 1
    assert page.locator("#draw-form select[name=year]").input_value() == "2023"
    assert page.locator("#draw-form input[name=needed]").input_value() == "25"  # CMTE-04 senior minimum
    page.fill("#draw-form input[name=seed]", "2023")
    shoot(page, "meeting-01-before-draw")
    page.click("#draw-form button[type=submit]")
    _ok(page, "已随机抽取评审专家")
    assert "2023" in page.inner_text("code.seed")
    assert CommitteeSeat.objects.filter(committee=committee, year=2023, alternate=False).count() == 25
    shoot(page, "meeting-02-drawn")

    # --- plan the meeting (CMTE-06) and file the plan (CMTE-02) ----------------------------------------------------
    page.fill("#plan-form input[name=dates]", MEETS_ON)
    page.fill("#plan-form input[name=place]", "市教育局三楼会议室")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#calendar")
    _ok(page, "已生成评审安排")
    shoot(page, "meeting-03-calendar")
    meeting = Meeting.objects.get(committee=committee, meets_on=date(2023, 7, 20))
    page.click(f"#calendar a.meeting-chip[title^='{COMMITTEE}']")
    page.wait_for_selector("#file-plan")
    assert page.url.endswith(f"/titles/meetings/{meeting.pk}/")
    assert meeting.docket.count() == 3
    page.click("#file-plan button[type=submit]")
    _ok(page, "实施方案已报市人社局备案")
    with page.expect_download() as plan_pdf:
        page.click("a:has-text('实施方案备案表')")
    assert "职称评审实施方案备案表" in _pdf_text(plan_pdf.value)

    # --- city HR approves the plan -----------------------------------------------------------------------------------
    as_user("hr_officer")
    page.goto(f"{url}/titles/hr/committee-approvals/")
    assert COMMITTEE in page.inner_text("body")
    shoot(page, "meeting-04-hr-approvals")
    page.goto(f"{url}/titles/meetings/{meeting.pk}/")
    page.click("#approve-plan")
    _ok(page, "实施方案已备案同意")

    # --- 2023-07-20, the meeting day ---------------------------------------------------------------------------------
    _demo_date(page, MEETS_ON)
    as_user("committee_office")
    page.goto(f"{url}/titles/meetings/{meeting.pk}/")
    page.click("#open-meeting")
    _ok(page, "会议开始")
    boxes = page.locator("#attendance input[name=present]")
    members = CommitteeSeat.objects.filter(committee=committee, year=2023, alternate=False).count()
    for i in range(17, members):  # exactly 17 of 25 present: the 2/3 quorum (CMTE-04)
        boxes.nth(i).uncheck()
    page.click("#record-attendance")
    _ok(page, "出席情况已记录")
    facts = page.locator("section.card").first.inner_text()
    assert "25 人 · 出席 17（至少 17）" in facts and "符合三分之二" in facts

    # A relative of the third applicant, present, declares the conflict: 16 would vote on them — no valid vote.
    entries = list(meeting.docket.order_by("position"))
    page.click("summary:has-text('登记回避')")
    form = page.locator("form[action$='/recusal/']")
    present_judge = form.locator("select[name=judge] option").first.get_attribute("value")
    form.locator("select[name=judge]").select_option(present_judge)
    form.locator("select[name=application]").select_option(str(entries[2].application_id))
    form.locator("select[name=reason]").select_option("relative")
    form.locator("button[type=submit]").click()
    _ok(page, "回避已登记")
    third = page.locator(f"#entry-{entries[2].pk}")
    assert "出席 17 人，回避 1 人" in third.inner_text() and third.locator("form.tally").count() == 0
    shoot(page, "meeting-05-recusal-blocks-the-third")
    third.locator("form.defer button[type=submit]").click()
    _ok(page, "已暂缓评审该申报人")
    assert Application.objects.get(pk=entries[2].application_id).state == "accepted"

    for entry, agree, opinion in (
        (entries[0], 17, "师德高尚，教学业绩突出，同意通过。"),
        (entries[1], 9, "业绩成果不足，未达到副高级评审标准。"),
    ):
        tally = page.locator(f"#entry-{entry.pk} form.tally")
        tally.locator("input[name=agree]").fill(str(agree))
        tally.locator("input[name=disagree]").fill(str(17 - agree))
        tally.locator("textarea[name=opinion]").fill(opinion)
        tally.locator("button[type=submit]").click()
        _ok(page, "票数已记录")
    shoot(page, "meeting-06-tallies")
    page.click("#close-meeting")
    _ok(page, "会议结束，评审结果已登记")
    states = [Application.objects.get(pk=e.application_id).state for e in entries]
    assert states == ["passed", "failed", "accepted"]

    page.click("#publish-results")
    _ok(page, "评审结果已公示")
    publicity = Application.objects.get(pk=entries[0].application_id).result_publicity
    assert (publicity.starts_on, publicity.ends_on) == (date(2023, 7, 21), date(2023, 7, 27))
    shoot(page, "meeting-07-published")

    # --- 2023-07-28: the publicity closed by the daily job; the office files the results (TITLE-15) ----------------
    _demo_date(page, "2023-07-28")
    publicity.refresh_from_db()
    assert publicity.state == "closed"
    page.fill("#results textarea[name=report]", "公示期间未收到异议和投诉，评审结果有效。")
    page.click("#file-results")
    _ok(page, "评审结果已报市人社局备案")
    shoot(page, "meeting-08-filed")

    with page.expect_download() as xlsx:
        page.click("#roster-xlsx")
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    with open(xlsx.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert sheet["A1"].value == "乌海市2023年申报副高级专业技术资格花名册（中等职业学校教师系列）"
    (row,) = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "1"]
    assert row[2] == "乌海市职业技术学校" and all(row[4:9]) and row[16]  # gender … education, phone from the profile
    with page.expect_download() as roster_pdf:
        page.click("#roster-pdf")
    assert "乌海市2023年申报副高级专业技术资格花名册（中等职业学校教师系列）" in _pdf_text(roster_pdf.value)
    with page.expect_download() as minutes:
        page.click("a:has-text('会议纪要')")
    text = _pdf_text(minutes.value)
    assert "师德高尚，教学业绩突出，同意通过。" in text and "暂缓评审" in text
    with page.expect_download() as report:
        page.click("#filing-report-pdf")
    text = _pdf_text(report.value)
    assert "公示期间未收到异议和投诉，评审结果有效。" in text and "2023-07-21至2023-07-27" in text

    # The deferred applicant waits for another meeting on the committee page.
    page.goto(f"{url}/titles/committees/{committee.pk}/")
    assert "已受理待安排 1 人" in page.inner_text("#plan").replace("\n", " ")

    # The meeting screen fits a phone (390 px): no horizontal scrolling of the page.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    context.add_cookies(page.context.cookies())
    phone = context.new_page()
    try:
        phone.goto(f"{url}/titles/meetings/{meeting.pk}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        shoot(phone, "meeting-09-phone")
    finally:
        context.close()
