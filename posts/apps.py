from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = _("岗位设置")

    def ready(self):
        from .inbox import register_providers

        register_providers()
