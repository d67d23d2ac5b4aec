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
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_fsm import can_proceed

from posts import dashboard as dash
from posts import documents, rules, scheme_io
from posts.forms import OverQuotaForm, SchemeGridForm, SchemeUploadForm, engine_scheme, grade_label
from posts.models import CATEGORY_GRADES, Scheme, SpecialPost
from posts.selectors import (
    jurisdiction_check,
    jurisdiction_profiles,
    ratio_profile_for,
    scheme_reviews,
    schemes_for_membership,
    special_posts_for_membership,
    unit_scheme,
    unit_special_posts,
)
from posts.services import PostRuleError, scheme_create, scheme_reopen, scheme_submit, scheme_update
from posts.suggestion import suggest
from workflow.models import Membership, Organisation, Role
from workflow.permissions import PermissionDenied, hr_bureau_reaches

POST_ROLES = (Role.UNIT_HR, Role.DEPT_REVIEWER, Role.HR_OFFICER)


# ----------------------------------------------------------------------------------------------- who reaches what


def _memberships(user, roles=POST_ROLES) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, active=True, role__in=roles)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )


def reach(user, unit: Organisation) -> set[str]:
    """The roles in which ``user`` reaches ``unit`` (one query) — the same reading as ``workflow.permissions``."""
    roles = set()
    for m in _memberships(user):
        org = m.organisation
        if (
            (m.role == Role.UNIT_HR and org.pk == unit.pk)
            or (m.role == Role.DEPT_REVIEWER and unit.supervisor_id == org.pk)
            or (m.role == Role.HR_OFFICER and hr_bureau_reaches(org, unit))
        ):
            roles.add(m.role)
    return roles


def may_edit(roles: set[str], scheme: Scheme) -> bool:
    """The unit's HR officer edits a draft (POST-10: only drafts are editable; a returned one is reopened first)."""
    return Role.UNIT_HR in roles and scheme.state == Scheme.State.DRAFT


def may_submit(roles: set[str], scheme: Scheme) -> bool:
    """The submit button and ``scheme_submit`` agree: unit HR of the unit and the FSM allows ``submit``."""
    return Role.UNIT_HR in roles and can_proceed(scheme.submit)


def may_reopen(roles: set[str], scheme: Scheme) -> bool:
    return Role.UNIT_HR in roles and can_proceed(scheme.reopen)


def _scheme(request, pk: int) -> tuple[Scheme, set[str]]:
    scheme = get_object_or_404(Scheme.objects.select_related("unit", "unit__supervisor", "filed_by"), pk=pk)
    roles = reach(request.user, scheme.unit)
    if not roles:
        raise Http404(_("没有找到该岗位设置方案"))
    return scheme, roles


def _special_post(request, pk: int) -> SpecialPost:
    post = get_object_or_404(SpecialPost.objects.select_related("unit", "unit__supervisor"), pk=pk)
    if reach(request.user, post.unit):
        return post
    # City HR records the region's approval of grade-2 special posts of any unit (selectors.special_posts_for_…).
    for m in _memberships(request.user, (Role.HR_OFFICER,)):
        if special_posts_for_membership(m).filter(pk=post.pk).exists():
            return post
    raise Http404(_("没有找到该特设岗位"))


def _unit_hr_only(roles: set[str]) -> None:
    if Role.UNIT_HR not in roles:
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
    return f"Move {suggestion.posts_moved} posts down: {moves}"


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
        blocks.append({"membership": m, "schemes": schemes, "may_create": m.role == Role.UNIT_HR})
    return render(request, "posts/scheme_list.html", {"blocks": blocks})


@require_POST
@login_required
def scheme_new(request):
    unit = get_object_or_404(Organisation, pk=request.POST.get("unit"), kind=Organisation.Kind.UNIT)
    roles = reach(request.user, unit)
    if not roles:
        raise Http404
    _unit_hr_only(roles)
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


@require_GET
@login_required
def scheme_detail(request, pk: int):
    scheme, roles = _scheme(request, pk)
    special = unit_special_posts(scheme.unit)
    context = {
        "scheme": scheme,
        "unit": scheme.unit,
        "roles": roles,
        "grid": _readonly_grid(scheme),
        "check": _stored_check(scheme),
        "special_posts": special,
        "reviews": list(scheme_reviews(scheme)),
        "may_edit": may_edit(roles, scheme),
        "may_reopen": may_reopen(roles, scheme),
        "over_quota": OverQuotaForm(initial=OverQuotaForm.initial_from(scheme)),
    }
    return render(request, "posts/scheme_detail.html", context)


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
        "may_submit": may_submit(roles, scheme),
        "upload": upload or SchemeUploadForm(),
        "import_errors": import_errors,
    }
    return render(request, "posts/scheme_edit.html", context, status=status)


def _save_counts(scheme: Scheme, actor, counts: dict, quota) -> Scheme:
    return scheme_update(scheme=scheme, actor=actor, quota_full_senior=quota if quota is not None else 0, **counts)


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
    if not may_submit(reach(request.user, scheme.unit), scheme):
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
    if not may_reopen(roles, scheme):
        raise DjangoPermissionDenied(_("只有本单位人事干部可以重新编辑退回的方案"))
    try:
        scheme_reopen(scheme=scheme, actor=request.user)
    except PostRuleError as exc:
        messages.error(request, _text(exc))
        return redirect("posts:scheme_detail", pk=scheme.pk)
    return redirect("posts:scheme_edit", pk=scheme.pk)


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


def _scan_count_cells(path: Path) -> list[dict]:
    """Every count cell of the grade blocks that is not a non-negative integer — so the officer sees all bad cells
    at once, not only the first one ``scheme_io.read_workbook`` stops at."""
    from openpyxl import load_workbook

    problems = []
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet_name in workbook.sheetnames:
            sheet = workbook[sheet_name]
            rows = {r: row for r, row in enumerate(sheet.iter_rows(max_row=20, max_col=20, values_only=True), 1)}
            for label_row, label, _key, _grades, columns in scheme_io._GRADE_BLOCKS:  # noqa: SLF001 - same layout
                values = rows.get(label_row + 1, ())
                for index, column_label in enumerate(columns):
                    value = values[2 + index] if len(values) > 2 + index else None
                    if value is None or value == "":
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    if isinstance(value, str) and value.strip().isdigit():
                        continue
                    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                        cell = f"{sheet_name}!{scheme_io._cell(3 + index, label_row + 1)}"  # noqa: SLF001
                        problems.append(
                            {"cell": cell, "message": _("%(label)s %(grade)s：应为非负整数，收到 %(value)r")
                             % {"label": label, "grade": column_label, "value": value}}
                        )  # fmt: skip
    finally:
        workbook.close()
    return problems


def _import_errors(exc: scheme_io.SchemeInputError, path: Path) -> list[dict]:
    first = {"cell": exc.field, "message": exc.message_en if (get_language() or "").startswith("en") else exc.message}
    errors = [first]
    if "!" in exc.field:  # a cell problem: the workbook itself opened, so list every bad count cell
        try:
            errors += [e for e in _scan_count_cells(path) if e["cell"] != exc.field]
        except Exception:  # noqa: BLE001 - the first error is already reported; the scan is a courtesy
            pass
    return errors


@require_POST
@login_required
def scheme_import(request, pk: int):
    """Doc A attachment 2 as .xlsx → the draft's counts, all or nothing (one ``scheme_update`` call)."""
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
            units = scheme_io.read_workbook(path)
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
    form = OverQuotaForm(request.GET or None, initial=OverQuotaForm.initial_from(scheme))
    if not form.is_bound:
        form = OverQuotaForm(OverQuotaForm.initial_from(scheme))
    context = {"scheme": scheme, "unit": scheme.unit, "over_quota": form}
    template = "posts/_over_quota_result.html" if request.htmx else "posts/over_quota.html"
    return render(request, template, context)


# --------------------------------------------------------------------------------------------------- special posts


@require_GET
@login_required
def special_post_detail(request, pk: int):
    post = _special_post(request, pk)
    reviews = list(post.reviews.select_related("organisation").order_by("created_at", "id"))
    return render(request, "posts/special_post_detail.html", {"post": post, "unit": post.unit, "reviews": reviews})


@require_GET
@login_required
def special_post_pdf(request, pk: int):
    """Doc A attachment 1 (特设岗位设置审核表)."""
    post = _special_post(request, pk)
    reviews = post.reviews.select_related("organisation").order_by("created_at", "id")
    pdf = documents.special_post_form_pdf(post, reviews=reviews)
    return _file_response(pdf, "application/pdf", documents.download_name("special-post", post, "pdf"), inline=True)


# ------------------------------------------------------------------------------------------------------- dashboard


def _bureau_jurisdiction(org: Organisation) -> str | None:
    if org.kind == Organisation.Kind.CITY_HR:
        return rules.CITY
    if org.kind == Organisation.Kind.DISTRICT_HR and org.jurisdiction in rules.DISTRICTS:
        return org.jurisdiction
    return None


@require_GET
@login_required
def dashboard(request):
    """HR jurisdiction dashboard: the filed schemes in force (POST-11) of the bureau's jurisdiction, aggregated
    (POST-02, POST-05, POST-08) and per unit. A fixed number of queries whatever the number of units."""
    keys = []
    for m in _memberships(request.user, (Role.HR_OFFICER,)):
        key = _bureau_jurisdiction(m.organisation)
        if key and key not in keys:
            keys.append(key)
    if not keys:
        raise DjangoPermissionDenied(_("只有人社部门经办人可以查看辖区岗位结构"))
    panels = []
    for key in keys:
        result = jurisdiction_check(key)
        engine = [unit_scheme(entry["scheme"]) for entry in result["units"]]
        profile = jurisdiction_profiles([key])[key]
        overview = dash.jurisdiction_overview(key, engine, profile, result["aggregate"])
        overview["aggregate_messages"] = [
            {"rule": f.rule, "severity": f.severity, "message": _finding_text(f)} for f in result["aggregate"]
        ]
        overview["units_with_errors"] = [
            {
                "scheme": entry["scheme"],
                "errors": [f for f in entry["findings"] if f.is_error],
                "rules": sorted({f.rule for f in entry["findings"] if f.is_error}),
            }
            for entry in result["units"]
            if any(f.is_error for f in entry["findings"])
        ]
        panels.append(overview)
    return render(request, "posts/dashboard.html", {"panels": panels})
