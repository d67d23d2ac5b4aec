from decimal import Decimal
from fractions import Fraction

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_SHARE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class RatioProfile(models.Model):
    """A ratio standard (岗位结构比例控制标准) per jurisdiction and sector — POST-03, seeded with POST-02.

    Caps are stored as exact decimals (``DecimalField``, e.g. 0.2500) and read as ``fractions.Fraction`` — never as
    floats — so POST-07's comparison ``count <= share × base`` stays exact. Only what the HR bureau sets per industry
    is stored; every other number of the engine's profile (POST-04/05/06/08/09) comes from
    ``posts.rules.default_profile`` — the one place the policy numbers live.
    """

    class Rounding(models.TextChoices):
        FLOOR = "floor", _("向下取整（默认）")
        HALF_UP = "half_up", _("四舍五入")

    jurisdiction = models.CharField(
        _("管辖层级"),
        max_length=16,
        choices=[("city", _("市本级")), ("haibowan", _("海勃湾区")), ("hainan", _("海南区")), ("wuda", _("乌达区"))],
    )
    sector = models.CharField(_("行业"), max_length=32, default="general", help_text=_("如 general、education、health"))
    senior_cap = models.DecimalField(
        _("高级岗位上限"),
        max_digits=6,
        decimal_places=4,
        validators=_SHARE_VALIDATORS,
        help_text=_("占专业技术岗位总量的比例，如 0.25 表示 25%"),
    )
    senior_intermediate_cap = models.DecimalField(
        _("高级和中级岗位合计上限"),
        max_digits=6,
        decimal_places=4,
        validators=_SHARE_VALIDATORS,
        help_text=_("累计上限，如 0.70 表示高级+中级不超过 70%"),
    )
    rounding = models.CharField(_("取整方式"), max_length=16, choices=Rounding.choices, default=Rounding.FLOOR)
    effective_year = models.PositiveSmallIntegerField(
        _("执行年度"), help_text=_("自该年度起执行，直至有更新年度的标准")
    )
    label = models.CharField(_("标准说明"), max_length=64, blank=True, help_text=_("如 2.5:4.5:3，在检查结果中引用"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("岗位结构比例标准")
        verbose_name_plural = _("岗位结构比例标准")
        ordering = ["jurisdiction", "sector", "-effective_year"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "sector", "effective_year"], name="ratio_profile_unique"),
            models.CheckConstraint(
                condition=models.Q(senior_cap__lte=models.F("senior_intermediate_cap")),
                name="ratio_profile_senior_within_senior_intermediate",
            ),
        ]
        indexes = [models.Index(fields=["jurisdiction", "sector", "effective_year"])]

    def __str__(self) -> str:
        return f"{self.get_jurisdiction_display()} · {self.sector} · {self.effective_year} ({self.label})"

    @property
    def senior_share(self) -> Fraction:
        return Fraction(self.senior_cap)

    @property
    def senior_intermediate_share(self) -> Fraction:
        return Fraction(self.senior_intermediate_cap)
