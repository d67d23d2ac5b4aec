"""Applicant pages: "我可以申报什么？", profile, applications, materials, submission, documents.

Thin views: permission → form → one service call → message/redirect. Services raise ``ApplicationError`` (shown
next to the field it names, or on top) and ``PermissionDenied`` (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from titles import documents
from titles.catalogue import LEVEL_NAMES, SUBMISSION_ROUTES, rule_name
from titles.forms import FORMSETS, ApplicationCreateForm, MaterialUploadForm, ProfileForm, formset_rows
from titles.models import Material
from titles.models.applications import ApplicationState, Route
from titles.permissions import can_view_application
from titles.selectors.applications import (
    application_checklist,
    application_detail,
    applications_of,
    eligibility_by_level,
    evaluation_year_for,
    materials_by_item,
    missing_items,
    profile_for,
)
from titles.selectors.catalogue import catalogue_snapshot
from titles.services.applications import (
    ApplicationError,
    application_create,
    application_draft_delete,
    application_submit,
    material_delete,
    material_upload,
    profile_update,
)
from titles.services.workflow import correction_allowed_items
from titles.uploads import ALL_EXTENSIONS, human_size, max_bytes
from workflow import clock
from workflow.permissions import PermissionDenied
from workflow.uploads import guard_upload


def _en() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def _error(request, error: ApplicationError, form=None) -> None:
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)


def _route_view(route, en: bool) -> dict:
    return {
        "route": route.route,
        "route_name": Route(route.route).label,
        "level": route.level,
        "rule": route.rule,
        "rule_name": rule_name(route.rule, en=en),
        "conditions": [c.en if en else c.zh for c in route.conditions],
        "committee": route.committee.en if en else route.committee.zh,
        "office": route.receiving_office,
        "steps": SUBMISSION_ROUTES[route.submission_route].steps_zh
        if route.submission_route in SUBMISSION_ROUTES
        else (),
        "directional": route.directional,
        "papers_required": route.papers_required,
    }


@require_GET
@login_required
def eligibility(request):
    """我可以申报什么？ — every level of the chosen series, routes and refusals, each citing its rule."""
    profile = profile_for(request.user)
    if profile is None:
        messages.info(request, _("请先填写申报人信息，系统将据此判断您可以申报的职称。"))
        return redirect("titles:applicant_profile")
    catalogue = catalogue_snapshot()
    today = clock.today()
    year = evaluation_year_for(today)
    held = max(profile.titles.all(), key=lambda t: (t.obtained_on, t.pk), default=None)
    series_key = request.GET.get("series") or (held.series.key if held else "")
    if series_key not in catalogue.series:
        series_key = next(iter(catalogue.series))
    directional = request.GET.get("directional") == "1"
    en = _en()
    levels = []
    if year is not None:
        for entry in eligibility_by_level(
            profile, catalogue, year=year.year, today=today, series=series_key, directional=directional
        ):
            result = entry.result
            levels.append(
                {
                    "level": entry.level,
                    "name": LEVEL_NAMES[entry.level][1 if en else 0],
                    "closes_on": entry.window.closes_on if entry.window else None,
                    "as_of": entry.as_of,
                    "routes": [_route_view(r, en) for r in result.routes],
                    "refusals": [
                        {
                            "rule": r.rule,
                            "message": r.message_en if en else r.message,
                            "met_on": r.missing.met_on if r.missing else None,
                        }
                        for r in result.refusals
                        if r.level in (None, entry.level)
                    ],
                    "warnings": [
                        {"rule": w.rule, "message": w.message_en if en else w.message} for w in result.warnings
                    ],
                }
            )
    series_choices = sorted(
        ((s.key, s.name_en if en else s.name_zh) for s in catalogue.series.values()), key=lambda kv: kv[0] != series_key
    )
    return render(
        request,
        "titles/applicant/eligibility.html",
        {
            "profile": profile,
            "year": year,
            "today": today,
            "series_key": series_key,
            "series_choices": series_choices,
            "directional": directional,
            "levels": levels,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request):
    profile = profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        formsets = {key: cls(request.POST, prefix=key) for key, (cls, _f) in FORMSETS.items()}
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            data = {k: v for k, v in form.cleaned_data.items()}
            try:
                profile_update(
                    user=request.user,
                    data=data,
                    today=clock.today(),
                    **{key: formset_rows(fs) for key, fs in formsets.items()},
                )
            except ApplicationError as error:
                _error(request, error, form)
            else:
                messages.success(request, _("申报人信息已保存。"))
                return redirect("titles:applicant_eligibility")
        else:
            messages.error(request, _("请按提示修改标出的项目。"))
    else:
        initial = {} if profile is not None else {"full_name": request.user.get_full_name()}
        form = ProfileForm(instance=profile, initial=initial)
        formsets = {}
        for key, (cls, form_cls) in FORMSETS.items():
            rows = list(getattr(profile, key).all()) if profile is not None else []
            fields = form_cls._meta.fields
            formsets[key] = cls(prefix=key, initial=[model_to_dict(r, fields=fields) for r in rows])
    return render(
        request,
        "titles/applicant/profile.html",
        {"form": form, "formsets": formsets, "profile": profile},
    )


@require_GET
@login_required
def application_list(request):
    return render(
        request, "titles/applicant/application_list.html", {"applications": list(applications_of(request.user))}
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_new(request):
    if request.method == "POST":
        form = ApplicationCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = application_create(
                    user=request.user,
                    series_key=data["series"].key,
                    level=data["level"],
                    route=data["route"],
                    rule=data.get("rule") or "",
                    specialty_key=data["specialty"].key if data.get("specialty") else None,
                    directional=data.get("directional") or False,
                    green_category=data.get("green_category"),
                    green=form.green(),
                    today=clock.today(),
                )
            except ApplicationError as error:
                _error(request, error, form)
            else:
                messages.success(request, _("申报草稿已建立，请按材料目录上传材料。"))
                return redirect("titles:applicant_application", pk=application.pk)
    else:
        initial = {k: request.GET.get(k) for k in ("series", "level", "route", "rule") if request.GET.get(k)}
        initial["directional"] = request.GET.get("directional") == "1"
        form = ApplicationCreateForm(initial=initial)
    return render(request, "titles/applicant/application_new.html", {"form": form})


def _correcting_items(application) -> set[str] | None:
    """The items of the open FLOW-04 notice while the application waits for its correction, else None."""
    if application.state != ApplicationState.CORRECTION:
        return None
    return correction_allowed_items(application)


def _own_application(request, pk):
    application = application_detail(pk)
    if application is None or application.applicant_id != request.user.pk:
        raise Http404
    return application


@require_GET
@login_required
def application_view(request, pk):
    application = _own_application(request, pk)
    profile = profile_for(request.user)
    catalogue = catalogue_snapshot()
    entries = application_checklist(application, catalogue, profile)
    present = materials_by_item(application)
    missing = {e.item for e in missing_items(entries, set(present))}
    rows = [{"entry": e, "files": present.get(e.item, []), "missing": e.item in missing} for e in entries]
    # FLOW-04: while a correction notice is open, only its items may be uploaded again (the service checks too).
    correcting = _correcting_items(application)
    items = [(e.item, e.label) for e in entries if e.uploadable and (correcting is None or e.item in correcting)]
    return render(
        request,
        "titles/applicant/application_detail.html",
        {
            "app": application,
            "rows": rows,
            "form": MaterialUploadForm(items=items),
            "draft": application.state == ApplicationState.DRAFT,
            "rule_name": rule_name(application.rule, en=_en()),
            "correcting": correcting,
            "ready": not missing,
            "max_size": human_size(max_bytes()),
        },
    )


@csrf_exempt
@require_POST
@login_required
def material_upload_view(request, pk):
    """The upload guard (workflow.uploads: size before reading, every file name in the raw body) runs before the
    body is parsed, so CSRF is checked afterwards (Django's documented pattern for per-view upload handlers). A
    refused body changes nothing and only gets a message."""
    refused = guard_upload(request, limit=max_bytes(), extensions=ALL_EXTENSIONS, rule="TITLE-05")
    if refused is not None:
        messages.error(
            request, _("%(problem)s。未保存任何内容（TITLE-05）") % {"problem": refused.message.rstrip("。")}
        )
        return redirect("titles:applicant_application", pk=pk)
    return _material_upload(request, pk)


@csrf_protect
def _material_upload(request, pk):
    application = _own_application(request, pk)
    form = MaterialUploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            material_upload(
                user=request.user,
                application=application,
                item=data["item"],
                upload=data["file"],
                dated_on=data.get("dated_on"),
                description=data.get("description") or "",
                allowed_items=_correcting_items(application),
                today=clock.today(),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        except PermissionDenied as error:
            return HttpResponseForbidden(str(error))
        else:
            messages.success(request, _("材料已上传。"))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
    return redirect("titles:applicant_application", pk=pk)


@require_POST
@login_required
def material_delete_view(request, pk):
    material = Material.objects.select_related("application").filter(pk=pk).first()
    if material is None or material.application.applicant_id != request.user.pk:
        raise Http404
    try:
        material_delete(user=request.user, material=material, allowed_items=_correcting_items(material.application))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("材料已删除。"))
    return redirect("titles:applicant_application", pk=material.application_id)


@require_GET
@login_required
def material_file(request, pk):
    """Uploaded files are only served here, to whoever may view the application; 404 for everyone else."""
    material = Material.objects.select_related("application__unit").filter(pk=pk).first()
    if material is None or not can_view_application(request.user, material.application):
        raise Http404
    response = FileResponse(
        material.file.open("rb"),
        content_type=material.content_type,
        as_attachment=True,
        filename=material.original_name,
    )
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_POST
@login_required
def application_submit_view(request, pk):
    application = _own_application(request, pk)
    try:
        application_submit(user=request.user, application=application, today=clock.today())
    except ApplicationError as error:
        messages.error(request, error.message)
    except PermissionDenied as error:
        return HttpResponseForbidden(str(error))
    else:
        messages.success(request, _("申报已提交，请等待单位审核。"))
    return redirect("titles:applicant_application", pk=pk)


@require_POST
@login_required
def application_delete_view(request, pk):
    """TITLE-04: the applicant deletes a mistaken draft; the level's place of the year is free again."""
    application = _own_application(request, pk)
    try:
        application_draft_delete(user=request.user, application=application)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("titles:applicant_application", pk=pk)
    messages.success(request, _("申报草稿已删除，可以重新选择系列、级别和途径申报。"))
    return redirect("titles:applicant_applications")


def _document(request, pk, render, kind: str):
    application = application_detail(pk)
    if application is None or not can_view_application(request.user, application):
        raise Http404
    response = HttpResponse(render(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.document_filename(application, kind)}"'
    return response


@require_GET
@login_required
def review_form(request, pk):
    return _document(request, pk, documents.review_form_pdf, "review-form")


@require_GET
@login_required
def submission_form(request, pk):
    return _document(request, pk, documents.submission_form_pdf, "submission-form")
