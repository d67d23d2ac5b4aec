"""JSON Schema of the eligibility request body (INTERFACES.md §3), declared in the OpenAPI document so that
/api/v1/docs shows what to send. ``titles.eligibility.applicants_from_payload`` stays the authority (422 naming the
field for whatever the schema cannot express, e.g. a target level the series does not have)."""

from titles.eligibility import EDUCATIONS, EMPLOYMENTS, LEVELS, UNIT_LOCATIONS

_DATE = {"type": "string", "format": "date"}
# Any key of the series catalogue (INTERFACES.md §3 guarantees engineering, primary_secondary_teacher, health…;
# HR may add more), so the schema cannot list them.
_SERIES_KEY = {"type": "string", "minLength": 1, "description": "series catalogue key, e.g. engineering"}
_APPLICANT = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "year",
        "as_of",
        "employment",
        "unit_location",
        "education",
        "full_time",
        "degree",
        "graduated_on",
        "field_matches",
        "work_started_on",
        "years_in_district",
        "years_in_township",
        "series",
        "current_title",
        "target_level",
    ],
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "as_of": _DATE,
        "employment": {"enum": list(EMPLOYMENTS)},
        "unit_location": {"enum": list(UNIT_LOCATIONS)},
        "education": {"enum": list(EDUCATIONS)},
        "full_time": {"type": "boolean"},
        "degree": {"enum": [*EDUCATIONS, None]},
        "graduated_on": {"anyOf": [_DATE, {"type": "null"}]},
        "field_matches": {"type": "boolean"},
        "work_started_on": {"anyOf": [_DATE, {"type": "null"}]},
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
                        "original_obtained_on": {"anyOf": [_DATE, {"type": "null"}]},
                    },
                },
            ]
        },
        "target_level": {"enum": [*LEVELS, None]},
        "name": {},
        "rural_service_years": {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]},
        "first_application": {"type": "boolean"},
        "exam_passed": {"type": "boolean"},
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
