"""The admin: what is view-only (FLOW-03/05 objects change through their services) and what the HR bureau's
officers maintain there (reference data: calendar, ratio profiles, series catalogue, routing, evaluation years)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from workflow.models import AuditRecord, Objection, Organisation, Publicity
from workflow.services import objection_raise, publicity_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-Strong-123"))
    return client


@pytest.fixture
def publicity():
    unit = Organisation.objects.create(kind="unit", code="u1", name="乌海市第一中学", jurisdiction="city")
    publicity = publicity_start(
        organisation=unit, kind="other", title="2023年职称申报公示", starts_on=date(2023, 9, 27)
    )
    objection_raise(publicity=publicity, subject_label="张三", content="学历不实", raised_on=date(2023, 9, 28))
    return publicity


def test_FLOW_03_publicity_admin_refuses_add_even_to_superusers(superuser_client, publicity):
    assert superuser_client.get("/admin/workflow/publicity/add/").status_code == 403
    body = {"kind": "other", "organisation": publicity.organisation_id, "title": "x", "starts_on": "2023-10-07",
            "working_days": "1"}  # fmt: skip
    assert superuser_client.post("/admin/workflow/publicity/add/", body).status_code == 403
    assert Publicity.objects.count() == 1


def test_FLOW_03_publicity_admin_change_page_is_view_only(superuser_client, publicity):
    url = f"/admin/workflow/publicity/{publicity.pk}/change/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content and "学历不实" in page.content.decode()
    before = AuditRecord.objects.count()
    body = {"kind": "other", "organisation": publicity.organisation_id, "title": "x", "starts_on": "2023-10-07",
            "working_days": "1", "objections-TOTAL_FORMS": "2", "objections-INITIAL_FORMS": "1",
            "objections-0-id": publicity.objections.get().pk, "objections-0-publicity": publicity.pk,
            "objections-1-subject_label": "李四", "objections-1-content": "x", "objections-1-raised_on": "2023-01-01"}  # fmt: skip
    assert superuser_client.post(url, body).status_code == 403
    stored = Publicity.objects.get(pk=publicity.pk)
    assert (stored.starts_on, stored.working_days, stored.ends_on) == (date(2023, 9, 27), 5, date(2023, 10, 9))
    assert Objection.objects.count() == 1 and AuditRecord.objects.count() == before


def test_FLOW_03_publicity_admin_refuses_delete(superuser_client, publicity):
    url = f"/admin/workflow/publicity/{publicity.pk}/delete/"
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert Publicity.objects.filter(pk=publicity.pk).exists()


# --- the HR officers' reference-data group (workflow/staff.py) ---------------------------------------------------


@pytest.fixture
def hr_client(client):
    from workflow.demo import seed

    seed()
    client.force_login(get_user_model().objects.get(username="hr_officer"))
    return client


def _day_forms(rows, prefix="days"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, (day, kind, festival) in enumerate(rows):
        data |= {f"{prefix}-{i}-day": day, f"{prefix}-{i}-kind": kind, f"{prefix}-{i}-festival": festival}
    return data


def _year_2027(published, rows):
    return (
        {"year": "2027", "source": "国务院办公厅通知", "notice": "国办发明电〔2026〕X号"}
        | ({"published": "on"} if published else {})
        | _day_forms(rows)
    )


NOTICE_2027 = [("2027-01-01", "holiday", "new_years_day"), ("2027-02-08", "holiday", "spring_festival"),
               ("2027-02-06", "workday", "spring_festival")]  # fmt: skip


def test_hr_reference_group_holds_exactly_the_declared_permissions():
    from django.contrib.auth.models import Group

    from workflow.staff import HR_REFERENCE_GROUP

    codenames = set(Group.objects.get(name=HR_REFERENCE_GROUP).permissions.values_list("codename", flat=True))
    assert {"add_calendaryear", "change_calendaryear", "add_calendarday", "add_ratioprofile", "change_ratioprofile",
            "add_series", "change_routingentry", "add_evaluationyear", "change_applicationwindow",
            "view_auditrecord"} <= codenames  # fmt: skip
    assert not {c for c in codenames if c.endswith("auditrecord") and c != "view_auditrecord"}
    assert not {c for c in codenames if c.endswith(("scheme", "application", "organisation", "membership", "user"))}
    assert "delete_calendaryear" not in codenames and "delete_ratioprofile" not in codenames


def test_hr_reference_group_sync_is_idempotent_and_resets_extra_rights():
    from django.contrib.auth.models import Group, Permission

    from workflow.staff import HR_REFERENCE_GROUP, hr_reference_group_sync

    group = Group.objects.get(name=HR_REFERENCE_GROUP)
    before = set(group.permissions.values_list("pk", flat=True))
    group.permissions.add(Permission.objects.get(codename="delete_organisation"))
    hr_reference_group_sync()
    hr_reference_group_sync()
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert Group.objects.filter(name=HR_REFERENCE_GROUP).count() == 1


def test_demo_city_hr_officer_is_staff_of_the_group_and_district_hr_is_not():
    from workflow.demo import seed
    from workflow.staff import HR_REFERENCE_GROUP

    seed()
    seed()  # idempotent
    users = get_user_model().objects
    assert users.get(username="hr_officer").is_staff
    assert users.get(username="hr_officer").groups.filter(name=HR_REFERENCE_GROUP).exists()
    district = users.get(username="district_hr")
    assert not district.is_staff and not district.groups.exists()
    assert not users.filter(is_staff=True).exclude(username__in=["hr_officer", "admin"]).exists()


def test_FLOW_02_hr_officer_adds_a_year_with_its_days_in_the_admin(hr_client):
    from workflow.models import CalendarYear
    from workflow.selectors import work_calendar

    form = hr_client.get("/admin/workflow/calendaryear/add/")
    assert form.status_code == 200 and 'value="国务院办公厅通知"' in form.content.decode()
    response = hr_client.post("/admin/workflow/calendaryear/add/", _year_2027(True, NOTICE_2027))
    assert response.status_code == 302, response.content.decode()[-2000:]
    row = CalendarYear.objects.get(year=2027)
    assert row.published and row.days.count() == 3
    cal = work_calendar()
    assert cal.is_workday(date(2027, 1, 1)) is False and cal.is_workday(date(2027, 2, 6)) is True
    record = AuditRecord.objects.get(transition="calendar_year_create")
    assert record.actor.username == "hr_officer" and "+2027-02-06 workday" in record.note


def test_FLOW_02_marking_a_year_complete_without_spring_festival_is_refused_naming_it(hr_client):
    from workflow.models import CalendarYear

    page = hr_client.post("/admin/workflow/calendaryear/add/", _year_2027(True, NOTICE_2027[:1]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2027 年尚不能标记为完整" in text and "春节" in text
    assert not CalendarYear.objects.filter(year=2027).exists()  # nothing half-saved


def test_FLOW_02_a_year_without_days_may_be_saved_as_a_draft_but_does_not_count(hr_client):
    from workflow.calendar import YearNotLoaded
    from workflow.selectors import work_calendar

    assert hr_client.post("/admin/workflow/calendaryear/add/", _year_2027(False, [])).status_code == 302
    with pytest.raises(YearNotLoaded) as err:
        work_calendar().is_workday(date(2027, 1, 1))  # a Friday: no Mon–Fri guess
    assert err.value.year == 2027 and err.value.entered


def test_FLOW_02_a_day_of_another_year_or_a_holiday_without_festival_is_refused(hr_client):
    from workflow.models import CalendarYear

    rows = NOTICE_2027 + [("2028-01-01", "holiday", "new_years_day"), ("2027-05-03", "holiday", "")]
    page = hr_client.post("/admin/workflow/calendaryear/add/", _year_2027(True, rows))
    assert page.status_code == 200
    text = page.content.decode()
    assert "不属于 2027 年度" in text and "须注明所属节日" in text
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_FLOW_02_the_standalone_day_list_is_view_only(hr_client):
    assert hr_client.get("/admin/workflow/calendarday/").status_code == 200
    assert hr_client.get("/admin/workflow/calendarday/add/").status_code == 403


def test_POST_03_hr_officer_adds_a_ratio_profile_in_the_admin(hr_client):
    from posts.models import RatioProfile

    body = {"jurisdiction": "city", "sector": "culture", "senior_cap": "0.2000", "senior_intermediate_cap": "0.6000",
            "rounding": "floor", "effective_year": "2027", "label": "2:4:4"}  # fmt: skip
    response = hr_client.post("/admin/posts/ratioprofile/add/", body)
    assert response.status_code == 302
    assert RatioProfile.objects.filter(sector="culture", effective_year=2027).exists()
    assert AuditRecord.objects.filter(transition="ratio_profile_create", actor__username="hr_officer").exists()


def test_FLOW_05_hr_officer_reads_the_audit_log_but_cannot_change_or_delete_it(hr_client, publicity):
    record = AuditRecord.objects.first()
    assert hr_client.get("/admin/workflow/auditrecord/").status_code == 200
    assert hr_client.get(f"/admin/workflow/auditrecord/{record.pk}/change/").status_code == 200
    assert hr_client.post(f"/admin/workflow/auditrecord/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert hr_client.post(f"/admin/workflow/auditrecord/{record.pk}/change/", {"note": "x"}).status_code == 403
    assert AuditRecord.objects.get(pk=record.pk).note == record.note


@pytest.mark.parametrize(
    "path",
    ["/admin/workflow/organisation/", "/admin/workflow/membership/", "/admin/auth/user/", "/admin/posts/scheme/",
     "/admin/titles/application/", "/admin/workflow/outboxmessage/", "/admin/posts/ratioprofile/1/delete/"],
)  # fmt: skip
def test_hr_officer_reaches_nothing_but_reference_data_in_the_admin(hr_client, path):
    assert hr_client.get(path).status_code in {403, 404}


@pytest.mark.parametrize("n", [2, 12])
def test_FLOW_05_audit_log_list_has_a_fixed_query_count(superuser_client, django_assert_num_queries, n):
    """The audit log's list (each record's organisation shown) in the same number of queries at 2 and 12 rows."""
    from workflow.audit import audit_record

    units = [Organisation.objects.create(kind="unit", code=f"u{i}", name=f"单位{i}", jurisdiction="city")
             for i in range(n)]  # fmt: skip
    for unit in units:
        audit_record(subject=unit, transition="pinned_step", from_state="a", to_state="b", role="unit_hr",
                     organisation=unit, note="x")  # fmt: skip
    url = "/admin/workflow/auditrecord/?transition=pinned_step"
    superuser_client.get(url)
    # session, user, the filtered count (never the whole log's: show_full_result_count off), the page of rows with
    # their organisations, the navigation's roles, the two filters' values
    with django_assert_num_queries(7):
        html = superuser_client.get(url).content.decode()
    assert all(f"单位{i}" in html for i in range(n))
