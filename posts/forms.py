"""Forms of the post-setting pages: the scheme grid (Doc A attachment 2), the POST-12 calculator, the .xlsx upload.

The grid form only reads numbers; every rule is the engine's (``posts.rules``) and every write a service's
(``posts.services``). Field names are ``<category>_<grade>`` with the grade keys of ``CATEGORY_GRADES``.
"""

from __future__ import annotations

from fractions import Fraction

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from posts import rules
from posts.models import CATEGORY_GRADES

# What a human may type in one cell: no unit has anywhere near this many posts of one grade.
MAX_CELL = 100_000
XLSX_MAX_BYTES = 2 * 1024 * 1024  # one unit's filing form is a few kilobytes
XLSX_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",  # some browsers and office PCs send this for .xlsx
    "application/zip",
}

CN = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")
CATEGORY_LABELS = {
    "management": _("管理岗位"),
    "professional": _("专业技术岗位"),
    "worker": _("工勤技能岗位"),
    "directional": _("定向评价、定向使用岗位"),
}


def grade_label(category: str, grade: str) -> str:
    if grade == "general":
        return str(_("普通工"))
    name = f"{CN[int(grade) - 1]}级"
    return f"{_('技术工')}{name}" if category == "worker" else name


def field_name(category: str, grade: str) -> str:
    return f"{category}_{grade}"


def grid_categories(unit, *, with_directional: bool = False) -> tuple[str, ...]:
    """Directional posts exist only in districts (POST-08): a city-level unit gets the row only when its scheme
    already has some (so that the POST-08 error can be corrected)."""
    base = ("management", "professional", "worker")
    return (*base, "directional") if unit.jurisdiction != rules.CITY or with_directional else base


class SchemeGridForm(forms.Form):
    """The counts of one scheme, grade by grade, plus the 正高 total HR allotted (POST-06)."""

    def __init__(self, *args, unit, live_url: str = "", with_directional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.categories = grid_categories(unit, with_directional=with_directional)
        live = (
            {"hx-post": live_url, "hx-trigger": "input changed delay:300ms", "hx-target": "#findings"}
            if live_url
            else {}
        )
        for category in self.categories:
            for grade in CATEGORY_GRADES[category]:
                label = f"{CATEGORY_LABELS[category]} {grade_label(category, grade)}"
                self.fields[field_name(category, grade)] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=MAX_CELL,
                    required=False,
                    widget=forms.NumberInput(
                        attrs={"class": "cell", "inputmode": "numeric", "min": 0, "data-grade": grade, **live}
                    ),
                )
        self.fields["quota_full_senior"] = forms.IntegerField(
            label=_("核定正高级岗位总额（POST-06，可不填）"),
            min_value=0,
            max_value=MAX_CELL,
            required=False,
            widget=forms.NumberInput(attrs={"class": "cell", "inputmode": "numeric", "min": 0, **live}),
        )

    @staticmethod
    def category_label(category: str) -> str:
        return str(CATEGORY_LABELS[category])

    @classmethod
    def initial_from(cls, scheme) -> dict:
        initial = {}
        for category, grades in CATEGORY_GRADES.items():
            counts = scheme.counts(category)
            for grade in grades:
                initial[field_name(category, grade)] = counts.get(grade, 0)
        initial["quota_full_senior"] = scheme.quota_full_senior
        return initial

    def counts(self) -> dict[str, dict[str, int]]:
        """Category → {grade: count} (zeros dropped), in the shape the services and INTERFACES.md §1 use."""
        data = self.cleaned_data
        result = {}
        for category in self.categories:
            result[category] = {
                grade: data.get(field_name(category, grade)) or 0
                for grade in CATEGORY_GRADES[category]
                if data.get(field_name(category, grade))
            }
        return result

    def rows(self):
        """(category key, label, [(bound field, short grade label)]) for the template's grid."""
        return [
            (
                category,
                CATEGORY_LABELS[category],
                [
                    (self[field_name(category, grade)], grade_label(category, grade))
                    for grade in CATEGORY_GRADES[category]
                ],
            )
            for category in self.categories
        ]


def engine_scheme(unit, counts: dict[str, dict[str, int]], quota_full_senior, special=()) -> rules.UnitScheme:
    """Unsaved grid values + the unit's attributes → the engine's ``UnitScheme`` (as ``selectors.unit_scheme``)."""
    return rules.UnitScheme(
        name=unit.name,
        jurisdiction=unit.jurisdiction,
        affiliation=unit.affiliation or ("district" if unit.jurisdiction != rules.CITY else "city_direct"),
        sector=unit.sector or "general",
        public_service_professional=unit.public_service_professional,
        senior_grade_exempt=unit.senior_grade_exempt,
        management={int(k): v for k, v in counts.get("management", {}).items()},
        professional={int(k): v for k, v in counts.get("professional", {}).items()},
        worker={str(k): v for k, v in counts.get("worker", {}).items()},
        directional={int(k): v for k, v in counts.get("directional", {}).items()},
        quota_full_senior=quota_full_senior,
        special=tuple(rules.SpecialPost(category=p.category, grade=p.grade, count=p.count) for p in special),
    )


# --------------------------------------------------------------------------------------------------------- POST-12


def exact_percent(share: Fraction) -> str:
    """A share as an exact percentage: "10%", "12.5%" when the decimal ends, else "100/9% ≈ 11.11%"."""
    value = share * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:  # a terminating decimal: print every digit
        digits = 0
        while (value * 10**digits).denominator != 1:
            digits += 1
        return f"{float(value):.{digits}f}%"
    return f"{value.numerator}/{value.denominator}% ≈ {float(value):.2f}%"


# The levels the calculator offers: (key, label, category, grades of the scheme that make up the allowed count).
OVER_QUOTA_LEVELS = (
    ("full_senior", _("正高级（一至四级）"), "professional", rules.FULL_SENIOR),
    ("deputy_senior", _("副高级（五至七级）"), "professional", rules.DEPUTY_SENIOR),
    ("intermediate", _("中级（八至十级）"), "professional", rules.INTERMEDIATE),
    ("junior", _("初级（十一至十三级）"), "professional", rules.JUNIOR),
    ("management", _("管理岗位"), "management", rules.MANAGEMENT_GRADES),
    ("worker", _("工勤技能岗位"), "worker", rules.WORKER_GRADES),
)


class OverQuotaForm(forms.Form):
    """POST-12: for each level, the people appointed now and the posts the filed scheme allows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, _category, _grades in OVER_QUOTA_LEVELS:
            attrs = {"inputmode": "numeric", "min": 0, "class": "cell"}
            self.fields[f"{key}_appointed"] = forms.IntegerField(
                label=_("%(level)s 现聘人数") % {"level": label},
                min_value=0,
                max_value=MAX_CELL,
                required=False,
                widget=forms.NumberInput(attrs=attrs),
            )
            self.fields[f"{key}_allowed"] = forms.IntegerField(
                label=_("%(level)s 核定岗位数") % {"level": label},
                min_value=0,
                max_value=MAX_CELL,
                required=False,
                widget=forms.NumberInput(attrs=attrs),
            )

    @staticmethod
    def initial_from(scheme) -> dict:
        """Allowed = the scheme's counts of the level; appointed = the recorded 在聘人数 where known."""
        initial = {}
        appointed = scheme.appointed or {}
        for key, _label, category, grades in OVER_QUOTA_LEVELS:
            counts = scheme.counts(category)
            initial[f"{key}_allowed"] = sum(counts.get(str(g), 0) for g in grades)
            if category in appointed:
                initial[f"{key}_appointed"] = sum(appointed[category].get(str(g), 0) for g in grades)
        return initial

    def rows(self):
        rows = []
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        for key, label, _category, _grades in OVER_QUOTA_LEVELS:
            appointed, allowed = data.get(f"{key}_appointed"), data.get(f"{key}_allowed")
            result = None
            if appointed is not None and allowed is not None:
                result = rules.over_quota_replacement(appointed, allowed)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "appointed": self[f"{key}_appointed"],
                    "allowed": self[f"{key}_allowed"],
                    "result": result,
                    "over": (appointed - allowed) if result and result.departures_per_hire else 0,
                    "pct": exact_percent(result.over_share)
                    if result and result.departures_per_hire and allowed
                    else ("—" if result and result.departures_per_hire else "0%"),
                }
            )
        return rows


# ------------------------------------------------------------------------------------------------------------ .xlsx


class SchemeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("岗位设置备案表（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = min(XLSX_MAX_BYTES, getattr(settings, "UPLOAD_MAX_BYTES", XLSX_MAX_BYTES))
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size)s 字节），备案表最大 %(limit)s 字节") % {"size": upload.size, "limit": limit}
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("只接受 .xlsx 文件（岗位设置备案表模板），收到 %(name)s") % {"name": upload.name}
            )
        if upload.content_type and upload.content_type not in XLSX_CONTENT_TYPES:
            raise forms.ValidationError(
                _("文件类型 %(type)s 不是 Excel 工作簿（.xlsx）") % {"type": upload.content_type}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("文件内容不是 .xlsx 工作簿（应为 Office Open XML 格式）"))
        return upload
