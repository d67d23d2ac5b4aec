"""``manage.py check_eligibility FILE [--format text|json]`` (INTERFACES §3) on the migrated catalogue."""

import json

import pytest
from django.core.management import call_command

EXAMPLE = """{
  "year": 2023,
  "as_of": "2023-07-14",
  "employment": "institution",
  "unit_location": "city",
  "education": "bachelor",
  "full_time": true,
  "degree": "bachelor",
  "graduated_on": "2022-07-01",
  "field_matches": true,
  "work_started_on": "2022-07-15",
  "years_in_district": 0,
  "years_in_township": 0,
  "series": "engineering",
  "current_title": null,
  "target_level": "assistant"
}"""

OPEN = EXAMPLE.replace('"2022-07-15"', '"2022-07-14"')

BATCH = """{"applicants": [
  {"name": "甲", "year": 2023, "as_of": "2023-06-01", "employment": "civil_servant", "unit_location": "city",
   "education": "bachelor", "full_time": true, "degree": "bachelor", "graduated_on": "2010-07-01",
   "field_matches": true, "work_started_on": "2010-07-15", "years_in_district": 0, "years_in_township": 0,
   "series": "engineering", "current_title": null, "target_level": "intermediate"},
  {"name": "乙", "year": 2023, "as_of": "2023-06-01", "employment": "institution", "unit_location": "district",
   "education": "bachelor", "full_time": true, "degree": "bachelor", "graduated_on": "2005-07-01",
   "field_matches": true, "work_started_on": "2005-07-15", "years_in_district": 18, "years_in_township": 0,
   "series": "health", "current_title": {"level": "intermediate", "series": "health", "obtained_on": "2018-06-01"},
   "target_level": "deputy_senior", "exam_passed": true, "directional": true}
]}"""


def _run(tmp_path, text, *args):
    path = tmp_path / "applicant.json"
    path.write_text(text, encoding="utf-8")
    call_command("check_eligibility", str(path), *args)


def _json(tmp_path, capsys, text):
    _run(tmp_path, text, "--format", "json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_RECOG_01_command_interfaces_example_one_day_short(tmp_path, capsys):
    output = _json(tmp_path, capsys, EXAMPLE)
    entry = output["applicants"][0]
    assert entry["routes"] == []
    assert entry["refusals"][0]["rule"] == "RECOG-01"
    assert entry["refusals"][0]["missing_days"] == 1
    assert "还差 1 天满 1 年" in entry["refusals"][0]["message"]


@pytest.mark.django_db
def test_RECOG_01_command_exactly_one_year_route(tmp_path, capsys):
    route = _json(tmp_path, capsys, OPEN)["applicants"][0]["routes"][0]
    assert {k: route[k] for k in ("route", "level", "rule")} == {
        "route": "recognition", "level": "assistant", "rule": "RECOG-01"}


@pytest.mark.django_db
def test_TITLE_01_TITLE_20_command_batch(tmp_path, capsys):
    entries = _json(tmp_path, capsys, BATCH)["applicants"]
    assert entries[0]["name"] == "甲"
    assert [r["rule"] for r in entries[0]["refusals"]] == ["TITLE-01"]
    assert [(r["route"], r["level"], r["rule"]) for r in entries[1]["routes"]] == [
        ("review", "deputy_senior", "TITLE-20")]
    assert entries[1]["routes"][0]["committee"].startswith("乌海市卫生健康委员会")


@pytest.mark.django_db
def test_RECOG_01_command_text_format(tmp_path, capsys):
    _run(tmp_path, OPEN)
    out = capsys.readouterr().out
    assert "[RECOG-01] recognition → assistant" in out


@pytest.mark.django_db
def test_RECOG_01_command_text_format_english(tmp_path, capsys):
    _run(tmp_path, EXAMPLE, "--language", "en")
    assert "1 day(s) short of 1 year(s)" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "accepted"),
    [
        (('"institution"', '"state_employee"'), "employment", "civil_servant"),
        (('"engineering"', '"astrology"'), "series", "engineering"),
        (('"2023-07-14"', '"14/07/2023"'), "as_of", "YYYY-MM-DD"),
        (('"years_in_district": 0', '"years_in_district": -1'), "years_in_district", "0, 1, 2"),
        (('"target_level": "assistant"', '"target_level": "expert"'), "target_level", "full_senior"),
        (('"full_time": true', '"full_time": "yes"'), "full_time", "true, false"),
        (('"series": "engineering"', '"serie": "engineering"'), "series", ""),
    ],
)
def test_TITLE_01_command_bad_input_exit_2_names_field(tmp_path, capsys, change, field, accepted):
    with pytest.raises(SystemExit) as exc:
        _run(tmp_path, EXAMPLE.replace(*change))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"字段 {field}" in err
    assert accepted in err


@pytest.mark.django_db
def test_TITLE_01_command_target_level_not_in_series_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        _run(tmp_path, EXAMPLE.replace('"engineering"', '"computer"').replace('"assistant"', '"full_senior"'))
    assert exc.value.code == 2
    assert "target_level" in capsys.readouterr().err


@pytest.mark.django_db
def test_TITLE_01_command_batch_error_names_index(tmp_path, capsys):
    with pytest.raises(SystemExit):
        _run(tmp_path, BATCH.replace('"employment": "institution"', '"employment": "robot"'))
    assert "applicants[1].employment" in capsys.readouterr().err


@pytest.mark.django_db
def test_TITLE_01_command_invalid_json_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        _run(tmp_path, "{not json")
    assert exc.value.code == 2
    assert "JSON" in capsys.readouterr().err


@pytest.mark.django_db
def test_TITLE_01_command_missing_file_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("check_eligibility", str(tmp_path / "nope.json"))
    assert exc.value.code == 2


# --- dates after as_of (a typo must not read "还差 3459 天") -------------------------------------------------------

FUTURE_DATES = [
    ('"current_title": null', '"current_title": {"level": "assistant", "series": "engineering", '
                              '"obtained_on": "2029-01-01"}', "current_title.obtained_on"),
    ('"graduated_on": "2022-07-01"', '"graduated_on": "2023-07-15"', "graduated_on"),
    ('"work_started_on": "2022-07-15"', '"work_started_on": "2023-07-15"', "work_started_on"),
    ('"target_level": "assistant"', '"target_level": "assistant", "new_post_started_on": "2023-07-15"',
     "new_post_started_on"),
    ('"target_level": "assistant"', '"target_level": "assistant", "civil_service_transfer_on": "2023-07-15"',
     "civil_service_transfer_on"),
    ('"target_level": "assistant"', '"target_level": "assistant", "township_work_started_on": "2023-07-15"',
     "township_work_started_on"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new", "field"), FUTURE_DATES)
def test_FLOW_01_command_date_after_as_of_exit_2_names_field(tmp_path, capsys, old, new, field):
    with pytest.raises(SystemExit) as exc:
        _run(tmp_path, EXAMPLE.replace(old, new))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"字段 {field}" in err and "晚于检查日 as_of（2023-07-14）" in err
    assert f"field {field}" in err and "is after as_of (2023-07-14)" in err


@pytest.mark.django_db
def test_FLOW_01_command_date_on_as_of_accepted(tmp_path, capsys):
    # The day itself is not "after": the example with work started on as_of is evaluated (exit 0).
    text = EXAMPLE.replace('"graduated_on": "2022-07-01"', '"graduated_on": "2023-07-14"').replace(
        '"work_started_on": "2022-07-15"', '"work_started_on": "2023-07-14"')
    assert _json(tmp_path, capsys, text)["applicants"][0]["refusals"][0]["rule"] == "RECOG-01"


@pytest.mark.django_db
def test_TITLE_17_command_original_title_after_the_transferred_one_exit_2(tmp_path, capsys):
    text = EXAMPLE.replace('"current_title": null', '"current_title": {"level": "assistant", "series": "engineering", '
                           '"obtained_on": "2020-01-01", "original_obtained_on": "2021-01-01"}')
    with pytest.raises(SystemExit) as exc:
        _run(tmp_path, text)
    assert exc.value.code == 2
    assert "current_title.original_obtained_on" in capsys.readouterr().err


@pytest.mark.django_db
def test_TITLE_22_command_heavy_sanction_without_end_date_is_in_force(tmp_path, capsys):
    text = EXAMPLE.replace('"target_level": "assistant"', '"target_level": "assistant", "sanction_kind": "demerit"')
    entry = _json(tmp_path, capsys, text.replace('"2022-07-15"', '"2022-07-14"'))["applicants"][0]
    assert entry["routes"] == []
    assert [r["rule"] for r in entry["refusals"]] == ["TITLE-22"]
    assert "视为仍在处分期内" in entry["refusals"][0]["message"]


@pytest.mark.django_db
def test_TITLE_01_command_accepts_a_utf8_bom(tmp_path, capsys):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + OPEN.encode("utf-8"))
    call_command("check_eligibility", str(path), "--format", "json")
    assert json.loads(capsys.readouterr().out)["applicants"][0]["routes"][0]["rule"] == "RECOG-01"


@pytest.mark.django_db
def test_TITLE_01_command_duplicate_key_exit_2_names_it(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        _run(tmp_path, EXAMPLE.replace('"year": 2023,', '"year": 2023, "year": 2024,'))
    assert exc.value.code == 2
    assert "字段 year：字段重复出现" in capsys.readouterr().err


@pytest.mark.django_db
def test_TITLE_01_command_english_message_has_no_chinese(tmp_path, capsys):
    with pytest.raises(SystemExit):
        _run(tmp_path, EXAMPLE.replace('"graduated_on": "2022-07-01"', '"graduated_on": "July"'))
    english = capsys.readouterr().err.splitlines()[-1]
    assert "field graduated_on" in english and "YYYY-MM-DD, null" in english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)
