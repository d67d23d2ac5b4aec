from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "加载演示数据（可重复执行）/ Load the demo data (idempotent)."

    def handle(self, *args, **options):
        # Each app contributes its own seeder (settings.DEMO_SEEDERS), in dependency order.
        for path in settings.DEMO_SEEDERS:
            self.stdout.write(f"  · {path}")
            import_string(path)()
        from workflow.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready. 演示账号 / demo accounts:"))
        for username, display, _role, _org, hint in DEMO_ACCOUNTS + [("admin", "系统管理员", "", "", "后台 /admin/")]:
            self.stdout.write(f"  {username:<18} {DEMO_PASSWORD}  {display}  — {hint}")
