from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .calendar import calendar_year_gaps
from .forms import ThrottledAdminAuthenticationForm
from .models import (
    AuditRecord,
    CalendarDay,
    CalendarYear,
    Membership,
    Objection,
    Organisation,
    OutboxMessage,
    Publicity,
)

# The admin's login is throttled like the site's, on the same counter (workflow.forms.login_throttle_key).
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "jurisdiction", "affiliation", "sector", "supervisor")
    list_filter = ("kind", "jurisdiction", "affiliation", "sector")
    search_fields = ("name", "code")
    list_select_related = ("supervisor",)
    autocomplete_fields = ("supervisor",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "active")
    list_filter = ("role", "active")
    search_fields = ("user__username", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("organisation",)


def _list_separator() -> str:
    return ", " if (get_language() or "").startswith("en") else "、"


class CalendarDayFormSet(BaseInlineFormSet):
    """FLOW-02: the days entered on a year's page belong to that year, and a year marked complete holds its 元旦
    and 春节 (``calendar_year_gaps``) — checked on what the form is about to save, so nothing half-done is stored."""

    def clean(self):
        super().clean()
        year = self.instance.year
        holidays = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("day"):
                continue
            if year and data["day"].year != year:
                form.add_error(
                    "day",
                    _("日期 %(day)s 不属于 %(year)s 年度（FLOW-02）") % {"day": data["day"].isoformat(), "year": year},
                )
            elif data.get("kind") == CalendarDay.Kind.HOLIDAY:
                holidays[data["day"]] = data.get("festival", "")
        if year and self.instance.published and not any(self.errors):
            names = dict(CalendarDay.Festival.choices)
            gaps = calendar_year_gaps(year, holidays)
            if gaps:
                raise ValidationError(
                    _(
                        "%(year)s 年尚不能标记为完整：缺少%(missing)s假期（FLOW-02）。请录入国务院通知的全部节假日和调休上班日。"
                    )
                    % {"year": year, "missing": _list_separator().join(str(names[gap]) for gap in gaps)}
                )


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    formset = CalendarDayFormSet
    fields = ("day", "kind", "festival", "note")
    extra = 3
    # Deleting a row corrects an entry mistake; the year page's audit record lists it (workflow/staff.py).
    hr_reference_permissions = ("add", "change", "delete", "view")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """FLOW-02: HR enters a new year's State Council notice here — the year, its holidays and 调休 working days —
    and ticks "complete" when all are in; only then do its dates count. Every change is audited (FLOW-05)."""

    list_display = ("year", "published", "source", "notice")
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group
    list_filter = ("published",)
    inlines = [CalendarDayInline]

    def get_changeform_initial_data(self, request):
        # A year entered here comes from the State Council's notice, not from the package (which seeds its own).
        return {"source": "国务院办公厅通知", **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request, obj=None):
        # The year of a stored row carries its days: a wrong year is a new row, not a renumbering.
        return ("year",) if obj is not None else ()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes = [f"{name}={form.cleaned_data.get(name)}" for name in form.changed_data]
        for formset in formsets:
            changes += [f"+{day.day.isoformat()} {day.kind} {day.festival}" for day in formset.new_objects]
            changes += [f"~{day.day.isoformat()} {day.kind} {day.festival}" for day, _fields in formset.changed_objects]
            changes += [f"-{day.day.isoformat()}" for day in formset.deleted_objects]
        if changes or not change:
            audit_record(
                subject=form.instance,
                transition="calendar_year_change" if change else "calendar_year_create",
                to_state="published" if form.instance.published else "draft",
                actor=request.user,
                note="; ".join(changes),
            )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """All days of all years, to look up; they are entered on their year's page (the checks live there)."""

    list_display = ("day", "kind", "festival", "note", "calendar_year")
    hr_reference_permissions = ("view",)
    list_filter = ("kind", "festival", "calendar_year")
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """FLOW-05: read-only for everybody, superusers included."""

    list_display = ("at", "subject_repr", "transition", "from_state", "to_state", "actor_name", "role", "organisation")
    list_filter = ("transition", "role")
    search_fields = ("subject_repr", "actor_name", "note")
    list_select_related = ("organisation",)
    # The log grows with every step of every case in the region: a filtered page counts only its own rows, not the
    # whole table a second time.
    show_full_result_count = False
    hr_reference_permissions = ("view",)  # workflow/staff.py: HR officers read it, nobody writes

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


class _ViewOnly:
    """Publicities and objections change only through their services (FLOW-03: the last day computed from the
    calendar, objections inside the period; FLOW-05: each step audited): the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ObjectionInline(_ViewOnly, admin.TabularInline):
    model = Objection
    extra = 0
    fields = ("subject_label", "raised_on", "raised_by", "content", "outcome", "resolution_note", "resolved_by",
              "resolved_at")  # fmt: skip
    readonly_fields = fields


@admin.register(Publicity)
class PublicityAdmin(_ViewOnly, admin.ModelAdmin):
    list_display = ("title", "kind", "organisation", "starts_on", "ends_on", "state")
    list_filter = ("kind", "state")
    exclude = ("subject_type", "subject_id")
    inlines = [ObjectionInline]
    list_select_related = ("organisation",)

    def get_actions(self, request):
        return {}


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "recipient", "subject", "status", "attempts")
    list_filter = ("status", "event")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
