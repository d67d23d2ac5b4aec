"""Forms of the applicant pages. They parse and check shapes; the rules are checked again by the services."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from titles.catalogue import ENDORSEMENT_NAMES, EVIDENCE_NAMES, GREEN_CATEGORIES, HONOURS, LEVEL_NAMES, PROGRAMMES
from titles.models import ApplicantProfile, EducationRecord, HeldTitle, Sanction, Series, WorkRecord
from titles.models.applications import Route
from titles.models.materials import DATED_ITEMS, Item
from titles.services.applications import identity_problem
from workflow import clock
from workflow.models import Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_future(value, label):
    if value and value > clock.today():
        raise forms.ValidationError(_("%(label)s不能晚于今天") % {"label": label})
    return value


class ProfileForm(forms.ModelForm):
    honours = forms.MultipleChoiceField(
        label=_("获得的荣誉（破格申报依据，TITLE-16）"),
        choices=[(h.key, h.name_zh) for h in HONOURS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApplicantProfile
        fields = [
            "full_name",
            "gender",
            "ethnicity",
            "id_type",
            "id_number",
            "nationality",
            "birth_date",
            "phone",
            "unit",
            "employment",
            "current_specialty",
            "field_matches",
            "rural_service_years",
            "outstanding_contribution",
            "honours",
            "used_exceptional_before",
            "civil_service_transfer_on",
            "used_green_before",
            "exam_passed",
            "new_post_started_on",
        ]
        widgets = {
            "birth_date": DateInput(),
            "civil_service_transfer_on": DateInput(),
            "new_post_started_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.filter(kind=Organisation.Kind.UNIT).order_by("name")
        self.fields["unit"].required = True
        # The identity uniqueness message comes from the service; skip the model's generic one.
        self._validate_unique = False

    def clean_birth_date(self):
        return _not_future(self.cleaned_data.get("birth_date"), _("出生日期"))

    def clean(self):
        data = super().clean()
        problem = identity_problem(
            id_type=data.get("id_type") or "",
            id_number=data.get("id_number") or "",
            nationality=data.get("nationality") or "",
            birth_date=data.get("birth_date"),
        )
        if problem:
            self.add_error("id_number", problem)
        return data

    def validate_unique(self):
        pass


class EducationForm(forms.ModelForm):
    class Meta:
        model = EducationRecord
        fields = ["education", "degree", "school", "major", "full_time", "graduated_on"]
        widgets = {"graduated_on": DateInput()}

    def clean_graduated_on(self):
        return _not_future(self.cleaned_data.get("graduated_on"), _("毕业时间"))


class WorkForm(forms.ModelForm):
    class Meta:
        model = WorkRecord
        fields = ["employer", "position", "location", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def clean(self):
        data = super().clean()
        _not_future(data.get("started_on"), _("开始日期"))
        _not_future(data.get("ended_on"), _("结束日期"))
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("结束日期不能早于开始日期"))
        return data


class HeldTitleForm(forms.ModelForm):
    class Meta:
        model = HeldTitle
        fields = ["series", "level", "name", "obtained_on", "original_obtained_on", "certificate_number"]
        widgets = {"obtained_on": DateInput(), "original_obtained_on": DateInput()}

    def clean_obtained_on(self):
        return _not_future(self.cleaned_data.get("obtained_on"), _("取得时间"))


class SanctionForm(forms.ModelForm):
    class Meta:
        model = Sanction
        fields = ["kind", "decided_on", "ends_on", "note"]
        widgets = {"decided_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        data = super().clean()
        _not_future(data.get("decided_on"), _("处分决定日期"))
        if data.get("decided_on") and data.get("ends_on") and data["ends_on"] < data["decided_on"]:
            self.add_error("ends_on", _("处分期满日不能早于处分决定日期"))
        return data


EducationFormSet = formset_factory(EducationForm, extra=1, can_delete=True)
WorkFormSet = formset_factory(WorkForm, extra=1, can_delete=True)
HeldTitleFormSet = formset_factory(HeldTitleForm, extra=1, can_delete=True)
SanctionFormSet = formset_factory(SanctionForm, extra=1, can_delete=True)

FORMSETS = {
    "education": (EducationFormSet, EducationForm),
    "work": (WorkFormSet, WorkForm),
    "titles": (HeldTitleFormSet, HeldTitleForm),
    "sanctions": (SanctionFormSet, SanctionForm),
}


def formset_rows(formset) -> list[dict]:
    """Cleaned rows of a formset, without the empty extra forms and the ones marked for deletion."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


LEVEL_CHOICES = [(key, names[0]) for key, names in LEVEL_NAMES.items()]


class ApplicationCreateForm(forms.Form):
    series = forms.ModelChoiceField(
        label=_("申报系列"), queryset=Series.objects.filter(parent=None), to_field_name="key"
    )
    specialty = forms.ModelChoiceField(
        label=_("申报专业"), queryset=Series.objects.all(), to_field_name="key", required=False
    )
    level = forms.ChoiceField(label=_("申报级别"), choices=LEVEL_CHOICES)
    route = forms.ChoiceField(label=_("申报途径"), choices=Route.choices)
    rule = forms.CharField(widget=forms.HiddenInput, required=False)
    directional = forms.BooleanField(label=_("定向评价、定向使用（TITLE-20）"), required=False)
    green_category = forms.TypedChoiceField(
        label=_("绿色通道类别（GREEN-02）"),
        choices=[("", "—")] + [(g.number, f"{g.number}. {g.name_zh}") for g in GREEN_CATEGORIES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    evidence = forms.MultipleChoiceField(
        label=_("已具备的证明材料"),
        choices=[(k, v[0]) for k, v in EVIDENCE_NAMES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    endorsements = forms.MultipleChoiceField(
        label=_("已取得的推荐意见"),
        choices=[(k, v[0]) for k, v in ENDORSEMENT_NAMES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    peer_letters = forms.IntegerField(label=_("正高级同行专家推荐信（份）"), min_value=0, max_value=20, initial=0)
    programme = forms.ChoiceField(
        label=_("人才培养项目（类别6）"),
        choices=[("", "—")] + [(k, v[0]) for k, v in PROGRAMMES.items()],
        required=False,
    )

    def clean(self):
        data = super().clean()
        series, specialty = data.get("series"), data.get("specialty")
        if series and specialty and specialty.pk != series.pk and specialty.parent_id != series.pk:
            self.add_error("specialty", _("所选专业不属于该系列"))
        if data.get("route") == Route.GREEN_CHANNEL and not data.get("green_category"):
            self.add_error("green_category", _("绿色通道申报须选择类别"))
        return data

    def green(self) -> dict:
        data = self.cleaned_data
        return {
            "evidence": data.get("evidence") or [],
            "endorsements": data.get("endorsements") or [],
            "peer_letters": data.get("peer_letters") or 0,
            "programme": data.get("programme") or "",
        }


class MaterialUploadForm(forms.Form):
    item = forms.ChoiceField(label=_("材料项目"), choices=Item.choices)
    file = forms.FileField(label=_("文件（PDF、JPEG、PNG）"))
    dated_on = forms.DateField(
        label=_("材料日期"),
        required=False,
        widget=DateInput(),
        help_text=_("证书、成果或考核表的取得日期，不得晚于申报截止日（TITLE-03）"),
    )
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["item"].choices = items
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

    def clean(self):
        data = super().clean()
        if data.get("item") in DATED_ITEMS and not data.get("dated_on"):
            self.add_error("dated_on", _("此项材料须填写材料日期（TITLE-03）"))
        return data
