import re
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from workflow.calendar import PUBLICITY_WORKING_DAYS, YearNotLoaded
from workflow.management.database import require_migrated_database
from workflow.selectors import work_calendar

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(value: str) -> date:
    """INTERFACES §2: exactly YYYY-MM-DD. (Python 3.11's ``date.fromisoformat`` also takes 20230927 and week dates
    such as 2023-W39-3; an official date is written one way.)"""
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"日期格式应为 YYYY-MM-DD，收到 {value!r} / expected YYYY-MM-DD, got {value!r}", returncode=2
        ) from exc


class Command(BaseCommand):
    help = "公示期最后一天（FLOW-02、FLOW-03）/ Last day of a publicity starting on START (INTERFACES §2)."

    def add_arguments(self, parser):
        parser.add_argument("start", help="YYYY-MM-DD")
        parser.add_argument("--days", type=int, default=PUBLICITY_WORKING_DAYS, help="working days (default 5)")

    def handle(self, *args, **options):
        start = parse_date(options["start"])
        if options["days"] < 1:
            raise CommandError("--days 必须为正整数 / --days must be a positive whole number", returncode=2)
        require_migrated_database(self.stderr)
        try:
            end = work_calendar().publicity_end(start, options["days"])
        except YearNotLoaded as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(end.isoformat())
