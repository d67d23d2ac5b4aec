"""posts.scheme_io — INTERFACES.md §1 parsing, the attachment-2 workbook and the report shape. No database."""

import copy
import json
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from posts.rules import SpecialPost
from posts.scheme_io import (
    SchemeInputError,
    UnitResult,
    parse_schemes,
    read_scheme_file,
    read_workbook,
    report,
    scheme_as_dict,
    scheme_check,
    write_workbook,
)
from posts.suggestion import Suggestion

EXAMPLE = {
    "unit": {
        "name": "乌海市某某中学",
        "jurisdiction": "city",
        "affiliation": "city_direct",
        "sector": "education",
        "public_service_professional": True,
        "senior_grade_exempt": False,
    },
    "management": {"3": 0, "4": 0, "5": 1, "6": 2, "7": 3, "8": 4, "9": 2, "10": 0},
    "professional": {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2, "6": 4, "7": 4, "8": 9, "9": 12, "10": 9, "11": 10,
                     "12": 10, "13": 2},
    "worker": {"1": 0, "2": 0, "3": 1, "4": 1, "5": 0, "general": 2},
    "directional": {"5": 0, "6": 0, "7": 0},
    "quotas": {"full_senior": 4},
    "special": [{"category": "professional", "grade": 6, "count": 1}],
}  # fmt: skip


def with_change(path, value):
    data = copy.deepcopy(EXAMPLE)
    target = data
    *parents, last = path
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


def test_scheme_input_parses_interfaces_example():
    (scheme,) = parse_schemes(EXAMPLE)
    assert scheme.name == "乌海市某某中学"
    assert scheme.professional[9] == 12 and 1 not in scheme.professional
    assert scheme.worker == {"3": 1, "4": 1, "general": 2}
    assert scheme.quota_full_senior == 4
    assert scheme.special == (SpecialPost("professional", 6, 1),)


def test_scheme_input_defaults_and_missing_grades_zero():
    (scheme,) = parse_schemes({"unit": {"name": "甲", "jurisdiction": "wuda", "affiliation": "district"}})
    assert (scheme.sector, scheme.public_service_professional, scheme.senior_grade_exempt) == ("general", True, False)
    assert scheme.professional_total == 0 and scheme.quota_full_senior is None and scheme.special == ()


def test_scheme_input_batch_and_round_trip():
    units = parse_schemes({"units": [EXAMPLE, scheme_as_dict(parse_schemes(EXAMPLE)[0])]})
    assert units[0] == units[1]


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("professional", "9"), -1, "professional.9"),
        (("professional", "9"), 2.5, "professional.9"),
        (("professional", "9"), 3.0, "professional.9"),
        (("professional", "9"), True, "professional.9"),
        (("professional", "9"), "3", "professional.9"),
        (("professional", "14"), 1, "professional.14"),
        (("management", "2"), 1, "management.2"),
        (("worker", "6"), 1, "worker.6"),
        (("directional", "4"), 1, "directional.4"),
        (("unit", "jurisdiction"), "baotou", "unit.jurisdiction"),
        (("unit", "jurisdiction"), KeyError, "unit.jurisdiction"),
        (("unit", "affiliation"), "province", "unit.affiliation"),
        (("unit", "affiliation"), "district", "unit.affiliation"),  # city unit cannot be 区属
        (("unit", "name"), "", "unit.name"),
        (("unit", "public_service_professional"), "yes", "unit.public_service_professional"),
        (("unit", "sector"), 3, "unit.sector"),
        (("unit", "colour"), "red", "unit.colour"),
        (("professional",), [1, 2], "professional"),
        (("quotas", "full_senior"), -4, "quotas.full_senior"),
        (("special",), {"grade": 6}, "special"),
        (("special", 0, "grade"), 14, "special[0].grade"),
        (("special", 0, "category"), "management", "special[0].category"),
        (("special", 0, "count"), None, "special[0].count"),
        (("unit",), KeyError, "unit"),
        (("extra",), 1, "extra"),
    ],
)
def test_scheme_input_error_names_field(path, value, field):
    with pytest.raises(SchemeInputError) as error:
        parse_schemes(with_change(path, value))
    assert error.value.field == field
    assert error.value.message and error.value.message_en


def test_scheme_input_batch_error_names_unit_index():
    bad = with_change(("professional", "9"), -2)
    with pytest.raises(SchemeInputError) as error:
        parse_schemes({"units": [EXAMPLE, bad]})
    assert error.value.field == "units[1].professional.9"


@pytest.mark.parametrize("data", [[], {"units": []}, {"units": "x"}, "text", {"foo": 1}])
def test_scheme_input_missing_unit_refused(data):
    with pytest.raises(SchemeInputError):
        parse_schemes(data)


def test_scheme_input_json_file_errors_name_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SchemeInputError) as error:
        read_scheme_file(path)
    assert "bad.json" in str(error.value)
    with pytest.raises(SchemeInputError):
        read_scheme_file(tmp_path / "scheme.csv")
    with pytest.raises(SchemeInputError):
        read_scheme_file(tmp_path / "missing.json")


# ------------------------------------------------------------------------------------------------------------- xlsx


def test_scheme_xlsx_round_trip(tmp_path):
    district = with_change(("unit",), {"name": "海南区某某卫生院", "jurisdiction": "hainan", "affiliation": "district",
                                       "sector": "health", "senior_grade_exempt": True})  # fmt: skip
    district["directional"] = {"6": 2}
    district.pop("quotas")
    schemes = parse_schemes({"units": [EXAMPLE, district]})
    path = tmp_path / "schemes.xlsx"
    write_workbook(schemes, path)
    assert read_workbook(path) == schemes
    assert load_workbook(path).sheetnames == ["乌海市某某中学", "海南区某某卫生院"]


def _workbook_with(tmp_path, change):
    path = tmp_path / "scheme.xlsx"
    write_workbook(parse_schemes(EXAMPLE), path)
    workbook = load_workbook(path)
    change(workbook.active)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "value", "field"),
    [
        ("A1", "别的表", "乌海市某某中学!A1"),
        ("C13", "一级", "乌海市某某中学!C13"),  # the 等级 row of 专业技术岗位 starts at 二
        ("J15", -1, "乌海市某某中学!J15"),  # professional grade 9
        ("J15", 2.5, "乌海市某某中学!J15"),
        ("J15", "很多", "乌海市某某中学!J15"),
        ("E9", -1, "乌海市某某中学!E9"),  # management grade 5
        ("H19", "x", "乌海市某某中学!H19"),  # 普通工
        ("B31", -2, "乌海市某某中学!B31"),  # professional grade 1
        ("A3", "单位名称", "乌海市某某中学!A3"),
        ("F3", "规格", "乌海市某某中学!F3"),
        ("B25", "包头市", "乌海市某某中学!B25"),
        ("B26", "区属", "乌海市某某中学!B26"),
        ("B28", "也许", "乌海市某某中学!B28"),
        ("B36", "管理岗位", "乌海市某某中学!B36"),
    ],
)
def test_scheme_xlsx_error_names_sheet_and_cell(tmp_path, cell, value, field):
    def change(sheet):
        sheet[cell] = value

    with pytest.raises(SchemeInputError) as error:
        read_workbook(_workbook_with(tmp_path, change))
    assert error.value.field == field


def test_scheme_xlsx_text_digits_and_integral_floats_accepted(tmp_path):
    def change(sheet):
        sheet["J15"] = "9"
        sheet["K15"] = 12.0

    (scheme,) = read_workbook(_workbook_with(tmp_path, change))
    assert (scheme.professional[9], scheme.professional[10]) == (9, 12)


def test_scheme_xlsx_not_a_workbook_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SchemeInputError) as error:
        read_scheme_file(path)
    assert error.value.field == "file" and "fake.xlsx" in str(error.value)


def test_scheme_xlsx_zip_without_workbook_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(SchemeInputError):
        read_workbook(path)


def test_scheme_xlsx_decompression_bomb_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 30_000_000)
    with pytest.raises(SchemeInputError) as error:
        read_workbook(path)
    assert "bomb" in error.value.message_en


def test_scheme_xlsx_huge_sheet_refused(tmp_path):
    path = tmp_path / "huge.xlsx"
    workbook = Workbook()
    workbook.active["A1"] = "内蒙古自治区事业单位岗位设置备案表"
    workbook.active["A5000"] = 1
    workbook.save(path)
    with pytest.raises(SchemeInputError) as error:
        read_workbook(path)
    assert error.value.field.endswith("!A1") and "too large" in error.value.message_en


# ----------------------------------------------------------------------------------------------------------- report


def test_scheme_report_shape_compliant_unit_has_no_suggestion():
    payload = report(*scheme_check(parse_schemes(EXAMPLE)))
    assert payload == {"ok": True, "units": [{"name": "乌海市某某中学", "findings": []}], "aggregate": []}
    json.dumps(payload)


def test_scheme_report_unit_with_error_has_suggestion():
    data = with_change(("professional", "7"), 12)
    payload = report(*scheme_check(parse_schemes(data)))
    unit = payload["units"][0]
    assert payload["ok"] is False
    assert {"rule", "severity", "scope", "actual", "limit", "message"} <= set(unit["findings"][0])
    assert set(unit["suggestion"]["professional"]) == {str(g) for g in range(1, 14)}
    assert sum(unit["suggestion"]["professional"].values()) == sum(data["professional"].values())


def test_scheme_report_suggestion_null_when_none_exists():
    (scheme,) = parse_schemes(with_change(("professional", "7"), 12))
    results, _ = scheme_check([scheme])
    impossible = Suggestion(None, reason="层级岗位过少", reason_en="the level is too small for its sub-ratio")
    payload = report([UnitResult(scheme, results[0].findings, impossible)], [])
    assert payload["units"][0]["suggestion"] is None
    assert payload["units"][0]["suggestion_reason_en"] == "the level is too small for its sub-ratio"


def test_scheme_report_warning_only_is_ok():
    data = with_change(("management", "8"), 40)  # POST-01 warning only
    payload = report(*scheme_check(parse_schemes(data)))
    assert payload["ok"] is True and "suggestion" not in payload["units"][0]
    assert payload["units"][0]["findings"][0]["rule"] == "POST-01"


def test_scheme_report_aggregate_only_for_batch():
    single = report(*scheme_check(parse_schemes(with_change(("professional", "7"), 12))))
    assert single["aggregate"] == []
    batch = report(*scheme_check(parse_schemes({"units": [with_change(("professional", "7"), 20), EXAMPLE]})))
    assert {f["scope"] for f in batch["aggregate"]} >= {"jurisdiction:city:senior"}
    one = {"units": [with_change(("professional", "7"), 20)]}
    batch_of_one = report(*scheme_check(parse_schemes(one), batch=True))
    assert "jurisdiction:city:senior" in {f["scope"] for f in batch_of_one["aggregate"]}


def test_scheme_xlsx_legacy_layout_still_read(tmp_path):
    """Workbooks exported by earlier versions (fields in column A from row 2, blocks at rows 10–17) still import."""
    from posts import scheme_io

    path = tmp_path / "legacy.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = scheme_io.SHEET_TITLE
    values = ["乌海市某某中学", "市本级", "市直属", "education", "是", "否", 4]
    for (row, label), value in zip(scheme_io._LEGACY_FIELDS, values, strict=True):
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, value)
    counts = {"professional": {3: 1, 4: 2, 9: 12}, "management": {5: 1}, "worker": {"general": 2}}
    for row, label, key, grades, labels in scheme_io._LEGACY_BLOCKS:
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, "等级")
        sheet.cell(row + 1, 2, "数量")
        for index, (grade, text) in enumerate(zip(grades, labels, strict=True)):
            sheet.cell(row, 3 + index, text)
            sheet.cell(row + 1, 3 + index, counts.get(key, {}).get(grade, 0))
    for column, text in enumerate(scheme_io._SPECIAL_LABELS, start=1):
        sheet.cell(20, column, text)
    workbook.save(path)
    (scheme,) = read_workbook(path)
    assert (scheme.name, scheme.jurisdiction, scheme.quota_full_senior) == ("乌海市某某中学", "city", 4)
    assert (
        scheme.professional == {3: 1, 4: 2, 9: 12} and scheme.management == {5: 1} and scheme.worker == {"general": 2}
    )


def test_scheme_xlsx_paper_form_without_the_check_block_refused_naming_cell(tmp_path):
    """A sheet with only the paper form's rows lacks 所属地区 etc.: refused, naming the first missing label's cell."""

    def change(sheet):
        for row in sheet.iter_rows(min_row=24, max_row=40):
            for cell in row:
                cell.value = None

    with pytest.raises(SchemeInputError) as error:
        read_workbook(_workbook_with(tmp_path, change))
    assert error.value.field == "乌海市某某中学!A24"


def test_scheme_xlsx_workbook_of_blank_sheets_refused(tmp_path):
    path = tmp_path / "blank.xlsx"
    Workbook().save(path)
    with pytest.raises(SchemeInputError) as error:
        read_workbook(path)
    assert error.value.field == "file" and "no sheet with content" in error.value.message_en
