"""The applicant's profile (申报人基本信息): identity, education, work history, titles held and sanctions.

``titles.selectors.applications.applicant_for_profile`` turns a profile into the eligibility engine's
``Applicant``; the rules stay in ``titles.eligibility``. ``resident_id_problem`` (GB 11643, pure) checks a resident
ID number; the form and ``profile_update`` both call it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from titles.catalogue import LEVEL_NAMES

LEVEL_CHOICES = [(key, names[0]) for key, names in LEVEL_NAMES.items()]

# GB 11643-1999: weights of the 17 digits and the check character for (sum mod 11).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id_problem(number: str, birth_date=None) -> str | None:
    """What is wrong with a resident ID number (GB 11643), or None. Plain Chinese; the form shows it as is."""
    import datetime

    value = (number or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return gettext("居民身份证号码应为18位：前17位为数字，最后一位为数字或X")
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return gettext("居民身份证号码中的出生日期（第7–14位）不是有效日期")
    if resident_id_check_char(value[:17]) != value[17]:
        return gettext("居民身份证号码校验位不正确（GB 11643），请核对后重新填写")
    if birth_date is not None and born != birth_date:
        return gettext("居民身份证号码中的出生日期与填写的出生日期不一致")
    return None


class Employment(models.TextChoices):
    """INTERFACES §3 ``employment`` — decides TITLE-01 and TITLE-18."""

    INSTITUTION = "institution", _("事业单位工作人员")
    ENTERPRISE = "enterprise", _("企业职工")
    SOCIAL_ORG = "social_org", _("社会组织人员")
    INDIVIDUAL_ORG = "individual_org", _("个体经济组织人员")
    NON_PUBLIC = "non_public", _("非公有制经济组织人员")
    FREELANCER = "freelancer", _("自由职业者")
    CIVIL_SERVANT = "civil_servant", _("公务员（含参照公务员法管理人员）")
    RETIRED = "retired", _("离退休人员")


class Education(models.TextChoices):
    BELOW_COLLEGE = "below_college", _("专科以下")
    COLLEGE = "college", _("大学专科")
    BACHELOR = "bachelor", _("大学本科")
    MASTER = "master", _("硕士研究生")
    DOCTORATE = "doctorate", _("博士研究生")


class Location(models.TextChoices):
    """Where a work record's unit belongs (TITLE-19 counts district years from ``district`` and below): a district
    school in the urban area is ``district`` — the labels say 市直/区属, not 城区, so nobody picks by the street."""

    CITY = "city", _("市直单位（市本级）")
    DISTRICT = "district", _("区属单位")
    TOWNSHIP = "township", _("乡镇（苏木）")
    VILLAGE = "village", _("村（嘎查）")


class ApplicantProfile(models.Model):
    class IdType(models.TextChoices):
        RESIDENT = "resident", _("居民身份证")
        PASSPORT = "passport", _("护照（外籍人员）")

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="title_profile"
    )
    full_name = models.CharField(_("姓名"), max_length=100)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = models.CharField(_("证件号码"), max_length=32)
    nationality = models.CharField(_("国籍"), max_length=60, blank=True, help_text=_("持护照的外籍人员填写"))
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    unit = models.ForeignKey(
        "workflow.Organisation",
        verbose_name=_("工作单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "unit"},
    )
    employment = models.CharField(_("人员身份"), max_length=32, choices=Employment.choices)
    current_specialty = models.CharField(_("现从事专业"), max_length=100, blank=True)
    field_matches = models.BooleanField(_("从事本专业或相近专业工作"), default=True)
    # TITLE-19 / APPT-07 seniority in grassroots units is derived from ``WorkRecord`` rows (see the selector).
    rural_service_years = models.DecimalField(
        _("涉农镇办基层服务年限（年）"), max_digits=4, decimal_places=1, default=0
    )
    outstanding_contribution = models.BooleanField(_("基层服务期间作出突出贡献"), default=False)
    honours = models.JSONField(_("获得的荣誉（破格依据）"), default=list, blank=True)  # TITLE-16 keys
    used_exceptional_before = models.BooleanField(_("曾经破格申报"), default=False)
    civil_service_transfer_on = models.DateField(_("由公务员（参公）或军队转业到现单位的日期"), null=True, blank=True)
    used_green_before = models.BooleanField(_("曾享受绿色通道"), default=False)
    exam_passed = models.BooleanField(_("已取得考评结合考试合格成绩"), default=False)  # TITLE-13
    new_post_started_on = models.DateField(_("转岗（转系列）到现岗位的日期"), null=True, blank=True)  # TITLE-17
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("申报人信息")
        verbose_name_plural = _("申报人信息")
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="titles_profile_unique_identity"),
        ]

    def __str__(self) -> str:
        return self.full_name


class EducationRecord(models.Model):
    """学历. Only what the rules read; no degree certificate is ever asked for (TITLE-05, Doc B att. 1)."""

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="education")
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    degree = models.CharField(_("学位"), max_length=16, choices=Education.choices, blank=True)
    school = models.CharField(_("毕业院校"), max_length=100)
    major = models.CharField(_("所学专业"), max_length=100)
    full_time = models.BooleanField(_("全日制"), default=True)
    graduated_on = models.DateField(_("毕业时间"))

    class Meta:
        verbose_name = _("学历")
        verbose_name_plural = _("学历")
        ordering = ["-graduated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.school} {self.get_education_display()}"


class WorkRecord(models.Model):
    """工作经历. ``location`` decides the district / township years of TITLE-19 and APPT-07."""

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="work")
    employer = models.CharField(_("工作单位"), max_length=200)
    position = models.CharField(_("岗位/职务"), max_length=100, blank=True)
    location = models.CharField(_("单位所属"), max_length=16, choices=Location.choices, default=Location.CITY)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("至今可不填"))

    class Meta:
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="titles_work_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.employer


class HeldTitle(models.Model):
    """现有专业技术资格. The highest (latest) one is the current title of the eligibility engine."""

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="titles")
    series = models.ForeignKey("titles.Series", verbose_name=_("系列"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("级别"), max_length=16, choices=LEVEL_CHOICES)
    name = models.CharField(_("资格名称"), max_length=100, blank=True)
    obtained_on = models.DateField(_("取得时间"))
    # TITLE-17: when obtained by transfer of series, the day the same level was first obtained in the old series.
    original_obtained_on = models.DateField(_("原系列同级取得时间（转系列）"), null=True, blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("现有资格")
        verbose_name_plural = _("现有资格")
        ordering = ["-obtained_on", "-id"]

    def __str__(self) -> str:
        return f"{self.series} {self.get_level_display()}"


class Sanction(models.Model):
    """处分 (TITLE-22): 记过 or heavier bars an institution employee while it lasts."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("警告")
        DEMERIT = "demerit", _("记过")
        DEMOTION = "demotion", _("降低岗位等级")
        DISMISSAL = "dismissal", _("开除")

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("处分种类"), max_length=16, choices=Kind.choices)
    decided_on = models.DateField(_("处分决定日期"))
    ends_on = models.DateField(_("处分期满日"), help_text=_("处分期的最后一天"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("处分")
        verbose_name_plural = _("处分")
        ordering = ["-ends_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("decided_on")), name="titles_sanction_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
