"""Applicant services: application_create / material_upload / application_submit, with the rule each check
enforces in the test name (TITLE-01/02/03/04/05/20, FLOW-04, FLOW-05) and one-day boundaries."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from titles.models import Application, ApplicationWindow, EvaluationYear, Material, Series
from titles.models.applications import ApplicationState
from titles.services.applications import (
    ApplicationError,
    application_create,
    application_draft_delete,
    application_submit,
    material_delete,
    material_upload,
    profile_update,
)
from workflow.models import AuditRecord, Membership, Organisation, OutboxMessage, Role
from workflow.permissions import PermissionDenied

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 20)
CLOSES = date(2025, 6, 9)
ONE_DAY = timedelta(days=1)


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def resident_id(born: date, sequence: str = "123") -> str:
    from titles.demo import resident_id as make

    return make("150302", born, sequence)


def make_year(year: int = 2025, *, closes: date = CLOSES, opens: date | None = date(2025, 1, 1)) -> EvaluationYear:
    row, _ = EvaluationYear.objects.get_or_create(year=year, defaults={"teacher_full_senior_quota": 6})
    for group in ("senior", "intermediate_junior", "teachers", "directional_senior"):
        ApplicationWindow.objects.update_or_create(
            evaluation_year=row,
            group=group,
            defaults={"opens_on": opens, "closes_on": closes, "review_ends_on": max(date(year, 9, 30), closes)},
        )
    return row


def make_unit(code: str = "unit-a", **extra) -> Organisation:
    defaults = {"kind": "unit", "name": "乌海市测试中心", "jurisdiction": "city", "affiliation": "city_department"}
    defaults.update(extra)
    unit, _ = Organisation.objects.get_or_create(code=code, defaults=defaults)
    return unit


def make_applicant(
    username: str = "li",
    *,
    unit: Organisation | None = None,
    employment: str = "institution",
    titles: list[dict] | None = None,
    education: list[dict] | None = None,
    sanctions: list[dict] | None = None,
    sequence: str = "123",
    today: date = TODAY,
    **data,
):
    user = get_user_model().objects.create_user(username, email=f"{username}@example.com", password="x")
    unit = unit if unit is not None else make_unit()
    born = data.pop("birth_date", date(1985, 3, 12))
    profile_update(
        user=user,
        data={
            "full_name": data.pop("full_name", "李明"),
            "gender": "male",
            "ethnicity": "汉族",
            "id_type": "resident",
            "id_number": resident_id(born, sequence),
            "birth_date": born,
            "unit": unit,
            "employment": employment,
            "current_specialty": "水利工程",
            **data,
        },
        education=education
        if education is not None
        else [
            {
                "education": "bachelor",
                "degree": "bachelor",
                "school": "内蒙古大学",
                "major": "水利",
                "full_time": True,
                "graduated_on": date(2007, 7, 1),
            }
        ],  # fmt: skip
        work=[{"employer": unit.name, "location": "city", "started_on": date(2007, 8, 1)}],
        titles=titles
        if titles is not None
        else [
            {"series": Series.objects.get(key="engineering"), "level": "intermediate", "obtained_on": date(2015, 7, 1)}
        ],
        sanctions=sanctions or [],
        today=today,
    )
    return user


def create(user, *, level: str = "deputy_senior", route: str = "review", today: date = TODAY, **kw) -> Application:
    return application_create(user=user, series_key=kw.pop("series_key", "engineering"), level=level, route=route,
                              today=today, **kw)  # fmt: skip


def fill_materials(user, application: Application, today: date = TODAY, dated_on: date | None = None) -> None:
    from titles.selectors.applications import missing_materials, profile_for
    from titles.selectors.catalogue import catalogue_snapshot

    for entry in missing_materials(application, catalogue_snapshot(), profile_for(user)):
        material_upload(user=user, application=application, item=entry.item, upload=pdf_upload(),
                        dated_on=dated_on or today - ONE_DAY, today=today)  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year():
    return make_year()


@pytest.fixture
def applicant(year):
    return make_applicant()


# --- create ------------------------------------------------------------------------------------------------------


def test_application_create_on_an_open_route(applicant):
    app = create(applicant)
    assert app.state == ApplicationState.DRAFT
    assert app.rule == "WH-01"
    assert AuditRecord.objects.filter(transition="create", subject_id=str(app.pk)).exists()


def test_title_04_second_application_same_level_same_year_clear_message(applicant):
    create(applicant)
    with pytest.raises(ApplicationError) as error:
        create(applicant)
    assert error.value.rule == "TITLE-04"
    assert "每人每年同一级别只能申报一次" in error.value.message
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_title_04_deleted_draft_frees_the_level_and_leaves_its_audit_record(
    applicant, django_capture_on_commit_callbacks
):
    app = create(applicant)
    fill_materials(applicant, app)
    stored = [m.file.name for m in app.materials.all()]
    storage = Material._meta.get_field("file").storage
    assert stored and all(storage.exists(name) for name in stored)
    with django_capture_on_commit_callbacks(execute=True):
        application_draft_delete(user=applicant, application=app)
    assert not Application.objects.filter(pk=app.pk).exists()
    assert not Material.objects.filter(application_id=app.pk).exists()
    assert not any(storage.exists(name) for name in stored)
    record = AuditRecord.objects.get(transition="draft_delete", subject_id=str(app.pk))
    assert record.from_state == "draft" and "删除草稿" in record.note
    again = create(applicant)
    assert again.state == ApplicationState.DRAFT


def test_title_04_only_a_draft_may_be_deleted(applicant):
    app = create(applicant)
    fill_materials(applicant, app)
    application_submit(user=applicant, application=app, today=TODAY)
    with pytest.raises(ApplicationError) as error:
        application_draft_delete(user=applicant, application=app)
    assert error.value.rule == "TITLE-04" and "撤回" in error.value.message
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED


def test_title_04_someone_elses_draft_cannot_be_deleted(applicant):
    app = create(applicant)
    other = make_applicant("zhao", sequence="456")
    with pytest.raises(PermissionDenied):
        application_draft_delete(user=other, application=app)
    assert Application.objects.filter(pk=app.pk).exists()
    assert not AuditRecord.objects.filter(transition="draft_delete").exists()


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_title_04_withdrawn_before_the_unit_review_frees_the_level(applicant, state):
    from titles.services.workflow import application_withdraw

    app = create(applicant)
    Application.objects.filter(pk=app.pk).update(state=state)
    application_withdraw(application=app.pk, actor=applicant, reason="级别选错")
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN and app.withdrawn_before_review
    assert create(applicant).pk != app.pk


@pytest.mark.parametrize("state", ["unit_review", "unit_publicity", "dept_review"])
def test_title_04_withdrawn_after_the_unit_review_began_still_counts(applicant, state):
    from titles.services.workflow import application_withdraw

    app = create(applicant)
    Application.objects.filter(pk=app.pk).update(state=state, submitted_at=app.created_at)
    application_withdraw(application=app.pk, actor=applicant, reason="个人原因")
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN and not app.withdrawn_before_review
    with pytest.raises(ApplicationError) as error:
        create(applicant)
    assert error.value.rule == "TITLE-04"


def test_title_04_database_constraint_ignores_only_the_released_application(applicant):
    from django.db import IntegrityError, transaction

    app = create(applicant)
    copy = {"applicant": applicant, "unit": app.unit, "evaluation_year": app.evaluation_year, "series": app.series,
            "level": app.level}  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(**copy)
    # A row may be released only once withdrawn (check constraint), then the level takes a new application.
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(withdrawn_before_review=True)
    Application.objects.filter(pk=app.pk).update(state="withdrawn", withdrawn_before_review=True)
    assert Application.objects.create(**copy).pk


def test_title_20_directional_and_general_same_level_same_year_refused(year):
    unit = make_unit("unit-d", jurisdiction="haibowan", affiliation="district", location="township")
    user = make_applicant(
        "liu",
        unit=unit,
        titles=[{"series": Series.objects.get(key="primary_secondary_teacher"), "level": "intermediate",
                 "obtained_on": date(2015, 7, 1)}],
    )  # fmt: skip
    first = create(user, series_key="primary_secondary_teacher", directional=True)
    assert first.directional and first.rule == "TITLE-20"
    with pytest.raises(ApplicationError) as error:
        create(user, series_key="primary_secondary_teacher", directional=False)
    assert error.value.rule == "TITLE-04"
    assert "定向评价与社会化评价" in error.value.message


def test_title_01_civil_servant_cannot_create(year):
    user = make_applicant("chen", employment="civil_servant")
    with pytest.raises(ApplicationError) as error:
        create(user)
    assert error.value.rule == "TITLE-01"
    assert not Application.objects.exists()


def test_title_22_sanction_bars_until_its_last_day(year):
    sanction = [{"kind": "demerit", "decided_on": date(2024, 1, 1), "ends_on": CLOSES}]
    user = make_applicant("wu", sanctions=sanction)
    with pytest.raises(ApplicationError) as error:
        create(user)
    assert error.value.rule == "TITLE-22"
    # One day earlier the sanction period is over by the cut-off day (TITLE-03: as of the window's closing day).
    other = make_applicant(
        "wu2",
        sequence="124",
        sanctions=[{"kind": "demerit", "decided_on": date(2024, 1, 1), "ends_on": CLOSES - ONE_DAY}],
    )
    assert create(other).rule == "WH-01"


def test_wh_01_seniority_counts_up_to_the_deadline_title_03(year):
    # Five years in the current title are complete on the window's closing day itself → may apply (FLOW-01).
    ok = make_applicant("a1", titles=[{"series": Series.objects.get(key="engineering"), "level": "intermediate",
                                       "obtained_on": date(2020, 6, 9)}])  # fmt: skip
    assert create(ok).rule == "WH-01"
    late = make_applicant("a2", sequence="125", titles=[{"series": Series.objects.get(key="engineering"),
                                                         "level": "intermediate", "obtained_on": date(2020, 6, 10)}])  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        create(late)
    assert error.value.rule == "WH-01"


def test_green_02_route_needs_category(applicant):
    with pytest.raises(ApplicationError) as error:
        create(applicant, route="green_channel")
    assert error.value.rule == "GREEN-02"


# --- materials ---------------------------------------------------------------------------------------------------


def test_title_03_material_dated_on_the_closing_day_accepted_day_after_refused(applicant):
    app = create(applicant)
    today = CLOSES
    material_upload(user=applicant, application=app, item="achievements", upload=pdf_upload(), dated_on=CLOSES,
                    today=today)  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        material_upload(user=applicant, application=app, item="achievements", upload=pdf_upload(),
                        dated_on=CLOSES + ONE_DAY, today=CLOSES + ONE_DAY)  # fmt: skip
    assert error.value.rule == "TITLE-03"
    assert Material.objects.filter(application=app).count() == 1


def test_title_03_future_dated_material_refused(applicant):
    app = create(applicant)
    with pytest.raises(ApplicationError) as error:
        material_upload(user=applicant, application=app, item="achievements", upload=pdf_upload(),
                        dated_on=TODAY + ONE_DAY, today=TODAY)  # fmt: skip
    assert "未来" in error.value.message
    assert not Material.objects.exists()


def test_title_03_no_upload_after_the_window_closed(applicant):
    app = create(applicant)
    material_upload(user=applicant, application=app, item="work_summary", upload=pdf_upload(), today=CLOSES)
    with pytest.raises(ApplicationError) as error:
        material_upload(user=applicant, application=app, item="work_summary", upload=pdf_upload(),
                        today=CLOSES + ONE_DAY)  # fmt: skip
    assert error.value.rule == "TITLE-03"


def test_title_05_exe_renamed_pdf_refused_and_nothing_saved(applicant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = create(applicant)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ApplicationError) as error:
        material_upload(user=applicant, application=app, item="work_summary", upload=fake, today=TODAY)
    assert error.value.rule == "TITLE-05"
    assert "PDF、JPEG、PNG" in error.value.message
    assert not Material.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_title_05_degree_certificates_are_never_an_item(applicant):
    app = create(applicant)
    with pytest.raises(ApplicationError):
        material_upload(user=applicant, application=app, item="degree_certificate", upload=pdf_upload(), today=TODAY)


def test_material_upload_stores_a_generated_name(applicant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = create(applicant)
    material = material_upload(user=applicant, application=app, item="work_summary",
                               upload=pdf_upload("2023年度 总结.pdf"), today=TODAY)  # fmt: skip
    assert material.original_name == "2023年度 总结.pdf"
    assert material.file.name.startswith(f"titles/materials/{app.pk}/")
    assert "总结" not in material.file.name
    assert (tmp_path / material.file.name).is_file()
    material_delete(user=applicant, material=material)
    assert not Material.objects.exists()


def test_material_upload_refuses_a_hostile_name_and_stores_nothing(applicant, settings, tmp_path):
    """Names are refused, not cleaned (workflow.uploads): "../../etc/passwd\x00.pdf" used to be kept as passwd.pdf."""
    settings.MEDIA_ROOT = tmp_path
    app = create(applicant)
    with pytest.raises(ApplicationError) as error:
        material_upload(user=applicant, application=app, item="work_summary",
                        upload=pdf_upload("../../etc/passwd\x00.pdf"), today=TODAY)  # fmt: skip
    assert error.value.rule == "TITLE-05" and "文件名" in error.value.message
    assert not Material.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_material_upload_by_someone_else_is_denied(applicant, year):
    app = create(applicant)
    other = get_user_model().objects.create_user("other", password="x")
    with pytest.raises(PermissionDenied):
        material_upload(user=other, application=app, item="work_summary", upload=pdf_upload(), today=TODAY)


def test_flow_04_correction_upload_only_for_listed_items(applicant):
    app = create(applicant)
    Application.objects.filter(pk=app.pk).update(state=ApplicationState.CORRECTION)
    app.refresh_from_db()
    after_close = CLOSES + timedelta(days=20)
    material_upload(user=applicant, application=app, item="work_summary", upload=pdf_upload(),
                    allowed_items={"work_summary"}, today=after_close)  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        material_upload(user=applicant, application=app, item="achievements", upload=pdf_upload(),
                        dated_on=TODAY, allowed_items={"work_summary"}, today=after_close)  # fmt: skip
    assert error.value.rule == "FLOW-04"
    with pytest.raises(ApplicationError):  # without the notice's items a correction-state application is closed
        material_upload(user=applicant, application=app, item="work_summary", upload=pdf_upload(), today=TODAY)


# --- submit ------------------------------------------------------------------------------------------------------


def test_title_05_submit_lists_every_missing_item(applicant):
    app = create(applicant)
    with pytest.raises(ApplicationError) as error:
        application_submit(user=applicant, application=app, today=TODAY)
    assert error.value.rule == "TITLE-05"
    assert "继续教育审验卡" in error.value.message and "工作业绩总结" in error.value.message
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT


def test_title_05_continuing_education_card_optional_for_the_non_public_sector_in_2023():
    from titles.selectors.applications import application_checklist, missing_materials, profile_for
    from titles.selectors.catalogue import catalogue_snapshot

    day = date(2023, 7, 1)
    make_year(2023, closes=date(2023, 7, 14), opens=date(2023, 1, 1))
    unit = make_unit("unit-np", name="乌海示范化工", ownership="non_public", jurisdiction="hainan",
                     affiliation="district")  # fmt: skip
    user = make_applicant("np", unit=unit, employment="non_public", titles=[], today=day)
    app = create(user, level="intermediate", route="direct_review", today=day)
    assert app.rule == "TITLE-18"
    entries = {e.item: e for e in application_checklist(app, catalogue_snapshot(), profile_for(user))}
    assert entries["continuing_education"].required is False  # Doc B §四(七): 不作硬性要求
    assert entries["continuing_education"].uploadable  # may still be handed in
    missing = {e.item for e in missing_materials(app, catalogue_snapshot(), profile_for(user))}
    assert "continuing_education" not in missing and "work_summary" in missing


@pytest.mark.parametrize(
    ("employment", "year", "required"),
    [("non_public", 2023, False), ("social_org", 2023, False), ("individual_org", 2023, False),
     ("non_public", 2024, True), ("institution", 2023, True), ("enterprise", 2023, True)],
)  # fmt: skip
def test_title_05_continuing_education_required_by_sector_and_year(employment, year, required):
    from titles.selectors.applications import continuing_education_required

    assert continuing_education_required(employment, year) is required


def test_title_02_submit_on_the_closing_day_succeeds_and_is_audited_and_notified(applicant):
    hr = get_user_model().objects.create_user("hr", email="hr@example.com", password="x")
    Membership.objects.create(user=hr, organisation=make_unit(), role=Role.UNIT_HR)
    app = create(applicant)
    fill_materials(applicant, app)
    application_submit(user=applicant, application=app, today=CLOSES)
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED and app.submitted_at is not None
    record = AuditRecord.objects.get(transition="submit", subject_id=str(app.pk))
    assert (record.from_state, record.to_state, record.actor_id) == ("draft", "submitted", applicant.pk)
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert {"li@example.com", "hr@example.com"} <= recipients


def test_title_02_submit_the_day_after_closing_refused(applicant):
    app = create(applicant)
    fill_materials(applicant, app)
    with pytest.raises(ApplicationError) as error:
        application_submit(user=applicant, application=app, today=CLOSES + ONE_DAY)
    assert error.value.rule == "TITLE-02"
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT


def test_title_02_submit_before_the_window_opens_refused(year):
    ApplicationWindow.objects.filter(evaluation_year=year).update(opens_on=TODAY + ONE_DAY)
    user = make_applicant()
    app = create(user, today=TODAY + ONE_DAY)
    fill_materials(user, app)
    with pytest.raises(ApplicationError) as error:
        application_submit(user=user, application=app, today=TODAY)
    assert error.value.rule == "TITLE-02"
    application_submit(user=user, application=app, today=TODAY + ONE_DAY)


def test_title_02_no_draft_the_day_before_the_window_opens(year):
    ApplicationWindow.objects.filter(evaluation_year=year).update(opens_on=TODAY + ONE_DAY)
    user = make_applicant()
    with pytest.raises(ApplicationError) as error:
        create(user, today=TODAY)
    assert error.value.rule == "TITLE-02"
    assert f"{(TODAY + ONE_DAY).isoformat()} 开始" in error.value.message
    assert not Application.objects.filter(applicant=user).exists()
    assert create(user, today=TODAY + ONE_DAY).state == ApplicationState.DRAFT


def test_submit_twice_refused(applicant):
    app = create(applicant)
    fill_materials(applicant, app)
    application_submit(user=applicant, application=app, today=TODAY)
    with pytest.raises(ApplicationError):
        application_submit(user=applicant, application=app, today=TODAY)


def test_submit_rechecks_the_route_title_22(applicant):
    from titles.models import Sanction

    app = create(applicant)
    fill_materials(applicant, app)
    Sanction.objects.create(profile=applicant.title_profile, kind="demotion", decided_on=TODAY, ends_on=CLOSES)
    with pytest.raises(ApplicationError) as error:
        application_submit(user=applicant, application=app, today=TODAY)
    assert error.value.rule == "TITLE-22"


def test_submit_by_another_user_denied(applicant):
    app = create(applicant)
    other = get_user_model().objects.create_user("x2", password="x")
    with pytest.raises(PermissionDenied):
        application_submit(user=other, application=app, today=TODAY)
