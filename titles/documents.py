"""Official documents of an application: the 专业技术职务任职资格评审表 (A4), the 专业技术资格送审表 summary (A3) and
the Doc B attachment-3 roster 专业技术资格花名册 (.xlsx and PDF).

The roster functions take any list of applications (a unit's, a committee's docket) and load what they need in a
fixed number of queries (``prefetch_related_objects``), so they can serve the committee office too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.db.models import Prefetch, prefetch_related_objects

from titles.catalogue import DISTRICTS, LEVEL_NAMES, SENIOR_LEVELS, rule_name
from titles.models import Application, HeldTitle
from titles.selectors.applications import EDU_RANK, current_title_of
from workflow import clock
from workflow.documents import render_pdf

# Doc B attachment 3, in its order.
ROSTER_HEADERS = (
    "序号", "单位所属", "工作单位", "姓名", "性别", "民族", "身份证号", "出生年月", "学历", "毕业院校及时间", "所学专业",
    "现有资格及取得时间", "现从事专业", "资格等级", "申报资格名称", "申报专业", "联系电话", "备注",
)  # fmt: skip
ROSTER_WIDTHS = (6, 10, 24, 10, 6, 6, 20, 10, 10, 22, 14, 22, 14, 10, 18, 14, 14, 16)
# The PDF's column widths in mm (A4 landscape less the 8 mm margins: 281 mm), wide enough for an 18-character ID
# number and an 11-digit phone on one line at 7.5 pt. Fixed widths let WeasyPrint lay the table out without
# measuring every cell first (``table-layout: fixed``); a longer word wraps inside its cell.
ROSTER_PDF_WIDTHS_MM = (7, 14, 21, 12, 7, 12, 31, 13, 12, 24, 16, 22, 14, 11, 17, 14, 19, 15)


def _load(applications: Sequence[Application]) -> list[Application]:
    apps = list(applications)
    prefetch_related_objects(
        apps,
        "applicant__title_profile__education",
        "applicant__title_profile__work",
        Prefetch("applicant__title_profile__titles", queryset=HeldTitle.objects.select_related("series")),
        "series",
        "specialty",
        "unit",
        "evaluation_year",
    )
    return apps


def _profile(application: Application):
    return getattr(application.applicant, "title_profile", None)


def _belongs(application: Application) -> str:
    """Attachment 3 note: 单位所属 is "市直" or the district's name."""
    jurisdiction = application.unit.jurisdiction
    return "市直" if jurisdiction == "city" else DISTRICTS.get(jurisdiction, jurisdiction)


def _highest_education(profile):
    records = sorted(profile.education.all(), key=lambda e: (EDU_RANK[e.education], e.graduated_on))
    return records[-1] if records else None


def applied_title_name(application: Application) -> str:
    return f"{application.series.name_zh}{LEVEL_NAMES[application.level][0]}"


# TITLE-15 certificate: the official title names (职称名称) of the series whose national guidelines fix them per level.
# The series catalogue (titles/catalogue.py) holds series and level names only; until it holds these, the
# certificate reads them here, and a series not listed keeps "series + level" (e.g. 卫生系列中级).
OFFICIAL_TITLE_NAMES: dict[str, dict[str, str]] = {
    "primary_secondary_teacher": {
        "member": "三级教师",
        "assistant": "二级教师",
        "intermediate": "一级教师",
        "deputy_senior": "高级教师",
        "full_senior": "正高级教师",
    },
    "engineering": {
        "member": "技术员",
        "assistant": "助理工程师",
        "intermediate": "工程师",
        "deputy_senior": "高级工程师",
        "full_senior": "正高级工程师",
    },
    "college_teacher": {"assistant": "助教", "intermediate": "讲师", "deputy_senior": "副教授", "full_senior": "教授"},
}


def certificate_title_name(application: Application) -> str:
    """资格名称 of the certificate: the official title name where known (a specialty takes its series'), else the
    series and level (``applied_title_name``)."""
    series = application.series
    for key in (series.key, series.parent.key if series.parent_id else ""):
        name = OFFICIAL_TITLE_NAMES.get(key, {}).get(application.level)
        if name:
            return name
    return applied_title_name(application)


def roster_rows(applications: Sequence[Application]) -> list[list[str]]:
    """One row of attachment 3 per application (18 columns, ``ROSTER_HEADERS``)."""
    rows = []
    for number, app in enumerate(_load(applications), 1):
        profile = _profile(app)
        education = _highest_education(profile) if profile else None
        held = current_title_of(profile) if profile else None
        rows.append(
            [
                str(number),
                _belongs(app),
                app.unit.name,
                profile.full_name if profile else app.applicant.get_full_name(),
                profile.get_gender_display() if profile else "",
                profile.ethnicity if profile else "",
                profile.id_number if profile else "",
                profile.birth_date.strftime("%Y.%m") if profile else "",
                education.get_education_display() if education else "",
                f"{education.school} {education.graduated_on:%Y.%m}" if education else "",
                education.major if education else "",
                f"{held.name or held.series.name_zh + held.get_level_display()} {held.obtained_on:%Y.%m}"
                if held
                else "",
                profile.current_specialty if profile else "",
                LEVEL_NAMES[app.level][0],
                applied_title_name(app),
                (app.specialty or app.series).name_zh,
                profile.phone if profile else "",
                "绿色通道" if app.green_category else ("定向评价" if app.directional else ""),
            ]
        )
    return rows


def _roster_title(applications: Sequence[Application], year: int | None, level: str | None, series: str) -> str:
    level_zh = LEVEL_NAMES[level][0] if level else "  "
    return f"乌海市{year or ''}年申报{level_zh}专业技术资格花名册（{series}）"


def _roster_meta(applications, year, level, series):
    apps = list(applications)
    if apps:
        year = year or apps[0].evaluation_year.year
        level = level or (apps[0].level if len({a.level for a in apps}) == 1 else None)
        series = series or (apps[0].series.name_zh if len({a.series_id for a in apps}) == 1 else "")
    return year, level, series


def roster_xlsx(
    applications: Sequence[Application],
    *,
    year: int | None = None,
    level: str | None = None,
    series: str = "",
    submitter_unit: str = "",
    submitter: str = "",
    phone: str = "",
) -> bytes:
    """Attachment 3 as an Excel workbook: title, 报送单位/报送人/联系电话, the 18 columns, the note."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    apps = _load(applications)
    year, level, series = _roster_meta(apps, year, level, series)
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append([_roster_title(apps, year, level, series)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ROSTER_HEADERS))
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"报送单位：{submitter_unit}", "", "", "", f"报送人：{submitter}", "", "", "", f"联系电话：{phone}"])
    ws.append(list(ROSTER_HEADERS))
    thin = Side(style="thin")
    for row in roster_rows(apps):
        ws.append(row)
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.append(["备注：“单位所属”此列为“市直”、“海勃湾区”、“乌达区”、“海南区”等。"])
    for index, width in enumerate(ROSTER_WIDTHS, 1):
        ws.column_dimensions[ws.cell(row=3, column=index).column_letter].width = width
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def roster_pdf(
    applications: Sequence[Application],
    *,
    year: int | None = None,
    level: str | None = None,
    series: str = "",
    submitter_unit: str = "",
    submitter: str = "",
    phone: str = "",
) -> bytes:
    apps = _load(applications)
    year, level, series = _roster_meta(apps, year, level, series)
    return render_pdf(
        "pdf/titles_roster.html",
        {
            "title": _roster_title(apps, year, level, series),
            "headers": ROSTER_HEADERS,
            "widths": ROSTER_PDF_WIDTHS_MM,
            "rows": roster_rows(apps),
            "submitter_unit": submitter_unit,
            "submitter": submitter,
            "phone": phone,
        },
    )


def _form_context(application: Application) -> dict:
    (app,) = _load([application])
    profile = _profile(app)
    held = current_title_of(profile) if profile else None
    senior = app.level in SENIOR_LEVELS
    return {
        "app": app,
        "profile": profile,
        "education": sorted(profile.education.all(), key=lambda e: e.graduated_on) if profile else [],
        "work": list(profile.work.all()) if profile else [],
        "held": held,
        "titles": list(profile.titles.all()) if profile else [],
        "materials": list(app.materials.all()),
        "level_zh": LEVEL_NAMES[app.level][0],
        "title_name": applied_title_name(app),
        "rule_name": rule_name(app.rule),  # the route in words; the rule ID is printed small beside it
        "belongs": _belongs(app),
        "copies_review": 2 if senior else 1,
        "copies_submission": 15 if senior else 10,
        "printed_on": clock.today(),
    }


def review_form_pdf(application: Application) -> bytes:
    """专业技术职务任职资格评审表 (A4; TITLE-05 item 1: senior 2 copies, others 1), filled from the data."""
    return render_pdf("pdf/titles_review_form.html", _form_context(application))


def submission_form_pdf(application: Application) -> bytes:
    """专业技术资格送审表 summary (A3 landscape; TITLE-05 item 2: senior 15 copies, others 10)."""
    return render_pdf("pdf/titles_submission_form.html", _form_context(application))


def document_filename(application: Application, kind: str, extension: str = "pdf") -> str:
    """ASCII download name, safe in every browser."""
    return f"{kind}-{application.evaluation_year.year}-{application.pk}.{extension}"
