"""Seed the series catalogue, routing table (TITLE-06) and the 2023 windows (TITLE-02) from titles.catalogue.

Reference data must exist on a freshly migrated database (INTERFACES). Later edits of the constants need a new
data migration; HR officers' edits in the admin are kept (this migration only creates rows that do not exist).
"""

from django.db import migrations

from titles import catalogue


def seed(apps, schema_editor):
    Series = apps.get_model("titles", "Series")
    RoutingEntry = apps.get_model("titles", "RoutingEntry")
    EvaluationYear = apps.get_model("titles", "EvaluationYear")
    ApplicationWindow = apps.get_model("titles", "ApplicationWindow")

    by_key = {}
    for position, info in enumerate(catalogue.SERIES):
        row, _ = Series.objects.get_or_create(
            key=info.key,
            defaults={
                "name_zh": info.name_zh,
                "name_en": info.name_en,
                "levels": list(info.levels),
                "exam_only_levels": list(info.exam_only_levels),
                "exam_review_levels": list(info.exam_review_levels),
                "paper_levels": list(info.paper_levels),
                "seniority_years": dict(info.seniority_years),
                "directional_eligible": info.directional_eligible,
                "teacher_window": info.teacher_window,
                "schedule_separately": info.schedule_separately,
                "receiving_office": info.receiving_office,
                "position": position,
            },
        )
        by_key[info.key] = row
    for info in catalogue.SERIES:
        if info.parent and by_key[info.key].parent_id is None:
            by_key[info.key].parent = by_key[info.parent]
            by_key[info.key].save(update_fields=["parent"])

    if not RoutingEntry.objects.exists():
        RoutingEntry.objects.bulk_create(
            RoutingEntry(
                series=None if row.series == catalogue.ANY_SERIES else by_key[row.series],
                levels=list(row.levels),
                belongs=list(row.belongs),
                directional=row.directional,
                committee_zh=row.committee_zh,
                committee_en=row.committee_en,
                submission_route=row.submission_route,
                source=row.source,
                position=position,
            )
            for position, row in enumerate(catalogue.ROUTING)
        )

    years = {}
    for window in catalogue.WINDOWS:
        if window.year not in years:
            years[window.year], _ = EvaluationYear.objects.get_or_create(
                year=window.year,
                defaults={"teacher_full_senior_quota": catalogue.TEACHER_FULL_SENIOR_QUOTAS.get(window.year)},
            )
        ApplicationWindow.objects.get_or_create(
            evaluation_year=years[window.year],
            group=window.group,
            defaults={"closes_on": window.closes_on, "review_ends_on": window.review_ends_on},
        )


def unseed(apps, schema_editor):
    for name in ("ApplicationWindow", "EvaluationYear", "RoutingEntry"):
        apps.get_model("titles", name).objects.all().delete()
    Series = apps.get_model("titles", "Series")
    Series.objects.exclude(parent=None).delete()
    Series.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("titles", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
