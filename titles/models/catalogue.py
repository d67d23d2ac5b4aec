"""Reference data of title evaluation: series catalogue, routing table, evaluation years and their windows.

Seeded by migration 0002 from ``titles.catalogue``; HR officers maintain them in the admin. Rules live in
``titles.eligibility`` (pure); ``titles.selectors.catalogue_snapshot`` turns these rows into its dataclasses.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from titles.catalogue import BELONGS, LEVELS, SUBMISSION_ROUTES, WINDOW_GROUPS


def _check_levels(value, field_name: str) -> None:
    if not isinstance(value, list) or any(level not in LEVELS for level in value):
        raise ValidationError({field_name: _("只能包含以下级别：%(levels)s") % {"levels": ", ".join(LEVELS)}})


class Series(models.Model):
    """职称系列（专业）. A specialty points to its series through ``parent``."""

    key = models.SlugField(_("代码"), max_length=64, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属系列"), null=True, blank=True, on_delete=models.PROTECT, related_name="specialties"
    )
    levels = models.JSONField(_("设置的级别"), default=list)
    exam_only_levels = models.JSONField(_("以考代评级别"), default=list, blank=True)
    exam_review_levels = models.JSONField(_("考评结合级别"), default=list, blank=True)
    paper_levels = models.JSONField(_("市本级仍设论文条件的级别"), default=list, blank=True)
    seniority_years = models.JSONField(_("逐级申报任职年限"), default=dict, blank=True)
    directional_eligible = models.BooleanField(_("可定向评价"), default=False)
    teacher_window = models.BooleanField(_("适用教师申报期"), default=False)
    schedule_separately = models.BooleanField(_("申报时间另行安排"), default=False)
    receiving_office = models.CharField(_("送审经办机构"), max_length=100, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("职称系列")
        verbose_name_plural = _("职称系列")
        ordering = ("position", "key")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (the catalogue holds both)."""
        language = get_language() or "zh-hans"
        return self.name_en if language.startswith("en") and self.name_en else self.name_zh

    def clean(self) -> None:
        for name in ("levels", "exam_only_levels", "exam_review_levels", "paper_levels"):
            _check_levels(getattr(self, name), name)
        if not isinstance(self.seniority_years, dict) or any(
            level not in LEVELS or not isinstance(years, int) or years < 0
            for level, years in self.seniority_years.items()
        ):
            raise ValidationError({"seniority_years": _("格式为 {级别: 年数}，年数为非负整数")})


class RoutingEntry(models.Model):
    """TITLE-06 routing row: series × levels × where the unit belongs (× directional) → committee and route."""

    series = models.ForeignKey(
        Series,
        verbose_name=_("系列（专业）"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_entries",
        help_text=_("留空表示所有系列"),
    )
    levels = models.JSONField(_("级别"), default=list)
    belongs = models.JSONField(_("单位所属"), default=list, help_text=", ".join(BELONGS))
    directional = models.BooleanField(_("定向评价"), null=True, blank=True, help_text=_("留空表示不限"))
    committee_zh = models.CharField(_("评委会（中文）"), max_length=200)
    committee_en = models.CharField(_("评委会（英文）"), max_length=200)
    submission_route = models.CharField(_("报送路径"), max_length=32, choices=[(key, key) for key in SUBMISSION_ROUTES])
    source = models.CharField(_("依据"), max_length=100, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评审路由")
        verbose_name_plural = _("评审路由")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"{self.series or '*'} {','.join(self.levels)} → {self.committee_zh}"

    def clean(self) -> None:
        _check_levels(self.levels, "levels")
        if not isinstance(self.belongs, list) or any(b not in BELONGS for b in self.belongs):
            raise ValidationError({"belongs": _("只能包含：%(values)s") % {"values": ", ".join(BELONGS)}})


class EvaluationYear(models.Model):
    """评审年度. TITLE-11: the region-allotted total of primary/secondary 正高 titles for the year."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    teacher_full_senior_quota = models.PositiveSmallIntegerField(_("中小学正高级教师评审总数"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审年度")
        verbose_name_plural = _("评审年度")
        ordering = ("-year",)

    def __str__(self) -> str:
        return str(self.year)


class ApplicationWindow(models.Model):
    """TITLE-02 申报时间: per year and level/series group, the first and last day of applications and the day reviews
    end. A window without a closing day is a group Doc B schedules separately ("另行安排") whose dates are not yet
    published: nobody may apply in it until HR enters them."""

    evaluation_year = models.ForeignKey(
        EvaluationYear, verbose_name=_("评审年度"), on_delete=models.CASCADE, related_name="windows"
    )
    group = models.CharField(_("申报类别"), max_length=32, choices=[(k, v[0]) for k, v in WINDOW_GROUPS.items()])
    opens_on = models.DateField(_("申报开始日"), null=True, blank=True)
    closes_on = models.DateField(
        _("申报截止日"), null=True, blank=True, help_text=_("留空表示申报时间另行安排、尚未公布")
    )
    review_ends_on = models.DateField(_("评审及公示完成日"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报时间")
        verbose_name_plural = _("申报时间")
        ordering = ("evaluation_year", "closes_on")
        constraints = [
            models.UniqueConstraint(fields=("evaluation_year", "group"), name="titles_window_unique_year_group"),
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(review_ends_on__isnull=True)
                | models.Q(closes_on__lte=models.F("review_ends_on")),
                name="titles_window_closes_before_review",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(opens_on__lte=models.F("closes_on")),
                name="titles_window_opens_before_close",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_year} {self.get_group_display()}"

    def clean(self) -> None:
        year = self.evaluation_year.year if self.evaluation_year_id else None
        errors = {}
        if year is not None:
            # TITLE-02: a year's window lies in that year; CMTE-05: no review crosses the calendar year.
            for name in ("opens_on", "closes_on"):
                value = getattr(self, name)
                if value is not None and value.year != year:
                    errors[name] = _("申报时间须在评审年度 %(year)s 年内（TITLE-02）") % {"year": year}
            if self.review_ends_on and self.review_ends_on.year != year:
                errors["review_ends_on"] = _("职称评审不得跨年度进行（CMTE-05）")
        if self.closes_on is None:
            if self.opens_on is not None:
                errors.setdefault("closes_on", _("填写了申报开始日，须同时填写申报截止日（TITLE-02）"))
        else:
            if self.review_ends_on is None:
                errors.setdefault("review_ends_on", _("填写了申报截止日，须同时填写评审及公示完成日（TITLE-02）"))
            elif self.closes_on > self.review_ends_on:
                errors.setdefault("review_ends_on", _("评审及公示完成日不能早于申报截止日（TITLE-02）"))
            if self.opens_on is not None and self.opens_on > self.closes_on:
                errors.setdefault("opens_on", _("申报开始日不能晚于申报截止日（TITLE-02）"))
        if errors:
            raise ValidationError(errors)
