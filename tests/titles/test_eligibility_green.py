"""GREEN-01/02/03 green channel (绿色通道). Pure: no database."""

from datetime import date

import pytest

from tests.titles.eligibility_helpers import ANNOUNCED, check, green, refusal, refusal_rules, routes, title

SENIOR_DAY = date(2023, 6, 1)
REGION_GREEN = "内蒙古自治区绿色通道高级职称评审委员会"


def _green(claim, target="deputy_senior", as_of=SENIOR_DAY, **kw):
    return check(green_channel=claim, target_level=target, as_of=as_of, **kw)


def test_GREEN_02_category_1_complete_senior_directly_at_region_committee():
    result = _green(green(1, ["achievement_appraisal"], ["city_government"]))
    assert routes(result) == [("green_channel", "deputy_senior", "GREEN-02")]
    route = result.routes[0]
    assert route.committee.zh == REGION_GREEN  # GREEN-03
    assert route.submission_route == "region_green"
    assert any("不受岗位数额" in t.zh for t in route.conditions)  # GREEN-01


def test_GREEN_02_category_1_without_recommendation_refused_naming_it():
    result = _green(green(1, ["achievement_appraisal"], []))
    assert result.routes == ()
    assert "市人民政府研究推荐" in refusal(result, "GREEN-02").message


def test_GREEN_02_category_2_full_senior_directly():
    result = _green(green(2, ["talent_introduction_certificate"]), target="full_senior")
    assert routes(result) == [("green_channel", "full_senior", "GREEN-02")]


def test_GREEN_02_category_2_not_for_intermediate():
    result = _green(green(2, ["talent_introduction_certificate"]), target="intermediate", as_of=date(2023, 7, 1))
    assert routes(result, "GREEN-02") == []


def test_GREEN_02_category_3_postdoc_deputy_senior_recognition():
    claim = green(3, ["postdoc_funding", "stays_in_wuhai"], ["unit_assessment", "city_hr"])
    assert routes(_green(claim)) == [("green_channel", "deputy_senior", "GREEN-02")]


def test_GREEN_02_category_3_without_unit_assessment_refused():
    claim = green(3, ["postdoc_funding", "stays_in_wuhai"], ["city_hr"])
    assert "用人单位考核合格" in refusal(_green(claim), "GREEN-02").message


@pytest.mark.parametrize(("letters", "open_"), [(1, False), (2, True)])
def test_GREEN_02_category_4_needs_two_peer_letters(letters, open_):
    claim = green(4, ["outstanding_record"], ["region_department"], peer_letters=letters)
    result = _green(claim, education="college")
    assert bool(routes(result, "GREEN-02")) is open_
    if not open_:
        assert "现有 1 名" in refusal(result, "GREEN-02").message


@pytest.mark.parametrize(("first", "open_"), [(True, True), (False, False)])
def test_GREEN_02_category_5_first_application_only(first, open_):
    claim = green(5, ["overseas_work_record"], ["city_government"])
    assert bool(routes(_green(claim, first_application=first), "GREEN-02")) is open_


def test_GREEN_02_category_6_programme_level1_full_senior_normal_committee():
    result = _green(green(6, ["programme_selection"], programme="new_era_l1"), target="full_senior")
    assert routes(result) == [("green_channel", "full_senior", "GREEN-02")]
    assert result.routes[0].committee.zh != REGION_GREEN  # GREEN-03: categories 6–8 → the normal committee


def test_GREEN_02_category_6_programme_level2_one_level_up():
    claim = green(6, ["programme_selection"], programme="new_era_l2")
    result = _green(claim, current_title=title("intermediate", date(2022, 1, 1)))
    assert routes(result, "GREEN-02") == [("green_channel", "deputy_senior", "GREEN-02")]


def test_GREEN_02_category_6_level3_intermediate_only_in_district_or_below():
    claim = green(6, ["programme_selection"], programme="new_era_l3")
    district = _green(claim, target="intermediate", as_of=date(2023, 7, 1), unit_location="district")
    city = _green(claim, target="intermediate", as_of=date(2023, 7, 1), unit_location="city")
    assert routes(district, "GREEN-02") == [("green_channel", "intermediate", "GREEN-02")]
    assert routes(city, "GREEN-02") == []


@pytest.mark.parametrize(("first", "open_"), [(True, True), (False, False)])
def test_GREEN_02_category_7_civil_servant_transferee_first_application(first, open_):
    claim = green(7, ["transfer_record"])
    result = _green(claim, target="intermediate", as_of=date(2023, 7, 1), first_application=first)
    assert bool(routes(result, "GREEN-02")) is open_


def test_GREEN_02_category_8_city_institution_only():
    claim = green(8, ["one_case_decision"], ["unit_review"])
    assert routes(_green(claim), "GREEN-02") == [("green_channel", "deputy_senior", "GREEN-02")]
    assert "市直事业单位" in refusal(_green(claim, employment="enterprise"), "GREEN-02").message


def test_GREEN_01_used_once_before_refused():
    result = _green(green(1, ["achievement_appraisal"], ["city_government"]), used_green_before=True)
    assert result.routes == ()
    assert refusal_rules(result) == ["GREEN-01"]


def test_GREEN_01_exam_review_series_still_needs_exam():
    claim = green(2, ["talent_introduction_certificate"])
    without = _green(claim, series="statistics")
    assert refusal(without, "TITLE-13").route == "green_channel"
    assert routes(_green(claim, series="statistics", exam_passed=True, catalogue=ANNOUNCED)) == [
        ("green_channel", "deputy_senior", "GREEN-02")]


def test_GREEN_01_window_still_applies():
    result = _green(green(2, ["talent_introduction_certificate"]), as_of=date(2023, 6, 10))
    assert refusal_rules(result) == ["TITLE-02"]


@pytest.mark.parametrize(
    ("claim", "target", "says"),
    [
        (green(1, ["achievement_appraisal"], ["city_government"]), "intermediate", "第1类仅可直接申报高级职称"),
        (green(2, ["talent_introduction_certificate"]), "assistant", "第2类仅可直接申报高级职称"),
        (green(3, ["postdoc_funding", "stays_in_wuhai"], ["unit_assessment", "city_hr"]), "full_senior",
         "直接申报认定副高级职称"),
        (green(6, ["programme_selection"]), "intermediate", "须选择所列入的人才培养项目"),
        (green(6, ["programme_selection"], programme="new_era_l1"), "deputy_senior", "可直接申报正高级职称"),
    ],
)  # fmt: skip
def test_GREEN_02_level_the_category_does_not_lead_to_says_what_it_allows(claim, target, says):
    result = _green(claim, target=target, as_of=date(2023, 6, 1))
    assert routes(result, "GREEN-02") == []
    found = [r for r in result.refusals if r.rule == "GREEN-02"]
    assert found and says in found[0].message and found[0].level == target


@pytest.mark.parametrize("category", [4, 5, 7, 8])
def test_GREEN_02_matching_title_categories_without_target_level_ask_for_it(category):
    result = _green(green(category), target=None, as_of=date(2023, 6, 1))
    assert "须指明申报级别" in refusal(result, "GREEN-02").message
    assert routes(result, "GREEN-02") == []


def test_GREEN_02_missing_items_in_english_have_no_chinese():
    result = _green(green(1), as_of=date(2023, 6, 1))
    english = refusal(result, "GREEN-02").message_en
    assert "evidence of achievements" in english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)
