"""Reading and writing post-setting schemes (INTERFACES.md §1) and building the check report. No ORM.

- ``parse_schemes(data)``: the §1 JSON (one unit, or ``{"units": [...]}``) → ``UnitScheme`` objects.
- ``read_workbook(path)`` / ``write_workbook(schemes, path)``: ``.xlsx`` in the layout of Doc A attachment 2
  (岗位设置备案表), one sheet per unit, plus the rows this system needs that the paper form leaves to the cover
  letter (jurisdiction, affiliation, sector, 正高 total, directional and special posts).
- ``scheme_check(schemes)`` and ``report(...)``: the §1 output, shared by ``manage.py check_scheme`` and the API.

Every input problem raises ``SchemeInputError`` naming the field (JSON path, or sheet and cell) and what is accepted,
in Chinese and English; nothing is saved by any function here.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow.findings import Finding
from workflow.jsonio import JsonInputError, decode_json

from .rules import (
    AFFILIATION_NAMES,
    AFFILIATIONS,
    CITY,
    DIRECTIONAL_GRADES,
    JURISDICTION_NAMES,
    JURISDICTIONS,
    MANAGEMENT_GRADES,
    PROFESSIONAL_GRADES,
    SPECIAL_CATEGORIES,
    WORKER_GRADES,
    RatioProfile,
    SpecialPost,
    UnitScheme,
    check_jurisdictions,
    check_unit,
    default_profile,
)
from .suggestion import Suggestion, suggest


class SchemeInputError(ValueError):
    """A scheme file or body that cannot be read; ``field`` is a JSON path or ``sheet!cell``."""

    def __init__(self, field: str, message: str, message_en: str, *, source: str = ""):
        self.field = field
        self.message = message
        self.message_en = message_en
        self.source = source
        super().__init__(str(self))

    def with_source(self, source: str) -> SchemeInputError:
        return SchemeInputError(self.field, self.message, self.message_en, source=source)

    def __str__(self) -> str:
        where = f"{self.source}：" if self.source else ""
        where_en = f"{self.source}: " if self.source else ""
        return f"{where}{self.field}：{self.message} / {where_en}{self.field}: {self.message_en}"

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message, "message_en": self.message_en, "source": self.source}


# ------------------------------------------------------------------------------------------------------------- JSON

_TOP_KEYS = {"unit", "management", "professional", "worker", "directional", "quotas", "special"}
_UNIT_KEYS = {"name", "jurisdiction", "affiliation", "sector", "public_service_professional", "senior_grade_exempt"}
_MAX_COUNT = 1_000_000  # no unit has a million posts; larger numbers are typing errors
_MAX_UNITS = 50_000
# POST-13's search grows with a unit's professional posts; the largest unit in Wuhai has a few thousand.
MAX_UNIT_PROFESSIONAL = 20_000
# The unauthenticated API's budget per request (the CLI runs on the caller's machine and has none).
API_MAX_UNITS = 2_000
API_MAX_PROFESSIONAL = 100_000


def _count(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemeInputError(path, f"应为非负整数，收到 {value!r}", f"expected a non-negative integer, got {value!r}")
    if value < 0 or value > _MAX_COUNT:
        raise SchemeInputError(
            path, f"应为 0 至 {_MAX_COUNT} 的整数，收到 {value}", f"expected an integer 0…{_MAX_COUNT}, got {value}"
        )
    return value


def _object(value: Any, path: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise SchemeInputError(path, "应为 JSON 对象", "expected a JSON object")
    return value


def _grades(data: Mapping, key: str, allowed: Sequence, path: str, *, as_int: bool = True) -> dict:
    raw = data.get(key)
    if raw is None:
        return {}
    raw = _object(raw, f"{path}{key}")
    names = [str(g) for g in allowed]
    result = {}
    for grade, value in raw.items():
        if grade not in names:
            raise SchemeInputError(
                f"{path}{key}.{grade}",
                f"未知的岗位等级 {grade!r}，可用：{'、'.join(names)}",
                f"unknown grade {grade!r}; accepted: {', '.join(names)}",
            )
        count = _count(value, f"{path}{key}.{grade}")
        if count:
            result[int(grade) if as_int else grade] = count
    return result


def _choice(value: Any, path: str, accepted: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in accepted:
        raise SchemeInputError(
            path,
            f"应为 {'、'.join(accepted)} 之一，收到 {value!r}",
            f"expected one of {', '.join(accepted)}, got {value!r}",
        )
    return value


def _flag(value: Any, path: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise SchemeInputError(path, f"应为 true 或 false，收到 {value!r}", f"expected true or false, got {value!r}")
    return value


def _reject_unknown(data: Mapping, known: set[str], path: str) -> None:
    for key in data:
        if key not in known:
            raise SchemeInputError(
                f"{path}{key}",
                f"未知字段，可用：{'、'.join(sorted(known))}",
                f"unknown field; accepted: {', '.join(sorted(known))}",
            )


def parse_unit(data: Any, path: str = "") -> UnitScheme:
    """One unit of INTERFACES.md §1 → ``UnitScheme``; ``path`` prefixes field names in errors (e.g. ``units[2].``)."""
    data = _object(data, path.rstrip(".") or "$")
    _reject_unknown(data, _TOP_KEYS, path)
    if "unit" not in data:
        raise SchemeInputError(f"{path}unit", "缺少单位信息（unit）", "the unit block (unit) is missing")
    unit = _object(data["unit"], f"{path}unit")
    _reject_unknown(unit, _UNIT_KEYS, f"{path}unit.")
    name = unit.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SchemeInputError(
            f"{path}unit.name", "应为非空的单位名称", "expected the unit's name (a non-empty string)"
        )
    jurisdiction = _choice(unit.get("jurisdiction"), f"{path}unit.jurisdiction", JURISDICTIONS)
    affiliation = _choice(unit.get("affiliation"), f"{path}unit.affiliation", AFFILIATIONS)
    if (jurisdiction == CITY) != (affiliation != "district"):
        expected = "city_direct、city_department" if jurisdiction == CITY else "district"
        raise SchemeInputError(
            f"{path}unit.affiliation",
            f"隶属关系 {affiliation} 与所属地区 {jurisdiction} 不符，应为 {expected}",
            f"affiliation {affiliation} does not match jurisdiction {jurisdiction}; expected {expected}",
        )
    sector = unit.get("sector", "general")
    if sector is None:
        sector = "general"
    if not isinstance(sector, str) or not sector.replace("_", "").isalnum() or not sector.isascii():
        raise SchemeInputError(
            f"{path}unit.sector",
            "应为比例标准的行业代码（小写英文字母和下划线，如 education）",
            "expected a sector key of the ratio profiles (lower-case letters and underscores, e.g. education)",
        )
    quotas = data.get("quotas") or {}
    quotas = _object(quotas, f"{path}quotas")
    _reject_unknown(quotas, {"full_senior"}, f"{path}quotas.")
    quota = quotas.get("full_senior")
    if quota is not None:
        quota = _count(quota, f"{path}quotas.full_senior")
    scheme = UnitScheme(
        name=name.strip(),
        jurisdiction=jurisdiction,
        affiliation=affiliation,
        sector=sector,
        public_service_professional=_flag(
            unit.get("public_service_professional"), f"{path}unit.public_service_professional", True
        ),
        senior_grade_exempt=_flag(unit.get("senior_grade_exempt"), f"{path}unit.senior_grade_exempt", False),
        management=_grades(data, "management", MANAGEMENT_GRADES, path),
        professional=_grades(data, "professional", PROFESSIONAL_GRADES, path),
        worker=_grades(data, "worker", WORKER_GRADES, path, as_int=False),
        directional=_grades(data, "directional", DIRECTIONAL_GRADES, path),
        quota_full_senior=quota,
        special=_special(data.get("special"), f"{path}special"),
    )
    if scheme.professional_total > MAX_UNIT_PROFESSIONAL:
        raise SchemeInputError(
            f"{path}professional",
            f"专业技术岗位合计 {scheme.professional_total} 个，超过单个单位上限 {MAX_UNIT_PROFESSIONAL} 个",
            f"{scheme.professional_total} professional posts; a unit may have at most {MAX_UNIT_PROFESSIONAL}",
        )
    return scheme


def check_api_budget(units: Sequence[UnitScheme]) -> None:
    """The API's work budget per request (README "Post-scheme check"): units and professional posts in all."""
    if len(units) > API_MAX_UNITS:
        raise SchemeInputError(
            "units",
            f"单次请求最多 {API_MAX_UNITS} 个单位，收到 {len(units)} 个（更大的批量请用 manage.py check_scheme）",
            f"at most {API_MAX_UNITS} units per request, got {len(units)} (use manage.py check_scheme for more)",
        )
    total = sum(unit.professional_total for unit in units)
    if total > API_MAX_PROFESSIONAL:
        raise SchemeInputError(
            "units",
            f"单次请求专业技术岗位合计最多 {API_MAX_PROFESSIONAL} 个，收到 {total} 个（更大的批量请用 manage.py check_scheme）",
            f"at most {API_MAX_PROFESSIONAL} professional posts per request, got {total} "
            "(use manage.py check_scheme for more)",
        )


def _special(raw: Any, path: str) -> tuple[SpecialPost, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise SchemeInputError(path, "应为列表", "expected a list")
    posts = []
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        item = _object(item, where)
        _reject_unknown(item, {"category", "grade", "count"}, f"{where}.")
        category = _choice(item.get("category", "professional"), f"{where}.category", SPECIAL_CATEGORIES)
        grade = item.get("grade")
        top = 13 if category == "professional" else 5
        if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= top:
            raise SchemeInputError(
                f"{where}.grade",
                f"应为 1 至 {top} 的整数，收到 {grade!r}",
                f"expected an integer 1…{top}, got {grade!r}",
            )
        posts.append(SpecialPost(category, grade, _count(item.get("count"), f"{where}.count")))
    return tuple(posts)


def parse_schemes(data: Any) -> list[UnitScheme]:
    """INTERFACES.md §1 input: one unit, or ``{"units": [unit, ...]}`` (at least one)."""
    if isinstance(data, Mapping) and "units" in data:
        _reject_unknown(data, {"units"}, "")
        units = data["units"]
        if not isinstance(units, list) or not units:
            raise SchemeInputError("units", "应为至少含一个单位的列表", "expected a non-empty list of units")
        if len(units) > _MAX_UNITS:
            raise SchemeInputError(
                "units", f"单位过多（最多 {_MAX_UNITS} 个）", f"too many units (at most {_MAX_UNITS})"
            )
        return [parse_unit(unit, f"units[{index}].") for index, unit in enumerate(units)]
    if not isinstance(data, Mapping) or "unit" not in data:
        raise SchemeInputError(
            "unit",
            '缺少单位：应为一个单位（含 unit）或 {"units": [...]}',
            'missing unit: expected one unit or {"units": [...]}',
        )
    return [parse_unit(data)]


def scheme_as_dict(scheme: UnitScheme) -> dict:
    """The inverse of ``parse_unit`` (every grade key present)."""
    data: dict[str, Any] = {
        "unit": {
            "name": scheme.name,
            "jurisdiction": scheme.jurisdiction,
            "affiliation": scheme.affiliation,
            "sector": scheme.sector,
            "public_service_professional": scheme.public_service_professional,
            "senior_grade_exempt": scheme.senior_grade_exempt,
        },
        "management": {str(g): scheme.management.get(g, 0) for g in MANAGEMENT_GRADES},
        "professional": {str(g): scheme.professional.get(g, 0) for g in PROFESSIONAL_GRADES},
        "worker": {g: scheme.worker.get(g, 0) for g in WORKER_GRADES},
        "directional": {str(g): scheme.directional.get(g, 0) for g in DIRECTIONAL_GRADES},
        "special": [{"category": p.category, "grade": p.grade, "count": p.count} for p in scheme.special],
    }
    if scheme.quota_full_senior is not None:
        data["quotas"] = {"full_senior": scheme.quota_full_senior}
    return data


# ------------------------------------------------------------------------------------------------------------- xlsx

SHEET_TITLE = "内蒙古自治区事业单位岗位设置备案表"
_CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]
_YES, _NO = ("是", "true", "yes", "1"), ("否", "false", "no", "0", "")
_SECTOR_NAMES = {
    "一般": "general", "教育": "education", "卫生": "health", "农业": "agriculture", "林业": "forestry",
    "畜牧": "animal_husbandry", "牧业": "animal_husbandry", "水利": "water",
}  # fmt: skip
# Fixed rows of a unit sheet: (row, label in column A). Column B holds the value or "等级"/"数量".
_FIELDS = [
    (2, "单位全称"),
    (3, "所属地区"),
    (4, "隶属关系"),
    (5, "行业"),
    (6, "主要以专业技术提供社会公益服务"),
    (7, "正高级岗位按自治区标准（公立医院、职业技术学院、市委党校）"),
    (8, "正高级岗位总额"),
]
_GRADE_BLOCKS = [  # (label row, label, key, grades, column labels)
    (10, "管理岗位", "management", MANAGEMENT_GRADES, [_CN[g - 1] for g in MANAGEMENT_GRADES]),
    (12, "专业技术岗位", "professional", PROFESSIONAL_GRADES, _CN),
    (
        14,
        "工勤技能岗位",
        "worker",
        WORKER_GRADES,
        ["技术工一", "技术工二", "技术工三", "技术工四", "技术工五", "普通工"],
    ),
    (16, "定向评价、定向使用岗位", "directional", DIRECTIONAL_GRADES, [_CN[g - 1] for g in DIRECTIONAL_GRADES]),
]
_SUMMARY_ROW = 18  # 单位岗位总量 / 层级 summary (written for reading; ignored on import)
_SPECIAL_HEADER_ROW = 20
_SPECIAL_LABELS = ("特设岗位", "岗位类别", "岗位等级", "数量")
_SPECIAL_CATEGORY_NAMES = {"专业技术岗位": "professional", "工勤技能岗位": "worker"}
_MAX_FILE_BYTES = 20 * 1024 * 1024
_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
_MAX_RATIO = 200
_MAX_ROWS, _MAX_COLUMNS = 200, 30
_MAX_SHEETS = 5_000


def _cell(column: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _safe_sheet_title(name: str, used: set[str]) -> str:
    title = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "单位"
    base, n = title, 2
    while title in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def write_workbook(schemes: Sequence[UnitScheme], path) -> None:
    """Write one sheet per unit in the attachment-2 layout (read back by ``read_workbook``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for scheme in schemes:
        sheet = workbook.create_sheet(_safe_sheet_title(scheme.name, used))
        sheet["A1"] = SHEET_TITLE
        sheet["A1"].font = Font(bold=True, size=14)
        values = [
            scheme.name,
            JURISDICTION_NAMES[scheme.jurisdiction],
            AFFILIATION_NAMES[scheme.affiliation],
            scheme.sector,
            "是" if scheme.public_service_professional else "否",
            "是" if scheme.senior_grade_exempt else "否",
            scheme.quota_full_senior,
        ]
        for (row, label), value in zip(_FIELDS, values, strict=True):
            sheet.cell(row, 1, label)
            sheet.cell(row, 2, value)
        for row, label, key, grades, labels in _GRADE_BLOCKS:
            counts = getattr(scheme, key)
            sheet.cell(row, 1, label)
            sheet.cell(row, 2, "等级")
            sheet.cell(row + 1, 2, "数量")
            for index, (grade, text) in enumerate(zip(grades, labels, strict=True)):
                sheet.cell(row, 3 + index, text).alignment = Alignment(horizontal="center")
                sheet.cell(row + 1, 3 + index, counts.get(grade, 0))
        p = scheme.professional_total
        sheet.cell(_SUMMARY_ROW, 1, "单位岗位总量")
        sheet.cell(_SUMMARY_ROW, 2, scheme.total_posts)
        sheet.cell(_SUMMARY_ROW, 3, "高级")
        sheet.cell(_SUMMARY_ROW, 4, scheme.prof_sum(range(1, 8)))
        sheet.cell(_SUMMARY_ROW, 5, "中级")
        sheet.cell(_SUMMARY_ROW, 6, scheme.prof_sum(range(8, 11)))
        sheet.cell(_SUMMARY_ROW, 7, "初级")
        sheet.cell(_SUMMARY_ROW, 8, scheme.prof_sum(range(11, 14)))
        sheet.cell(_SUMMARY_ROW, 9, "专业技术岗位")
        sheet.cell(_SUMMARY_ROW, 10, p)
        for column, text in enumerate(_SPECIAL_LABELS, start=1):
            sheet.cell(_SPECIAL_HEADER_ROW, column, text)
        for index, post in enumerate(scheme.special, start=1):
            row = _SPECIAL_HEADER_ROW + index
            sheet.cell(row, 2, "专业技术岗位" if post.category == "professional" else "工勤技能岗位")
            sheet.cell(row, 3, post.grade)
            sheet.cell(row, 4, post.count)
        sheet.column_dimensions["A"].width = 28
    if not schemes:
        workbook.create_sheet("空")
    workbook.save(path)


def _check_zip(path: Path) -> None:
    """Refuse decompression bombs before openpyxl inflates anything."""
    size = path.stat().st_size
    if size > _MAX_FILE_BYTES:
        raise SchemeInputError(
            "file",
            f"文件过大（{size} 字节，最多 {_MAX_FILE_BYTES}）",
            f"file too large ({size} bytes, max {_MAX_FILE_BYTES})",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SchemeInputError("file", "不是有效的 .xlsx 文件", f"not a valid .xlsx file ({exc})") from exc
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > _MAX_UNCOMPRESSED_BYTES or total / packed > _MAX_RATIO:
        raise SchemeInputError(
            "file",
            f"工作簿解压后过大（{total} 字节，压缩比 {total // packed}），疑似压缩炸弹，拒绝读取",
            f"the workbook inflates to {total} bytes (ratio {total // packed}); refused as a decompression bomb",
        )


def read_workbook(path) -> list[UnitScheme]:
    """``.xlsx`` in the attachment-2 layout, one unit per sheet → ``UnitScheme`` objects."""
    from openpyxl import load_workbook

    path = Path(path)
    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (KeyError, InvalidFileException, XML errors…)
        raise SchemeInputError(
            "file", "无法读取工作簿", f"cannot read the workbook ({type(exc).__name__}: {exc})"
        ) from exc
    try:
        if len(workbook.sheetnames) > _MAX_SHEETS:
            raise SchemeInputError(
                "file", f"工作表过多（最多 {_MAX_SHEETS}）", f"too many sheets (at most {_MAX_SHEETS})"
            )
        return [_read_sheet(workbook[name], name) for name in workbook.sheetnames]
    finally:
        workbook.close()


def _read_sheet(sheet, name: str) -> UnitScheme:
    try:
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    except Exception:  # a sheet without a dimension record
        declared_rows = declared_columns = 0
    if declared_rows > _MAX_ROWS or declared_columns > _MAX_COLUMNS:
        raise SchemeInputError(
            f"{name}!A1",
            f"工作表过大（{declared_rows} 行 × {declared_columns} 列，备案表最多 {_MAX_ROWS} 行 × {_MAX_COLUMNS} 列）",
            f"sheet too large ({declared_rows} rows × {declared_columns} columns; at most {_MAX_ROWS} × {_MAX_COLUMNS})",
        )
    grid: dict[tuple[int, int], Any] = {}
    for row_index, row in enumerate(sheet.iter_rows(max_row=_MAX_ROWS + 1, max_col=_MAX_COLUMNS, values_only=True), 1):
        if row_index > _MAX_ROWS:
            raise SchemeInputError(
                f"{name}!A{row_index}", f"工作表超过 {_MAX_ROWS} 行", f"the sheet has more than {_MAX_ROWS} rows"
            )
        for column_index, value in enumerate(row, 1):
            if value is not None and value != "":
                grid[(row_index, column_index)] = value

    def text(row: int, column: int) -> str:
        value = grid.get((row, column))
        return "" if value is None else str(value).strip()

    def expect(row: int, column: int, label: str) -> None:
        if text(row, column) != label:
            raise SchemeInputError(
                f"{name}!{_cell(column, row)}",
                f"应为“{label}”，实为“{text(row, column)}”（请使用岗位设置备案表模板）",
                f"expected {label!r}, found {text(row, column)!r} (use the filing-form template)",
            )

    def count(row: int, column: int) -> int:
        value = grid.get((row, column))
        where = f"{name}!{_cell(column, row)}"
        if value is None:
            return 0
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > _MAX_COUNT:
            raise SchemeInputError(
                where, f"应为非负整数，收到 {value!r}", f"expected a non-negative integer, got {value!r}"
            )
        return value

    def choice(row: int, names: Mapping[str, str], keys: Sequence[str]) -> str:
        value = text(row, 2)
        reverse = {v: k for k, v in names.items()}
        if value in reverse:
            return reverse[value]
        if value in keys:
            return value
        raise SchemeInputError(
            f"{name}!B{row}",
            f"应为 {'、'.join(names.values())} 之一，收到 {value!r}",
            f"expected one of {', '.join(keys)}, got {value!r}",
        )

    def flag(row: int) -> bool:
        value = text(row, 2).lower()
        if value in _YES:
            return True
        if value in _NO:
            return False
        raise SchemeInputError(
            f"{name}!B{row}", f"应为“是”或“否”，收到 {value!r}", f"expected 是 (yes) or 否 (no), got {value!r}"
        )

    expect(1, 1, SHEET_TITLE)
    for row, label in _FIELDS:
        expect(row, 1, label)
    unit_name = text(2, 2)
    if not unit_name:
        raise SchemeInputError(f"{name}!B2", "缺少单位全称", "the unit's full name is missing")
    sector_text = text(5, 2) or "general"
    sector = _SECTOR_NAMES.get(sector_text, sector_text)
    data: dict[str, Any] = {
        "unit": {
            "name": unit_name,
            "jurisdiction": choice(3, JURISDICTION_NAMES, JURISDICTIONS),
            "affiliation": choice(4, AFFILIATION_NAMES, AFFILIATIONS),
            "sector": sector,
            "public_service_professional": flag(6),
            "senior_grade_exempt": flag(7),
        },
    }
    if grid.get((8, 2)) is not None:
        data["quotas"] = {"full_senior": count(8, 2)}
    for row, label, key, grades, labels in _GRADE_BLOCKS:
        expect(row, 1, label)
        expect(row, 2, "等级")
        expect(row + 1, 2, "数量")
        for index, (grade, column_label) in enumerate(zip(grades, labels, strict=True)):
            expect(row, 3 + index, column_label)
            data.setdefault(key, {})[str(grade)] = count(row + 1, 3 + index)
    for column, label in enumerate(_SPECIAL_LABELS, start=1):
        expect(_SPECIAL_HEADER_ROW, column, label)
    special = []
    for row in range(_SPECIAL_HEADER_ROW + 1, _MAX_ROWS + 1):
        if not any((row, column) in grid for column in (2, 3, 4)):
            continue
        category_text = text(row, 2)
        category = _SPECIAL_CATEGORY_NAMES.get(category_text, category_text)
        if category not in SPECIAL_CATEGORIES:
            raise SchemeInputError(
                f"{name}!B{row}",
                f"岗位类别应为 {'、'.join(_SPECIAL_CATEGORY_NAMES)} 之一，收到 {category_text!r}",
                f"category must be one of {', '.join(SPECIAL_CATEGORIES)}, got {category_text!r}",
            )
        special.append({"category": category, "grade": count(row, 3), "count": count(row, 4)})
    data["special"] = special
    try:
        return parse_unit(data)
    except SchemeInputError as exc:
        cell = _FIELD_CELLS.get(exc.field.split("[")[0], exc.field)
        raise SchemeInputError(f"{name}!{cell}", exc.message, exc.message_en) from exc


_FIELD_CELLS = {
    "unit.name": "B2", "unit.jurisdiction": "B3", "unit.affiliation": "B4", "unit.sector": "B5",
    "quotas.full_senior": "B8", "special": f"B{_SPECIAL_HEADER_ROW + 1}",
}  # fmt: skip


def is_batch(data: Any) -> bool:
    """The ``{"units": [...]}`` form, which also gets the jurisdiction aggregate checks (INTERFACES.md §1)."""
    return isinstance(data, Mapping) and "units" in data


def read_scheme_file(path) -> list[UnitScheme]:
    """A ``.json`` or ``.xlsx`` file → schemes; errors carry the file name as ``source``."""
    return load_scheme_file(path)[0]


def load_scheme_file(path) -> tuple[list[UnitScheme], bool]:
    """A ``.json`` or ``.xlsx`` file → (schemes, is it a batch); a workbook is always a batch (one sheet per unit)."""

    path = Path(path)
    try:
        if path.suffix.lower() not in (".json", ".xlsx"):
            raise SchemeInputError("file", "文件应为 .json 或 .xlsx", "the file must be .json or .xlsx")
        if not path.is_file():  # one message for both kinds, before any reader touches it
            raise SchemeInputError("file", "文件不存在或不是普通文件", "no such file (or not a regular file)")
        if path.suffix.lower() == ".xlsx":
            return read_workbook(path), True
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SchemeInputError("file", "无法打开文件", f"cannot open the file ({exc.strerror})") from exc
        if len(raw) > _MAX_FILE_BYTES:
            raise SchemeInputError("file", "文件过大", f"file too large (max {_MAX_FILE_BYTES} bytes)")
        try:
            data = decode_json(raw)
        except JsonInputError as exc:
            raise SchemeInputError("file", exc.message, exc.message_en) from exc
        return parse_schemes(data), is_batch(data)
    except SchemeInputError as exc:
        raise exc.with_source(str(path)) from exc


# ----------------------------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class SchemeProfiles:
    units: tuple[RatioProfile, ...]  # one per scheme, same order
    jurisdictions: Mapping[str, RatioProfile]  # overall profile per jurisdiction (aggregate checks)


def profiles_for(units: Sequence[UnitScheme]) -> SchemeProfiles:
    """The ratio profiles to check ``units`` against.

    For now the POST-02 defaults (``default_profile``); a DB-backed selector of the HR bureau's stored profiles
    (POST-03) replaces this function — keep its signature.
    """
    keys = {unit.jurisdiction for unit in units}
    return SchemeProfiles(
        units=tuple(default_profile(unit.jurisdiction, unit.sector) for unit in units),
        jurisdictions={key: default_profile(key, "general") for key in keys},
    )


@dataclass(frozen=True)
class UnitResult:
    scheme: UnitScheme
    findings: tuple[Finding, ...]
    suggestion: Suggestion | None  # computed only when the unit has an error


def scheme_check(units: Sequence[UnitScheme], profiles: SchemeProfiles | None = None, *, batch: bool | None = None):
    """Check every unit (and, for a batch, the jurisdiction aggregates) → (unit results, aggregate findings).

    ``batch`` defaults to "more than one unit"; callers pass ``is_batch(data)`` for the ``{"units": [...]}`` form.
    """
    profiles = profiles or profiles_for(units)
    results = []
    for scheme, profile in zip(units, profiles.units, strict=True):
        findings = tuple(check_unit(scheme, profile))
        suggestion = suggest(scheme, profile) if any(f.is_error for f in findings) else None
        results.append(UnitResult(scheme, findings, suggestion))
    if batch is None:
        batch = len(units) > 1
    aggregate = check_jurisdictions(units, profiles.jurisdictions) if batch else []
    return results, aggregate


def report(units_with_findings: Sequence[UnitResult], aggregate: Sequence[Finding]) -> dict:
    """The INTERFACES.md §1 output: ``ok``, ``units[].name/findings/suggestion`` and ``aggregate``.

    ``suggestion`` is present only for a unit with an error, and null when no compliant distribution exists
    (``suggestion_reason`` then says why).
    """
    units = []
    ok = not any(f.is_error for f in aggregate)
    for result in units_with_findings:
        entry: dict[str, Any] = {"name": result.scheme.name, "findings": [f.as_dict() for f in result.findings]}
        if any(f.is_error for f in result.findings):
            ok = False
            entry["suggestion"] = result.suggestion.as_dict() if result.suggestion else None
            if result.suggestion is not None and result.suggestion.professional is None:
                entry["suggestion_reason"] = result.suggestion.reason
                entry["suggestion_reason_en"] = result.suggestion.reason_en
        units.append(entry)
    return {"ok": ok, "units": units, "aggregate": [f.as_dict() for f in aggregate]}


def report_text(payload: dict) -> str:
    """Readable Chinese lines for ``check_scheme --format text``."""
    severity = {"error": "错误", "warning": "提示"}
    lines = []
    for unit in payload["units"]:
        lines.append(f"单位：{unit['name']}")
        if not unit["findings"]:
            lines.append("  符合岗位设置比例要求")
        for finding in unit["findings"]:
            lines.append(
                f"  [{severity[finding['severity']]}] {finding['rule']}（{finding['scope']}）{finding['message']}"
            )
        if "suggestion" in unit:
            suggestion = unit["suggestion"]
            if suggestion is None:
                lines.append(f"  建议（POST-13）：无符合比例的调整方案。{unit.get('suggestion_reason', '')}")
            elif suggestion["posts_moved"] == 0:
                lines.append("  建议（POST-13）：专业技术岗位等级分布无需调整，请处理上列其他错误")
            else:
                moves = "；".join(
                    f"{_CN[m['from'] - 1]}级 → {_CN[m['to'] - 1]}级 {m['count']} 个" for m in suggestion["moves"]
                )
                lines.append(f"  建议（POST-13）：向下调剂 {suggestion['posts_moved']} 个岗位：{moves}")
                grades = "，".join(f"{_CN[int(g) - 1]}级 {c}" for g, c in suggestion["professional"].items() if c)
                lines.append(f"    调整后专业技术岗位：{grades}")
    if payload["aggregate"]:
        lines.append("汇总（各地区总体控制目标）：")
        for finding in payload["aggregate"]:
            lines.append(
                f"  [{severity[finding['severity']]}] {finding['rule']}（{finding['scope']}）{finding['message']}"
            )
    errors = sum(f["severity"] == "error" for u in payload["units"] for f in u["findings"])
    errors += sum(f["severity"] == "error" for f in payload["aggregate"])
    lines.append("结论：通过" if payload["ok"] else f"结论：不通过（{errors} 项错误）")
    return "\n".join(lines)
