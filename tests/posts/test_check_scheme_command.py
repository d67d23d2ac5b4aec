"""manage.py check_scheme — INTERFACES.md §1: exit 0 / 1 / 2, text and JSON output. No database."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from posts.scheme_io import parse_schemes, write_workbook

# The command reads the ratio profiles HR stored (POST-03), so every test needs the database.
pytestmark = pytest.mark.django_db

COMPLIANT = {
    "unit": {"name": "乌海市第一中学", "jurisdiction": "city", "affiliation": "city_direct", "sector": "education"},
    "management": {"6": 1, "8": 2},
    "professional": {"4": 1, "7": 4, "9": 5, "10": 4, "11": 3, "12": 3},
}
OVER_SENIOR = {  # POST-03: 6 senior of 20, cap 5
    "unit": {"name": "乌海市第二中学", "jurisdiction": "city", "affiliation": "city_direct"},
    "professional": {"7": 6, "9": 4, "10": 4, "11": 3, "12": 3},
}


def run(path, *extra):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_scheme", str(path), *extra, stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), err.getvalue()


def write_json(tmp_path, data, name="scheme.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_check_scheme_compliant_exit_0(tmp_path):
    code, out, _ = run(write_json(tmp_path, COMPLIANT))
    assert code == 0
    assert "乌海市第一中学" in out and "结论：通过" in out


def test_check_scheme_POST_03_error_exit_1_text(tmp_path):
    code, out, _ = run(write_json(tmp_path, OVER_SENIOR))
    assert code == 1
    assert "[错误] POST-03（senior）高级岗位 6 个，超过控制数 5 个（2.5:4.5:3，共 20 个专业技术岗位）" in out
    assert "建议（POST-13）：向下调剂 1 个岗位：七级 → 八级 1 个" in out


def test_check_scheme_POST_03_error_exit_1_json(tmp_path):
    code, out, _ = run(write_json(tmp_path, OVER_SENIOR), "--format", "json")
    payload = json.loads(out)
    assert code == 1 and payload["ok"] is False
    (finding,) = payload["units"][0]["findings"]
    assert (finding["rule"], finding["severity"], finding["scope"], finding["actual"], finding["limit"]) == (
        "POST-03", "error", "senior", 6, 5,
    )  # fmt: skip
    assert payload["units"][0]["suggestion"]["professional"]["8"] == 1
    assert payload["aggregate"] == []


def test_check_scheme_warning_only_exit_0(tmp_path):
    data = {**COMPLIANT, "management": {"8": 20}}  # POST-01 warning
    code, out, _ = run(write_json(tmp_path, data), "--format", "json")
    assert code == 0 and json.loads(out)["units"][0]["findings"][0]["severity"] == "warning"


def test_check_scheme_batch_POST_02_aggregate_exit_1(tmp_path):
    unit_a = {**COMPLIANT, "professional": {"4": 1, "7": 4, "10": 9, "12": 6}}
    unit_b = {
        **COMPLIANT,
        "unit": {**COMPLIANT["unit"], "name": "乙"},
        "professional": {"4": 1, "7": 4, "10": 9, "12": 6},
    }
    code, out, _ = run(write_json(tmp_path, {"units": [unit_a, unit_b]}), "--format", "json")
    assert code == 0 and json.loads(out)["aggregate"] == []
    unit_b["professional"] = {"4": 1, "7": 5, "10": 8, "12": 6}  # per unit POST-03 error too
    code, out, _ = run(write_json(tmp_path, {"units": [unit_a, unit_b]}), "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert [f["scope"] for f in payload["aggregate"] if f["rule"] == "POST-02"] == ["jurisdiction:city:senior"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"unit": {"name": "甲", "jurisdiction": "city", "affiliation": "city_direct"}, "professional": {"9": -1}}',
         "professional.9"),
        ('{"unit": {"name": "甲", "jurisdiction": "city", "affiliation": "city_direct"}, "professional": {"14": 1}}',
         "professional.14"),
        ('{"unit": {"name": "甲", "jurisdiction": "mars", "affiliation": "city_direct"}}', "unit.jurisdiction"),
        ('{"professional": {"9": 1}}', "unit"),
        ("{broken", "file"),
    ],
)  # fmt: skip
def test_check_scheme_unreadable_exit_2_names_file_and_field(tmp_path, content, expected):
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(path)
    assert code == 2
    assert "input.json" in err and expected in err


def test_check_scheme_unreadable_json_format_reports_error(tmp_path):
    path = tmp_path / "input.json"
    path.write_text(
        '{"unit": {"name": "甲", "jurisdiction": "city", "affiliation": "city_direct"}, "worker": {"9": 1}}'
    )
    code, out, _ = run(path, "--format", "json")
    assert code == 2 and json.loads(out)["error"]["field"] == "worker.9"


def test_check_scheme_missing_file_exit_2(tmp_path):
    code, _, err = run(tmp_path / "nowhere.json")
    assert code == 2 and "nowhere.json" in err


def test_check_scheme_xlsx_round_trip_exit_codes(tmp_path):
    path = tmp_path / "schemes.xlsx"
    write_workbook(parse_schemes(COMPLIANT), path)
    assert run(path)[0] == 0
    write_workbook(parse_schemes({"units": [COMPLIANT, OVER_SENIOR]}), path)
    code, out, _ = run(path, "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert [u["name"] for u in payload["units"]] == ["乌海市第一中学", "乌海市第二中学"]
    assert "suggestion" in payload["units"][1] and "suggestion" not in payload["units"][0]


def test_check_scheme_broken_xlsx_exit_2(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip at all")
    code, _, err = run(path)
    assert code == 2 and "broken.xlsx" in err


def test_POST_03_check_scheme_uses_the_profile_hr_stored(tmp_path):
    """POST-03: standards are data. 4 senior posts of 20 pass the city default (25%); a stored education profile
    of 15% for the same jurisdiction turns the same file into an error naming POST-03."""
    from decimal import Decimal

    from posts.models import RatioProfile

    data = {
        "unit": {"name": "乌海市某某中学", "jurisdiction": "city", "affiliation": "city_direct", "sector": "education"},
        "professional": {"5": 0, "6": 2, "7": 2, "8": 3, "9": 4, "10": 3, "11": 3, "12": 3},
    }
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(path, "--format", "json")
    assert code == 0, out
    RatioProfile.objects.create(
        jurisdiction="city",
        sector="education",
        senior_cap=Decimal("0.15"),
        senior_intermediate_cap=Decimal("0.70"),
        effective_year=2024,
        label="1.5:5.5:3",
    )
    code, out, _err = run(path, "--format", "json")
    assert code == 1
    findings = json.loads(out)["units"][0]["findings"]
    assert any(f["rule"] == "POST-03" and f["scope"] == "senior" and f["limit"] == 3 for f in findings)


def test_check_scheme_missing_file_exits_2_naming_it(tmp_path):
    for name in ("absent.json", "absent.xlsx"):
        code, _out, err = run(tmp_path / name)
        assert code == 2
        assert name in err and "文件不存在" in err


# A compliant district school: 高级 10 of 50 = 20 % is within the knowledge-intensive per-unit cap (POST-03), but above
# the district's overall 18 % (POST-02) — an aggregate finding only a batch may carry.
DISTRICT_SCHOOL = {
    "unit": {"name": "海勃湾区第一小学", "jurisdiction": "haibowan", "affiliation": "district", "sector": "education"},
    "professional": {"5": 1, "6": 4, "7": 5, "8": 6, "9": 8, "10": 7, "11": 8, "12": 8, "13": 3},
}


def test_check_scheme_single_sheet_workbook_equals_the_json_unit(tmp_path):
    """A one-sheet workbook is one unit, exactly like the same unit as JSON: no aggregate checks (INTERFACES §1)."""
    workbook = tmp_path / "one.xlsx"
    write_workbook(parse_schemes(DISTRICT_SCHOOL), workbook)
    as_json = run(write_json(tmp_path, DISTRICT_SCHOOL), "--format", "json")
    as_xlsx = run(workbook, "--format", "json")
    assert as_xlsx[0] == as_json[0] == 0
    assert json.loads(as_xlsx[1]) == json.loads(as_json[1])
    assert json.loads(as_xlsx[1])["aggregate"] == []


def test_check_scheme_multi_sheet_workbook_is_a_batch_POST_02(tmp_path):
    second = {**DISTRICT_SCHOOL, "unit": {**DISTRICT_SCHOOL["unit"], "name": "海勃湾区第二小学"}}
    workbook = tmp_path / "two.xlsx"
    write_workbook(parse_schemes({"units": [DISTRICT_SCHOOL, second]}), workbook)
    code, out, _ = run(workbook, "--format", "json")
    assert code == 1
    assert "jurisdiction:haibowan:senior" in {f["scope"] for f in json.loads(out)["aggregate"]}


def test_check_scheme_blank_extra_sheet_is_ignored(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "spare.xlsx"
    write_workbook(parse_schemes(DISTRICT_SCHOOL), path)
    workbook = load_workbook(path)
    workbook.create_sheet("Sheet2")
    workbook.save(path)
    code, out, _ = run(path, "--format", "json")
    assert code == 0 and len(json.loads(out)["units"]) == 1 and json.loads(out)["aggregate"] == []


def test_check_scheme_formula_without_saved_value_exit_2_names_cell(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "formula.xlsx"
    write_workbook(parse_schemes(DISTRICT_SCHOOL), path)
    workbook = load_workbook(path)
    workbook.worksheets[0]["H15"] = "=3+4"  # openpyxl saves no cached result, like a file never opened in Excel
    workbook.save(path)
    code, out, err = run(path, "--format", "json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["field"].endswith("!H15") and "公式" in error["message"]


@pytest.mark.parametrize("kind", ["billion_laughs", "external_entity", "truncated"])
def test_check_scheme_hostile_sheet_xml_exit_2(tmp_path, kind):
    from tests.posts.hostile import hostile_workbook

    path = hostile_workbook(tmp_path, kind, parse_schemes(DISTRICT_SCHOOL))
    code, out, err = run(path, "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["field"] == "file" and "Traceback" not in err


def test_check_scheme_duplicate_key_exit_2(tmp_path):
    """Plain JSON keeps the last of two equal keys silently; the check refuses instead."""
    path = tmp_path / "dup.json"
    path.write_text('{"unit": {"name": "x", "jurisdiction": "city", "affiliation": "city_direct"}, '
                    '"professional": {"7": 3, "7": 30}}', encoding="utf-8")  # fmt: skip
    code, out, _ = run(path, "--format", "json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["field"] == "7" and "twice" in error["message_en"]


def test_check_scheme_unknown_sector_exit_2_lists_accepted_keys(tmp_path):
    data = {**COMPLIANT, "unit": {**COMPLIANT["unit"], "sector": "educaton"}}
    code, out, _ = run(write_json(tmp_path, data), "--format", "json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["field"] == "unit.sector" and "education" in error["message_en"] and "general" in error["message_en"]


def test_check_scheme_absent_sector_is_general(tmp_path):
    data = {**COMPLIANT, "unit": {k: v for k, v in COMPLIANT["unit"].items() if k != "sector"}}
    assert run(write_json(tmp_path, data))[0] == 0
