"""Pages of committee offices, city HR and judges: committees, judge pool and draw, plan filing, the proposed
schedule (month grid), the meeting screen (who is up, recusals, attendance, tallies), results with the roster,
and judges' read-only dossiers. Thin views: permission → input → one service call → message → redirect."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Http403
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from titles import committee_rules as rules
from titles import documents_committees as docs
from titles.models import Application, Committee, DocketEntry, Judge, Material, Meeting, Recusal, Series
from titles.models.committees import JudgeAvailability
from titles.permissions_committee import (
    can_manage_committee,
    can_view_committee,
    can_view_docket,
    can_view_dossier,
    can_view_meeting,
    is_city_hr,
    judge_profile,
)
from titles.selectors import committees as sel
from titles.services import committees as svc
from workflow import clock
from workflow.models import Organisation
from workflow.permissions import PermissionDenied


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise svc.CommitteeError(
            f"{field}格式应为 YYYY-MM-DD", f"{field}: expected a date as YYYY-MM-DD", rule="FLOW-02"
        ) from exc


def _int(value, field: str, *, minimum: int = 0) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise svc.CommitteeError(f"{field}应为整数", f"{field}: expected a whole number", rule="CMTE-04") from exc
    if number < minimum:
        raise svc.CommitteeError(f"{field}不能小于 {minimum}", f"{field}: at least {minimum}", rule="CMTE-04")
    return number


def _query_number(request, name: str, default: int, low: int, high: int) -> int:
    """A number in the query string (``?year=2023``); anything else is a page that does not exist (404)."""
    raw = request.GET.get(name)
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise Http404(f"{name}: {low}–{high}") from None
    if not low <= number <= high:
        raise Http404(f"{name}: {low}–{high}")
    return number


def _run(request, call, success: str):
    """One service call; a rule or permission refusal becomes the user's message (nothing half-saved)."""
    try:
        result = call()
    except svc.CommitteeError as exc:
        messages.error(request, exc.message_en if request.LANGUAGE_CODE.startswith("en") else exc.message)
        return None
    except PermissionDenied as exc:
        raise Http403(str(exc)) from exc
    except Exception as exc:  # errors of the application workflow services carry the same two messages
        message = getattr(exc, "message", None)
        if message is None:
            raise
        messages.error(request, message)
        return None
    messages.success(request, success)
    return result if result is not None else True


def _committee(request, pk: int, *, manage: bool = False) -> Committee:
    committee = get_object_or_404(Committee.objects.select_related("organiser", "series"), pk=pk)
    allowed = can_manage_committee(request.user, committee) if manage else can_view_committee(request.user, committee)
    if not allowed:
        raise Http403(_("您无权查看该评委会"))
    return committee


def _meeting(request, pk: int, *, docket_only: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee", "committee__organiser"), pk=pk)
    allowed = can_view_docket(request.user, meeting) if docket_only else can_view_meeting(request.user, meeting)
    if not allowed:
        raise Http403(_("您无权查看该评审会议"))
    return meeting


# ------------------------------------------------------------------------------------------------ committees


@require_GET
@login_required
def committee_list(request):
    today = clock.today()
    rows = sel.committees_for(request.user, today)
    return render(
        request,
        "titles/committees/committee_list.html",
        {"rows": rows, "today": today, "is_city_hr": is_city_hr(request.user)},
    )


@require_GET
@login_required
def committee_detail(request, pk: int):
    committee = _committee(request, pk)
    today = clock.today()
    year = _query_number(request, "year", today.year, 2000, 2100)
    seats, draws = sel.committee_panel(committee, year)
    manage = can_manage_committee(request.user, committee)
    state, state_label = sel.committee_display_state(committee, today)
    accepted = svc.accepted_applications(committee, year) if manage else []
    notes = committee.plan_notes or {}
    # CMTE-06: the last plan's explanations stay until the next plan, for the applications still waiting.
    waiting = {a.pk for a in accepted}
    en = request.LANGUAGE_CODE.startswith("en")
    unplaced = [
        {**u, "message": u.get("message_en") if en else u.get("message")}
        for u in notes.get("unplaced", [])
        if u.get("id") in waiting
    ]
    draw_open = manage and not seats and year in svc.draw_years(today)
    context = {
        "committee": committee,
        "year": year,
        "today": today,
        "state": state,
        "state_label": state_label,
        "reasons": sel.committee_status(committee, today),
        "panel": [s for s in seats if not s.alternate],
        "alternates": [s for s in seats if s.alternate],
        "draws": draws,
        "draw_open": draw_open,
        "draw_years": svc.draw_years(today),
        "excluded": svc.draw_exclusions(committee, year, today) if draw_open else [],
        "may_manage": manage,
        "is_city_hr": is_city_hr(request.user),
        "may_approve": is_city_hr(request.user) and state != Committee.State.APPROVED,
        "accepted": accepted,
        "unplaced": unplaced if manage else [],
        "offered": notes.get("offered", []) if manage and notes.get("year") == year else [],
        "planned_on": notes.get("planned_on", ""),
        "levels": rules.levels_label(committee.levels, en=en),
        "default_needed": _default_panel_size(committee),
    }
    return render(request, "titles/committees/committee_detail.html", context)


def _default_panel_size(committee: Committee) -> int:
    """The draw form's suggestion: the CMTE-04 minimum of a senior committee (25 by series, 11 by specialty), else
    15; always odd."""
    cs = svc.committee_settings()
    if set(committee.levels) & rules.SENIOR_LEVELS:
        size = (
            cs.senior_min_experts_by_specialty
            if committee.formed_by == Committee.FormedBy.SPECIALTY
            else cs.senior_min_experts_by_series
        )
    else:
        size = 15
    return size if size % 2 else size + 1


@require_POST
@login_required
def committee_approve(request, pk: int):
    committee = _committee(request, pk)
    p = request.POST
    _run(
        request,
        lambda: svc.committee_approve(
            actor=request.user,
            committee=committee,
            approved_on=_date(p.get("approved_on") or clock.today().isoformat(), _("核准日期")),
            valid_until=_date(p["valid_until"], _("有效期至")) if p.get("valid_until") else None,
            approval_note=p.get("approval_note", ""),
        ),
        _("评委会已核准备案"),
    )
    return redirect("titles:committee_detail", pk=committee.pk)


@require_POST
@login_required
def panel_draw(request, pk: int):
    committee = _committee(request, pk, manage=True)
    p = request.POST
    seed = p.get("seed", "").strip()
    draw = _run(
        request,
        lambda: svc.panel_draw(
            actor=request.user,
            committee=committee,
            year=_int(p.get("year"), _("年度"), minimum=2000),
            needed=_int(p.get("needed"), _("抽取人数"), minimum=1),
            seed=_int(seed, _("随机种子")) if seed else None,
        ),
        _("已随机抽取评审专家"),
    )
    if draw:
        messages.info(request, _("随机种子：%(seed)s（凭此种子可复核抽取结果）") % {"seed": draw.seed})
    url = reverse("titles:committee_detail", args=[committee.pk])
    year = (p.get("year") or "").strip()
    if year.isdigit() and int(year) in svc.draw_years(clock.today()):
        url += f"?year={year}"
    return redirect(url)


@require_POST
@login_required
def meeting_plan(request, pk: int):
    committee = _committee(request, pk, manage=True)
    p = request.POST

    def call():
        dates = [_date(d, _("备选日期")) for d in p.get("dates", "").replace("，", ",").split(",") if d.strip()]
        return svc.meeting_plan(
            actor=request.user,
            committee=committee,
            dates=dates,
            today=clock.today(),
            capacity=_int(p.get("capacity") or 60, _("每场容量"), minimum=1),
            place=p.get("place", ""),
        )

    result = _run(request, call, _("已生成评审安排"))
    if result:
        meetings, schedule = result
        # The reasons (with rule IDs) and the offered dates' attendance stay on the committee page until the next
        # plan (``Committee.plan_notes``, written by the service).
        if schedule.unplaced:
            messages.warning(
                request,
                _("%(n)s 份申报未能安排，原因（含规则编号）见评委会页面") % {"n": len(schedule.unplaced)},
            )
        if meetings:
            return redirect("titles:meeting_calendar")
    return redirect(f"{reverse('titles:committee_detail', args=[committee.pk])}#plan")


# ------------------------------------------------------------------------------------------------ judge pool


def _optional_date(value: str, field: str) -> date | None:
    return _date(value, field) if (value or "").strip() else None


@login_required
def judge_pool(request):
    if not (sel.office_or_hr(request.user)):
        raise Http403(_("只有评委会办事机构或市人社局可以查看专家库"))
    if request.method == "POST":
        p = request.POST

        def call():
            unit_pk = (p.get("unit") or "").strip()
            unit = None
            if unit_pk:
                unit = Organisation.objects.filter(pk=_int(unit_pk, _("工作单位"), minimum=1)).first()
                if unit is None:
                    raise svc.CommitteeError("工作单位不存在", "unknown unit", rule="CMTE-03")
            series = Series.objects.filter(key=p.get("series", "")).first()
            if series is None:
                raise svc.CommitteeError("请选择专业系列", "choose the expert's series", rule="CMTE-03")
            return svc.judge_create(
                actor=request.user,
                name=p.get("name", ""),
                series=series,
                title_level=p.get("title_level", "deputy_senior"),
                unit=unit,
                unit_name=p.get("unit_name", ""),
                specialty=p.get("specialty", ""),
                phone=p.get("phone", ""),
                email=p.get("email", ""),
                term_start=_optional_date(p.get("term_start", ""), _("任期开始")),
                term_end=_optional_date(p.get("term_end", ""), _("任期结束")),
            )

        _run(request, call, _("已加入专家库"))
        return redirect("titles:judge_pool")
    series = Series.objects.filter(key=request.GET.get("series")).first()
    today = clock.today()
    return render(
        request,
        "titles/committees/judge_pool.html",
        {
            "rows": sel.judge_pool(series, today),
            "series_list": Series.objects.filter(parent__isnull=True),
            "series": series,
            "levels": Judge._meta.get_field("title_level").choices,
            "units": Organisation.objects.filter(kind=Organisation.Kind.UNIT).order_by("name", "pk"),
            "today": today,
            "may_edit": True,
        },
    )


@require_POST
@login_required
def judge_term_set(request, pk: int):
    """CMTE-04: record an expert's new term (≤ 3 years) from the pool page."""
    if not sel.office_or_hr(request.user):
        raise Http403(_("只有评委会办事机构或市人社局可以维护专家库"))
    judge = get_object_or_404(Judge, pk=pk)
    p = request.POST
    _run(
        request,
        lambda: svc.judge_term_set(
            actor=request.user,
            judge=judge,
            term_start=_optional_date(p.get("term_start", ""), _("任期开始")),
            term_end=_optional_date(p.get("term_end", ""), _("任期结束")),
        ),
        _("任期已登记"),
    )
    return redirect(f"{reverse('titles:judge_pool')}#judge-{judge.pk}")


# ------------------------------------------------------------------------------------------------ meetings


@require_GET
@login_required
def meeting_calendar(request):
    today = clock.today()
    year = _query_number(request, "year", today.year, 2000, 2100)
    month = _query_number(request, "month", today.month, 1, 12)
    meetings = sel.meetings_for(request.user)
    if not meetings and not sel.office_or_hr(request.user):
        raise Http403(_("您没有评委会或会议的权限"))
    month_meetings = [m for m in meetings if (m.meets_on.year, m.meets_on.month) == (year, month)]
    if not month_meetings and meetings and "month" not in request.GET:
        first = next((m for m in meetings if m.meets_on >= today), meetings[-1])
        year, month = first.meets_on.year, first.meets_on.month
    prev_m, prev_y = (month - 1, year) if month > 1 else (12, year - 1)
    next_m, next_y = (month + 1, year) if month < 12 else (1, year + 1)
    return render(
        request,
        "titles/committees/meeting_calendar.html",
        {
            "weeks": sel.month_grid(meetings, year, month),
            "year": year,
            "month": month,
            "meetings": meetings,
            "prev": {"year": prev_y, "month": prev_m},
            "next": {"year": next_y, "month": next_m},
            "weekdays": [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
        },
    )


@require_GET
@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    sheet = sel.meeting_sheet(meeting)
    manage = can_manage_committee(request.user, meeting.committee)
    return render(
        request,
        "titles/committees/meeting_detail.html",
        {
            "sheet": sheet,
            "meeting": sheet.meeting,
            "manage": manage,
            "is_city_hr": is_city_hr(request.user),
            "today": clock.today(),
            "closed": sheet.meeting.closed_at is not None,
            "reasons": Recusal.Reason.choices,
            "accepted": sel.docket_candidates(meeting.committee, meeting.meets_on.year)
            if manage and meeting.state == Meeting.State.PLANNED
            else [],
            "filing_deadline": svc.results_filing_deadline(sheet.meeting),
            "S": Meeting.State,
        },
    )


def _meeting_action(request, pk: int, call, success: str):
    meeting = _meeting(request, pk)
    _run(request, lambda: call(meeting, request.POST), success)
    return redirect(f"{reverse('titles:meeting_detail', args=[meeting.pk])}{request.POST.get('anchor', '')}")


@require_POST
@login_required
def meeting_plan_file(request, pk: int):
    return _meeting_action(
        request,
        pk,
        lambda m, p: svc.meeting_plan_file(
            actor=request.user,
            meeting=m,
            filed_on=clock.today(),
            place=p.get("place", ""),
            procedure=p.get("procedure", ""),
            measures=p.get("measures", ""),
        ),
        _("实施方案已报市人社局备案"),
    )


@require_POST
@login_required
def meeting_plan_approve(request, pk: int):
    return _meeting_action(
        request,
        pk,
        lambda m, p: svc.meeting_plan_approve(actor=request.user, meeting=m, approved_on=clock.today()),
        _("实施方案已备案同意"),
    )


@require_POST
@login_required
def meeting_plan_return(request, pk: int):
    return _meeting_action(
        request,
        pk,
        lambda m, p: svc.meeting_plan_return(actor=request.user, meeting=m, note=p.get("note", "")),
        _("实施方案已退回"),
    )


@require_POST
@login_required
def meeting_docket_set(request, pk: int):
    def call(m, p):
        ids = [_int(i, _("申报编号"), minimum=1) for i in p.getlist("application")]
        return svc.meeting_docket_set(actor=request.user, meeting=m, application_ids=ids, today=clock.today())

    return _meeting_action(request, pk, call, _("议程已调整并通过复核"))


@require_POST
@login_required
def meeting_open(request, pk: int):
    return _meeting_action(
        request,
        pk,
        lambda m, p: svc.meeting_open(actor=request.user, meeting=m, today=clock.today()),
        _("会议开始"),
    )


@require_POST
@login_required
def attendance_record(request, pk: int):
    meeting = _meeting(request, pk)
    p = request.POST
    try:
        result = svc.attendance_record(
            actor=request.user, meeting=meeting, present_judge_ids=[_int(i, "judge") for i in p.getlist("present")]
        )
    except svc.CommitteeError as exc:
        messages.error(request, exc.message_en if request.LANGUAGE_CODE.startswith("en") else exc.message)
    except PermissionDenied as exc:
        raise Http403(str(exc)) from exc
    else:
        if result.quorate:
            messages.success(request, _("出席情况已记录"))
        else:
            # Recorded (the minutes show who came) but the meeting cannot vote: one message that says both.
            messages.error(
                request,
                _("出席情况已记录，但不符合法定人数，不能表决：%(reason)s")
                % {"reason": "；".join(f.localized() for f in result.findings)},
            )
    return redirect(f"{reverse('titles:meeting_detail', args=[meeting.pk])}#attendance")


@require_POST
@login_required
def recusal_declare(request, pk: int):
    def call(m, p):
        return svc.recusal_declare(
            actor=request.user,
            meeting=m,
            judge=get_object_or_404(Judge, pk=_int(p.get("judge"), "judge")),
            application=get_object_or_404(Application, pk=_int(p.get("application"), "application")),
            reason=p.get("reason", ""),
            note=p.get("note", ""),
        )

    return _meeting_action(request, pk, call, _("回避已登记"))


@require_POST
@login_required
def tally_record(request, pk: int, entry_pk: int):
    def call(m, p):
        entry = get_object_or_404(DocketEntry, pk=entry_pk, meeting=m)
        outcome = svc.tally_record(
            actor=request.user,
            entry=entry,
            agree=_int(p.get("agree"), _("同意票")),
            disagree=_int(p.get("disagree"), _("不同意票")),
            abstain=_int(p.get("abstain"), _("弃权票")),
            opinion=p.get("opinion", ""),
        )
        messages.info(
            request,
            _("同意 %(agree)s 票，计票基数 %(base)s 人，至少需 %(required)s 票：%(result)s")
            % {
                "agree": outcome.agree,
                "base": outcome.base,
                "required": outcome.required,
                "result": _("通过") if outcome.passed else _("未通过"),
            },
        )
        return outcome

    return _meeting_action(request, pk, call, _("票数已记录"))


@require_POST
@login_required
def docket_entry_defer(request, pk: int, entry_pk: int):
    def call(m, p):
        entry = get_object_or_404(DocketEntry, pk=entry_pk, meeting=m)
        return svc.docket_entry_defer(actor=request.user, entry=entry, reason=p.get("reason", ""))

    return _meeting_action(request, pk, call, _("已暂缓评审该申报人，申报退回待安排"))


@require_POST
@login_required
def meeting_close(request, pk: int):
    return _meeting_action(
        request, pk, lambda m, p: svc.meeting_close(actor=request.user, meeting=m), _("会议结束，评审结果已登记")
    )


@require_POST
@login_required
def meeting_results_publish(request, pk: int):
    return _meeting_action(
        request,
        pk,
        lambda m, p: svc.meeting_results_publish(actor=request.user, meeting=m, today=clock.today()),
        _("评审结果已公示"),
    )


@require_POST
@login_required
def meeting_results_file(request, pk: int):
    return _meeting_action(
        request,
        pk,
        lambda m, p: svc.meeting_results_file(
            actor=request.user, meeting=m, today=clock.today(), report=p.get("report", "")
        ),
        _("评审结果已报市人社局备案"),
    )


# ------------------------------------------------------------------------------------------------ documents


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def plan_filing_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    return _file(docs.plan_filing_pdf(meeting), f"plan-filing-{meeting.pk}.pdf", "application/pdf")


@require_GET
@login_required
def minutes_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    return _file(docs.minutes_pdf(meeting), f"minutes-{meeting.pk}.pdf", "application/pdf")


@require_GET
@login_required
def filing_report_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    return _file(docs.filing_report_pdf(meeting), f"filing-report-{meeting.pk}.pdf", "application/pdf")


ROSTER_FORMATS = {
    "xlsx": (docs.roster_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (docs.roster_pdf, "application/pdf"),
}


@require_GET
@login_required
def roster(request, pk: int, fmt: str):
    """Doc B attachment 3 of the meeting's passed applicants, as .xlsx or .pdf (any other suffix: 404)."""
    if fmt not in ROSTER_FORMATS:
        raise Http404(fmt)
    meeting = _meeting(request, pk)
    render_roster, content_type = ROSTER_FORMATS[fmt]
    submitter = request.user.get_full_name() or request.user.get_username()
    return _file(render_roster(meeting, submitter=submitter), f"roster-{meeting.pk}.{fmt}", content_type)


# ------------------------------------------------------------------------------------------------ judges


@require_GET
@login_required
def judge_home(request):
    if judge_profile(request.user) is None:
        raise Http403(_("您不在评审专家库中"))
    return render(request, "titles/committees/judge_home.html", {"meetings": sel.judge_meetings(request.user)})


@require_GET
@login_required
def judge_docket(request, pk: int):
    meeting = _meeting(request, pk, docket_only=True)
    sheet = sel.meeting_sheet(meeting)
    judge = judge_profile(request.user)
    mine = {r.application_id for r in meeting.recusals.filter(judge=judge)} if judge else set()
    return render(
        request,
        "titles/committees/judge_docket.html",
        {"sheet": sheet, "meeting": sheet.meeting, "judge": judge, "recused_from": mine},
    )


def _dossier(request, pk: int, application_pk: int) -> tuple[Meeting, Application]:
    """The meeting and application of a dossier the user may read (CMTE-03: a judge seated on that meeting, not
    recused from the applicant, the entry not deferred; the committee's office; city HR), else 403."""
    meeting = _meeting(request, pk, docket_only=True)
    application = get_object_or_404(
        Application.objects.select_related("applicant", "unit", "series", "specialty", "evaluation_year"),
        pk=application_pk,
    )
    if not meeting.docket.filter(application=application).exists() or not can_view_dossier(
        request.user, application, meeting
    ):
        raise Http403(_("您无权查看该申报材料（不在本次会议议程，或您须回避该申报人）"))
    return meeting, application


@require_GET
@login_required
def dossier(request, pk: int, application_pk: int):
    meeting, application = _dossier(request, pk, application_pk)
    materials = list(application.materials.order_by("item", "uploaded_at", "pk"))
    return render(
        request,
        "titles/committees/dossier.html",
        {"meeting": meeting, "application": application, "materials": materials},
    )


@require_GET
@login_required
def dossier_material(request, pk: int, application_pk: int, material_pk: int):
    """One material of the dossier, downloaded read-only (served only here and to the application's reviewers)."""
    from django.http import FileResponse

    meeting, application = _dossier(request, pk, application_pk)
    material = get_object_or_404(Material, pk=material_pk, application=application)
    response = FileResponse(
        material.file.open("rb"), content_type=material.content_type, as_attachment=True,
        filename=material.original_name,
    )  # fmt: skip
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_GET
@login_required
def dossier_form(request, pk: int, application_pk: int, kind: str):
    """评审表 (review form, A4) or 送审表 (submission form, A3) of the dossier, rendered from the data."""
    from titles import documents

    renderers = {"review-form": documents.review_form_pdf, "submission-form": documents.submission_form_pdf}
    if kind not in renderers:
        raise Http404(kind)
    meeting, application = _dossier(request, pk, application_pk)
    return _file(renderers[kind](application), documents.document_filename(application, kind), "application/pdf")


# ------------------------------------------------------------------------------------------------ availability


def _availability_post(request, judge: Judge):
    p = request.POST
    return _run(
        request,
        lambda: svc.availability_declare(
            actor=request.user,
            judge=judge,
            day=_date(p.get("day", ""), _("日期")),
            available=p.get("available") == "1",
            today=clock.today(),
            note=p.get("note", ""),
        ),
        _("可参会情况已登记"),
    )


@login_required
def judge_availability(request):
    """CMTE-06: the signed-in judge declares, for coming dates, whether they can sit (own rows only)."""
    judge = judge_profile(request.user)
    if judge is None:
        raise Http403(_("您不在评审专家库中"))
    if request.method == "POST":
        _availability_post(request, judge)  # always the signed-in judge: no judge field is read
        return redirect("titles:judge_availability")
    today = clock.today()
    return render(
        request,
        "titles/committees/judge_availability.html",
        {"judge": judge, "rows": sel.judge_availability(judge, today), "today": today},
    )


@require_POST
@login_required
def judge_availability_withdraw(request, row_pk: int):
    judge = judge_profile(request.user)
    if judge is None:
        raise Http403(_("您不在评审专家库中"))
    row = get_object_or_404(JudgeAvailability.objects.select_related("judge"), pk=row_pk, judge=judge)
    _run(request, lambda: svc.availability_withdraw(actor=request.user, row=row, today=clock.today()), _("已撤回"))
    return redirect("titles:judge_availability")


@login_required
def committee_availability(request, pk: int):
    """The committee's judges' declared availability; its office may enter it on a judge's behalf (CMTE-06)."""
    committee = _committee(request, pk)
    today = clock.today()
    year = _query_number(request, "year", today.year, 2000, 2100)
    if request.method == "POST":
        if not can_manage_committee(request.user, committee):
            raise Http403(_("只有评委会办事机构可以代为登记"))
        judge = get_object_or_404(Judge, pk=_int(request.POST.get("judge"), "judge", minimum=1))
        _availability_post(request, judge)  # the service checks that the judge sits on this office's committee
        return redirect(f"{reverse('titles:committee_availability', args=[committee.pk])}?year={year}")
    seats, rows = sel.committee_availability(committee, year, today)
    return render(
        request,
        "titles/committees/committee_availability.html",
        {
            "committee": committee,
            "year": year,
            "today": today,
            "seats": seats,
            "rows": rows,
            "may_manage": can_manage_committee(request.user, committee),
        },
    )


@require_POST
@login_required
def committee_availability_withdraw(request, pk: int, row_pk: int):
    committee = _committee(request, pk)
    row = get_object_or_404(
        JudgeAvailability.objects.select_related("judge").filter(judge__seats__committee=committee).distinct(),
        pk=row_pk,
    )
    _run(request, lambda: svc.availability_withdraw(actor=request.user, row=row, today=clock.today()), _("已撤回"))
    return redirect("titles:committee_availability", pk=committee.pk)


# ------------------------------------------------------------------------------------------------ HR


@require_GET
@login_required
def hr_approvals(request):
    if not is_city_hr(request.user):
        raise Http403(_("只有市人社局可以核准"))
    committees, meetings = sel.hr_pending()
    return render(
        request,
        "titles/committees/hr_approvals.html",
        {"committees": committees, "meetings": meetings, "today": clock.today()},
    )
