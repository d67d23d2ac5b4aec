from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from workflow.audit import audit_record
from workflow.calendar_seed import calendar_seed_from_package, package_source


class Command(BaseCommand):
    help = (
        "从已安装的 chinesecalendar 导入数据库中尚无的年度（FLOW-02；已有年度不变）/ "
        "Store the years the installed chinesecalendar holds and the database lacks (stored years are kept)."
    )

    def handle(self, *args, **options):
        from workflow.models import CalendarYear

        with transaction.atomic():
            added = calendar_seed_from_package(apps)
            for row in CalendarYear.objects.filter(year__in=added):
                audit_record(subject=row, transition="calendar_year_import", to_state="published", note=row.source)
        if added:
            self.stdout.write(f"{package_source()}: " + ", ".join(str(y) for y in added))
        else:
            self.stdout.write(f"{package_source()}: 没有新的年度 / no new year")
