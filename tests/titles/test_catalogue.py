"""Series catalogue, routing table (TITLE-06/07), honours (TITLE-16), green channel (GREEN-02/03), windows (TITLE-02)."""

import re
from datetime import date

import pytest

from titles import catalogue
from titles.catalogue import (
    LEVELS,
    REQUIRED_SERIES_KEYS,
    ROUTING,
    SERIES_BY_KEY,
    SUBMISSION_ROUTES,
    default_catalogue,
)
from titles.eligibility import committee_for
from titles.models import ApplicationWindow, EvaluationYear, RoutingEntry, Series
from titles.selectors import catalogue_snapshot


@pytest.mark.parametrize("key", REQUIRED_SERIES_KEYS)
def test_TITLE_06_required_series_key_exists(key):
    assert key in SERIES_BY_KEY


def test_TITLE_06_series_levels_and_flags_are_valid_levels():
    for series in catalogue.SERIES:
        assert set(series.levels) <= set(LEVELS)
        for name in ("exam_only_levels", "exam_review_levels", "paper_levels"):
            assert set(getattr(series, name)) <= set(series.levels), (series.key, name)
        assert not series.parent or series.parent in SERIES_BY_KEY


def test_TITLE_12_exam_only_series_per_doc_a():
    for key in ("health", "economics", "accounting", "audit", "statistics", "publishing", "communications"):
        assert set(SERIES_BY_KEY[key].exam_only_levels) == {"member", "assistant", "intermediate"}
    assert set(SERIES_BY_KEY["computer"].exam_only_levels) == set(SERIES_BY_KEY["computer"].levels)
    assert set(SERIES_BY_KEY["translation"].exam_only_levels) == set(SERIES_BY_KEY["translation"].levels)
    assert SERIES_BY_KEY["mongolian_translation"].exam_only_levels == ()


def test_TITLE_13_exam_review_series_per_doc_a():
    keys = {s.key for s in catalogue.SERIES if s.exam_review_levels and not s.parent}
    assert keys == {"health", "economics", "accounting", "audit", "statistics"}


def test_TITLE_06_all_twenty_delegations_in_routing_table():
    numbers = set()
    for row in ROUTING:
        numbers |= {int(n) for n in re.findall(r"§四\(四\)(\d+)", row.source)}
    assert numbers == set(range(1, 21))


def test_TITLE_06_routing_rows_name_known_series_and_routes():
    for row in ROUTING:
        assert row.series == catalogue.ANY_SERIES or row.series in SERIES_BY_KEY
        assert row.submission_route in SUBMISSION_ROUTES
        assert set(row.belongs) <= set(catalogue.BELONGS)


@pytest.mark.parametrize("series", [s.key for s in catalogue.SERIES])
def test_TITLE_06_every_series_level_and_belongs_has_a_committee(series):
    info = SERIES_BY_KEY[series]
    for level in info.levels:
        for belongs in catalogue.BELONGS:
            assert committee_for(default_catalogue(), info, level, belongs, False)


@pytest.mark.parametrize(
    ("series", "level", "belongs", "directional", "committee_starts", "route"),
    [
        ("college_teacher", "full_senior", "city", False, "乌海职业技术学院", "city_self_review"),
        ("party_school_teacher", "intermediate", "city", False, "中共乌海市委党校", "city_self_review"),
        ("health", "deputy_senior", "district", True, "乌海市卫生健康委员会", "directional_senior"),
        ("pharmacy", "deputy_senior", "district", True, "乌海市市场监督管理局", "directional_senior"),
        ("primary_secondary_teacher", "deputy_senior", "district", False, "乌海市教育局", "delegated_senior"),
        ("secondary_vocational_teacher", "deputy_senior", "city", False, "乌海市教育局", "delegated_senior"),
        ("primary_secondary_teacher", "intermediate", "city", False, "乌海市教育局", "city_self_review"),
        ("agriculture", "assistant", "city", False, "乌海市农牧局", "city_self_review"),
        ("surveying_engineering", "intermediate", "city", False, "乌海市自然资源局", "city_self_review"),
        ("water_engineering", "intermediate", "city", False, "乌海市水务局", "city_self_review"),
        ("eco_environment_engineering", "intermediate", "city", False, "乌海市生态环境局", "city_self_review"),
        ("building_materials_engineering", "intermediate", "city", False, "乌海市住房和城乡建设局", "city_self_review"),
        ("photography", "intermediate", "city", False, "乌海市文体旅游广电局", "city_self_review"),
        ("broadcasting", "intermediate", "city", False, "中共乌海市委宣传部", "city_self_review"),
        ("rail_transit_engineering", "intermediate", "city", False, "乌海市交通运输局", "city_self_review"),
        ("archives", "intermediate", "city", False, "乌海市档案史志馆", "city_self_review"),
        ("special_equipment_engineering", "intermediate", "city", False, "乌海市市场监督管理局", "city_self_review"),
        ("metallurgical_engineering", "intermediate", "city", False, "乌海市国有资产监督管理委员会", "city_self_review"),
        ("electronic_engineering", "intermediate", "city", False, "乌海市工业和信息化局", "city_self_review"),
        ("cyberspace_engineering", "intermediate", "city", False, "中共乌海市委网信办", "city_self_review"),
        ("notary", "intermediate", "city", False, "乌海市司法局", "city_self_review"),
        ("mongolian_translation", "intermediate", "city", False, "乌海市民族事务委员会", "city_self_review"),
        ("archives", "intermediate", "district", False, "所在区人力资源和社会保障局", "intermediate_junior"),
        ("engineering", "deputy_senior", "city", False, "内蒙古自治区", "senior"),
        ("agriculture", "deputy_senior", "district", True, "内蒙古自治区基层", "directional_senior"),
        ("engineering", "intermediate", "non_public", False, "所在区人力资源和社会保障局", "non_public"),
        ("engineering", "intermediate", "freelancer", False, "档案或纳税", "freelancer"),
        # 文艺评论: not among §四(四)10's delegations although a specialty of 艺术系列; attachment 2: 市人社局.
        ("literary_criticism", "intermediate", "city", False, "乌海市人力资源和社会保障局", "intermediate_junior"),
        ("art", "intermediate", "city", False, "乌海市文体旅游广电局", "city_self_review"),
    ],
)
def test_TITLE_06_TITLE_07_routing(series, level, belongs, directional, committee_starts, route):
    row = committee_for(default_catalogue(), SERIES_BY_KEY[series], level, belongs, directional)
    assert row.committee_zh.startswith(committee_starts)
    assert row.submission_route == route


def test_TITLE_07_senior_route_ends_at_region_service_centre():
    assert SUBMISSION_ROUTES["senior"].steps_zh[-1] == "内蒙古人事人才公共服务中心"
    assert SUBMISSION_ROUTES["directional_senior"].steps_zh[2] == "区人力资源和社会保障部门复核"


def test_TITLE_16_honours_eight_full_senior_four_one_level_up():
    effects = [h.effect for h in catalogue.HONOURS]
    assert effects.count(catalogue.HONOUR_FULL_SENIOR) == 8
    assert effects.count(catalogue.HONOUR_ONE_LEVEL_UP) == 4


def test_GREEN_02_eight_categories_with_evidence_and_GREEN_03_region_for_1_to_5():
    assert sorted(catalogue.GREEN_BY_NUMBER) == list(range(1, 9))
    for category in catalogue.GREEN_CATEGORIES:
        assert category.evidence_all or category.evidence_any
        assert category.region_committee is (category.number <= 5)


def test_TITLE_02_windows_2023():
    closes = {w.group: w.closes_on for w in catalogue.WINDOWS if w.year == 2023}
    assert closes == {
        "senior": date(2023, 6, 9),
        "intermediate_junior": date(2023, 7, 14),
        "teachers": date(2023, 7, 31),
        "directional_senior": date(2023, 7, 31),
    }
    assert {w.review_ends_on for w in catalogue.WINDOWS} == {date(2023, 9, 30)}


def test_TITLE_11_teacher_full_senior_quota_2023():
    assert catalogue.TEACHER_FULL_SENIOR_QUOTAS[2023] == 6


# --- database: seeded by migration, read by the selector ---------------------------------------------------------


@pytest.mark.django_db
def test_TITLE_06_migration_seeds_catalogue():
    assert Series.objects.count() == len(catalogue.SERIES)
    assert RoutingEntry.objects.count() == len(ROUTING)
    assert Series.objects.get(key="lawyer").parent.key == "law"
    assert EvaluationYear.objects.get(year=2023).teacher_full_senior_quota == 6
    # TITLE-02: the four dated windows of Doc B §二(一)1 and the two "另行安排" groups of §二(一)2 without dates.
    assert ApplicationWindow.objects.filter(evaluation_year__year=2023, closes_on__isnull=False).count() == 4
    undated = ApplicationWindow.objects.filter(evaluation_year__year=2023, closes_on__isnull=True)
    assert set(undated.values_list("group", flat=True)) == {"exam_review_senior", "separate_series"}


@pytest.mark.django_db
def test_TITLE_06_catalogue_snapshot_equals_constants():
    stored = catalogue_snapshot()
    constants = default_catalogue()
    assert stored.series == constants.series
    assert sorted(stored.routing, key=repr) == sorted(constants.routing, key=repr)
    assert sorted(stored.windows, key=repr) == sorted(constants.windows, key=repr)
    assert stored.teacher_full_senior_quotas == {2023: 6}


@pytest.mark.django_db
def test_TITLE_06_catalogue_snapshot_fixed_query_count(django_assert_num_queries):
    with django_assert_num_queries(4):
        catalogue_snapshot()
    Series.objects.create(key="extra_one", name_zh="测试一", name_en="Test one", levels=["intermediate"],
                          parent=Series.objects.get(key="engineering"))
    Series.objects.create(key="extra_two", name_zh="测试二", name_en="Test two", levels=["intermediate"])
    with django_assert_num_queries(4):
        snapshot = catalogue_snapshot()
    assert snapshot.series["extra_one"].parent == "engineering"


@pytest.mark.django_db
def test_TITLE_02_window_edit_in_database_is_used():
    window = ApplicationWindow.objects.get(evaluation_year__year=2023, group="senior")
    window.closes_on = date(2023, 6, 20)
    window.save(update_fields=["closes_on"])
    assert catalogue_snapshot().window(2023, "senior").closes_on == date(2023, 6, 20)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_on": date(2024, 1, 5), "review_ends_on": date(2024, 3, 1)}, "closes_on"),
        ({"opens_on": date(2022, 12, 31)}, "opens_on"),
        ({"opens_on": date(2023, 6, 10)}, "opens_on"),
        ({"review_ends_on": None}, "review_ends_on"),
        ({"closes_on": None}, "closes_on"),
    ],
)
def test_TITLE_02_window_dates_outside_the_year_or_out_of_order_invalid(changes, field):
    from django.core.exceptions import ValidationError

    values = {"opens_on": date(2023, 5, 1), "closes_on": date(2023, 6, 9), "review_ends_on": date(2023, 9, 30)}
    window = ApplicationWindow(evaluation_year=EvaluationYear.objects.get(year=2023), group="senior",
                               **{**values, **changes})
    with pytest.raises(ValidationError) as error:
        window.clean()
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_TITLE_02_window_inside_the_year_or_not_yet_announced_valid():
    year = EvaluationYear.objects.get(year=2023)
    ApplicationWindow(evaluation_year=year, group="senior", opens_on=date(2023, 1, 1), closes_on=date(2023, 12, 31),
                      review_ends_on=date(2023, 12, 31)).clean()
    ApplicationWindow(evaluation_year=year, group="exam_review_senior").clean()


@pytest.mark.django_db
def test_TITLE_02_review_across_year_invalid():
    from django.core.exceptions import ValidationError

    window = ApplicationWindow(evaluation_year=EvaluationYear.objects.get(year=2023), group="senior",
                               closes_on=date(2023, 6, 9), review_ends_on=date(2024, 1, 10))
    with pytest.raises(ValidationError):
        window.clean()


@pytest.mark.django_db
def test_TITLE_06_series_level_validation():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Series(key="x", name_zh="x", name_en="x", levels=["expert"]).clean()
