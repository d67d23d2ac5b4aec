"""``python manage.py check_scheme FILE [--format text|json]`` — INTERFACES.md §1.

Exit status: 0 no error finding, 1 at least one error finding, 2 the input could not be read (the message names the
file, the field and what was expected). Nothing is saved.
"""

import json
import sys

from django.core.management.base import BaseCommand

from posts.scheme_io import SchemeInputError, load_scheme_file, report, report_text, scheme_check
from posts.selectors import profile_sectors, scheme_profiles
from workflow.management.database import require_migrated_database

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = "检查岗位设置方案（.json 或岗位设置备案表 .xlsx）是否符合结构比例 / Check post-setting schemes (POST-01…13)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="scheme file: .json (INTERFACES.md §1) or .xlsx (岗位设置备案表)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, file, format, **options):
        require_migrated_database(self.stderr)
        try:
            units, batch = load_scheme_file(file, sectors=profile_sectors())
        except SchemeInputError as exc:
            if format == "json":
                self.stdout.write(json.dumps({"ok": False, "error": exc.as_dict()}, ensure_ascii=False, indent=2))
            self.stderr.write(f"无法读取岗位设置方案 / cannot read the scheme — {exc}")
            sys.exit(EXIT_UNREADABLE)
        # POST-03: the ratio profiles HR has stored (the POST-02 defaults where none is stored).
        results, aggregate = scheme_check(units, scheme_profiles(units), batch=batch)
        payload = report(results, aggregate)
        if format == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report_text(payload))
        sys.exit(EXIT_OK if payload["ok"] else EXIT_ERRORS)
