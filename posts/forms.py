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
from workflow.uploads import UploadRejected, check_upload_name, too_large

# What a human may type in one cell: no unit has anywhere near this many posts of one grade.
MAX_CELL = 100_000
XLSX_MAX_BYTES = 2 * 1024 * 1024  # one unit's filing form is a few kilobytes
XLSX_EXTENSIONS = (".xlsx",)
XLSX_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",  # some browsers and office PCs send this for .xlsx
    "application/zip",
}


def xlsx_max_bytes() -> int:
    return min(XLSX_MAX_BYTES, getattr(settings, "UPLOAD_MAX_BYTES", XLSX_MAX_BYTES))


CN = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")
CATEGORY_LABELS = {
    "management": _("管理岗位"),
    "professional": _("专业技术岗位"),
    "worker": _("工勤技能岗位"),
    "directional": _("定向评价、定向使用岗位"),
}


GRADE_NAMES = (
    _("一级"), _("二级"), _("三级"), _("四级"), _("五级"), _("六级"), _("七级"), _("八级"), _("九级"), _("十级"),
    _("十一级"), _("十二级"), _("十三级"),
)  # fmt: skip


def grade_label(category: str, grade: str) -> str:
    """A grade in the page language: 六级 / grade 6; worker posts 技术工三级 / technician grade 3, 普通工."""
    if grade == "general":
        return str(_("普通工"))
    name = str(GRADE_NAMES[int(grade) - 1])
    return str(_("技术工%(grade)s") % {"grade": name}) if category == "worker" else name


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
        """One row per level: its result, or the error of its own cells (a bad cell never hides the other levels)."""
        rows = []
        self.is_valid()  # unbound: no data, every row asks for its numbers
        data = getattr(self, "cleaned_data", {})
        for key, label, _category, _grades in OVER_QUOTA_LEVELS:
            appointed, allowed = data.get(f"{key}_appointed"), data.get(f"{key}_allowed")
            bad = [name for name in (f"{key}_appointed", f"{key}_allowed") if name in self.errors]
            result = None
            if appointed is not None and allowed is not None and not bad:
                result = rules.over_quota_replacement(appointed, allowed)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "appointed": self[f"{key}_appointed"],
                    "allowed": self[f"{key}_allowed"],
                    "error": _("现聘人数和核定岗位数应为 0 或正整数") if bad else "",
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
        """The name and size by the project's upload validator (workflow.uploads), then the content type the browser
        declared and the zip signature; the workbook itself (decompression bombs, DTDs) is checked by
        ``scheme_io.read_workbook``."""
        upload = self.cleaned_data["file"]
        try:
            check_upload_name(upload.name, extensions=XLSX_EXTENSIONS)
        except UploadRejected as error:
            raise forms.ValidationError(error.message) from None
        limit = xlsx_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(too_large(upload.size, limit).message)
        if upload.content_type and upload.content_type not in XLSX_CONTENT_TYPES:
            raise forms.ValidationError(
                _("文件类型 %(type)s 不是 Excel 工作簿（.xlsx）") % {"type": upload.content_type}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("文件内容不是 .xlsx 工作簿（应为 Office Open XML 格式）"))
        return upload


# ------------------------------------------------------------------------------------- filing workflow (POST-10, 11)

TEXTAREA = {"rows": 3}
MAX_OPINION = 2000


def _text_field(label, *, help_text=""):
    return forms.CharField(
        label=label, max_length=MAX_OPINION, widget=forms.Textarea(attrs=TEXTAREA), help_text=help_text, strip=True
    )


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
    )


class OpinionForm(forms.Form):
    """A signed review decision (FLOW-06): the opinion; reviewer, organisation and date are the service's."""

    opinion = _text_field(_("审核意见"))


class ReturnForm(forms.Form):
    reasons = _text_field(_("退回理由"), help_text=_("逐项写明需要修改的内容，单位据此修改后重新报送"))


class FileForm(forms.Form):
    """HR files the scheme (备案): opinion and, optionally, the start of the term (聘期, POST-11)."""

    opinion = _text_field(_("备案意见"))
    term_start = _date_field(_("聘期开始日期"), required=False, help_text=_("不填则为备案当日；聘期按设置的年限计算"))


class ChangeRequestForm(forms.Form):
    """POST-11: a change inside the term cites a major change of staffing quota, structure or function."""

    change_kind = forms.ChoiceField(label=_("重大变化类别"), choices=())
    reason = _text_field(_("变更理由"))

    def __init__(self, *args, **kwargs):
        from posts.models import Scheme

        super().__init__(*args, **kwargs)
        self.fields["change_kind"].choices = Scheme.ChangeKind.choices


class AppointedForm(forms.Form):
    """在聘人数 per category and grade on the filed scheme. A category left entirely blank is not recorded (the
    documents print it blank, never 0); a category with any number typed is recorded, blanks in it meaning 0."""

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            for grade in CATEGORY_GRADES[category]:
                self.fields[field_name(category, grade)] = forms.IntegerField(
                    label=f"{CATEGORY_LABELS[category]} {grade_label(category, grade)}",
                    min_value=0,
                    max_value=MAX_CELL,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "cell", "inputmode": "numeric", "min": 0}),
                )

    @staticmethod
    def initial_from(scheme) -> dict:
        initial = {}
        for category, counts in (scheme.appointed or {}).items():
            for grade in CATEGORY_GRADES.get(category, ()):
                initial[field_name(category, grade)] = counts.get(grade, 0)
        return initial

    def appointed(self) -> dict[str, dict[str, int]]:
        data = self.cleaned_data
        result = {}
        for category in self.categories:
            values = {grade: data.get(field_name(category, grade)) for grade in CATEGORY_GRADES[category]}
            if any(v is not None for v in values.values()):
                result[category] = {grade: v for grade, v in values.items() if v}
        return result

    def rows(self):
        return [
            (category, CATEGORY_LABELS[category],
             [(self[field_name(category, grade)], grade_label(category, grade)) for grade in CATEGORY_GRADES[category]])
            for category in self.categories
        ]  # fmt: skip


# --------------------------------------------------------------------------------------------- special posts (POST-09)

SPECIAL_GRADES = {
    "professional": [(g, grade_label("professional", str(g))) for g in rules.PROFESSIONAL_GRADES],
    "worker": [(g, grade_label("worker", str(g))) for g in (1, 2, 3, 4, 5)],
}


# Attachment 1 "原聘岗位等级": management posts run to grade 10, professional to 13, worker (技术工) to 5.
PREVIOUS_GRADE_TOP = {"management": 10, "professional": 13, "worker": 5}


class SpecialPostRequestForm(forms.Form):
    """Doc A attachment 1 (特设岗位设置审核表): the post, the reasons and the person to be appointed."""

    category = forms.ChoiceField(label=_("岗位类别"), choices=())
    grade = forms.TypedChoiceField(label=_("岗位等级"), coerce=int, choices=())
    count = forms.IntegerField(label=_("岗位数"), min_value=1, max_value=99, initial=1)
    post_name = forms.CharField(label=_("岗位名称"), max_length=200)
    reasons = _text_field(_("设置原因"), help_text=_("急需引进的高层次人才、紧缺专业人才的情况及必要性"))
    major_project = forms.BooleanField(
        label=_("承担市级及以上重大研究项目（课题）"),
        required=False,
        help_text=_("聘期可按任务期限设置，最长不超过5年"),
    )
    term_years = forms.IntegerField(label=_("聘期（年）"), min_value=1, max_value=5, initial=3)
    term_start = _date_field(_("岗位设置开始时间"))
    holder_name = forms.CharField(label=_("拟聘人员姓名"), max_length=100)
    holder_gender = forms.ChoiceField(
        label=_("性别"), required=False, choices=(("", "—"), ("男", _("男")), ("女", _("女")))
    )
    holder_birth_date = _date_field(_("出生日期"))
    holder_title = forms.CharField(label=_("专业技术职务/职称"), max_length=100, required=False)
    holder_retirement_date = _date_field(_("法定退休日期"))
    holder_work_start = _date_field(_("参加工作时间"))
    holder_education = forms.CharField(label=_("最高学历"), max_length=50, help_text=_("如 研究生（博士）、大学本科"))
    holder_graduation = _date_field(_("毕业时间"))
    holder_previous_employer = forms.CharField(
        label=_("原工作单位"), max_length=200, required=False, help_text=_("新参加工作的可不填")
    )
    holder_previous_category = forms.ChoiceField(label=_("原聘岗位类别"), required=False, choices=())
    holder_previous_post = forms.CharField(label=_("原聘岗位名称"), max_length=200, required=False)
    holder_previous_grade = forms.IntegerField(
        label=_("原聘岗位等级"), required=False, min_value=1, max_value=13, help_text=_("填数字，如 7 表示七级")
    )

    def __init__(self, *args, **kwargs):
        from posts.models import SpecialPost

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = SpecialPost.Category.choices
        self.fields["holder_previous_category"].choices = [("", "—"), *SpecialPost.PreviousCategory.choices]
        self.fields["grade"].choices = [
            (str(category_label), [(g, label) for g, label in grades])
            for category_label, grades in (
                (CATEGORY_LABELS["professional"], SPECIAL_GRADES["professional"]),
                (CATEGORY_LABELS["worker"], SPECIAL_GRADES["worker"]),
            )
        ]

    def clean(self):
        data = super().clean()
        category, grade = data.get("category"), data.get("grade")
        if category and grade is not None and grade not in dict(SPECIAL_GRADES[category]):
            self.add_error("grade", _("该岗位类别没有这一等级"))
        birth, retirement = data.get("holder_birth_date"), data.get("holder_retirement_date")
        if birth and retirement and retirement <= birth:
            self.add_error("holder_retirement_date", _("法定退休日期应晚于出生日期"))
        for name, label in (("holder_work_start", _("参加工作时间")), ("holder_graduation", _("毕业时间"))):
            if birth and data.get(name) and data[name] <= birth:
                self.add_error(name, _("%(field)s应晚于出生日期") % {"field": label})
        previous, previous_grade = data.get("holder_previous_category"), data.get("holder_previous_grade")
        if previous_grade is not None:
            top = PREVIOUS_GRADE_TOP.get(previous)
            if top is None:
                self.add_error("holder_previous_category", _("填写原聘岗位等级时请选择原聘岗位类别"))
            elif previous_grade > top:
                self.add_error("holder_previous_grade", _("该岗位类别的等级为 1 至 %(top)s") % {"top": top})
        return data


class RegionApproveForm(forms.Form):
    """POST-09: a grade-2 special post needs the autonomous region's approval — its document number and date."""

    document_no = forms.CharField(label=_("自治区核准文号"), max_length=100)
    approved_on = _date_field(_("核准日期"))
    opinion = forms.CharField(label=_("备注"), max_length=MAX_OPINION, required=False,
                              widget=forms.Textarea(attrs=TEXTAREA))  # fmt: skip


class ActivateForm(forms.Form):
    term_start = _date_field(_("实际聘用开始日期"), required=False, help_text=_("不填则按申请的开始时间"))


class CancelForm(forms.Form):
    reason = _text_field(_("撤销或不予核准的理由"))
