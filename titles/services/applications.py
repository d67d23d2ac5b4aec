"""Applicant-side writes: profile, application draft, materials, submission (draft → submitted).

Every service is keyword-only, atomic, and raises ``ApplicationError`` (rule, field, message) for anything the user
can fix, ``workflow.permissions.PermissionDenied`` for anything they may not do. Nothing is half-saved: records
are replaced inside one transaction, and a stored file whose row fails to save is removed again.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from titles.catalogue import ENDORSEMENT_NAMES, EVIDENCE_NAMES, GREEN_BY_NUMBER, HONOURS_BY_KEY, LEVEL_NAMES
from titles.eligibility import GreenChannelClaim as EngineClaim
from titles.eligibility import Route as EngineRoute
from titles.models import (
    ApplicantProfile,
    Application,
    ApplicationWindow,
    EducationRecord,
    GreenChannelClaim,
    HeldTitle,
    Material,
    Sanction,
    Series,
    WorkRecord,
)
from titles.models.applications import ApplicationState, Route
from titles.models.materials import DATED_ITEMS, Item
from titles.models.profiles import resident_id_problem
from titles.selectors.applications import (
    application_checklist,
    cut_off_day,
    eligibility_by_level,
    evaluation_year_for,
    missing_materials,
    profile_for,
    window_of,
)
from titles.selectors.catalogue import catalogue_snapshot
from titles.uploads import UploadRejected, material_check
from workflow import clock
from workflow.audit import audit_record
from workflow.models import Membership, Role
from workflow.notifications import notify
from workflow.permissions import PermissionDenied

PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")


class ApplicationError(Exception):
    """A problem the applicant can fix: ``field`` (form field or ``None``), ``rule`` (RULES.md ID or ``""``)."""

    def __init__(self, message: str, *, rule: str = "", field: str | None = None):
        self.message = f"{message}（{rule}）" if rule else message
        self.rule = rule
        self.field = field
        super().__init__(self.message)


def _today(today: date | None) -> date:
    return today or clock.today()


def _level_zh(level: str) -> str:
    return LEVEL_NAMES[level][0]


# --- profile ----------------------------------------------------------------------------------------------------


def _not_future(value: date | None, label: str, today: date, field: str) -> None:
    if value is not None and value > today:
        raise ApplicationError(
            _("%(label)s（%(value)s）不能晚于今天（%(today)s）")
            % {"label": label, "value": value.isoformat(), "today": today.isoformat()},
            field=field,
        )


def identity_problem(*, id_type: str, id_number: str, nationality: str, birth_date: date | None) -> str | None:
    """GB 11643 for resident IDs; passports (foreigners, TITLE-01) need letters/digits and a nationality."""
    if id_type == ApplicantProfile.IdType.RESIDENT:
        return resident_id_problem(id_number, birth_date)
    if not PASSPORT_RE.match((id_number or "").strip().upper()):
        return _("护照号码应为5–20位大写字母或数字")
    if not (nationality or "").strip():
        return _("持护照申报的外籍人员须填写国籍")
    return None


def _zh(choice) -> str:
    """A choice's Chinese label: audit notes are an official record, whatever the actor's interface language."""
    with translation.override("zh-hans"):
        return str(choice.label)


# States after which the profile may change again: the case is over (a next application starts from a new draft).
PROFILE_EDITABLE_AFTER = (
    ApplicationState.CERTIFIED,
    ApplicationState.WITHDRAWN,
    ApplicationState.REJECTED,
    ApplicationState.FAILED,
)


@transaction.atomic
def profile_update(
    *,
    user,
    data: dict,
    education: list[dict],
    work: list[dict],
    titles: list[dict],
    sanctions: list[dict],
    today: date | None = None,
) -> ApplicantProfile:
    """Create or replace the user's profile and all its records in one transaction.

    ``data`` holds the ApplicantProfile fields; each list holds the fields of one record type. Dates in the future
    and an invalid identity number are refused; nothing is saved unless everything is valid."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("请先登录"))
    # TITLE-03: what an application rests on is fixed at the deadline, and reviewers and the PDFs read the profile;
    # while one is on its way only the items of a FLOW-04 notice may change (through the materials).
    in_progress = (
        Application.objects.filter(applicant=user)
        .exclude(state__in=[ApplicationState.DRAFT, *PROFILE_EDITABLE_AFTER])
        .first()
    )
    if in_progress is not None:
        raise ApplicationError(
            _("您的申报（%(app)s）正在审核中，个人信息已锁定，不能修改（TITLE-03）。如需更正，请按一次性告知补正材料。")
            % {"app": in_progress}
        )
    today = _today(today)
    data = dict(data)
    data["id_number"] = (data.get("id_number") or "").strip().upper()
    problem = identity_problem(
        id_type=data.get("id_type", ApplicantProfile.IdType.RESIDENT),
        id_number=data["id_number"],
        nationality=data.get("nationality", ""),
        birth_date=data.get("birth_date"),
    )
    if problem:
        raise ApplicationError(problem, field="id_number")
    _not_future(data.get("birth_date"), _("出生日期"), today, "birth_date")
    _not_future(data.get("civil_service_transfer_on"), _("转入日期"), today, "civil_service_transfer_on")
    _not_future(data.get("new_post_started_on"), _("转岗日期"), today, "new_post_started_on")
    unknown = [h for h in data.get("honours") or [] if h not in HONOURS_BY_KEY]
    if unknown:
        raise ApplicationError(_("未知的荣誉：%(keys)s") % {"keys": ", ".join(unknown)}, field="honours")
    for row in education:
        _not_future(row.get("graduated_on"), _("毕业时间"), today, "education")
    for row in work:
        _not_future(row.get("started_on"), _("工作开始日期"), today, "work")
        _not_future(row.get("ended_on"), _("工作结束日期"), today, "work")
        if row.get("ended_on") and row["ended_on"] < row["started_on"]:
            raise ApplicationError(
                _("工作经历的结束日期早于开始日期：%(e)s") % {"e": row.get("employer", "")}, field="work"
            )
    for row in titles:
        _not_future(row.get("obtained_on"), _("资格取得时间"), today, "titles")
    for row in sanctions:
        _not_future(row.get("decided_on"), _("处分决定日期"), today, "sanctions")
        if row["ends_on"] < row["decided_on"]:
            raise ApplicationError(_("处分期满日早于处分决定日期"), field="sanctions")
    clash = (
        ApplicantProfile.objects.filter(id_type=data.get("id_type"), id_number=data["id_number"])
        .exclude(user=user)
        .exists()
    )
    if clash:
        raise ApplicationError(_("该证件号码已被其他账号使用，请联系人社部门核实"), field="id_number")
    profile, _created = ApplicantProfile.objects.update_or_create(user=user, defaults=data)
    profile.education.all().delete()
    profile.work.all().delete()
    profile.titles.all().delete()
    profile.sanctions.all().delete()
    EducationRecord.objects.bulk_create([EducationRecord(profile=profile, **row) for row in education])
    WorkRecord.objects.bulk_create([WorkRecord(profile=profile, **row) for row in work])
    HeldTitle.objects.bulk_create([HeldTitle(profile=profile, **row) for row in titles])
    Sanction.objects.bulk_create([Sanction(profile=profile, **row) for row in sanctions])
    return profile


# --- application draft ------------------------------------------------------------------------------------------


def _engine_claim(green_category: int | None, green: dict | None) -> EngineClaim | None:
    if not green_category:
        return None
    green = green or {}
    return EngineClaim(
        category=int(green_category),
        evidence=frozenset(green.get("evidence") or ()),
        endorsements=frozenset(green.get("endorsements") or ()),
        peer_letters=int(green.get("peer_letters") or 0),
        programme=green.get("programme") or None,
    )


def _check_green(green_category: int | None, green: dict | None) -> None:
    if not green_category:
        return
    if green_category not in GREEN_BY_NUMBER:
        raise ApplicationError(_("绿色通道类别无效"), rule="GREEN-02", field="green_category")
    green = green or {}
    bad = [k for k in green.get("evidence") or () if k not in EVIDENCE_NAMES]
    bad += [k for k in green.get("endorsements") or () if k not in ENDORSEMENT_NAMES]
    if bad:
        raise ApplicationError(_("未知的证明或推荐项：%(keys)s") % {"keys": ", ".join(bad)}, rule="GREEN-02")


def _open_route(
    profile: ApplicantProfile,
    *,
    year: int,
    today: date,
    series: Series,
    level: str,
    route: str,
    rule: str,
    directional: bool,
    claim: EngineClaim | None,
    catalogue,
) -> EngineRoute:
    """The engine's open route matching the choice, or an error quoting the engine's refusals."""
    (result,) = eligibility_by_level(
        profile,
        catalogue,
        year=year,
        today=today,
        series=series.key,
        levels=[level],
        directional=directional,
        green=claim,
    )
    routes = [r for r in result.result.routes if r.route == route and r.level == level]
    exact = [r for r in routes if r.rule == rule]
    if exact or routes:
        return (exact or routes)[0]
    refusals = [r for r in result.result.refusals if r.level in (None, level) and r.route in (None, route)]
    refusals = refusals or list(result.result.refusals)
    if refusals:
        first = refusals[0]
        raise ApplicationError(
            _("不能按所选途径申报%(level)s：%(why)s") % {"level": _level_zh(level), "why": first.message},
            rule=first.rule,
            field="route",
        )
    raise ApplicationError(_("不能按所选途径申报%(level)s") % {"level": _level_zh(level)}, field="route")


def _exceptional_basis(profile: ApplicantProfile, rule: str) -> str:
    if rule != "TITLE-16":
        return ""
    names = [HONOURS_BY_KEY[h].name_zh for h in profile.honours or () if h in HONOURS_BY_KEY]
    return ("；".join(names) or _("公务员（参公）、军队转业人员首次申报"))[:200]


def _duplicate_message(existing: Application, year: int) -> str:
    return _(
        "您在 %(year)s 年度已有一份%(level)s职称申报（%(state)s）。每人每年同一级别只能申报一次，"
        "定向评价与社会化评价也不能同时申报"
    ) % {"year": year, "level": existing.get_level_display(), "state": existing.get_state_display()}


@transaction.atomic
def application_create(
    *,
    user,
    series_key: str,
    level: str,
    route: str,
    rule: str = "",
    specialty_key: str | None = None,
    directional: bool = False,
    green_category: int | None = None,
    green: dict | None = None,
    today: date | None = None,
) -> Application:
    """A draft application on a route the eligibility engine finds open (TITLE-04 one per level per year)."""
    today = _today(today)
    profile = profile_for(user)
    if profile is None:
        raise ApplicationError(_("请先填写申报人信息"), field=None)
    if profile.unit is None:
        raise ApplicationError(_("请先在申报人信息中选择工作单位"), field=None)
    evaluation_year = evaluation_year_for(today)
    if evaluation_year is None:
        raise ApplicationError(_("本年度申报时间尚未公布"), rule="TITLE-02")
    series = Series.objects.filter(key=series_key).first()
    if series is None or level not in (series.levels or []):
        raise ApplicationError(_("所选系列没有该级别"), field="level")
    specialty = None
    if specialty_key:
        specialty = Series.objects.filter(key=specialty_key).first()
        if specialty is None or (specialty.pk != series.pk and specialty.parent_id != series.pk):
            raise ApplicationError(_("所选专业不属于该系列"), field="specialty")
    if route == "green_channel" and not green_category:
        raise ApplicationError(_("绿色通道申报须选择类别"), rule="GREEN-02", field="green_category")
    if route != "green_channel":
        green_category, green = None, None
    _check_green(green_category, green)
    existing = Application.objects.filter(
        applicant=user, evaluation_year=evaluation_year, level=level, withdrawn_before_review=False
    ).first()
    if existing is not None:
        raise ApplicationError(_duplicate_message(existing, evaluation_year.year), rule="TITLE-04", field="level")
    catalogue = catalogue_snapshot()
    open_route = _open_route(
        profile,
        year=evaluation_year.year,
        today=today,
        series=series,
        level=level,
        route=route,
        rule=rule,
        directional=directional,
        claim=_engine_claim(green_category, green),
        catalogue=catalogue,
    )
    application = Application(
        applicant=user,
        unit=profile.unit,
        evaluation_year=evaluation_year,
        series=series,
        specialty=specialty,
        level=level,
        route=route,
        directional=open_route.directional,
        green_category=green_category,
        exceptional_basis=_exceptional_basis(profile, open_route.rule),
        rule=open_route.rule,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a concurrent request won the race: the TITLE-04 constraint holds
        raise ApplicationError(_("您在本年度已有该级别的申报"), rule="TITLE-04", field="level") from None
    if green_category:
        _save_claim(application, green)
    audit_record(
        subject=application,
        transition="create",
        to_state=application.state,
        actor=user,
        role=Role.APPLICANT,
        organisation=application.unit,
        note=f"{open_route.rule} {_zh(Route(route))} {LEVEL_NAMES[level][0]}",
    )
    return application


def _save_claim(application: Application, green: dict | None) -> None:
    green = green or {}
    GreenChannelClaim.objects.update_or_create(
        application=application,
        defaults={
            "evidence": sorted(green.get("evidence") or ()),
            "endorsements": sorted(green.get("endorsements") or ()),
            "peer_letters": int(green.get("peer_letters") or 0),
            "programme": green.get("programme") or "",
        },
    )


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("series", "unit", "evaluation_year")
        .get(pk=application.pk)
    )


def _own(user, application: Application) -> None:
    if application.applicant_id != getattr(user, "pk", None):
        raise PermissionDenied(_("只有申报人本人可以修改申报"))


@transaction.atomic
def application_update(
    *,
    user,
    application: Application,
    specialty_key: str | None = None,
    green: dict | None = None,
    today: date | None = None,
) -> Application:
    """Change a draft's specialty and green-channel declaration (series, level and route are chosen at creation;
    the green claim is re-checked by the engine)."""
    application = _lock(application)
    _own(user, application)
    if application.state != ApplicationState.DRAFT:
        raise ApplicationError(_("只有草稿可以修改"))
    if specialty_key:
        specialty = Series.objects.filter(key=specialty_key).first()
        if specialty is None or (
            specialty.pk != application.series_id and specialty.parent_id != application.series_id
        ):
            raise ApplicationError(_("所选专业不属于该系列"), field="specialty")
        application.specialty = specialty
    else:
        application.specialty = None
    if application.green_category and green is not None:
        _check_green(application.green_category, green)
        profile = profile_for(user)
        _open_route(
            profile,
            year=application.evaluation_year.year,
            today=_today(today),
            series=application.series,
            level=application.level,
            route=application.route,
            rule=application.rule,
            directional=application.directional,
            claim=_engine_claim(application.green_category, green),
            catalogue=catalogue_snapshot(),
        )
        _save_claim(application, green)
    application.save(update_fields=["specialty"])
    return application


@transaction.atomic
def application_draft_delete(*, user, application: Application) -> None:
    """Delete the applicant's own draft (a mistaken series, level or route): the row, its green-channel claim and
    its files go, the audit record of the deletion stays (FLOW-05), and the level's place of the year is free
    again (TITLE-04 counts applications, not drafts thrown away). Files leave the storage after commit."""
    application = _lock(application)
    _own(user, application)
    if application.state != ApplicationState.DRAFT:
        raise ApplicationError(
            _("只有草稿可以删除；已提交的申报请在进度查询页撤回（当前状态：%(state)s）")
            % {"state": application.get_state_display()},
            rule="TITLE-04",
        )
    files = [(m.file.storage, m.file.name) for m in application.materials.all()]
    audit_record(
        subject=application,
        transition="draft_delete",
        from_state=application.state,
        to_state="",
        actor=user,
        role=Role.APPLICANT,
        organisation=application.unit,
        note=f"删除草稿：{application.series.name_zh} {_level_zh(application.level)} {_zh(Route(application.route))}"
        f"（{len(files)} 个材料文件）",
    )
    application.delete()
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


# --- materials --------------------------------------------------------------------------------------------------


def _window_row(application: Application) -> ApplicationWindow | None:
    from titles.catalogue import window_group

    catalogue_series = catalogue_snapshot().series[application.series.key]
    group = window_group(catalogue_series, application.level, application.directional)
    return ApplicationWindow.objects.filter(evaluation_year=application.evaluation_year, group=group).first()


@transaction.atomic
def material_upload(
    *,
    user,
    application: Application,
    item: str,
    upload,
    dated_on: date | None = None,
    description: str = "",
    allowed_items: set[str] | frozenset[str] | None = None,
    today: date | None = None,
) -> Material:
    """Store one checked file for a checklist item (TITLE-05) of a draft.

    ``allowed_items`` is for the FLOW-04 correction answer (the review workflow calls this with the items of the
    notice): then the application may be in ``correction``, only those items are accepted, and the window's close
    does not stop it. Dated items (achievements, records) may not be dated after the window's closing day
    (TITLE-03) nor in the future."""
    today = _today(today)
    application = _lock(application)
    _own(user, application)
    correcting = allowed_items is not None
    if correcting:
        if application.state != ApplicationState.CORRECTION:
            raise ApplicationError(_("只有待补正的申报可以按一次性告知补正材料"), rule="FLOW-04")
        if item not in allowed_items:
            raise ApplicationError(_("一次性告知未列出此项材料，不能修改"), rule="FLOW-04", field="item")
    elif application.state != ApplicationState.DRAFT:
        raise ApplicationError(_("申报已提交，不能再上传材料"), rule="TITLE-03")
    profile = profile_for(user)
    entries = {e.item: e for e in application_checklist(application, catalogue_snapshot(), profile)}
    entry = entries.get(item)
    if entry is None or not entry.uploadable:
        raise ApplicationError(_("此项材料不需要由申报人上传"), rule="TITLE-05", field="item")
    window = _window_row(application)
    closes_on = window.closes_on if window is not None else None
    if closes_on is not None and today > closes_on and not correcting:
        raise ApplicationError(
            _("申报已于 %(day)s 截止，截止后不得新增材料") % {"day": window.closes_on.isoformat()},
            rule="TITLE-03",
            field="file",
        )
    if item in DATED_ITEMS:
        if dated_on is None:
            raise ApplicationError(_("请填写材料日期（证书、成果或考核的取得日期）"), rule="TITLE-03", field="dated_on")
        if dated_on > today:
            raise ApplicationError(
                _("材料日期 %(day)s 晚于今天，不能上传未来日期的材料") % {"day": dated_on.isoformat()},
                rule="TITLE-03",
                field="dated_on",
            )
        if closes_on is not None and dated_on > closes_on:
            raise ApplicationError(
                _("材料日期 %(day)s 晚于本年度申报截止日 %(close)s，不计入本次申报")
                % {"day": dated_on.isoformat(), "close": closes_on.isoformat()},
                rule="TITLE-03",
                field="dated_on",
            )
    try:
        name, checked = material_check(upload)
    except UploadRejected as error:
        raise ApplicationError(error.message, rule=error.rule, field="file") from None
    material = Material(
        application=application,
        item=item,
        original_name=name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        pages=checked.pages,
        width=checked.width,
        height=checked.height,
        dated_on=dated_on if item in DATED_ITEMS else None,
        description=(description or "")[:200],
        uploaded_by=user,
    )
    material.file.save("upload", ContentFile(checked.data), save=False)
    stored = material.file.name
    try:
        with transaction.atomic():
            material.save()
            audit_record(
                subject=application,
                transition="material_upload",
                from_state=application.state,
                to_state=application.state,
                actor=user,
                role=Role.APPLICANT,
                organisation=application.unit,
                note=f"{_zh(Item(item))}：{material.original_name}",
            )
    except Exception:
        material.file.storage.delete(stored)
        raise
    return material


@transaction.atomic
def material_delete(*, user, material: Material, allowed_items=None, today: date | None = None) -> None:
    """Remove a file from a draft (or, with ``allowed_items``, from an item listed in a FLOW-04 notice)."""
    application = _lock(material.application)
    _own(user, application)
    if allowed_items is not None:
        if application.state != ApplicationState.CORRECTION or material.item not in allowed_items:
            raise ApplicationError(_("一次性告知未列出此项材料，不能修改"), rule="FLOW-04")
    elif application.state != ApplicationState.DRAFT:
        raise ApplicationError(_("申报已提交，不能删除材料"), rule="TITLE-03")
    name, storage = material.file.name, material.file.storage
    audit_record(
        subject=application,
        transition="material_delete",
        from_state=application.state,
        to_state=application.state,
        actor=user,
        role=Role.APPLICANT,
        organisation=application.unit,
        note=f"{_zh(Item(material.item))}：{material.original_name}",
    )
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- submission -------------------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(*, user, application: Application, today: date | None = None) -> Application:
    """draft → submitted. Checks, in order: the applicant's own draft; TITLE-02 the window is open (opens_on ≤
    today ≤ closes_on); the route is still open on the cut-off day (eligibility engine); TITLE-03 no dated item
    after the closing day; TITLE-05 every required item has a file. Then: FSM transition, audit record (FLOW-05),
    e-mail to the applicant and the unit's HR officers (after commit)."""
    today = _today(today)
    application = _lock(application)
    _own(user, application)
    if not can_proceed(application.submit):
        raise ApplicationError(_("当前状态（%(state)s）不能提交") % {"state": application.get_state_display()})
    year = application.evaluation_year
    window = _window_row(application)
    if window is None or window.closes_on is None:
        raise ApplicationError(_("%(year)s 年度该类申报时间尚未公布") % {"year": year.year}, rule="TITLE-02")
    if window.opens_on and today < window.opens_on:
        raise ApplicationError(
            _("申报将于 %(day)s 开始，请届时提交") % {"day": window.opens_on.isoformat()}, rule="TITLE-02"
        )
    if today > window.closes_on:
        raise ApplicationError(
            _("申报已于 %(day)s 截止，不能再提交") % {"day": window.closes_on.isoformat()}, rule="TITLE-02"
        )
    profile = profile_for(user)
    if profile is None:
        raise ApplicationError(_("请先填写申报人信息"))
    catalogue = catalogue_snapshot()
    claim_row = GreenChannelClaim.objects.filter(application=application).first()
    claim = None
    if application.green_category:
        claim = _engine_claim(
            application.green_category,
            None
            if claim_row is None
            else {
                "evidence": claim_row.evidence,
                "endorsements": claim_row.endorsements,
                "peer_letters": claim_row.peer_letters,
                "programme": claim_row.programme,
            },
        )
    open_route = _open_route(
        profile,
        year=year.year,
        today=today,
        series=application.series,
        level=application.level,
        route=application.route,
        rule=application.rule,
        directional=application.directional,
        claim=claim,
        catalogue=catalogue,
    )
    late = [m for m in application.materials.all() if m.dated_on is not None and m.dated_on > window.closes_on]
    if late:
        raise ApplicationError(
            _("以下材料的日期晚于申报截止日 %(close)s：%(items)s")
            % {"close": window.closes_on.isoformat(), "items": "、".join(m.original_name for m in late)},
            rule="TITLE-03",
        )
    missing = missing_materials(application, catalogue, profile)
    if missing:
        raise ApplicationError(
            _("还缺少以下材料：%(items)s") % {"items": "；".join(str(e.label) for e in missing)}, rule="TITLE-05"
        )
    cut_off = cut_off_day(
        window_of(catalogue, year.year, application.series.key, application.level, application.directional), today
    )
    from_state = application.state
    application.submit()
    now = clock.now()
    application.submitted_at = now
    application.state_changed_at = now
    application.rule = open_route.rule
    application.save(update_fields=["state", "submitted_at", "state_changed_at", "rule"])
    audit_record(
        subject=application,
        transition="submit",
        from_state=from_state,
        to_state=application.state,
        actor=user,
        role=Role.APPLICANT,
        organisation=application.unit,
        note=f"{open_route.rule}；计算截止日 {cut_off}（TITLE-03）",
    )
    hr_emails = Membership.objects.filter(organisation=application.unit, role=Role.UNIT_HR, active=True).values_list(
        "user__email", flat=True
    )
    context = {"application": application, "name": profile.full_name, "unit": application.unit}
    notify(event="application_submitted", recipients=[user.email], context=context)
    notify(event="application_received", recipients=list(hr_emails), context=context)
    return application


__all__ = [
    "ApplicationError",
    "application_create",
    "application_draft_delete",
    "application_submit",
    "application_update",
    "identity_problem",
    "material_delete",
    "material_upload",
    "profile_update",
]
