from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year of the State Council's holiday notice (FLOW-02). Its dates count only once the year is marked
    complete (``published``) and holds its 元旦 and 春节 holidays; dates of any other year are refused."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=200, default="chinesecalendar")
    notice = models.CharField(_("国务院通知文号"), max_length=200, blank=True)
    published = models.BooleanField(
        _("已完整录入"),
        default=False,
        help_text=_(
            "勾选后本年度才用于计算工作日；须已录入元旦（1月1日）和春节假期。未勾选的年度，其日期一律拒绝计算。"
        ),
    )

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A dated exception to Monday–Friday: a statutory holiday, or a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日（休息）")
        WORKDAY = "workday", _("调休上班")

    class Festival(models.TextChoices):
        # The holidays of the State Council's notice (全国年节及纪念日放假办法).
        NEW_YEARS_DAY = "new_years_day", _("元旦")
        SPRING_FESTIVAL = "spring_festival", _("春节")
        TOMB_SWEEPING_DAY = "tomb_sweeping_day", _("清明节")
        LABOUR_DAY = "labour_day", _("劳动节")
        DRAGON_BOAT_FESTIVAL = "dragon_boat_festival", _("端午节")
        MID_AUTUMN_FESTIVAL = "mid_autumn_festival", _("中秋节")
        NATIONAL_DAY = "national_day", _("国庆节")
        OTHER = "other", _("其他")

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.PROTECT, related_name="days"
    )
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    festival = models.CharField(
        _("节日"), max_length=32, choices=Festival.choices, blank=True, help_text=_("放假或调休所属的节日")
    )
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.HOLIDAY and not self.festival:
            errors["festival"] = _("法定节假日须注明所属节日（FLOW-02）")
        if self.day and self.calendar_year_id and self.day.year != self.calendar_year.year:
            errors["day"] = _("日期 %(day)s 不属于 %(year)s 年度（FLOW-02）") % {
                "day": self.day.isoformat(),
                "year": self.calendar_year.year,
            }
        if errors:
            raise ValidationError(errors)
