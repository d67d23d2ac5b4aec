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

import json
import zipfile
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
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
    KNOWLEDGE_INTENSIVE_SECTORS,
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


DEFAULT_SECTORS = frozenset({"general", *KNOWLEDGE_INTENSIVE_SECTORS})


def parse_unit(data: Any, path: str = "", *, sectors: Collection[str] = DEFAULT_SECTORS) -> UnitScheme:
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
    if not isinstance(sector, str) or sector not in sectors:
        accepted = ", ".join(sorted(sectors))
        raise SchemeInputError(
            f"{path}unit.sector",
            f"未知的行业 {sector!r}；比例标准的行业代码为：{'、'.join(sorted(sectors))}",
            f"unknown sector {sector!r}; the sector keys of the ratio profiles are: {accepted}",
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


def parse_schemes(data: Any, *, sectors: Collection[str] = DEFAULT_SECTORS) -> list[UnitScheme]:
    """INTERFACES.md §1 input: one unit, or ``{"units": [unit, ...]}`` (at least one). ``sectors``: the sector keys
    accepted (the callers pass those of the stored ratio profiles, ``selectors.profile_sectors``)."""
    if isinstance(data, Mapping) and "units" in data:
        _reject_unknown(data, {"units"}, "")
        units = data["units"]
        if not isinstance(units, list) or not units:
            raise SchemeInputError("units", "应为至少含一个单位的列表", "expected a non-empty list of units")
        if len(units) > _MAX_UNITS:
            raise SchemeInputError(
                "units", f"单位过多（最多 {_MAX_UNITS} 个）", f"too many units (at most {_MAX_UNITS})"
            )
        return [parse_unit(unit, f"units[{index}].", sectors=sectors) for index, unit in enumerate(units)]
    if not isinstance(data, Mapping) or "unit" not in data:
        raise SchemeInputError(
            "unit",
            '缺少单位：应为一个单位（含 unit）或 {"units": [...]}',
            'missing unit: expected one unit or {"units": [...]}',
        )
    return [parse_unit(data, sectors=sectors)]


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
#
# A unit sheet is Doc A attachment 2 (内蒙古自治区事业单位岗位设置备案表) cell for cell, rows 1–22, followed by a
# block of the facts the check needs that the paper form leaves to the cover letter (rows 24–35+). Import reads the
# counts from the form's fixed cells and validates every label it relies on; the 比例 rows and totals are derived
# and ignored on import. Sheets written by earlier versions of this system (labels in column A from row 2) are
# still read (``_read_legacy_sheet``).

SHEET_TITLE = "内蒙古自治区事业单位岗位设置备案表"
_CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]
_YES, _NO = ("是", "true", "yes", "1"), ("否", "false", "no", "0", "")
_SECTOR_NAMES = {
    "一般": "general", "教育": "education", "卫生": "health", "农业": "agriculture", "林业": "forestry",
    "畜牧": "animal_husbandry", "牧业": "animal_husbandry", "水利": "water",
}  # fmt: skip
_SPECIAL_CATEGORY_NAMES = {"专业技术岗位": "professional", "工勤技能岗位": "worker"}
_MAX_FILE_BYTES = 20 * 1024 * 1024
_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
_MAX_RATIO = 200
_MAX_ROWS, _MAX_COLUMNS = 200, 30
_MAX_SHEETS = 5_000

# The form (attachment 2). Columns: A = block label, B = 等级/比例/数量, C… = one grade each.
FORM_HEADER = {  # row 3: label cell → the value cell to its right
    "单位全称": "B3", "机构规格": "G3", "经费形式": "I3", "公益类型": "K3", "编制总数": "M3", "现有人数": "O3",
}  # fmt: skip
_HEADER_LABELS = {"A3": "单位全称", "F3": "机构规格", "H3": "经费形式", "J3": "公益类型", "L3": "编制总数",
                  "N3": "现有人数"}  # fmt: skip
_FORM_ROWS = {  # category → (label row, 数量 row, grades, column labels in the 等级 row)
    "management": (7, 9, MANAGEMENT_GRADES, [_CN[g - 1] for g in MANAGEMENT_GRADES]),
    "professional": (13, 15, tuple(range(2, 14)), _CN[1:]),
    "worker": (17, 19, WORKER_GRADES, [*_CN[:5], "普通工"]),  # 技术工 一…五 in row 17; 普通工 is H16
}
_FORM_BLOCK_LABELS = {"A4": "单位岗位总量", "C4": "类别", "C5": "比例", "C6": "数量", "A7": "管理岗位", "B7": "等级",
                      "B8": "比例", "B9": "数量", "A10": "专业技术岗位", "B10": "层级", "B11": "比例", "B12": "数量",
                      "B13": "等级", "B14": "比例", "B15": "数量", "A16": "工勤技能岗位", "B16": "等级",
                      "C16": "技术工", "B18": "比例", "B19": "数量", "A20": "审核意见"}  # fmt: skip
_CATEGORY_COLUMNS = {"管理岗位": "D", "专业技术岗位": "E", "工勤技能岗位": "F", "特设岗位": "G"}  # row 4 → rows 5, 6
_LEVEL_COLUMNS = {"高级": ("C", range(2, 8)), "中级": ("I", range(8, 11)), "初级": ("L", range(11, 14))}
# Rows 24+: what the check needs beyond the paper form (row, label in column A, value in B).
_EXTRA_TITLE_ROW = 24
_EXTRA_TITLE = "以下为岗位结构比例检查所需信息（备案表以外）"
_EXTRA = [
    (25, "所属地区"),
    (26, "隶属关系"),
    (27, "行业"),
    (28, "主要以专业技术提供社会公益服务"),
    (29, "正高级岗位按自治区标准（公立医院、职业技术学院、市委党校）"),
    (30, "正高级岗位总额"),
    (31, "专业技术一级岗位"),
]
_DIRECTIONAL_ROW = 32  # 定向评价、定向使用岗位: B32 等级, C32–E32 五六七; B33 数量, C33–E33
_SPECIAL_HEADER_ROW = 35
_SPECIAL_LABELS = ("特设岗位", "岗位类别", "岗位等级", "数量")
_FIELD_CELLS = {
    "unit.name": "B3", "unit.jurisdiction": "B25", "unit.affiliation": "B26", "unit.sector": "B27",
    "quotas.full_senior": "B30", "special": f"B{_SPECIAL_HEADER_ROW + 1}", "professional": "C15",
}  # fmt: skip


def _cell(column: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _at(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return row, column_index_from_string(letters)


def _safe_sheet_title(name: str, used: set[str]) -> str:
    title = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "单位"
    base, n = title, 2
    while title in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _share(part: int, whole: int) -> str:
    if not whole:
        return ""
    return f"{float(Fraction(part * 100, whole)):.1f}%"


def write_workbook(schemes: Sequence[UnitScheme], path, *, header: Mapping[str, Any] | None = None) -> None:
    """One sheet per unit in the attachment-2 layout (read back by ``read_workbook``). ``header`` may carry the
    form's 机构规格, 经费形式, 公益类型, 编制总数, 现有人数 and 报表日期 (``report_date``) — facts the check does not use."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    header = dict(header or {})
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for scheme in schemes:
        sheet = workbook.create_sheet(_safe_sheet_title(scheme.name, used))

        def put(ref: str, value, *, merge: str = "", bold: bool = False, sheet=sheet) -> None:
            sheet[ref] = value
            if merge:
                sheet.merge_cells(f"{ref}:{merge}")
            if bold:
                sheet[ref].font = Font(bold=True)

        sheet["A1"] = SHEET_TITLE
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.merge_cells("A1:O1")
        sheet["A1"].alignment = center
        put("A2", f"单位名称（盖章）：{scheme.name}", merge="H2")
        report_date = header.get("report_date")
        put("I2", f"报表日期：{report_date:%Y年%-m月%-d日}" if report_date else "报表日期：    年  月  日", merge="O2")
        for ref, label in _HEADER_LABELS.items():
            put(ref, label, bold=True)
        put("B3", scheme.name, merge="E3")
        for label, ref in FORM_HEADER.items():
            if label != "单位全称":
                put(ref, header.get(label, ""))
        # 单位岗位总量: categories (POST-01 base: special posts excluded, directional posts are professional posts).
        management = sum(scheme.management.values())
        professional = scheme.professional_total + scheme.directional_total
        worker = sum(scheme.worker.values())
        special = sum(p.count for p in scheme.special)
        total = management + professional + worker
        put("A4", "单位岗位总量", merge="A6")
        put("B4", total, merge="B6")
        for row, label in ((4, "类别"), (5, "比例"), (6, "数量")):
            put(f"C{row}", label)
        for (label, column), count in zip(
            _CATEGORY_COLUMNS.items(), (management, professional, worker, special), strict=True
        ):
            put(f"{column}4", label)
            put(f"{column}5", "" if label == "特设岗位" else _share(count, total))
            put(f"{column}6", count)
        # 管理岗位 三…十
        put("A7", "管理岗位", merge="A9")
        for row, label in ((7, "等级"), (8, "比例"), (9, "数量")):
            put(f"B{row}", label)
        for index, grade in enumerate(MANAGEMENT_GRADES):
            count = scheme.management.get(grade, 0)
            sheet.cell(7, 3 + index, _CN[grade - 1])
            sheet.cell(8, 3 + index, _share(count, management))
            sheet.cell(9, 3 + index, count)
        # 专业技术岗位: 层级 (高级 二–七, 中级 八–十, 初级 十一–十三), then 等级 二…十三.
        put("A10", "专业技术岗位", merge="A15")
        for row, label in ((10, "层级"), (11, "比例"), (12, "数量"), (13, "等级"), (14, "比例"), (15, "数量")):
            put(f"B{row}", label)
        p_total = scheme.professional_total
        ends = {"高级": "H", "中级": "K", "初级": "N"}
        for label, (column, grades) in _LEVEL_COLUMNS.items():
            count = scheme.prof_sum(range(1, 8)) if label == "高级" else scheme.prof_sum(grades)
            put(f"{column}10", "高 级" if label == "高级" else "中 级" if label == "中级" else "初 级",
                merge=f"{ends[label]}10")  # fmt: skip
            put(f"{column}11", _share(count, p_total), merge=f"{ends[label]}11")
            put(f"{column}12", count, merge=f"{ends[label]}12")
        bases = {g: b for b in ((2, 3, 4), (5, 6, 7), (8, 9, 10), (11, 12, 13)) for g in b}
        for index, grade in enumerate(range(2, 14)):
            count = scheme.prof(grade)
            sheet.cell(13, 3 + index, _CN[grade - 1])
            sheet.cell(14, 3 + index, _share(count, scheme.prof_sum(bases[grade])))
            sheet.cell(15, 3 + index, count)
        # 工勤技能岗位: 技术工 一…五, 普通工
        put("A16", "工勤技能岗位", merge="A19")
        for row, label in ((16, "等级"), (18, "比例"), (19, "数量")):
            put(f"B{row}", label)
        sheet.merge_cells("B16:B17")
        put("C16", "技术工", merge="G16")
        put("H16", "普通工", merge="H17")
        for index, grade in enumerate(WORKER_GRADES):
            count = scheme.worker.get(grade, 0)
            if grade != "general":
                sheet.cell(17, 3 + index, _CN[index])
            sheet.cell(18, 3 + index, _share(count, worker))
            sheet.cell(19, 3 + index, count)
        put("A20", "审核意见", merge="A21")
        put("B20", "主管部门审核意见", merge="G20")
        put("H20", "人事综合管理部门意见", merge="O20")
        put("B21", "（盖章）    年  月  日", merge="G21")
        put("H21", "（盖章）    年  月  日", merge="O21")
        put("A22", "填表说明", bold=True)
        put("B22", "1. 本表用于事业单位岗位设置方案备案；2. 经费形式是指财政拨款形式；3. 公益类型是指从事公益服务的类型；"
                   "4. 编制总数是指机构编制部门核定的本单位人员编制数量；5. 现有人员数是指本单位现有在册的正式工作人员数量；"
                   "6. 本表一式一份，用 A4 纸打印。", merge="O22")  # fmt: skip
        for row in sheet.iter_rows(min_row=3, max_row=22, min_col=1, max_col=15):
            for cell in row:
                cell.border = box
                if cell.coordinate not in ("B22",):
                    cell.alignment = center
        sheet.row_dimensions[21].height = 60
        sheet.row_dimensions[22].height = 45
        # The check's own facts (not on the paper form).
        put(f"A{_EXTRA_TITLE_ROW}", _EXTRA_TITLE, bold=True)
        values = [
            JURISDICTION_NAMES[scheme.jurisdiction],
            AFFILIATION_NAMES[scheme.affiliation],
            scheme.sector,
            "是" if scheme.public_service_professional else "否",
            "是" if scheme.senior_grade_exempt else "否",
            scheme.quota_full_senior,
            scheme.prof(1),
        ]
        for (row, label), value in zip(_EXTRA, values, strict=True):
            sheet.cell(row, 1, label)
            sheet.cell(row, 2, value)
        sheet.cell(_DIRECTIONAL_ROW, 1, "定向评价、定向使用岗位")
        sheet.cell(_DIRECTIONAL_ROW, 2, "等级")
        sheet.cell(_DIRECTIONAL_ROW + 1, 2, "数量")
        for index, grade in enumerate(DIRECTIONAL_GRADES):
            sheet.cell(_DIRECTIONAL_ROW, 3 + index, _CN[grade - 1])
            sheet.cell(_DIRECTIONAL_ROW + 1, 3 + index, scheme.directional.get(grade, 0))
        for column, text in enumerate(_SPECIAL_LABELS, start=1):
            sheet.cell(_SPECIAL_HEADER_ROW, column, text)
        for index, post in enumerate(scheme.special, start=1):
            row = _SPECIAL_HEADER_ROW + index
            sheet.cell(row, 2, "专业技术岗位" if post.category == "professional" else "工勤技能岗位")
            sheet.cell(row, 3, post.grade)
            sheet.cell(row, 4, post.count)
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 10
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.print_area = "A1:O22"
    if not schemes:
        workbook.create_sheet("空")
    workbook.save(path)


def _check_zip(path: Path) -> None:
    """Refuse decompression bombs and XML with a document type (entities: "billion laughs", external files) before
    openpyxl parses anything. defusedxml is not installed; a worksheet part never needs a DTD, so any is refused."""
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
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            if total > _MAX_UNCOMPRESSED_BYTES or total / packed > _MAX_RATIO:
                raise SchemeInputError(
                    "file",
                    f"工作簿解压后过大（{total} 字节，压缩比 {total // packed}），疑似压缩炸弹，拒绝读取",
                    f"the workbook inflates to {total} bytes (ratio {total // packed}); refused as a decompression bomb",
                )
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels", ".vml")) and _declares_dtd(archive.read(member)):
                    raise SchemeInputError(
                        "file",
                        f"无法读取工作簿：{member.filename} 含文档类型声明（DOCTYPE/ENTITY），出于安全原因拒绝读取",
                        f"cannot read the workbook: {member.filename} declares a document type (DOCTYPE/ENTITY); "
                        "refused for safety",
                    )
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise SchemeInputError("file", "不是有效的 .xlsx 文件", f"not a valid .xlsx file ({exc})") from exc


def _declares_dtd(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="ignore")
    elif raw[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        text = raw.decode("utf-32", errors="ignore")
    else:
        text = raw.decode("utf-8", errors="ignore")
    text = text.lower()
    return "<!doctype" in text or "<!entity" in text


def _unreadable(exc: Exception) -> SchemeInputError:
    return SchemeInputError("file", "无法读取工作簿（文件已损坏或不是岗位设置备案表）",
                            f"cannot read the workbook ({type(exc).__name__}: {exc})")  # fmt: skip


def read_workbook(path, *, sectors: Collection[str] = DEFAULT_SECTORS) -> list[UnitScheme]:
    """``.xlsx`` in the attachment-2 layout, one unit per sheet → ``UnitScheme`` objects. Empty sheets are skipped."""
    return _read_workbook(Path(path), sectors)


def count_cell_problems(path) -> list[tuple[str, str, str]]:
    """Every count cell of every sheet that is not a non-negative integer, as (sheet!cell, message, message_en) —
    so the editor can list all bad cells at once. The file must have passed ``read_workbook``'s checks."""
    problems = []
    for sheet, grid, formulas in _sheets(Path(path)):
        problems += _count_problems(sheet, grid, formulas)
    return problems


def _sheets(path: Path):
    """(name, values, formula cells) of each non-empty sheet; every parse error becomes a SchemeInputError."""
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        values_book = load_workbook(path, read_only=True, data_only=True)
        formula_book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types (KeyError, InvalidFileException, XML errors…)
        raise _unreadable(exc) from exc
    try:
        if len(values_book.sheetnames) > _MAX_SHEETS:
            raise SchemeInputError(
                "file", f"工作表过多（最多 {_MAX_SHEETS}）", f"too many sheets (at most {_MAX_SHEETS})"
            )
        result = []
        for name in values_book.sheetnames:
            grid = _grid(values_book[name], name)
            if not grid:
                continue  # a blank sheet (a template's spare tab) is not a unit
            formulas = {
                key
                for key, value in _grid(formula_book[name], name).items()
                if isinstance(value, str) and value[:1] == "="
            }
            result.append((name, grid, formulas))
        return result
    except SchemeInputError:
        raise
    except Exception as exc:  # the sheet XML is parsed lazily, here: truncated, malformed…
        raise _unreadable(exc) from exc
    finally:
        values_book.close()
        formula_book.close()


def _grid(sheet, name: str) -> dict[tuple[int, int], Any]:
    try:
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    except SchemeInputError:
        raise
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
    return grid


def _read_workbook(path: Path, sectors: Collection[str]) -> list[UnitScheme]:
    sheets = _sheets(path)
    if not sheets:
        raise SchemeInputError("file", "工作簿中没有填写内容的工作表", "the workbook has no sheet with content")
    result = []
    for name, grid, formulas in sheets:
        reader = _read_legacy_sheet if _is_legacy(grid) else _read_form_sheet
        result.append(reader(_Sheet(name, grid, formulas, sectors)))
    return result


def _is_legacy(grid) -> bool:
    return str(grid.get((2, 1), "")).strip() == "单位全称"


class _Sheet:
    """Typed access to one sheet's cells; every problem names ``sheet!cell``."""

    def __init__(self, name: str, grid: dict, formulas: set, sectors: Collection[str] = DEFAULT_SECTORS):
        self.name, self.grid, self.formulas, self.sectors = name, grid, formulas, sectors

    def where(self, row: int, column: int) -> str:
        return f"{self.name}!{_cell(column, row)}"

    def text(self, row: int, column: int) -> str:
        value = self.grid.get((row, column))
        return "" if value is None else str(value).strip()

    def expect(self, row: int, column: int, label: str) -> None:
        found = self.text(row, column).replace(" ", "")
        if found != label.replace(" ", ""):
            raise SchemeInputError(
                self.where(row, column),
                f"应为“{label}”，实为“{self.text(row, column)}”（请使用岗位设置备案表模板）",
                f"expected {label!r}, found {self.text(row, column)!r} (use the filing-form template)",
            )

    def count(self, row: int, column: int) -> int:
        value = self.grid.get((row, column))
        where = self.where(row, column)
        if value is None:
            if (row, column) in self.formulas:
                raise SchemeInputError(
                    where,
                    "该单元格是公式，但文件中没有计算结果（请在 Excel/WPS 中打开并保存后再导入，或填写数字）",
                    "the cell holds a formula without a saved result (open and save the file in Excel/WPS, or "
                    "type the number)",
                )
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

    def choice(self, row: int, names: Mapping[str, str], keys: Sequence[str]) -> str:
        value = self.text(row, 2)
        reverse = {v: k for k, v in names.items()}
        if value in reverse:
            return reverse[value]
        if value in keys:
            return value
        raise SchemeInputError(
            self.where(row, 2),
            f"应为 {'、'.join(names.values())} 之一，收到 {value!r}",
            f"expected one of {', '.join(keys)}, got {value!r}",
        )

    def flag(self, row: int) -> bool:
        value = self.text(row, 2).lower()
        if value in _YES:
            return True
        if value in _NO:
            return False
        raise SchemeInputError(
            self.where(row, 2), f"应为“是”或“否”，收到 {value!r}", f"expected 是 (yes) or 否 (no), got {value!r}"
        )

    def special(self, header_row: int) -> list[dict]:
        for column, label in enumerate(_SPECIAL_LABELS, start=1):
            self.expect(header_row, column, label)
        special = []
        for row in range(header_row + 1, _MAX_ROWS + 1):
            if not any((row, column) in self.grid for column in (2, 3, 4)):
                continue
            category_text = self.text(row, 2)
            category = _SPECIAL_CATEGORY_NAMES.get(category_text, category_text)
            if category not in SPECIAL_CATEGORIES:
                raise SchemeInputError(
                    self.where(row, 2),
                    f"岗位类别应为 {'、'.join(_SPECIAL_CATEGORY_NAMES)} 之一，收到 {category_text!r}",
                    f"category must be one of {', '.join(SPECIAL_CATEGORIES)}, got {category_text!r}",
                )
            special.append({"category": category, "grade": self.count(row, 3), "count": self.count(row, 4)})
        return special

    def unit(self, data: dict, cells: Mapping[str, str]) -> UnitScheme:
        try:
            return parse_unit(data, sectors=self.sectors)
        except SchemeInputError as exc:
            cell = cells.get(exc.field.split("[")[0], exc.field)
            raise SchemeInputError(f"{self.name}!{cell}", exc.message, exc.message_en) from exc


def _read_form_sheet(sheet: _Sheet) -> UnitScheme:
    sheet.expect(1, 1, SHEET_TITLE)
    for ref, label in {**_HEADER_LABELS, **_FORM_BLOCK_LABELS}.items():
        sheet.expect(*_at(ref), label)
    for label, column in _CATEGORY_COLUMNS.items():
        sheet.expect(*_at(f"{column}4"), label)
    for label, (column, _grades) in _LEVEL_COLUMNS.items():
        sheet.expect(*_at(f"{column}10"), label)
    sheet.expect(16, 8, "普通工")
    counts: dict[str, dict[str, int]] = {}
    for key, (label_row, count_row, grades, labels) in _FORM_ROWS.items():
        for index, (grade, column_label) in enumerate(zip(grades, labels, strict=True)):
            if grade != "general":
                sheet.expect(label_row, 3 + index, column_label)
            counts.setdefault(key, {})[str(grade)] = sheet.count(count_row, 3 + index)
    unit_name = sheet.text(3, 2)
    if not unit_name:
        raise SchemeInputError(sheet.where(3, 2), "缺少单位全称", "the unit's full name is missing")
    sheet.expect(_EXTRA_TITLE_ROW, 1, _EXTRA_TITLE)
    for row, label in _EXTRA:
        sheet.expect(row, 1, label)
    counts["professional"]["1"] = sheet.count(31, 2)
    sheet.expect(_DIRECTIONAL_ROW, 1, "定向评价、定向使用岗位")
    sheet.expect(_DIRECTIONAL_ROW, 2, "等级")
    sheet.expect(_DIRECTIONAL_ROW + 1, 2, "数量")
    for index, grade in enumerate(DIRECTIONAL_GRADES):
        sheet.expect(_DIRECTIONAL_ROW, 3 + index, _CN[grade - 1])
        counts.setdefault("directional", {})[str(grade)] = sheet.count(_DIRECTIONAL_ROW + 1, 3 + index)
    sector_text = sheet.text(27, 2) or "general"
    data: dict[str, Any] = {
        "unit": {
            "name": unit_name,
            "jurisdiction": sheet.choice(25, JURISDICTION_NAMES, JURISDICTIONS),
            "affiliation": sheet.choice(26, AFFILIATION_NAMES, AFFILIATIONS),
            "sector": _SECTOR_NAMES.get(sector_text, sector_text),
            "public_service_professional": sheet.flag(28),
            "senior_grade_exempt": sheet.flag(29),
        },
        **counts,
        "special": sheet.special(_SPECIAL_HEADER_ROW),
    }
    if sheet.grid.get((30, 2)) is not None or (30, 2) in sheet.formulas:
        data["quotas"] = {"full_senior": sheet.count(30, 2)}
    return sheet.unit(data, _FIELD_CELLS)


# The layout of earlier versions (labels in column A from row 2, blocks at rows 10–17, special posts at row 20).
_LEGACY_FIELDS = [
    (2, "单位全称"), (3, "所属地区"), (4, "隶属关系"), (5, "行业"), (6, "主要以专业技术提供社会公益服务"),
    (7, "正高级岗位按自治区标准（公立医院、职业技术学院、市委党校）"), (8, "正高级岗位总额"),
]  # fmt: skip
_LEGACY_BLOCKS = [
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
_LEGACY_CELLS = {"unit.name": "B2", "unit.jurisdiction": "B3", "unit.affiliation": "B4", "unit.sector": "B5",
                 "quotas.full_senior": "B8", "special": "B21", "professional": "C13"}  # fmt: skip


def _read_legacy_sheet(sheet: _Sheet) -> UnitScheme:
    sheet.expect(1, 1, SHEET_TITLE)
    for row, label in _LEGACY_FIELDS:
        sheet.expect(row, 1, label)
    unit_name = sheet.text(2, 2)
    if not unit_name:
        raise SchemeInputError(sheet.where(2, 2), "缺少单位全称", "the unit's full name is missing")
    sector_text = sheet.text(5, 2) or "general"
    data: dict[str, Any] = {
        "unit": {
            "name": unit_name,
            "jurisdiction": sheet.choice(3, JURISDICTION_NAMES, JURISDICTIONS),
            "affiliation": sheet.choice(4, AFFILIATION_NAMES, AFFILIATIONS),
            "sector": _SECTOR_NAMES.get(sector_text, sector_text),
            "public_service_professional": sheet.flag(6),
            "senior_grade_exempt": sheet.flag(7),
        },
    }
    if sheet.grid.get((8, 2)) is not None or (8, 2) in sheet.formulas:
        data["quotas"] = {"full_senior": sheet.count(8, 2)}
    for row, label, key, grades, labels in _LEGACY_BLOCKS:
        sheet.expect(row, 1, label)
        sheet.expect(row, 2, "等级")
        sheet.expect(row + 1, 2, "数量")
        for index, (grade, column_label) in enumerate(zip(grades, labels, strict=True)):
            sheet.expect(row, 3 + index, column_label)
            data.setdefault(key, {})[str(grade)] = sheet.count(row + 1, 3 + index)
    data["special"] = sheet.special(20)
    return sheet.unit(data, _LEGACY_CELLS)


def _count_problems(name: str, grid: dict, formulas: set) -> list[tuple[str, str, str]]:
    sheet = _Sheet(name, grid, formulas)
    if _is_legacy(grid):
        cells = [(row + 1, 3 + i) for row, _l, _k, grades, _c in _LEGACY_BLOCKS for i in range(len(grades))]
    else:
        cells = [(count_row, 3 + i) for _l, count_row, grades, _c in _FORM_ROWS.values() for i in range(len(grades))]
        cells += [(31, 2), (_DIRECTIONAL_ROW + 1, 3), (_DIRECTIONAL_ROW + 1, 4), (_DIRECTIONAL_ROW + 1, 5)]
    problems = []
    for row, column in cells:
        try:
            sheet.count(row, column)
        except SchemeInputError as exc:
            problems.append((exc.field, exc.message, exc.message_en))
    return problems


def is_batch(data: Any) -> bool:
    """The ``{"units": [...]}`` form, which also gets the jurisdiction aggregate checks (INTERFACES.md §1)."""
    return isinstance(data, Mapping) and "units" in data


def read_scheme_file(path, *, sectors: Collection[str] = DEFAULT_SECTORS) -> list[UnitScheme]:
    """A ``.json`` or ``.xlsx`` file → schemes; errors carry the file name as ``source``."""
    return load_scheme_file(path, sectors=sectors)[0]


def decode_scheme_json(raw: bytes | str) -> Any:
    """``workflow.jsonio.decode_json`` (syntax, encoding, depth) that also refuses a key given twice in one object —
    plain JSON keeps the last value silently, so ``{"7": 3, "7": 30}`` would check 30 posts without a word."""
    data = decode_json(raw)
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes | bytearray) else raw

    def pairs(items):
        seen = set()
        for key, _value in items:
            if key in seen:
                raise SchemeInputError(
                    key,
                    f"字段 {key!r} 在同一对象中出现两次，请只保留一个",
                    f"the key {key!r} appears twice in the same object; keep one",
                )
            seen.add(key)
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    return data


def load_scheme_file(path, *, sectors: Collection[str] = DEFAULT_SECTORS) -> tuple[list[UnitScheme], bool]:
    """A ``.json`` or ``.xlsx`` file → (schemes, is it a batch).

    A workbook with one unit sheet is one unit, exactly like the same unit as JSON (no aggregates); a workbook with
    several unit sheets is a batch and gets the jurisdiction aggregates (INTERFACES.md §1 "one sheet per unit").
    Blank sheets do not count."""

    path = Path(path)
    try:
        if path.suffix.lower() not in (".json", ".xlsx"):
            raise SchemeInputError("file", "文件应为 .json 或 .xlsx", "the file must be .json or .xlsx")
        if not path.is_file():  # one message for both kinds, before any reader touches it
            raise SchemeInputError("file", "文件不存在或不是普通文件", "no such file (or not a regular file)")
        if path.suffix.lower() == ".xlsx":
            units = read_workbook(path, sectors=sectors)
            return units, len(units) > 1
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SchemeInputError("file", "无法打开文件", f"cannot open the file ({exc.strerror})") from exc
        if len(raw) > _MAX_FILE_BYTES:
            raise SchemeInputError("file", "文件过大", f"file too large (max {_MAX_FILE_BYTES} bytes)")
        try:
            data = decode_scheme_json(raw)
        except JsonInputError as exc:
            raise SchemeInputError("file", exc.message, exc.message_en) from exc
        return parse_schemes(data, sectors=sectors), is_batch(data)
    except SchemeInputError as exc:
        raise exc.with_source(str(path)) from exc


# ----------------------------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class SchemeProfiles:
    units: tuple[RatioProfile, ...]  # one per scheme, same order
    jurisdictions: Mapping[str, RatioProfile]  # overall profile per jurisdiction (aggregate checks)


def profiles_for(units: Sequence[UnitScheme]) -> SchemeProfiles:
    """The POST-02 default profiles for ``units`` (``default_profile``), without the database — the pure fallback of
    ``scheme_check``. The CLI and the API pass the HR bureau's stored profiles instead
    (``posts.selectors.scheme_profiles``, same signature and result type).
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
