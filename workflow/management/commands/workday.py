import sys

from django.core.management.base import BaseCommand

from workflow.calendar import YearNotLoaded
from workflow.management.commands.publicity_end import parse_date
from workflow.management.database import require_migrated_database
from workflow.selectors import work_calendar


class Command(BaseCommand):
    help = "该日期是工作日还是休息日（FLOW-02）/ Prints workday or holiday (INTERFACES §2)."

    def add_arguments(self, parser):
        parser.add_argument("date", help="YYYY-MM-DD")

    def handle(self, *args, **options):
        day = parse_date(options["date"])
        require_migrated_database(self.stderr)
        try:
            is_workday = work_calendar().is_workday(day)
        except YearNotLoaded as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write("workday" if is_workday else "holiday")
