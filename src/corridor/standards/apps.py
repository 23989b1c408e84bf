from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class StandardsConfig(AppConfig):
    name = "corridor.standards"
    label = "standards"
    verbose_name = _("Standards and agreements")

    def ready(self):
        officers = {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER}
        register("standards.view", {*officers, R.CONSULAR_ATTACHE, R.AUDITOR})  # gap analysis, agreements, committees
        register("standards.manage", officers)  # joint committees: schedule, hold, decisions, actions, minutes
        register("standards.load", {R.ADMINISTRATOR})  # reload the ratification and agreement files

        from corridor.standards import (
            messages,  # why: the exchange handler registers once the app registry is ready
        )

        messages.register()
