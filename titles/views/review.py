"""Pages of the review steps after submission (unit, department, HR, committee office), the applicant's progress
page, certificate download and the public certificate verification.

Thin views: permission → form → one service call → message/redirect. The buttons a page shows are exactly
``titles.permissions.available_actions`` — the predicates the services check.
"""

from __future__ import annotations

import hmac
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from titles.models import Application, Certificate, CorrectionNotice, ResultComplaint
from titles.models.applications import ApplicationState
from titles.permissions import (
    application_scope,
    available_actions,
    batch_roles,
    can_view_application,
    complaint_resolver_organisations,
    escalated_reach,
    publicity_owner_organisations,
)
from titles.selectors.review import (
    REVIEW_PAGE_SIZE,
    application_dossier,
    progress_steps,
    result_publicity_candidates,
    review_page,
    unit_publicity_candidates,
)
from titles.services import workflow as wf
from workflow import clock
from workflow.calendar import PUBLICITY_WORKING_DAYS, YearNotLoaded
from workflow.models import Membership, Objection, Publicity, Role
from workflow.permissions import PermissionDenied
from workflow.redirects import safe_next_url
from workflow.selectors import work_calendar

S = ApplicationState

# ---------------------------------------------------------------------------------------------------------------
# Forms (one per action that needs input)
# ---------------------------------------------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("审核意见"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("推荐意见（申报人员具备的资格条件）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    selection_method = forms.CharField(
        label=gettext_lazy("推荐人选产生方式"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("如：个人申报、民主测评、单位推荐委员会评议"),
    )
    pledged = forms.BooleanField(label=gettext_lazy("本单位对申报程序和材料把关作出承诺（谁审核、谁签字、谁负责）"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("不予通过的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤回原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionNoticeForm(forms.Form):
    """FLOW-04: tick every item to correct and say what is needed; one notice, one deadline."""

    deadline = forms.DateField(
        label=gettext_lazy("补正截止日"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in wf.MATERIAL_ITEMS.items():
            self.fields[f"item_{key}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"note_{key}"] = forms.CharField(
                label=gettext_lazy("需补正内容"), required=False, max_length=500
            )

    def items(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"item": key, "note": data.get(f"note_{key}", "")} for key in wf.MATERIAL_ITEMS if data.get(f"item_{key}")
        ]

    def item_rows(self):
        return [(self[f"item_{key}"], self[f"note_{key}"]) for key in wf.MATERIAL_ITEMS]


class CorrectionAnswerForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("补正说明"), widget=forms.Textarea(attrs={"rows": 3}))
    changed_items = forms.MultipleChoiceField(
        label=gettext_lazy("已补正的事项"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, notice: CorrectionNotice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # FLOW-04: only the listed items are offered; the service refuses anything else too.
        items = notice.items if notice else []
        self.fields["changed_items"].choices = [(e["item"], e.get("label") or e["item"]) for e in items]


class OutcomeForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=gettext_lazy("结果"),
        choices=[("1", gettext_lazy("通过")), ("0", gettext_lazy("未通过"))],
        coerce=lambda v: v == "1",
    )
    decided_on = forms.DateField(
        label=gettext_lazy("评审通过日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False)


class ObjectionForm(forms.Form):
    content = forms.CharField(label=gettext_lazy("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))
    raised_on = forms.DateField(
        label=gettext_lazy("提出日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    raised_by = forms.CharField(label=gettext_lazy("提出人"), required=False)


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("处理结果"),
        choices=[("0", gettext_lazy("不成立")), ("1", gettext_lazy("成立"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=gettext_lazy("书面处理意见"), widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("投诉类型"), choices=ResultComplaint.Kind.choices)
    content = forms.CharField(label=gettext_lazy("投诉内容"), widget=forms.Textarea(attrs={"rows": 2}))
    raised_on = forms.DateField(
        label=gettext_lazy("投诉日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    raised_by = forms.CharField(label=gettext_lazy("投诉人"), required=False)


class RegionFilingForm(forms.Form):
    """TITLE-15: the region's filing of a region-reviewed result, as the region's document records it."""

    document = forms.CharField(label=gettext_lazy("自治区备案文件（文号）"), max_length=100)
    filed_on = forms.DateField(
        label=gettext_lazy("自治区备案日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False)


class GreenConsentForm(forms.Form):
    """GREEN-03 (Doc A §五(四)3): the leading group's consent or city HR's approval, one case one decision."""

    document = forms.CharField(label=gettext_lazy("审批文件（文号）"), max_length=100)
    decided_on = forms.DateField(
        label=gettext_lazy("审批日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    opinion = forms.CharField(label=gettext_lazy("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FileForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("备案说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    late_reason = forms.CharField(label=gettext_lazy("逾期说明（超过一个月时必填）"), required=False)


class PublicityForm(forms.Form):
    starts_on = forms.DateField(
        label=gettext_lazy("公示开始日"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(label=gettext_lazy("公示标题"), required=False, max_length=200)
    content = forms.CharField(label=gettext_lazy("公示内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    applications = forms.TypedMultipleChoiceField(
        label=gettext_lazy("公示人员"), coerce=int, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(a.pk, str(a)) for a in candidates]


# action → (form class, how to call the service with the form's data). Who and whether: the service.
def _call(action: str, application: Application, user, data: dict):
    today = clock.today()
    calls = {
        "unit_review_start": lambda: wf.unit_review_start(application=application, actor=user),
        "unit_recommend": lambda: wf.unit_recommend(application=application, actor=user, today=today, **data),
        "dept_review_start": lambda: wf.dept_review_start(application=application, actor=user),
        "dept_forward": lambda: wf.dept_forward(application=application, actor=user, today=today, **data),
        "correction_notice_issue": lambda: wf.correction_notice_issue(
            application=application, actor=user, today=today, items=data["items"], deadline=data["deadline"]
        ),
        "correction_answer": lambda: wf.correction_answer(application=application, actor=user, today=today, **data),
        "hr_route": lambda: wf.hr_route(application=application, actor=user, today=today, **data),
        "green_channel_consent_record": lambda: wf.green_channel_consent_record(
            application=application, actor=user, today=today, **data
        ),
        "city_hr_forward": lambda: wf.city_hr_forward(application=application, actor=user, today=today, **data),
        "directional_recheck": lambda: wf.directional_recheck(application=application, actor=user, today=today, **data),
        "dept_report_city": lambda: wf.dept_report_city(application=application, actor=user, today=today, **data),
        "region_filing_record": lambda: wf.region_filing_record(
            application=application, actor=user, today=today, **data
        ),
        "region_forward": lambda: wf.region_forward(application=application, actor=user, today=today, **data),
        "region_outcome_record": lambda: wf.region_outcome_record(application=application, actor=user, **data),
        "recognition_approve": lambda: wf.recognition_approve(application=application, actor=user, today=today, **data),
        "committee_accept": lambda: wf.committee_accept(application=application, actor=user, **data),
        "vote_result_record": lambda: wf.vote_result_record(application=application, actor=user, **data),
        "result_complaint_raise": lambda: wf.result_complaint_raise(application=application, actor=user, **data),
        "result_file": lambda: wf.result_file(application=application, actor=user, today=today, **data),
        "certificate_issue": lambda: wf.certificate_issue(application=application, actor=user, today=today),
        "application_withdraw": lambda: wf.application_withdraw(application=application, actor=user, **data),
        "application_reject": lambda: wf.application_reject(application=application, actor=user, today=today, **data),
        "unit_objection": lambda: wf.unit_objection_raise(application=application, actor=user, **data),
    }
    return calls[action]()


FORMS: dict[str, type[forms.Form] | None] = {
    "unit_review_start": None,
    "unit_recommend": RecommendForm,
    "dept_review_start": None,
    "dept_forward": OpinionForm,
    "correction_notice_issue": CorrectionNoticeForm,
    "correction_answer": CorrectionAnswerForm,
    "hr_route": NoteForm,
    "green_channel_consent_record": GreenConsentForm,
    "city_hr_forward": OpinionForm,
    "directional_recheck": OpinionForm,
    "dept_report_city": OpinionForm,
    "region_filing_record": RegionFilingForm,
    "region_forward": NoteForm,
    "region_outcome_record": OutcomeForm,
    "recognition_approve": OpinionForm,
    "committee_accept": NoteForm,
    "vote_result_record": OutcomeForm,
    "result_complaint_raise": ComplaintForm,
    "result_file": FileForm,
    "certificate_issue": None,
    "application_withdraw": WithdrawForm,
    "application_reject": RejectForm,
    "unit_objection": ObjectionForm,
}

ACTION_LABELS = {
    "unit_review_start": gettext_lazy("开始单位审核"),
    "unit_recommend": gettext_lazy("签署推荐意见"),
    "dept_review_start": gettext_lazy("开始复核"),
    "dept_forward": gettext_lazy("复核通过，报送人社部门"),
    "correction_notice_issue": gettext_lazy("一次性告知补正"),
    "correction_answer": gettext_lazy("提交补正"),
    "hr_route": gettext_lazy("确定评委会并报送"),
    "green_channel_consent_record": gettext_lazy("登记绿色通道审批（领导小组同意/市人社局核准）"),
    "city_hr_forward": gettext_lazy("审核汇总，报送市人社局"),
    "directional_recheck": gettext_lazy("复核通过，退区主管部门报送"),
    "dept_report_city": gettext_lazy("报送市级行业主管部门"),
    "region_filing_record": gettext_lazy("登记自治区公示备案"),
    "region_forward": gettext_lazy("报送自治区"),
    "region_outcome_record": gettext_lazy("登记自治区评审结果"),
    "recognition_approve": gettext_lazy("考核认定通过"),
    "committee_accept": gettext_lazy("受理"),
    "vote_result_record": gettext_lazy("登记评审结果"),
    "result_complaint_raise": gettext_lazy("登记投诉"),
    "result_file": gettext_lazy("结果备案"),
    "certificate_issue": gettext_lazy("发放电子证书"),
    "application_withdraw": gettext_lazy("撤回申报"),
    "application_reject": gettext_lazy("不予通过"),
    "unit_objection": gettext_lazy("登记异议"),
    "unit_publicity_start": gettext_lazy("发起单位公示"),
    "result_publicity_start": gettext_lazy("发起结果公示"),
}


def _form_for(action: str, application: Application, data=None, notice=None):
    form_class = FORMS.get(action)
    if form_class is None:
        return None
    if form_class is CorrectionAnswerForm:
        return form_class(data, notice=notice, prefix=action)
    initial = {}
    if form_class is CorrectionNoticeForm:
        try:
            initial["deadline"] = wf.correction_deadline(clock.today())
        except wf.TitleWorkflowError:
            pass
    dates = {OutcomeForm: "decided_on", GreenConsentForm: "decided_on", RegionFilingForm: "filed_on",
             ObjectionForm: "raised_on", ComplaintForm: "raised_on"}  # fmt: skip
    if form_class in dates:
        initial[dates[form_class]] = clock.today()
    return form_class(data, prefix=action, initial=initial)


def _cleaned(action: str, form) -> dict:
    if form is None:
        return {}
    if isinstance(form, CorrectionNoticeForm):
        return {"items": form.items(), "deadline": form.cleaned_data["deadline"]}
    return dict(form.cleaned_data)


def _visible_application(request, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related(
            "applicant",
            "unit",
            "unit__supervisor",
            "series",
            "series__parent",
            "evaluation_year",
            "unit_publicity",
            "result_publicity",
        ),
        pk=pk,
    )
    # TITLE-07: city HR and the city department reach a district's senior case once it was sent up to them.
    if not (can_view_application(request.user, application) or escalated_reach(request.user, application)):
        raise Http404
    return application


def _material_url(material) -> str:
    try:
        return reverse("titles:material_file", args=[material.pk])
    except NoReverseMatch:
        return ""


# ---------------------------------------------------------------------------------------------------------------
# Reviewer pages
# ---------------------------------------------------------------------------------------------------------------


# Batch buttons of the review list: action → (label, the roles that can run it, TITLE-09/06/15).
BATCH_BUTTONS = {
    "dept_forward": (gettext_lazy("批量复核报送"), {Role.DEPT_REVIEWER, Role.HR_OFFICER}),
    "hr_route": (gettext_lazy("批量确定评委会"), {Role.HR_OFFICER}),
    "committee_accept": (gettext_lazy("批量受理"), {Role.COMMITTEE_OFFICE}),
    "result_file": (gettext_lazy("批量备案"), {Role.HR_OFFICER}),
}


@require_GET
@login_required
def review_list(request):
    """What the user's memberships reach (oldest first), a page at a time, with the date each is due; filter by
    state. The batch buttons are those of the user's roles."""
    state = request.GET.get("state", "")
    if state and state not in S.values:
        state = ""
    page = review_page(request.user, state=state or None, page=request.GET.get("page") or 1)
    roles = batch_roles(request.user)
    buttons = [(action, label) for action, (label, can) in BATCH_BUTTONS.items() if roles & can]
    return render(
        request,
        "titles/review/list.html",
        {
            "rows": page.rows,
            "page": page,
            "state": state,
            "states": S.choices,
            "batch_buttons": buttons,
            "page_size": REVIEW_PAGE_SIZE,
        },
    )


@require_GET
@login_required
def review_detail(request, pk: int):
    application = _visible_application(request, pk)
    actions = available_actions(request.user, application)
    dossier = application_dossier(application)
    notice = dossier["open_notice"]
    action_forms = [
        {"action": a, "label": ACTION_LABELS.get(a, a), "form": _form_for(a, application, notice=notice)}
        for a in actions
        if a not in ("unit_publicity_start", "result_publicity_start")
    ]
    can_resolve_objection = "unit_objection" in actions or (
        application.state == S.UNIT_PUBLICITY
        and Membership.objects.filter(user=request.user, role=Role.UNIT_HR, organisation=application.unit).exists()
    )
    routed_ids = dossier["complaint_routes"]
    my_orgs = complaint_resolver_organisations(request.user)
    for complaint in dossier["complaints"]:
        complaint.can_resolve = complaint.outcome == "open" and bool(routed_ids.get(complaint.pk, set()) & my_orgs)
    for material in dossier["materials"]:
        material.url = _material_url(material)
    return render(
        request,
        "titles/review/detail.html",
        {
            "application": application,
            "dossier": dossier,
            "action_forms": action_forms,
            "publicity_actions": [a for a in actions if a in ("unit_publicity_start", "result_publicity_start")],
            "can_resolve_objection": can_resolve_objection,
            "resolve_form": ResolveForm(),
            "filing_deadline": wf.result_filing_deadline(application.effective_on)
            if application.effective_on and not wf.routed_to_region(application)
            else None,
        },
    )


def _refusal(request, exc) -> None:
    if isinstance(exc, wf.BatchRefused):
        messages.error(request, exc.message)
        for failure in exc.failures:
            messages.error(request, f"{failure.label}：{failure.message}")
    else:
        messages.error(request, str(exc))


@require_POST
@login_required
def review_action(request, pk: int, action: str):
    application = _visible_application(request, pk)
    if action not in FORMS:
        raise Http404
    notice = wf.open_correction(application) if action == "correction_answer" else None
    form = _form_for(action, application, data=request.POST, notice=notice)
    back = reverse("titles:application_progress" if application.applicant_id == request.user.pk
                   and action in ("correction_answer", "application_withdraw") else "titles:review_detail",
                   args=[pk])  # fmt: skip
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {' '.join(errors)}")
        return redirect(back)
    # A stale page posts the state it showed: if someone else moved the application meanwhile → 已被处理.
    shown = request.POST.get("state")
    if shown and shown != application.state:
        messages.error(request, str(wf.AlreadyHandled(application)))
        return redirect(back)
    try:
        _call(action, application, request.user, _cleaned(action, form))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except wf.TitleWorkflowError as exc:
        _refusal(request, exc)
        return redirect(back)
    messages.success(request, _("已办理：%(action)s") % {"action": ACTION_LABELS.get(action, action)})
    return redirect(back)


@require_POST
@login_required
def objection_resolve(request, pk: int):
    objection = get_object_or_404(Objection, pk=pk)
    form = ResolveForm(request.POST)
    target = reverse("titles:review_detail", args=[int(objection.subject_id)]) if objection.subject_id else "/"
    if not form.is_valid():
        messages.error(request, _("请填写书面处理意见。"))
        return redirect(target)
    try:
        wf.unit_objection_resolve(objection=objection, actor=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except wf.TitleWorkflowError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("异议已处理。"))
    return redirect(target)


@require_POST
@login_required
def complaint_resolve(request, pk: int):
    complaint = get_object_or_404(ResultComplaint, pk=pk)
    form = ResolveForm(request.POST)
    target = reverse("titles:review_detail", args=[complaint.application_id])
    if not form.is_valid():
        messages.error(request, _("请填写书面处理意见。"))
        return redirect(target)
    try:
        wf.result_complaint_resolve(complaint=complaint, actor=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except wf.TitleWorkflowError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("投诉已处理。"))
    return redirect(target)


@require_POST
@login_required
def publicity_close(request, pk: int):
    """FLOW-03: the owner closes a unit publicity (unit HR) or a result publicity (the committee office that
    published it) after its last working day, with no open objection or complaint."""
    publicity = get_object_or_404(Publicity, pk=pk)
    try:
        wf.publicity_close_by_owner(publicity=publicity, actor=request.user, today=clock.today())
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except wf.TitleWorkflowError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("公示已结束。"))
    page = "titles:result_publicity" if publicity.kind == Publicity.Kind.RESULT else "titles:unit_publicity"
    return redirect(safe_next_url(request, request.POST.get("next"), reverse(page)))


def _publicity_page(request, *, kind: str):
    """Batch publicity: unit HR publishes its applicants (TITLE-08), a committee office its results (TITLE-14).
    The page shows the computed last day (FLOW-03) for the chosen start day before anything is saved."""
    today = clock.today()
    if kind == "unit":
        candidates = unit_publicity_candidates(request.user)
        service, template = wf.unit_publicity_start, "titles/review/unit_publicity.html"
    else:
        candidates = result_publicity_candidates(request.user)
        service, template = wf.result_publicity_start, "titles/review/result_publicity.html"
    form = PublicityForm(request.POST or None, candidates=candidates, initial={"starts_on": today})
    starts_on = today
    if request.method == "POST" and form.is_valid():
        starts_on = form.cleaned_data["starts_on"]
        if "start" in request.POST:
            try:
                batch = service(
                    applications=form.cleaned_data["applications"],
                    actor=request.user,
                    starts_on=starts_on,
                    title=form.cleaned_data["title"],
                    content=form.cleaned_data["content"],
                    today=today,
                )
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from exc
            except wf.TitleWorkflowError as exc:
                _refusal(request, exc)
            else:
                messages.success(
                    request,
                    _("公示已发布：%(start)s 至 %(end)s，共 %(count)s 人。")
                    % {
                        "start": batch.publicity.starts_on.isoformat(),
                        "end": batch.publicity.ends_on.isoformat(),
                        "count": len(batch.applications),
                    },
                )
                return redirect(request.path)
    elif request.GET.get("starts_on"):
        try:
            starts_on = date.fromisoformat(request.GET["starts_on"])
            form = PublicityForm(candidates=candidates, initial={"starts_on": starts_on})
        except ValueError:
            pass
    try:
        ends_on, calendar_error = work_calendar().publicity_end(starts_on, PUBLICITY_WORKING_DAYS), ""
    except YearNotLoaded as exc:
        ends_on, calendar_error = None, str(exc)
    publicity_kind = Publicity.Kind.UNIT_APPLICATION if kind == "unit" else Publicity.Kind.RESULT
    open_publicities = list(
        Publicity.objects.filter(
            organisation__memberships__user=request.user,
            organisation__memberships__active=True,
            kind=publicity_kind,
        )
        .annotate(open_objections=Count("objections", filter=Q(objections__outcome="open"), distinct=True))
        .distinct()
        .order_by("-starts_on", "-id")[:20]
    )
    # FLOW-03: the 结束公示 button — the owner, after the last working day, with no open objection (a result
    # publicity's open complaints hold one each).
    owner_of = publicity_owner_organisations(request.user, publicity_kind)
    for p in open_publicities:
        p.closable_by_me = p.organisation_id in owner_of and p.state == Publicity.State.OPEN
        p.can_close = p.closable_by_me and p.ends_on < today and not p.open_objections
    return render(
        request,
        template,
        {
            "form": form,
            "candidates": candidates,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "calendar_error": calendar_error,
            "working_days": PUBLICITY_WORKING_DAYS,
            "publicities": open_publicities,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_publicity(request):
    return _publicity_page(request, kind="unit")


@require_http_methods(["GET", "POST"])
@login_required
def result_publicity(request):
    return _publicity_page(request, kind="result")


BATCH_SERVICES = {
    "dept_forward": (wf.dept_forward, OpinionForm),
    "hr_route": (wf.hr_route, NoteForm),
    "committee_accept": (wf.committee_accept, NoteForm),
    "result_file": (wf.result_file, FileForm),
}


@require_POST
@login_required
def review_batch(request, action: str):
    """Forward / route / accept / file a batch, all or nothing (see titles.services.workflow)."""
    if action not in BATCH_SERVICES:
        raise Http404
    service, form_class = BATCH_SERVICES[action]
    form = form_class(request.POST)
    ids = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
    target = reverse("titles:review_list")
    if not form.is_valid() or not ids:
        messages.error(request, _("请选择申报并填写必填项。"))
        return redirect(target)
    extra = dict(form.cleaned_data)
    if action in ("dept_forward", "hr_route", "result_file"):
        extra["today"] = clock.today()
    visible = set(Application.objects.filter(application_scope(request.user), pk__in=ids).values_list("pk", flat=True))
    # An id the user cannot see is refused like any other item (all or nothing): not silently dropped.
    unseen = [
        wf.BatchFailure(pk, f"#{pk}", "申报不存在或您无权办理 / no such application or not yours")
        for pk in dict.fromkeys(ids)
        if pk not in visible
    ]
    try:
        if unseen:
            raise wf.BatchRefused(unseen)
        wf.applications_batch(service=service, applications=sorted(visible), actor=request.user, **extra)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except wf.TitleWorkflowError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("批量办理完成：%(count)s 件。") % {"count": len(visible)})
    return redirect(target)


# ---------------------------------------------------------------------------------------------------------------
# Applicant: progress (进度查询), certificate
# ---------------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def application_progress(request, pk: int):
    application = _visible_application(request, pk)
    steps, upcoming = progress_steps(application)
    notice = wf.open_correction(application) if application.state == S.CORRECTION else None
    actions = available_actions(request.user, application)
    # TITLE-15: the certificate is issued by the transition to ``certified``, the last state — none before it.
    certificate = (
        Certificate.objects.filter(application=application).first() if application.state == S.CERTIFIED else None
    )
    return render(
        request,
        "titles/review/progress.html",
        {
            "application": application,
            "steps": steps,
            "upcoming": upcoming,
            "notice": notice,
            "answer_form": CorrectionAnswerForm(notice=notice, prefix="correction_answer")
            if "correction_answer" in actions
            else None,
            "withdraw_form": WithdrawForm(prefix="application_withdraw") if "application_withdraw" in actions else None,
            "certificate": certificate,
        },
    )


@require_GET
@login_required
def certificate_download(request, pk: int):
    application = _visible_application(request, pk)
    certificate = get_object_or_404(Certificate.objects.select_related("issuer"), application=application)
    from workflow.documents import render_pdf

    pdf = render_pdf(
        "pdf/certificate.html", {"certificate": certificate, "verify_url": _verify_url(request, certificate)}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


def _verify_url(request, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("titles:certificate_verify_code", args=[certificate.verification_code]))


# ---------------------------------------------------------------------------------------------------------------
# Public verification (no login). Shows only name, title, series and date. Lookups are throttled per address and
# the code is compared in constant time after an indexed fetch, so a wrong code costs the same as a right one.
# ---------------------------------------------------------------------------------------------------------------

VERIFY_LIMIT = 30  # lookups per address per window
VERIFY_WINDOW_SECONDS = 600


def _throttled(request) -> bool:
    key = f"title-verify:{request.META.get('REMOTE_ADDR', '')}"
    count = cache.get(key, 0)
    if count >= VERIFY_LIMIT:
        return True
    cache.set(key, count + 1, VERIFY_WINDOW_SECONDS)
    return False


def _lookup(code: str) -> Certificate | None:
    code = (code or "").strip().upper()[:32]
    row = (
        Certificate.objects.filter(verification_code=code)
        .only("holder_name", "title_name", "series_name", "effective_on", "verification_code")
        .first()
    )
    if row is None or not hmac.compare_digest(row.verification_code, code):
        return None
    return row


@require_GET
def certificate_verify(request, code: str = ""):
    code = code or request.GET.get("code", "")
    if not code:
        return render(request, "titles/review/verify.html", {"certificate": None, "asked": False})
    if _throttled(request):
        return render(request, "titles/review/verify.html", {"throttled": True}, status=429)
    certificate = _lookup(code)
    if certificate is None:
        return render(request, "titles/review/verify.html", {"not_found": True, "asked": True}, status=404)
    return render(request, "titles/review/verify.html", {"certificate": certificate, "asked": True})
