from django.contrib import admin

from workflow.audit import audit_record

from .models import FilingReport, RatioProfile, Scheme, SchemeReview, SpecialPost, SpecialPostReview


@admin.register(RatioProfile)
class RatioProfileAdmin(admin.ModelAdmin):
    """POST-03: the HR bureau maintains its industry ratio standards here (exact decimals, e.g. 0.2500 = 25 %).

    A new standard for a later year is a new row with that ``effective_year``; the old one keeps applying to the
    years before it. Every change is audited (FLOW-05)."""

    list_display = ("jurisdiction", "sector", "effective_year", "senior_cap", "senior_intermediate_cap", "rounding",
                    "label", "updated_at")  # fmt: skip
    list_filter = ("jurisdiction", "sector", "rounding", "effective_year")
    search_fields = ("sector", "label")
    ordering = ("jurisdiction", "sector", "-effective_year")
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            subject=obj,
            transition="ratio_profile_change" if change else "ratio_profile_create",
            actor=request.user,
            note="; ".join(f"{name}={form.cleaned_data.get(name)}" for name in form.changed_data),
        )


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Schemes and special posts change only through their services (one per transition, audited): the admin
    shows them read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SchemeReviewInline(admin.TabularInline):
    model = SchemeReview
    extra = 0
    can_delete = False
    readonly_fields = ("stage", "decision", "reviewer_name", "opinion", "decided_on", "organisation")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(_ReadOnlyAdmin):
    list_display = ("unit", "version", "state", "filed_on", "term_start", "term_end", "updated_at")
    list_filter = ("state", "unit__jurisdiction")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)
    inlines = [SchemeReviewInline]


class SpecialPostReviewInline(SchemeReviewInline):
    model = SpecialPostReview


@admin.register(SpecialPost)
class SpecialPostAdmin(_ReadOnlyAdmin):
    list_display = ("unit", "post_name", "category", "grade", "count", "holder_name", "state", "term_start", "term_end")
    list_filter = ("state", "category", "grade", "unit__jurisdiction")
    search_fields = ("unit__name", "post_name", "holder_name")
    list_select_related = ("unit",)
    inlines = [SpecialPostReviewInline]


@admin.register(FilingReport)
class FilingReportAdmin(_ReadOnlyAdmin):
    list_display = ("reported_at", "from_organisation", "to_organisation", "unit", "full_senior", "directional",
                    "special")  # fmt: skip
    list_select_related = ("from_organisation", "to_organisation", "unit")
