"""Admin for HR officers (hr_officer): series catalogue, routing table, evaluation years and windows."""

from django.contrib import admin

from titles.models import ApplicationWindow, EvaluationYear, RoutingEntry, Series


class RoutingEntryInline(admin.TabularInline):
    model = RoutingEntry
    extra = 0
    fields = ("levels", "belongs", "directional", "committee_zh", "submission_route", "source")
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("key", "name_zh", "name_en", "parent", "receiving_office", "directional_eligible")
    list_filter = ("directional_eligible", "teacher_window", "schedule_separately")
    search_fields = ("key", "name_zh", "name_en")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    inlines = (RoutingEntryInline,)
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group


@admin.register(RoutingEntry)
class RoutingEntryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "series", "submission_route", "directional", "source")
    list_filter = ("submission_route", "directional")
    search_fields = ("committee_zh", "series__key", "series__name_zh", "source")
    list_select_related = ("series",)
    autocomplete_fields = ("series",)
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group


class ApplicationWindowInline(admin.TabularInline):
    model = ApplicationWindow
    extra = 0
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group


@admin.register(EvaluationYear)
class EvaluationYearAdmin(admin.ModelAdmin):
    list_display = ("year", "teacher_full_senior_quota")
    inlines = (ApplicationWindowInline,)
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group
