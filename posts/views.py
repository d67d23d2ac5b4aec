"""Web pages of post-setting: the scheme editor with live checking (POST-01…09, POST-13), the scheme and special-post
pages with their official forms (Doc A attachments 1, 2, 5), the .xlsx round trip, the POST-12 calculator and the
HR jurisdiction dashboard (POST-02/05/08).

Thin views: who may see the unit (membership), a form, one service call, a message. A person who does not reach
the unit gets 404 (its schemes are not disclosed); one who reaches it but may not do the action gets 403.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from posts import dashboard as dash
from posts import documents, rules, scheme_io
from posts import permissions as perms
from posts.forms import (
    XLSX_EXTENSIONS,
    ActivateForm,
    AppointedForm,
    CancelForm,
    ChangeRequestForm,
    FileForm,
    OpinionForm,
    OverQuotaForm,
    RegionApproveForm,
    ReturnForm,
    SchemeGridForm,
    SchemeUploadForm,
    SpecialPostRequestForm,
    engine_scheme,
    grade_label,
    grid_categories,
    xlsx_max_bytes,
)
from posts.models import CATEGORY_GRADES, Scheme, SpecialPost
from posts.selectors import (
    jurisdiction_dashboard,
    jurisdiction_profiles,
    profile_sectors,
    ratio_profile_for,
    scheme_reviews,
    schemes_for_membership,
    special_posts_for_membership,
    unit_special_posts,
)
from posts.services import (
    PostRuleError,
    scheme_appointed_record,
    scheme_change_request,
    scheme_create,
    scheme_dept_approve,
    scheme_file,
    scheme_reopen,
    scheme_return,
    scheme_submit,
    scheme_update,
    special_post_activate,
    special_post_cancel,
    special_post_dept_approve,
    special_post_extend,
    special_post_hr_approve,
    special_post_region_approve,
    special_post_request,
)
from posts.suggestion import suggest
from workflow.models import Membership, Organisation, Role
from workflow.permissions import PermissionDenied
from workflow.selectors import audit_trail
from workflow.uploads import guard_upload

POST_ROLES = perms.POST_ROLES


# ----------------------------------------------------------------------------------------------- who reaches what


def _memberships(user, roles=POST_ROLES) -> list[Membership]:
    return perms.memberships(user, roles)


def reach(user, unit: Organisation) -> set[str]:
    return perms.reach(user, unit)


def _reaches(roles: set[str]) -> bool:
    """Reaching a unit takes a membership that reaches it; being a city HR officer alone is not enough."""
    return any(role in roles for role in POST_ROLES)


def _scheme(request, pk: int) -> tuple[Scheme, set[str]]:
    scheme = get_object_or_404(Scheme.objects.select_related("unit", "unit__supervisor", "filed_by"), pk=pk)
    roles = reach(request.user, scheme.unit)
    if not _reaches(roles):
        raise Http404(_("没有找到该岗位设置方案"))
    return scheme, roles


def _special_post(request, pk: int) -> tuple[SpecialPost, set[str]]:
    post = get_object_or_404(SpecialPost.objects.select_related("unit", "unit__supervisor"), pk=pk)
    roles = reach(request.user, post.unit)
    if _reaches(roles):
        return post, roles
    # City HR records the region's approval of grade-2 special posts of any unit (selectors.special_posts_for_…).
    for m in _memberships(request.user, (Role.HR_OFFICER,)):
        if special_posts_for_membership(m).filter(pk=post.pk).exists():
            return post, roles
    raise Http404(_("没有找到该特设岗位"))


def _unit_hr_only(roles: set[str]) -> None:
    if not perms.may_create(roles):
        raise DjangoPermissionDenied(_("只有本单位人事干部可以编辑岗位设置方案"))


def _text(exc: PostRuleError) -> str:
    return exc.message_en if (get_language() or "").startswith("en") else exc.message


def _finding_text(finding) -> str:
    return finding.localized()


# ------------------------------------------------------------------------------------------------ engine for pages


def check_counts(unit: Organisation, counts: dict, quota_full_senior) -> dict:
    """Run the engine on unsaved grid values (nothing is written): findings and, with an error, POST-13."""
    special = unit_special_posts(unit)
    scheme = engine_scheme(unit, counts, quota_full_senior, special)
    profile = ratio_profile_for(unit)
    findings = rules.check_unit(scheme, profile)
    has_error = any(f.is_error for f in findings)
    suggestion = suggest(scheme, profile) if has_error else None
    return _findings_context(findings, suggestion, scheme, profile)


def _findings_context(findings, suggestion, scheme: rules.UnitScheme, profile) -> dict:
    suggestion_fields = None
    changed = []
    if suggestion is not None and suggestion.professional is not None:
        suggestion_fields = {f"professional_{g}": suggestion.professional.get(g, 0) for g in rules.PROFESSIONAL_GRADES}
        changed = [
            {
                "grade": grade_label("professional", str(g)),
                "before": scheme.prof(g),
                "after": suggestion.professional.get(g, 0),
            }
            for g in rules.PROFESSIONAL_GRADES
            if scheme.prof(g) != suggestion.professional.get(g, 0)
        ]
    return {
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "scope": f.scope,
                "message": _finding_text(f),
                "actual": f.actual,
                "limit": f.limit,
            }
            for f in findings
        ],  # fmt: skip
        "error_count": sum(f.is_error for f in findings),
        "warning_count": sum(not f.is_error for f in findings),
        "suggestion": suggestion,
        "suggestion_text": (
            (suggestion.describe() if (get_language() or "").startswith("zh") else _suggestion_en(suggestion))
            if suggestion is not None
            else ""
        ),
        "suggestion_json": json.dumps(suggestion_fields) if suggestion_fields else "",
        "suggestion_changes": changed,
        "totals": {
            "professional": scheme.professional_total,
            "senior": scheme.prof_sum(rules.SENIOR),
            "intermediate": scheme.prof_sum(rules.INTERMEDIATE),
            "junior": scheme.prof_sum(rules.JUNIOR),
            "all": scheme.total_posts,
        },
        "profile": profile,
    }


def _suggestion_en(suggestion) -> str:
    if suggestion.professional is None:
        return suggestion.reason_en or suggestion.reason
    if not suggestion.moves:
        return "No change of the professional grades is needed"
    moves = "; ".join(f"grade {m.from_grade} → {m.to_grade}: {m.count}" for m in suggestion.moves)
    noun = "post" if suggestion.posts_moved == 1 else "posts"
    return f"Move {suggestion.posts_moved} {noun} down: {moves}"


def _stored_check(scheme: Scheme) -> dict:
    counts = {c: scheme.counts(c) for c in CATEGORY_GRADES}
    return check_counts(scheme.unit, counts, scheme.quota_full_senior)


# --------------------------------------------------------------------------------------------------------- schemes


@require_GET
@login_required
def scheme_list(request):
    """The schemes each of the person's post-setting memberships reaches (unit HR: its unit's versions)."""
    memberships = _memberships(request.user)
    if not memberships:
        raise DjangoPermissionDenied(_("您没有查看岗位设置方案的权限"))
    blocks = []
    for m in memberships:
        schemes = list(schemes_for_membership(m)[:200])
        blocks.append({"membership": m, "schemes": schemes, "may_create": perms.may_create({m.role})})
    return render(request, "posts/scheme_list.html", {"blocks": blocks})


@require_POST
@login_required
def scheme_new(request):
    unit = get_object_or_404(Organisation, pk=request.POST.get("unit"), kind=Organisation.Kind.UNIT)
    roles = reach(request.user, unit)
    if not roles:
        raise Http404
    if not perms.may_create(roles):
        raise DjangoPermissionDenied(_("只有本单位人事干部可以编制岗位设置方案"))
    try:
        scheme = scheme_create(unit=unit, actor=request.user)
    except PostRuleError as exc:
        messages.error(request, _text(exc))
        return redirect("posts:scheme_list")
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    messages.success(request, _("已创建第 %(v)s 版方案草稿") % {"v": scheme.version})
    return redirect("posts:scheme_edit", pk=scheme.pk)


def _readonly_grid(scheme: Scheme) -> list[dict]:
    rows = []
    for category, grades in CATEGORY_GRADES.items():
        counts = scheme.counts(category)
        if category == "directional" and scheme.unit.jurisdiction == rules.CITY and not counts:
            continue
        rows.append(
            {
                "category": category,
                "label": SchemeGridForm.category_label(category),
                "cells": [(grade_label(category, g), counts.get(g, 0)) for g in grades],
                "total": sum(counts.values()),
            }
        )
    return rows


SCHEME_STAGES = {"dept_review": gettext_lazy("主管部门审核"), "hr_review": gettext_lazy("人社部门备案")}
SPECIAL_POST_STAGES = {
    "dept": gettext_lazy("主管部门审核"),
    "hr": gettext_lazy("人社部门核准"),
    "region": gettext_lazy("自治区核准"),
    "extension": gettext_lazy("延长聘期"),
    **{state.value: state.label for state in SpecialPost.State},
}


def _signatures(reviews, stages) -> list[dict]:
    """FLOW-06: each review decision with its reviewer, opinion, date and the organisation it was made for."""
    return [
        {
            "stage": stages.get(r.stage, r.stage),
            "decision": r.get_decision_display(),
            "decision_key": r.decision,
            "reviewer": r.reviewer_name,
            "organisation": r.organisation.name,
            "opinion": r.opinion,
            "decided_on": r.decided_on,
        }
        for r in reviews
    ]


def _trail(subject, states) -> list[dict]:
    """FLOW-05: the audit records of ``subject`` (who, in which role, for which organisation, from → to, note)."""
    labels = dict(states.choices)
    roles = dict(Role.choices)
    return [
        {
            "at": record.at,
            "transition": record.transition,
            "from_state": labels.get(record.from_state, record.from_state),
            "to_state": labels.get(record.to_state, record.to_state),
            "actor": record.actor_name or (record.actor.get_username() if record.actor else _("系统")),
            "role": roles.get(record.role, record.role),
            "organisation": record.organisation.name if record.organisation else "",
            "note": record.note,
        }
        for record in audit_trail(subject)
    ]


def _scheme_forms(scheme: Scheme) -> dict:
    return {
        "approve": OpinionForm(prefix="approve"),
        "return": ReturnForm(prefix="return"),
        "file": FileForm(prefix="file", initial={"term_start": scheme.term_start}),
        "change": ChangeRequestForm(prefix="change"),
    }


def _scheme_page(request, scheme: Scheme, roles, *, bound: dict | None = None, status: int = 200):
    actions = perms.scheme_actions(roles, scheme)
    context = {
        "scheme": scheme,
        "unit": scheme.unit,
        "roles": roles,
        "grid": _readonly_grid(scheme),
        "check": _stored_check(scheme),
        "special_posts": unit_special_posts(scheme.unit),
        "signatures": _signatures(scheme_reviews(scheme), SCHEME_STAGES),
        "trail": _trail(scheme, Scheme.State),
        "actions": actions,
        "forms": {**_scheme_forms(scheme), **(bound or {})},
        "may_edit": actions["edit"],
        "may_reopen": actions["reopen"],
        # Bound to the scheme's numbers, so the calculator shows its result at once (as on the calculator page).
        "over_quota": OverQuotaForm(OverQuotaForm.initial_from(scheme)),
    }
    return render(request, "posts/scheme_detail.html", context, status=status)


@require_GET
@login_required
def scheme_detail(request, pk: int):
    scheme, roles = _scheme(request, pk)
    return _scheme_page(request, scheme, roles)


def _grid_form(scheme: Scheme, data=None) -> SchemeGridForm:
    return SchemeGridForm(
        data,
        unit=scheme.unit,
        with_directional=bool(scheme.counts("directional")),
        live_url=reverse("posts:scheme_live_check", args=[scheme.pk]),
        initial=SchemeGridForm.initial_from(scheme),
    )


def _edit_page(request, scheme, roles, form, *, check=None, refusal=None, upload=None, import_errors=(), status=200):
    if check is None:
        check = check_counts(scheme.unit, form.counts(), form.cleaned_data.get("quota_full_senior")) if (
            form.is_bound and form.is_valid()
        ) else _stored_check(scheme)  # fmt: skip
    context = {
        "scheme": scheme,
        "unit": scheme.unit,
        "form": form,
        "check": check,
        "refusal": refusal,
        "may_submit": perms.may_submit(roles, scheme),
        "upload": upload or SchemeUploadForm(),
        "import_errors": import_errors,
    }
    return render(request, "posts/scheme_edit.html", context, status=status)


def _save_counts(scheme: Scheme, actor, counts: dict, quota) -> Scheme:
    # Blank means "no 正高 total stated" (None) and 0 means "none allotted" — distinct for POST-06.
    return scheme_update(scheme=scheme, actor=actor, quota_full_senior=quota, **counts)


@require_http_methods(["GET", "POST"])
@login_required
def scheme_edit(request, pk: int):
    """The grid of Doc A attachment 2 with live checking; “保存草稿” saves through ``scheme_update``; “报送” saves
    and submits through ``scheme_submit`` (refused, with the findings, while an error remains)."""
    scheme, roles = _scheme(request, pk)
    _unit_hr_only(roles)
    if scheme.state != Scheme.State.DRAFT:
        messages.warning(
            request,
            _("第 %(v)s 版方案当前状态为“%(state)s”，只有草稿可以修改")
            % {"v": scheme.version, "state": scheme.get_state_display()},
        )
        return redirect("posts:scheme_detail", pk=scheme.pk)
    if request.method == "GET":
        return _edit_page(request, scheme, roles, _grid_form(scheme))
    form = _grid_form(scheme, request.POST)
    if not form.is_valid():
        return _edit_page(request, scheme, roles, form, status=400)
    action = request.POST.get("action", "save")
    try:
        scheme = _save_counts(scheme, request.user, form.counts(), form.cleaned_data.get("quota_full_senior"))
    except PostRuleError as exc:
        return _edit_page(request, scheme, roles, form, refusal={"message": _text(exc), "findings": []}, status=400)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    if action != "submit":
        messages.success(request, _("草稿已保存"))
        return redirect("posts:scheme_edit", pk=scheme.pk)
    if not perms.may_submit(reach(request.user, scheme.unit), scheme):
        raise DjangoPermissionDenied(_("您不能报送该方案"))
    try:
        scheme = scheme_submit(scheme=scheme, actor=request.user)
    except PostRuleError as exc:
        refusal = {"message": _text(exc), "findings": [_finding_text(f) for f in exc.findings],
                   "rule": exc.rule}  # fmt: skip
        scheme.refresh_from_db()
        messages.info(request, _("草稿已保存，但尚不能报送"))
        return _edit_page(request, scheme, roles, _grid_form(scheme), refusal=refusal, status=400)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    messages.success(request, _("方案已报送：%(state)s") % {"state": scheme.get_state_display()})
    return redirect("posts:scheme_detail", pk=scheme.pk)


@require_POST
@login_required
def scheme_live_check(request, pk: int):
    """htmx partial: the findings of the grid as typed (nothing is saved), each with its rule ID, and POST-13."""
    scheme, roles = _scheme(request, pk)
    _unit_hr_only(roles)
    form = _grid_form(scheme, request.POST)
    if not form.is_valid():
        errors = [f"{form.fields[name].label}：{'；'.join(errs)}" for name, errs in form.errors.items()]
        return render(request, "posts/_findings.html", {"check": None, "input_errors": errors})
    check = check_counts(scheme.unit, form.counts(), form.cleaned_data.get("quota_full_senior"))
    return render(request, "posts/_findings.html", {"check": check, "live": True})


@require_POST
@login_required
def scheme_reopen_view(request, pk: int):
    scheme, roles = _scheme(request, pk)
    _refuse_unless(roles, perms.scheme_edit_roles(scheme), _("只有本单位人事干部可以重新编辑退回的方案"))
    if not perms.may_reopen(roles, scheme):
        return _not_now(request, scheme)
    try:
        scheme_reopen(scheme=scheme, actor=request.user)
    except PostRuleError as exc:
        messages.error(request, _text(exc))
        return redirect("posts:scheme_detail", pk=scheme.pk)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    return redirect("posts:scheme_edit", pk=scheme.pk)


# ------------------------------------------------------------------------------------ filing workflow (POST-10/11)


def _refuse_unless(roles, allowed, message) -> None:
    """403 for a person who reaches the unit but whose role may not take this step (``permissions.*_roles``)."""
    if not any(role in roles for role in allowed):
        raise DjangoPermissionDenied(message)


def _url_of(subject) -> str:
    if isinstance(subject, Scheme):
        return reverse("posts:scheme_detail", args=[subject.pk])
    return reverse("posts:special_post_detail", args=[subject.pk])


def _not_now(request, subject):
    """The role may act, but not in the current state (e.g. someone else acted first): say so, back to the page."""
    messages.warning(
        request,
        _("当前状态为“%(state)s”，不能进行此操作，请刷新后查看") % {"state": subject.get_state_display()},
    )
    return redirect(_url_of(subject))


def _decide(request, subject, call, *, success: str, rerender):
    """One service call: success → message and back to the page; a rule refusal → the page again with the typed
    form and the refusal (400); a permission refusal → 403."""
    try:
        call()
    except PostRuleError as exc:
        messages.error(request, _text(exc))
        return rerender()
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    messages.success(request, success)
    return redirect(_url_of(subject))


def _scheme_step(request, pk, *, roles_of, may, form_class, prefix, denied, call, success):
    """permission (403) → state (message) → form (400) → one service call → message/redirect."""
    scheme, roles = _scheme(request, pk)
    _refuse_unless(roles, roles_of(scheme), denied)
    if not may(roles, scheme):
        return _not_now(request, scheme)
    form = form_class(request.POST, prefix=prefix)

    def rerender():
        return _scheme_page(request, scheme, roles, bound={prefix: form}, status=400)

    if not form.is_valid():
        return rerender()
    return _decide(request, scheme, lambda: call(scheme, form.cleaned_data), success=success, rerender=rerender)


@require_POST
@login_required
def scheme_dept_approve_view(request, pk: int):
    """POST-10: the supervising department approves, signed (FLOW-06); the scheme goes to the HR bureau."""
    return _scheme_step(
        request, pk, roles_of=perms.scheme_dept_approve_roles, may=perms.may_dept_approve, form_class=OpinionForm,
        prefix="approve", denied=_("只有主管部门审核人可以审核该方案"),
        call=lambda scheme, data: scheme_dept_approve(scheme=scheme, actor=request.user, opinion=data["opinion"]),
        success=_("已审核同意，方案已报人社部门备案"),
    )  # fmt: skip


@require_POST
@login_required
def scheme_return_view(request, pk: int):
    """POST-10: the department (in its review) or the HR bureau (in its review) returns with reasons, signed."""
    return _scheme_step(
        request, pk, roles_of=perms.scheme_return_roles, may=perms.may_return, form_class=ReturnForm,
        prefix="return", denied=_("您不能在当前环节退回该方案"),
        call=lambda scheme, data: scheme_return(scheme=scheme, actor=request.user, reasons=data["reasons"]),
        success=_("方案已退回单位修改"),
    )  # fmt: skip


@require_POST
@login_required
def scheme_file_view(request, pk: int):
    """POST-10/11: the HR bureau files the scheme (备案), signed; the term (聘期) starts."""
    return _scheme_step(
        request, pk, roles_of=perms.scheme_file_roles, may=perms.may_file, form_class=FileForm, prefix="file",
        denied=_("只有人社部门经办人可以为该方案备案"),
        call=lambda scheme, data: scheme_file(scheme=scheme, actor=request.user, opinion=data["opinion"],
                                              term_start=data.get("term_start")),
        success=_("方案已备案"),
    )  # fmt: skip


@require_POST
@login_required
def scheme_change_request_view(request, pk: int):
    """POST-11: a new version of the filed scheme citing a major change; the new draft opens in the editor."""
    scheme, roles = _scheme(request, pk)
    _refuse_unless(roles, perms.scheme_edit_roles(scheme), _("只有本单位人事干部可以提出变更申请"))
    if not perms.may_change_request(roles, scheme):
        return _not_now(request, scheme)
    form = ChangeRequestForm(request.POST, prefix="change")

    def rerender():
        return _scheme_page(request, scheme, roles, bound={"change": form}, status=400)

    if not form.is_valid():
        return rerender()
    try:
        new = scheme_change_request(scheme=scheme, actor=request.user, change_kind=form.cleaned_data["change_kind"],
                                    reason=form.cleaned_data["reason"])  # fmt: skip
    except PostRuleError as exc:
        messages.error(request, _text(exc))
        return rerender()
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    messages.success(request, _("已创建第 %(v)s 版方案（变更申请），请修改后报送") % {"v": new.version})
    return redirect("posts:scheme_edit", pk=new.pk)


@require_http_methods(["GET", "POST"])
@login_required
def scheme_appointed(request, pk: int):
    """在聘人数 on the filed scheme, per category and grade (the base of POST-09 vacancies and of POST-12)."""
    scheme, roles = _scheme(request, pk)
    _refuse_unless(roles, perms.scheme_edit_roles(scheme), _("只有本单位人事干部可以登记在聘人数"))
    if not perms.may_record_appointed(roles, scheme):
        return _not_now(request, scheme)
    categories = grid_categories(scheme.unit, with_directional=bool(scheme.counts("directional")))
    form = AppointedForm(
        request.POST if request.method == "POST" else None,
        categories=categories,
        initial=AppointedForm.initial_from(scheme),
    )
    context = {"scheme": scheme, "unit": scheme.unit, "form": form}
    if request.method == "GET":
        return render(request, "posts/scheme_appointed.html", context)
    if not form.is_valid():
        return render(request, "posts/scheme_appointed.html", context, status=400)
    try:
        scheme_appointed_record(scheme=scheme, actor=request.user, appointed=form.appointed())
    except PostRuleError as exc:
        context["refusal"] = _text(exc)
        return render(request, "posts/scheme_appointed.html", context, status=400)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    messages.success(request, _("在聘人数已登记"))
    return redirect("posts:scheme_detail", pk=scheme.pk)


# ------------------------------------------------------------------------------------------------------- documents


def _file_response(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def scheme_filing_pdf(request, pk: int):
    """Doc A attachment 2 (岗位设置备案表)."""
    scheme, _roles = _scheme(request, pk)
    pdf = documents.filing_form_pdf(
        scheme, special_posts=unit_special_posts(scheme.unit), reviews=scheme_reviews(scheme)
    )
    return _file_response(pdf, "application/pdf", documents.download_name("filing-form", scheme, "pdf"), inline=True)


@require_GET
@login_required
def scheme_summary_pdf(request, pk: int):
    """Doc A attachment 5 (岗位设置与聘用情况总表)."""
    scheme, _roles = _scheme(request, pk)
    pdf = documents.summary_form_pdf(scheme, special_posts=unit_special_posts(scheme.unit))
    return _file_response(pdf, "application/pdf", documents.download_name("summary", scheme, "pdf"), inline=True)


@require_GET
@login_required
def scheme_xlsx(request, pk: int):
    scheme, _roles = _scheme(request, pk)
    content = documents.scheme_workbook(scheme, special_posts=unit_special_posts(scheme.unit))
    return _file_response(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        documents.download_name("filing-form", scheme, "xlsx"),
    )


def _import_errors(exc: scheme_io.SchemeInputError, path: Path) -> list[dict]:
    english = (get_language() or "").startswith("en")
    errors = [{"cell": exc.field, "message": exc.message_en if english else exc.message}]
    if "!" in exc.field:  # a cell problem: the workbook itself is readable, so list every bad count cell at once
        try:
            problems = scheme_io.count_cell_problems(path)
        except scheme_io.SchemeInputError:  # the first error is already reported; the list is a courtesy
            problems = []
        errors += [
            {"cell": cell, "message": message_en if english else message}
            for cell, message, message_en in problems
            if cell != exc.field
        ]
    return errors


@csrf_exempt
@require_POST
@login_required
def scheme_import(request, pk: int):
    """Doc A attachment 2 as .xlsx → the draft's counts, all or nothing (one ``scheme_update`` call).

    The upload guard (workflow.uploads: the size before reading, every file name in the raw body) runs before the
    body is parsed, so CSRF is checked afterwards (Django's documented pattern for per-view upload handlers)."""
    refused = guard_upload(request, limit=xlsx_max_bytes(), extensions=XLSX_EXTENSIONS)
    if refused is not None:  # nothing was parsed (no CSRF token either): report it, change nothing
        scheme, roles = _scheme(request, pk)
        _unit_hr_only(roles)
        errors = [{"cell": "file", "message": refused.message}]
        return _edit_page(request, scheme, roles, _grid_form(scheme), import_errors=errors, status=400)
    return _scheme_import(request, pk)


@csrf_protect
def _scheme_import(request, pk: int):
    scheme, roles = _scheme(request, pk)
    _unit_hr_only(roles)
    if scheme.state != Scheme.State.DRAFT:
        messages.warning(request, _("只有草稿可以导入"))
        return redirect("posts:scheme_detail", pk=scheme.pk)
    upload = SchemeUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _edit_page(request, scheme, roles, _grid_form(scheme), upload=upload, status=400)
    errors: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.xlsx"
        with path.open("wb") as out:
            for chunk in upload.cleaned_data["file"].chunks():
                out.write(chunk)
        try:
            units = scheme_io.read_workbook(path, sectors={*profile_sectors(), scheme.unit.sector or "general"})
        except scheme_io.SchemeInputError as exc:
            errors = _import_errors(exc, path)
            units = []
    if not errors and len(units) != 1:
        errors = [{"cell": "file", "message": _("工作簿应只有一个单位的工作表，实有 %(n)s 个") % {"n": len(units)}}]
    if not errors and units[0].name != scheme.unit.name:
        errors = [
            {
                "cell": "B2",
                "message": _("单位全称为“%(found)s”，与本方案的单位“%(unit)s”不符")
                % {"found": units[0].name, "unit": scheme.unit.name},
            }
        ]
    if errors:
        return _edit_page(request, scheme, roles, _grid_form(scheme), import_errors=errors, status=400)
    imported = units[0]
    counts = {
        "management": {str(g): c for g, c in imported.management.items()},
        "professional": {str(g): c for g, c in imported.professional.items()},
        "worker": {str(g): c for g, c in imported.worker.items()},
        "directional": {str(g): c for g, c in imported.directional.items()},
    }
    try:
        with transaction.atomic():
            _save_counts(scheme, request.user, counts, imported.quota_full_senior)
    except PostRuleError as exc:
        errors = [{"cell": "file", "message": _text(exc)}]
        return _edit_page(request, scheme, roles, _grid_form(scheme), import_errors=errors, status=400)
    note = _("（工作簿中的特设岗位未导入：特设岗位须单独申请审核，POST-09）") if imported.special else ""
    messages.success(request, _("已从备案表导入岗位数量") + note)
    return redirect("posts:scheme_edit", pk=scheme.pk)


# --------------------------------------------------------------------------------------------------------- POST-12


@require_GET
@login_required
def over_quota(request, pk: int):
    """POST-12: appointed vs allowed per level → 退一补一 (over ≤ 10 %) or 退二补一 (over > 10 %), exact %."""
    scheme, _roles = _scheme(request, pk)
    form = OverQuotaForm(request.GET or OverQuotaForm.initial_from(scheme))
    context = {"scheme": scheme, "unit": scheme.unit, "over_quota": form}
    template = "posts/_over_quota_result.html" if request.htmx else "posts/over_quota.html"
    return render(request, template, context)


# --------------------------------------------------------------------------------------------------- special posts


def _special_post_forms() -> dict:
    return {
        "dept_approve": OpinionForm(prefix="dept"),
        "hr_approve": OpinionForm(prefix="hr"),
        "region_approve": RegionApproveForm(prefix="region"),
        "activate": ActivateForm(prefix="activate"),
        "extend": OpinionForm(prefix="extend"),
        "cancel": CancelForm(prefix="cancel"),
    }


def _special_post_page(request, post: SpecialPost, roles, *, bound: dict | None = None, status: int = 200):
    reviews = post.reviews.select_related("organisation").order_by("created_at", "id")
    context = {
        "post": post,
        "unit": post.unit,
        "roles": roles,
        "signatures": _signatures(reviews, SPECIAL_POST_STAGES),
        "trail": _trail(post, SpecialPost.State),
        "actions": perms.special_post_actions(roles, post),
        "forms": {**_special_post_forms(), **(bound or {})},
    }
    return render(request, "posts/special_post_detail.html", context, status=status)


@require_GET
@login_required
def special_post_detail(request, pk: int):
    post, roles = _special_post(request, pk)
    return _special_post_page(request, post, roles)


@require_GET
@login_required
def special_post_pdf(request, pk: int):
    """Doc A attachment 1 (特设岗位设置审核表)."""
    post, _roles = _special_post(request, pk)
    reviews = post.reviews.select_related("organisation").order_by("created_at", "id")
    pdf = documents.special_post_form_pdf(post, reviews=reviews)
    return _file_response(pdf, "application/pdf", documents.download_name("special-post", post, "pdf"), inline=True)


@require_http_methods(["GET", "POST"])
@login_required
def special_post_new(request, pk: int):
    """POST-09: unit HR requests a special post (Doc A attachment 1) against the unit's filed scheme ``pk``."""
    scheme, roles = _scheme(request, pk)
    _refuse_unless(roles, perms.special_post_request_roles(), _("只有本单位人事干部可以申请设置特设岗位"))
    if not perms.may_request_special_post(roles, scheme):
        return _not_now(request, scheme)
    form = SpecialPostRequestForm(request.POST if request.method == "POST" else None)
    context = {"scheme": scheme, "unit": scheme.unit, "form": form}
    if request.method == "GET":
        return render(request, "posts/special_post_new.html", context)
    if not form.is_valid():
        return render(request, "posts/special_post_new.html", context, status=400)
    data = form.cleaned_data
    try:
        post = special_post_request(
            unit=scheme.unit, actor=request.user, category=data["category"], grade=data["grade"], count=data["count"],
            post_name=data["post_name"], reasons=data["reasons"], major_project=data["major_project"],
            term_years=data["term_years"], term_start=data["term_start"], holder_name=data["holder_name"],
            holder_gender=data["holder_gender"], holder_birth_date=data["holder_birth_date"],
            holder_title=data["holder_title"], holder_retirement_date=data["holder_retirement_date"],
            holder_previous_post=data["holder_previous_post"], holder_work_start=data["holder_work_start"],
            holder_education=data["holder_education"], holder_graduation=data["holder_graduation"],
            holder_previous_employer=data["holder_previous_employer"],
            holder_previous_category=data["holder_previous_category"],
            holder_previous_grade=data["holder_previous_grade"],
        )  # fmt: skip
    except PostRuleError as exc:
        context["refusal"] = _text(exc)
        return render(request, "posts/special_post_new.html", context, status=400)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    messages.success(request, _("特设岗位申请已提交"))
    return redirect("posts:special_post_detail", pk=post.pk)


def _special_step(request, pk, *, roles_of, may, form_class, prefix, denied, call, success):
    """permission (403) → state (message) → form (400) → one service call → message/redirect."""
    post, roles = _special_post(request, pk)
    _refuse_unless(roles, roles_of(post), denied)
    if not may(roles, post):
        return _not_now(request, post)
    form = form_class(request.POST, prefix=prefix)

    def rerender():
        return _special_post_page(request, post, roles, bound={_SPECIAL_FORM_KEYS[prefix]: form}, status=400)

    if not form.is_valid():
        return rerender()
    return _decide(request, post, lambda: call(post, form.cleaned_data), success=success, rerender=rerender)


_SPECIAL_FORM_KEYS = {"dept": "dept_approve", "hr": "hr_approve", "region": "region_approve", "activate": "activate",
                      "extend": "extend", "cancel": "cancel"}  # fmt: skip


@require_POST
@login_required
def special_post_dept_approve_view(request, pk: int):
    """POST-09: the supervising department approves the necessity, signed (FLOW-06)."""
    return _special_step(
        request, pk, roles_of=perms.special_post_dept_approve_roles, may=perms.may_special_dept_approve,
        form_class=OpinionForm, prefix="dept", denied=_("只有主管部门审核人可以审核该特设岗位"),
        call=lambda post, data: special_post_dept_approve(post=post, actor=request.user, opinion=data["opinion"]),
        success=_("已审核同意，报人社部门核准"),
    )  # fmt: skip


@require_POST
@login_required
def special_post_hr_approve_view(request, pk: int):
    """POST-09: the HR bureau of the unit's jurisdiction approves (核准), signed."""
    return _special_step(
        request, pk, roles_of=perms.special_post_hr_approve_roles, may=perms.may_special_hr_approve,
        form_class=OpinionForm, prefix="hr", denied=_("只有人社部门经办人可以核准该特设岗位"),
        call=lambda post, data: special_post_hr_approve(post=post, actor=request.user, opinion=data["opinion"]),
        success=_("特设岗位已核准"),
    )  # fmt: skip


@require_POST
@login_required
def special_post_region_approve_view(request, pk: int):
    """POST-09: the autonomous region's approval of a grade-2 special post is recorded (document number, date)."""
    return _special_step(
        request, pk, roles_of=perms.special_post_region_approve_roles, may=perms.may_special_region_approve,
        form_class=RegionApproveForm, prefix="region", denied=_("只有人社部门经办人可以登记自治区核准结果"),
        call=lambda post, data: special_post_region_approve(
            post=post, actor=request.user, document_no=data["document_no"], approved_on=data["approved_on"],
            opinion=data["opinion"]),
        success=_("已登记自治区核准结果"),
    )  # fmt: skip


@require_POST
@login_required
def special_post_activate_view(request, pk: int):
    """POST-09: unit HR appoints the holder; the post is active for its term."""
    return _special_step(
        request, pk, roles_of=perms.special_post_activate_roles, may=perms.may_special_activate,
        form_class=ActivateForm, prefix="activate", denied=_("只有本单位人事干部可以聘用特设岗位人员"),
        call=lambda post, data: special_post_activate(post=post, actor=request.user,
                                                      term_start=data.get("term_start")),
        success=_("特设岗位人员已聘用"),
    )  # fmt: skip


@require_POST
@login_required
def special_post_extend_view(request, pk: int):
    """POST-09: one extension of one more term, by the HR bureau, signed."""
    return _special_step(
        request, pk, roles_of=perms.special_post_extend_roles, may=perms.may_special_extend,
        form_class=OpinionForm, prefix="extend", denied=_("只有人社部门经办人可以延长特设岗位聘期"),
        call=lambda post, data: special_post_extend(post=post, actor=request.user, opinion=data["opinion"]),
        success=_("特设岗位聘期已延长"),
    )  # fmt: skip


@require_POST
@login_required
def special_post_cancel_view(request, pk: int):
    """POST-09: withdrawn by the unit, refused by a reviewer (signed) or cancelled early (核销) by the HR bureau."""
    return _special_step(
        request, pk, roles_of=perms.special_post_cancel_roles, may=perms.may_special_cancel,
        form_class=CancelForm, prefix="cancel", denied=_("您不能在当前环节撤销该特设岗位"),
        call=lambda post, data: special_post_cancel(post=post, actor=request.user, reason=data["reason"]),
        success=_("特设岗位已撤销"),
    )  # fmt: skip


# ------------------------------------------------------------------------------------------------------- dashboard


def _bureau_jurisdiction(org: Organisation) -> str | None:
    if org.kind == Organisation.Kind.CITY_HR:
        return rules.CITY
    if org.kind == Organisation.Kind.DISTRICT_HR and org.jurisdiction in rules.DISTRICTS:
        return org.jurisdiction
    return None


DASHBOARD_PAGE_SIZE = 50


@require_GET
@login_required
def dashboard(request):
    """HR jurisdiction dashboard: the filed schemes in force (POST-11) of the bureau's jurisdiction, aggregated
    (POST-02, POST-05, POST-08), and the units whose filed or in-review scheme has errors (one page of them).
    A fixed number of queries whatever the number of units; the numbers are cached (``jurisdiction_dashboard``)."""
    keys = []
    for m in _memberships(request.user, (Role.HR_OFFICER,)):
        key = _bureau_jurisdiction(m.organisation)
        if key and key not in keys:
            keys.append(key)
    if not keys:
        raise DjangoPermissionDenied(_("只有人社部门经办人可以查看辖区岗位结构"))
    panels = []
    profiles = jurisdiction_profiles(keys)
    for key in keys:
        data = jurisdiction_dashboard(key)
        overview = dash.jurisdiction_overview(key, data["totals"], profiles[key], data["aggregate"])
        overview["aggregate_messages"] = [
            {"rule": f.rule, "severity": f.severity, "message": _finding_text(f)} for f in data["aggregate"]
        ]
        # The list can run to thousands at regional scale: one page at a time (the numbers above cover all).
        overview["units_page"] = Paginator(data["units_with_errors"], DASHBOARD_PAGE_SIZE).get_page(
            request.GET.get(f"page_{key}")
        )
        overview["units_page"].object_list = [
            {**u, "state_label": Scheme.State(u["state"]).label} for u in overview["units_page"].object_list
        ]
        overview["units_with_errors_count"] = len(data["units_with_errors"])
        panels.append(overview)
    return render(request, "posts/dashboard.html", {"panels": panels})
