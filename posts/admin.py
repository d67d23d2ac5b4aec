from django.contrib import admin
from django.core.exceptions import PermissionDenied

from workflow.audit import audit_record
from workflow.models import Membership, Organisation, Role

from .models import FilingReport, RatioProfile, Scheme, SchemeReview, SpecialPost, SpecialPostReview


def profile_jurisdictions(request) -> frozenset[str] | None:
    """The jurisdictions whose ratio profiles this admin user maintains; None = every one (superuser).

    Doc A §四(一)5: "市、区事业单位人事综合管理部门……制定**本级**……具体控制标准" — each HR bureau sets the
    standards of its own level: city HR (市人社局) those of 市本级, a district HR bureau those of its district. The model
    permissions (the HR reference-data staff group) say *what* a user may do with profiles; this says *which*."""
    if request.user.is_superuser:
        return None
    cached = getattr(request, "_profile_jurisdictions", None)
    if cached is None:
        cached = request._profile_jurisdictions = frozenset(
            Membership.objects.filter(
                user=request.user,
                active=True,
                role=Role.HR_OFFICER,
                organisation__kind__in=(Organisation.Kind.CITY_HR, Organisation.Kind.DISTRICT_HR),
            ).values_list("organisation__jurisdiction", flat=True)
        )
    return cached


@admin.register(RatioProfile)
class RatioProfileAdmin(admin.ModelAdmin):
    """POST-03: the HR bureau maintains its industry ratio standards here (exact decimals, e.g. 0.2500 = 25 %).

    A new standard for a later year is a new row with that ``effective_year``; the old one keeps applying to the
    years before it. Every change is audited (FLOW-05). Each HR officer sees and changes only the profiles of their
    own bureau's jurisdiction (``profile_jurisdictions``); the superuser all."""

    list_display = ("jurisdiction", "sector", "effective_year", "senior_cap", "senior_intermediate_cap", "rounding",
                    "label", "updated_at")  # fmt: skip
    list_filter = ("jurisdiction", "sector", "rounding", "effective_year")
    search_fields = ("sector", "label")
    ordering = ("jurisdiction", "sector", "-effective_year")
    hr_reference_permissions = ("add", "change", "view")  # workflow/staff.py: the HR officers' group

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        allowed = profile_jurisdictions(request)
        return queryset if allowed is None else queryset.filter(jurisdiction__in=allowed)

    def _in_scope(self, request, obj) -> bool:
        allowed = profile_jurisdictions(request)
        if allowed is None:
            return True
        return bool(allowed) and (obj is None or obj.jurisdiction in allowed)

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self._in_scope(request, None)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._in_scope(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        allowed = profile_jurisdictions(request)
        if db_field.name == "jurisdiction" and allowed is not None:
            kwargs["choices"] = [(key, label) for key, label in db_field.choices if key in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self._in_scope(request, obj):  # the form offers only the user's jurisdictions; never trust it alone
            raise PermissionDenied
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
