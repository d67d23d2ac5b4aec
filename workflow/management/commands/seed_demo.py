from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "加载演示数据（可重复执行，仅限演示模式 WUHAI_DEMO=1）/ Load the demo data (idempotent; demo mode only)."

    def handle(self, *args, **options):
        from workflow import clock
        from workflow.models import OutboxMessage
        from workflow.services import demo_date_start

        if not settings.DEMO_MODE:
            # The demo accounts share one published password and include a superuser ("admin"): never outside the
            # demo. A real installation's first administrator comes from `manage.py createsuperuser` (README).
            raise CommandError(
                "seed_demo 只能在演示模式下运行（WUHAI_DEMO=1，如 make demo）：演示账号使用公开的密码，且包含超级用户 admin。"
                "正式系统请用 manage.py createsuperuser 创建第一个管理员。 / seed_demo runs only in demo mode "
                "(WUHAI_DEMO=1, as make demo sets it): the demo accounts share a published password and include the "
                "superuser admin. On a real installation create the first administrator with manage.py createsuperuser."
            )
        # The demo is set in the 2023 evaluation year of Doc B (workflow.clock); a re-seed keeps a date moved on.
        try:
            start = date.fromisoformat(settings.DEMO_START_DATE)
        except ValueError as exc:
            raise CommandError(f"WUHAI_DEMO_DATE 应为 YYYY-MM-DD / expected YYYY-MM-DD: {exc}") from exc
        demo_date_start(day=start)
        mails = OutboxMessage.objects.count()
        # The seeders walk applications through the real services, which write mail to the outbox and send it; in
        # the demo that would print dozens of mails before the accounts, so they go to memory (still in the outbox).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            # Each app contributes its own seeder (settings.DEMO_SEEDERS), in dependency order.
            for path in settings.DEMO_SEEDERS:
                self.stdout.write(f"  · {path}")
                import_string(path)()
        from workflow.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data ready."))
        self.stdout.write(
            f"  通知邮件 {OutboxMessage.objects.count() - mails} 封已写入通知发件箱（后台 → 通知发件箱） / mails in the outbox"
        )
        self.stdout.write(
            f"  演示日期 / demo date: {clock.today().isoformat()}（页面顶部可向前调整，系统按日运行定时任务 / "
            "move it forward in the page header; the daily jobs run for each day）"
        )
        self.stdout.write("演示账号 / demo accounts:")
        for username, display, _role, _org, hint in DEMO_ACCOUNTS + [("admin", "系统管理员", "", "", "后台 /admin/")]:
            self.stdout.write(f"  {username:<18} {DEMO_PASSWORD}  {display}  — {hint}")
