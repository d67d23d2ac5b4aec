"""Official forms of post-setting (Doc A attachments 1, 2 and 5) as PDF, and attachment 2 as .xlsx.

- ``filing_form_pdf`` — 内蒙古自治区事业单位岗位设置备案表 (attachment 2) from a scheme.
- ``special_post_form_pdf`` — 内蒙古自治区事业单位特设岗位设置审核表 (attachment 1) from a special post.
- ``summary_form_pdf`` — 事业单位岗位设置与聘用情况总表 (attachment 5) from a scheme and its recorded appointments.
- ``scheme_workbook`` — attachment 2 as .xlsx through ``posts.scheme_io`` (the layout ``check_scheme`` reads back).

The context builders (``*_context``) are plain functions of the rows passed in, so tests can read the numbers
without rendering. The forms print in Chinese whatever the page language (they are official documents).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from fractions import Fraction

from posts import rules, scheme_io
from posts.models import Scheme, SpecialPost
from posts.selectors import unit_scheme
from workflow import clock
from workflow.documents import render_pdf

CN = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")


def _pct(part: int, whole: int) -> str:
    """A share as the form prints it (one decimal); blank when there is no base."""
    if not whole:
        return ""
    value = Fraction(part * 100, whole)
    return f"{float(value):.1f}%"


def _sum(counts: dict, grades: Iterable) -> int:
    return sum(counts.get(str(g), 0) for g in grades)


def _opinions(reviews: Iterable) -> dict[str, object]:
    """FLOW-06 signatures by stage: the department's and the HR bureau's latest approval (or return)."""
    result: dict[str, object] = {}
    for review in reviews:
        stage = "dept" if review.stage.startswith("dept") else "hr" if review.stage.startswith("hr") else None
        if stage:
            result[stage] = review  # ordered by time: the last decision of each stage wins
    return result


# ------------------------------------------------------------------------------------------------ attachment 2


def filing_form_context(scheme: Scheme, *, special_posts: Sequence[SpecialPost] = (), reviews=(), today=None) -> dict:
    """Attachment 2. Shares: a category of all posts; a management grade of the management posts; a professional
    level (高级/中级/初级) of the professional posts P; a professional grade of its sub-level (正高 2–4, 副高 5–7,
    中级 8–10, 初级 11–13 — the policy's sub-ratios 1:3:6, 2:4:4, 3:4:3, 5:5 are within them); a worker grade of
    the worker posts."""
    management, professional = scheme.counts("management"), scheme.counts("professional")
    worker, directional = scheme.counts("worker"), scheme.counts("directional")
    m_total, w_total = sum(management.values()), sum(worker.values())
    p_total, d_total = sum(professional.values()), sum(directional.values())
    special_total = sum(p.count for p in special_posts)
    all_posts = m_total + p_total + d_total + w_total  # POST-01 base; special posts excluded (POST-09)
    levels = [
        ("高 级", rules.SENIOR, 6),
        ("中 级", rules.INTERMEDIATE, 3),
        ("初 级", rules.JUNIOR, 3),
    ]
    # The sub-level each grade's share is printed against (the bases of POST-04's 1:3:6, 2:4:4, 3:4:3, 5:5; grade 1 is
    # national and outside them; grade 13 is printed against the whole 初级 level).
    sub_levels = ((2, 3, 4), rules.DEPUTY_SENIOR, rules.INTERMEDIATE, rules.JUNIOR)
    base_of = {g: grades for grades in sub_levels for g in grades}
    prof_grades = [
        {
            "label": CN[g - 1],
            "count": professional.get(str(g), 0),
            "share": _pct(professional.get(str(g), 0), _sum(professional, base_of[g])),
        }
        for g in range(2, 14)
    ]
    reviews_by_stage = _opinions(reviews)
    return {
        "scheme": scheme,
        "unit": scheme.unit,
        "report_date": today or scheme.filed_on or clock.today(),
        "people": people_count(scheme, special_posts),
        "categories": [
            {"label": "管理岗位", "count": m_total, "share": _pct(m_total, all_posts)},
            {"label": "专业技术岗位", "count": p_total + d_total, "share": _pct(p_total + d_total, all_posts)},
            {"label": "工勤技能岗位", "count": w_total, "share": _pct(w_total, all_posts)},
            {"label": "特设岗位", "count": special_total, "share": ""},
        ],
        "all_posts": all_posts,
        "management": [
            {"label": CN[g - 1], "count": management.get(str(g), 0), "share": _pct(management.get(str(g), 0), m_total)}
            for g in rules.MANAGEMENT_GRADES
        ],
        "levels": [
            {
                "label": label,
                "span": span,
                "count": _sum(professional, grades),
                "share": _pct(_sum(professional, grades), p_total),
            }
            for label, grades, span in levels
        ],  # fmt: skip
        "grade1": professional.get("1", 0),
        "professional_grades": prof_grades,
        "worker": [
            {
                "label": CN[int(g) - 1] if g != "general" else "普通工",
                "count": worker.get(g, 0),
                "share": _pct(worker.get(g, 0), w_total),
            }
            for g in rules.WORKER_GRADES
        ],  # fmt: skip
        "directional": [{"label": CN[g - 1], "count": directional.get(str(g), 0)} for g in rules.DIRECTIONAL_GRADES],
        "directional_total": d_total,
        "show_directional": d_total > 0 or scheme.unit.jurisdiction != rules.CITY,
        "quota_full_senior": scheme.quota_full_senior,
        "dept_review": reviews_by_stage.get("dept"),
        "hr_review": reviews_by_stage.get("hr"),
    }


def filing_form_pdf(scheme: Scheme, **kwargs) -> bytes:
    return render_pdf("pdf/posts_filing_form.html", filing_form_context(scheme, **kwargs))


# ------------------------------------------------------------------------------------------------ attachment 1


def grade_label(category: str, grade: int | None) -> str:
    """A post grade as the forms write it: 六级 (professional, management), 技术工三级 (worker)."""
    if grade is None:
        return ""
    if not 1 <= grade <= 13:
        return str(grade)
    return f"技术工{CN[grade - 1]}级" if category == "worker" else f"{CN[grade - 1]}级"


_CATEGORY_NAMES = {"management": "管理岗位", "professional": "专业技术岗位", "worker": "工勤技能岗位"}


def request_date(post: SpecialPost):
    """The 报表日期 of attachment 1: the day the request was made, on the process clock (the audit record's time,
    in the local time zone), else the local date of the row's creation — never a UTC date."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from workflow.models import AuditRecord

    if post.pk:
        record = (
            AuditRecord.objects.filter(
                subject_type=ContentType.objects.get_for_model(SpecialPost),
                subject_id=str(post.pk),
                transition="special_post_request",
            )
            .order_by("at")
            .values_list("at", flat=True)
            .first()
        )
        if record is not None:
            return timezone.localdate(record)
    return timezone.localdate(post.created_at) if post.created_at else clock.today()


def special_post_form_context(post: SpecialPost, *, reviews=(), today=None) -> dict:
    reviews_by_stage = _opinions(reviews)
    return {
        "post": post,
        "unit": post.unit,
        "report_date": today or request_date(post),
        "category": _CATEGORY_NAMES[post.category],
        "grade": grade_label(post.category, post.grade),
        "previous_category": _CATEGORY_NAMES.get(post.holder_previous_category, ""),
        "previous_grade": grade_label(post.holder_previous_category, post.holder_previous_grade),
        "dept_review": reviews_by_stage.get("dept"),
        "hr_review": reviews_by_stage.get("hr"),
    }


def special_post_form_pdf(post: SpecialPost, **kwargs) -> bytes:
    return render_pdf("pdf/posts_special_post_form.html", special_post_form_context(post, **kwargs))


# ------------------------------------------------------------------------------------------------ attachment 5


def _line(set_count: int, appointed: int | None, **extra) -> dict:
    balance = None if appointed is None else set_count - appointed
    note = ""
    if balance is not None and balance < 0:
        over = rules.over_quota_replacement(appointed, set_count)
        note = f"超岗 {-balance} 人，{over.label}（POST-12）"
    return {"set": set_count, "appointed": appointed, "balance": balance, "note": note, **extra}


def summary_form_context(scheme: Scheme, *, special_posts: Sequence[SpecialPost] = (), today=None) -> dict:
    """Attachment 5: per grade the filed count, the people appointed now (在聘人数, where the unit has recorded them
    for that category — otherwise blank, never 0) and the balance. Grade 1 and directional posts have no line on the
    paper form; they are added as extra lines when the scheme has any."""
    appointed_all = scheme.appointed or {}

    def appointed(category: str, grades) -> int | None:
        if category not in appointed_all:
            return None
        return _sum(appointed_all[category], grades)

    rows: list[dict] = []
    totals: list[tuple[int, int | None]] = []

    def block(category: str, title: str, groups: list[tuple[str, list]], total_label: str) -> None:
        counts = scheme.counts(category)
        first = True
        for level_label, grades in groups:
            for index, grade in enumerate(grades):
                label = "普通" if grade == "general" else f"{CN[int(grade) - 1]}级"
                rows.append(
                    _line(
                        counts.get(str(grade), 0),
                        appointed(category, [grade]),
                        category=title if first else None,
                        category_span=sum(len(g) for _l, g in groups),
                        level=level_label if index == 0 and level_label else None,
                        level_span=len(grades),
                        grade=label,
                        grade_span=1 if level_label else 2,
                    )
                )
                first = False
        all_grades = [g for _l, grades in groups for g in grades]
        total = _line(_sum(counts, all_grades), appointed(category, all_grades), total=total_label)
        rows.append(total)
        totals.append((total["set"], total["appointed"]))

    block("management", "管理岗位", [("", [str(g) for g in rules.MANAGEMENT_GRADES])], "管理岗位合计")
    prof_groups = [
        ("正高", [str(g) for g in (2, 3, 4)]),
        ("副高", [str(g) for g in rules.DEPUTY_SENIOR]),
        ("中级", [str(g) for g in rules.INTERMEDIATE]),
        ("初级", [str(g) for g in rules.JUNIOR]),
    ]
    if scheme.counts("professional").get("1"):
        prof_groups[0] = ("正高", ["1", "2", "3", "4"])
    block("professional", "专业技术岗位", prof_groups, "专业技术岗位合计")
    if scheme.counts("directional"):
        block("directional", "定向评价、定向使用岗位", [("", [str(g) for g in rules.DIRECTIONAL_GRADES])],
              "定向评价、定向使用岗位合计")  # fmt: skip
    block("worker", "工勤技能岗位", [("", list(rules.WORKER_GRADES))], "工勤技能岗位合计")
    grand_set = sum(s for s, _a in totals)
    known = [a for _s, a in totals if a is not None]
    grand_appointed = sum(known) if len(known) == len(totals) else None
    rows.append(_line(grand_set, grand_appointed, total="岗位总数"))
    active_special = [p for p in special_posts if p.state == SpecialPost.State.ACTIVE]
    return {
        "scheme": scheme,
        "unit": scheme.unit,
        "supervisor": scheme.unit.supervisor,
        "filed_on": scheme.filed_on,
        "rows": rows,
        "people": people_count(scheme, special_posts),
        "special_count": sum(p.count for p in active_special),
        "printed_on": today or clock.today(),
    }


def people_count(scheme: Scheme, special_posts: Sequence[SpecialPost] = ()) -> int | None:
    """实有人数 (attachment 5) / 现有人数 (attachment 2): everyone the unit employs in its posts — the recorded 在聘人数
    of management, professional (directional included) and worker posts, plus the holders of active special posts.
    None (the cell stays blank) unless every category the scheme sets posts in has its appointments recorded: a
    partial sum would pass for the whole staff."""
    appointed = scheme.appointed or {}
    total = 0
    for category in ("management", "professional", "directional", "worker"):
        if not scheme.counts(category) and category not in appointed:
            continue
        if category not in appointed:
            return None
        total += sum(appointed[category].values())
    return total + sum(p.count for p in special_posts if p.state == SpecialPost.State.ACTIVE)


def summary_form_pdf(scheme: Scheme, **kwargs) -> bytes:
    return render_pdf("pdf/posts_summary_form.html", summary_form_context(scheme, **kwargs))


# ------------------------------------------------------------------------------------------------------- .xlsx


def scheme_workbook(scheme: Scheme, *, special_posts: Sequence[SpecialPost] = ()) -> bytes:
    """Attachment 2 as .xlsx (one sheet), in the layout ``scheme_io.read_workbook`` and ``check_scheme`` read."""
    buffer = io.BytesIO()
    scheme_io.write_workbook([unit_scheme(scheme, special=special_posts)], buffer)
    return buffer.getvalue()


def download_name(kind: str, scheme_or_post, suffix: str) -> str:
    unit = scheme_or_post.unit
    version = f"v{scheme_or_post.version}" if isinstance(scheme_or_post, Scheme) else f"{scheme_or_post.pk}"
    stamp = clock.today().strftime("%Y%m%d")
    return f"{unit.code}-{kind}-{version}-{stamp}.{suffix}"
