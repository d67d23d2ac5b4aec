"""The committee office runs a meeting in the browser, from the draw to the roster (screenshots in e2e-screenshots/)."""

from datetime import date

import pytest

from tests.titles.committee_world import applications, committee, pool, world
from titles.models import Committee, Meeting
from titles.services.committees import committee_approve, meeting_plan_approve

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_committee_office_runs_a_meeting_from_draw_to_roster(page, live_server, shoot, settings):
    from workflow.demo import DEMO_PASSWORD

    settings.WUHAI_TODAY = "2023-08-01"
    w = world()
    w.office.set_password(DEMO_PASSWORD)
    w.office.save()
    c = committee(w, key="teachers-e2e", name="中小学教师中级评委会（演示）")
    pool(w, 20)
    applications(w, c, 3)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/titles/committees/{c.pk}/")
    page.fill("#draw-form input[name=needed]", "15")
    page.fill("#draw-form input[name=seed]", "2023")
    page.click("#draw-form button[type=submit]")
    page.wait_for_selector("code.seed")
    assert "2023" in page.inner_text("code.seed")
    shoot(page, "meeting-01-draw")

    committee_approve(actor=w.hr, committee=Committee.objects.get(pk=c.pk), approved_on=date(2023, 3, 1))
    page.goto(f"{live_server.url}/titles/committees/{c.pk}/")
    page.fill("#plan-form input[name=dates]", "2023-08-15")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#calendar")
    shoot(page, "meeting-02-calendar")
    page.click("#calendar a.meeting-chip")
    page.click("#file-plan button[type=submit]")
    page.wait_for_selector("text=实施方案已报市人社局备案")
    shoot(page, "meeting-03-plan-filed")

    meeting = Meeting.objects.get(committee=c)
    meeting_plan_approve(actor=w.hr, meeting=meeting, approved_on=date(2023, 8, 10))
    settings.WUHAI_TODAY = "2023-08-15"
    page.reload()
    page.click("#open-meeting")
    page.click("#record-attendance")
    page.wait_for_selector("text=出席情况已记录")
    for _ in range(3):
        form = page.locator("form.tally").first
        form.locator("input[name=agree]").fill("15")
        form.locator("input[name=disagree]").fill("0")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("text=票数已记录")
    shoot(page, "meeting-04-tallies")
    page.click("#close-meeting")
    page.wait_for_selector("#roster-pdf")
    shoot(page, "meeting-05-results")
    with page.expect_download() as download:
        page.click("#roster-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
