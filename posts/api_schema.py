"""JSON Schema of the scheme-check request body (INTERFACES.md §1), declared in the OpenAPI document so that
/api/v1/docs shows what to send. ``posts.scheme_io.parse_schemes`` stays the authority: it refuses with a 422 naming
the field whatever this schema cannot express (an affiliation that does not fit the jurisdiction…)."""

from posts.rules import (
    AFFILIATIONS,
    DIRECTIONAL_GRADES,
    DISTRICTS,
    MANAGEMENT_GRADES,
    PROFESSIONAL_GRADES,
    WORKER_GRADES,
)


def _grades(keys) -> dict:
    return {
        "type": ["object", "null"],
        "propertyNames": {"enum": [str(k) for k in keys]},
        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
    }


def _special(category: str, top: int) -> dict:
    return {
        "type": "object",
        "required": ["grade", "count"] if category == "professional" else ["category", "grade", "count"],
        "additionalProperties": False,
        "properties": {
            "category": {"const": category},
            "grade": {"type": "integer", "minimum": 1, "maximum": top},
            "count": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
        },
    }


# Mirrors posts.scheme_io.parse_unit exactly (negative_data_rejection: whatever violates it must be refused).
_UNIT = {
    "type": "object",
    "required": ["name", "jurisdiction", "affiliation"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "jurisdiction": {"enum": ["city", *DISTRICTS]},
        "affiliation": {"enum": list(AFFILIATIONS)},
        "sector": {"type": ["string", "null"], "pattern": "^[A-Za-z0-9_]*[A-Za-z0-9][A-Za-z0-9_]*$"},
        "public_service_professional": {"type": ["boolean", "null"]},
        "senior_grade_exempt": {"type": ["boolean", "null"]},
    },
}
_SCHEME = {
    "type": "object",
    "required": ["unit"],
    "additionalProperties": False,
    "properties": {
        "unit": _UNIT,
        "management": _grades(MANAGEMENT_GRADES),
        "professional": _grades(PROFESSIONAL_GRADES),
        "worker": _grades(WORKER_GRADES),
        "directional": _grades(DIRECTIONAL_GRADES),
        "quotas": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"full_senior": {"type": "integer", "minimum": 0, "maximum": 1_000_000}},
        },
        "special": {
            "type": ["array", "null"],
            "items": {"anyOf": [_special("professional", 13), _special("worker", 5)]},
        },
    },
}
SCHEME_BODY = {
    "anyOf": [
        _SCHEME,
        {
            "type": "object",
            "required": ["units"],
            "additionalProperties": False,
            "properties": {"units": {"type": "array", "minItems": 1, "maxItems": 50_000, "items": _SCHEME}},
        },
    ]
}
