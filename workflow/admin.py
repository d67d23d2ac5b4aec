from django.contrib import admin

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


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """FLOW-02: HR enters a new year's State Council notice here: the year, then its holidays and 调休 days."""

    list_display = ("year", "source", "notice")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "day"


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """FLOW-05: read-only for everybody, superusers included."""

    list_display = ("at", "subject_repr", "transition", "from_state", "to_state", "actor_name", "role", "organisation")
    list_filter = ("transition", "role")
    search_fields = ("subject_repr", "actor_name", "note")
    list_select_related = ("organisation",)

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
