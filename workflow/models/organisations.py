from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.TextChoices):
    """INTERFACES.md §1: the city level (市本级) and the three districts."""

    CITY = "city", _("市本级")
    HAIBOWAN = "haibowan", _("海勃湾区")
    HAINAN = "hainan", _("海南区")
    WUDA = "wuda", _("乌达区")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    UNIT_HR = "unit_hr", _("用人单位人事干部")
    DEPT_REVIEWER = "dept_reviewer", _("主管部门审核人")
    HR_OFFICER = "hr_officer", _("人社部门经办人")
    COMMITTEE_OFFICE = "committee_office", _("评委会办事机构")
    JUDGE = "judge", _("评审专家")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CITY_HR = "city_hr", _("市人力资源和社会保障局")
        DISTRICT_HR = "district_hr", _("区人力资源和社会保障局")
        DEPARTMENT = "department", _("主管部门/行业主管部门")
        UNIT = "unit", _("用人单位")
        COMMITTEE_ORGANISER = "committee_organiser", _("评委会组建单位")

    class Affiliation(models.TextChoices):
        CITY_DIRECT = "city_direct", _("市直属")
        CITY_DEPARTMENT = "city_department", _("市直部门所属")
        DISTRICT = "district", _("区属")

    class Ownership(models.TextChoices):
        """Who employs the staff; decides TITLE-01/TITLE-18 routes of its applicants."""

        INSTITUTION = "institution", _("事业单位")
        ENTERPRISE = "enterprise", _("企业")
        SOCIAL_ORG = "social_org", _("社会组织")
        INDIVIDUAL_ORG = "individual_org", _("个体经济组织")
        NON_PUBLIC = "non_public", _("非公有制经济组织")
        GOVERNMENT = "government", _("机关")

    class Location(models.TextChoices):
        CITY = "city", _("城区")
        DISTRICT = "district", _("区")
        TOWNSHIP = "township", _("乡镇（苏木）")
        VILLAGE = "village", _("村（嘎查）")

    kind = models.CharField(_("机构类型"), max_length=32, choices=Kind.choices, db_index=True)
    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    jurisdiction = models.CharField(_("管辖层级"), max_length=16, choices=Jurisdiction.choices, db_index=True)
    affiliation = models.CharField(_("隶属关系"), max_length=32, choices=Affiliation.choices, blank=True)
    ownership = models.CharField(
        _("单位性质"), max_length=32, choices=Ownership.choices, default=Ownership.INSTITUTION, blank=True
    )
    location = models.CharField(_("所在地"), max_length=16, choices=Location.choices, default=Location.CITY)
    sector = models.CharField(
        _("行业"), max_length=32, default="general", help_text=_("比例标准的行业键，如 education、health")
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised",
        limit_choices_to={"kind": "department"},
    )
    public_service_professional = models.BooleanField(_("以专业技术提供公益服务为主"), default=True)
    senior_grade_exempt = models.BooleanField(
        _("正高三、四级比例豁免"), default=False, help_text=_("公立医院、职业技术学院、党校（POST-06）")
    )
    self_reviewing = models.BooleanField(_("自主评审单位"), default=False)
    series_received = models.JSONField(_("受理的系列"), default=list, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["jurisdiction", "kind", "name"]
        indexes = [models.Index(fields=["kind", "jurisdiction"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unit(self) -> bool:
        return self.kind == self.Kind.UNIT


class Membership(models.Model):
    """A person acts in a role on behalf of one organisation; a person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique")]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    # The kinds of organisation on whose behalf a role acts. Committee offices and judges are not listed: a
    # committee may be formed by a committee organiser, a department, an HR bureau or a self-reviewing unit.
    ROLE_KINDS = {
        Role.APPLICANT: {"unit"},
        Role.UNIT_HR: {"unit"},
        Role.DEPT_REVIEWER: {"department"},
        Role.HR_OFFICER: {"city_hr", "district_hr"},
    }

    def clean(self):
        kinds = self.ROLE_KINDS.get(self.role)
        if kinds and self.organisation_id and self.organisation.kind not in kinds:
            separator = ", " if (get_language() or "").startswith("en") else "、"
            allowed = separator.join(str(Organisation.Kind(kind).label) for kind in sorted(kinds))
            raise ValidationError(
                {
                    "organisation": _("角色“%(role)s”只能代表以下类型的机构：%(kinds)s")
                    % {"role": self.get_role_display(), "kinds": allowed}
                }
            )
