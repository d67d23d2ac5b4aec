from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "titles"
    verbose_name = _("职称评审")

    def ready(self):
        from titles.inbox_applicant import applicant_section
        from workflow.inbox import register
        from workflow.models import Role

        register(Role.APPLICANT, applicant_section)

        from titles.inbox import register_providers as register_review_providers

        register_review_providers()

        from titles.inbox_committees import register_providers as register_committee_providers

        register_committee_providers()
