"""Regenerate the rule index of docs/rules.md: every rule ID of ../shared/spec/RULES.md → the code files that name
it and the test files that name it (by grep, so the table is what the tree really holds).

Usage: .venv/bin/python docs/tools/rule_index.py   (rewrites the part between the INDEX markers)
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "spec" / "RULES.md"
DOC = ROOT / "docs" / "rules.md"
BEGIN, END = "<!-- INDEX:BEGIN -->", "<!-- INDEX:END -->"
CODE_DIRS = ("workflow", "posts", "titles")
AREA_DOCS = {
    "FLOW": "this file",
    "POST": "[posts](rules_posts.md), [schemes DB](rules_posts_db.md), [pages](rules_posts_pages.md)",
    "APPT": "not asked for by any issue yet",
    "TITLE": "[eligibility](rules_titles.md), [applications](rules_applications.md), [workflow](rules_workflow.md)",
    "RECOG": "[eligibility](rules_titles.md)",
    "GREEN": "[eligibility](rules_titles.md), [workflow](rules_workflow.md)",
    "CMTE": "[engines](rules_committees.md), [services and pages](rules_committees_db.md)",
}


def files_naming(rule: str, folders, suffixes=(".py",), *, tests_only=False) -> list[str]:
    """Files naming the rule. ``tests_only``: only test modules (``test_*.py``), not the helpers and factories that
    build test data (they mention a rule in a comment without testing it)."""
    pattern = re.compile(rf"{re.escape(rule)}\b|{re.escape(rule.replace('-', '_'))}\b")
    hits = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if tests_only and not path.name.startswith("test_"):
                continue
            if path.suffix in suffixes and "migrations" not in path.parts and path.is_file():
                if pattern.search(path.read_text(encoding="utf-8", errors="ignore")):
                    hits.append(str(path.relative_to(ROOT)))
    return hits


def main() -> None:
    rules = re.findall(r"^- \*\*([A-Z]+-\d\d) ([^*]+?)\.?\*\*", SPEC.read_text(encoding="utf-8"), re.M)
    lines = ["| rule | what | code | tests | readings |", "|---|---|---|---|---|"]
    for rule, title in rules:
        code = files_naming(rule, CODE_DIRS, (".py", ".html", ".txt"))
        tests = files_naming(rule, ("tests",), tests_only=True)
        fmt = lambda paths: "<br>".join(f"`{p}`" for p in paths) or "—"  # noqa: E731
        lines.append(f"| {rule} | {title} | {fmt(code)} | {fmt(tests)} | {AREA_DOCS[rule.split('-')[0]]} |")
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n" + "\n".join(lines) + f"\n{END}{tail}", encoding="utf-8")
    print(f"{len(rules)} rules indexed in {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
