"""``python manage.py check_eligibility FILE [--format text|json]`` — INTERFACES §3.

Exit status: 0 when the file was read and every applicant evaluated (whatever the outcome: refusals are answers,
not failures); 2 when the input could not be read — the message names the field and the accepted values.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from titles.eligibility import (
    ApplicantInputError,
    applicants_from_payload,
    eligibility_check,
    eligibility_report,
    eligibility_text,
    parse_json_text,
)
from titles.selectors import catalogue_snapshot
from workflow.management.database import require_migrated_database


class Command(BaseCommand):
    help = "职称申报资格检查（INTERFACES §3）/ Title-evaluation eligibility check of one applicant or a batch."

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON: one applicant, or {"applicants": [...]}')
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--language", choices=("zh", "en"), default="zh", help="text output language")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_bytes()  # decoded by parse_json_text: UTF-8, a BOM allowed
        except OSError as exc:
            self.stderr.write(f"无法读取文件 {path}：{exc} / cannot read {path}: {exc}")
            sys.exit(2)
        require_migrated_database(self.stderr)
        catalogue = catalogue_snapshot()
        try:
            applicants = applicants_from_payload(parse_json_text(text), catalogue)
        except ApplicantInputError as exc:
            self.stderr.write(f"{path}: {exc.message}\n{path}: {exc.message_en}")
            sys.exit(2)
        results = [eligibility_check(applicant, catalogue) for applicant in applicants]
        if options["format"] == "json":
            self.stdout.write(json.dumps(eligibility_report(results), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(eligibility_text(results, options["language"]), ending="")
