"""Reads of the titles app, each in a fixed number of queries whatever the row count."""

from __future__ import annotations

from titles.catalogue import (
    ANY_SERIES,
    DEFAULT_SENIORITY_YEARS,
    Catalogue,
    RoutingRow,
    SeriesInfo,
    WindowInfo,
)
from titles.models import ApplicationWindow, EvaluationYear, RoutingEntry, Series


def _series_info(row: Series) -> SeriesInfo:
    return SeriesInfo(
        key=row.key,
        name_zh=row.name_zh,
        name_en=row.name_en,
        levels=tuple(row.levels),
        exam_only_levels=tuple(row.exam_only_levels),
        exam_review_levels=tuple(row.exam_review_levels),
        paper_levels=tuple(row.paper_levels),
        parent=row.parent.key if row.parent_id else "",
        directional_eligible=row.directional_eligible,
        teacher_window=row.teacher_window,
        schedule_separately=row.schedule_separately,
        receiving_office=row.receiving_office,
        seniority_years=dict(row.seniority_years or DEFAULT_SENIORITY_YEARS),
    )


def catalogue_snapshot() -> Catalogue:
    """The stored catalogue as the eligibility engine's dataclasses — four queries (series, routing, windows,
    years), however many rows. Honours and green-channel categories come from ``titles.catalogue``."""
    series = {row.key: _series_info(row) for row in Series.objects.select_related("parent")}
    routing = tuple(
        RoutingRow(
            series=entry.series.key if entry.series_id else ANY_SERIES,
            levels=tuple(entry.levels),
            belongs=tuple(entry.belongs),
            committee_zh=entry.committee_zh,
            committee_en=entry.committee_en,
            submission_route=entry.submission_route,
            source=entry.source,
            directional=entry.directional,
        )
        for entry in RoutingEntry.objects.select_related("series")
    )
    windows = tuple(
        WindowInfo(w.evaluation_year.year, w.group, w.closes_on, w.review_ends_on, w.opens_on)
        for w in ApplicationWindow.objects.select_related("evaluation_year")
    )
    quotas = {
        y.year: y.teacher_full_senior_quota
        for y in EvaluationYear.objects.exclude(teacher_full_senior_quota=None).only(
            "year", "teacher_full_senior_quota"
        )
    }
    return Catalogue(series=series, routing=routing, windows=windows, teacher_full_senior_quotas=quotas)
