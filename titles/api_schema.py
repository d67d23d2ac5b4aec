"""JSON Schema of the eligibility request body (INTERFACES.md §3), declared in the OpenAPI document so that
/api/v1/docs shows what to send. ``titles.eligibility.applicants_from_payload`` stays the authority (422 naming the
field for whatever the schema cannot express, e.g. a target level the series does not have, or a date after
``as_of``). Every key the parser accepts is listed (``additionalProperties: false`` would otherwise make a
validating client refuse a documented input); ``tests/titles/test_api_eligibility.py`` keeps the two in step."""

from titles.catalogue import DISTRICTS, ENDORSEMENT_NAMES, EVIDENCE_NAMES, GREEN_BY_NUMBER, HONOURS_BY_KEY, PROGRAMMES
from titles.eligibility import (
    AFFILIATIONS,
    EDUCATIONS,
    EMPLOYMENTS,
    LEVELS,
    REQUIRED_FIELDS,
    SANCTION_KINDS,
    UNIT_LOCATIONS,
)

_DATE = {"type": "string", "format": "date"}
_DATE_OR_NULL = {"anyOf": [_DATE, {"type": "null"}]}
_BOOL = {"type": "boolean"}


def _enum_or_null(values) -> dict:
    return {"enum": [*values, None]}


# Any key of the series catalogue (INTERFACES.md §3 guarantees engineering, primary_secondary_teacher, health…;
# HR may add more), so the schema cannot list them.
_SERIES_KEY = {"type": "string", "minLength": 1, "description": "series catalogue key, e.g. engineering"}
_GREEN_CHANNEL = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "object",
            "required": ["category"],
            "additionalProperties": False,
            "description": "GREEN-02: category 1–8 with the evidence and endorsements held",
            "properties": {
                "category": {"enum": sorted(GREEN_BY_NUMBER)},
                "evidence": {"type": "array", "items": {"enum": sorted(EVIDENCE_NAMES)}},
                "endorsements": {"type": "array", "items": {"enum": sorted(ENDORSEMENT_NAMES)}},
                "peer_letters": {"type": "integer", "minimum": 0},
                "programme": _enum_or_null(sorted(PROGRAMMES)),
            },
        },
    ]
}
_APPLICANT = {
    "type": "object",
    "additionalProperties": False,
    "required": list(REQUIRED_FIELDS),
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "as_of": _DATE,
        "employment": {"enum": list(EMPLOYMENTS)},
        "unit_location": {"enum": list(UNIT_LOCATIONS)},
        "education": {"enum": list(EDUCATIONS)},
        "full_time": _BOOL,
        "degree": _enum_or_null(EDUCATIONS),
        "graduated_on": _DATE_OR_NULL,
        "field_matches": _BOOL,
        "work_started_on": _DATE_OR_NULL,
        "years_in_district": {"type": "integer", "minimum": 0},
        "years_in_township": {"type": "integer", "minimum": 0},
        "series": _SERIES_KEY,
        "current_title": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["level", "series", "obtained_on"],
                    "additionalProperties": False,
                    "properties": {
                        "level": {"enum": list(LEVELS)},
                        "series": _SERIES_KEY,
                        "obtained_on": _DATE,
                        "original_obtained_on": _DATE_OR_NULL,
                    },
                },
            ]
        },
        "target_level": _enum_or_null(LEVELS),
        # Optional extras (docs/rules_titles.md "Input and output"); all default to "not applicable".
        "name": {"description": "echoed as name in the output"},
        "id": {"description": "echoed as name when name is absent"},
        "district": _enum_or_null(sorted(DISTRICTS)),
        "affiliation": _enum_or_null(AFFILIATIONS),
        "township_work_started_on": _DATE_OR_NULL,
        "sanction_kind": _enum_or_null(SANCTION_KINDS),
        "sanction_ends_on": {**_DATE_OR_NULL, "description": "last day of the sanction (inclusive)"},
        "honours": {"type": "array", "items": {"enum": sorted(HONOURS_BY_KEY)}},
        "used_exceptional_before": _BOOL,
        "civil_service_transfer_on": _DATE_OR_NULL,
        "first_application": _BOOL,
        "exam_passed": _BOOL,
        "green_channel": _GREEN_CHANNEL,
        "used_green_before": _BOOL,
        "directional": _BOOL,
        "other_track_same_year": _BOOL,
        "new_post_started_on": _DATE_OR_NULL,
        "rural_service_years": {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
            ]
        },
        "outstanding_contribution": _BOOL,
        "full_time_education": {
            **_enum_or_null(EDUCATIONS),
            "description": "RECOG-01: the highest full-time education when the highest one is part-time",
        },
        "full_time_graduated_on": _DATE_OR_NULL,
    },
}
ELIGIBILITY_BODY = {
    "anyOf": [
        _APPLICANT,
        {
            "type": "object",
            "required": ["applicants"],
            "additionalProperties": False,
            "properties": {"applicants": {"type": "array", "minItems": 1, "items": _APPLICANT}},
        },
    ]
}
