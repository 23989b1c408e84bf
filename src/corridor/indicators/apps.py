from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class IndicatorsConfig(AppConfig):
    name = "corridor.indicators"
    label = "indicators"
    verbose_name = _("Indicators and statistics")

    def ready(self):
        register("indicators.corridor", {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE, R.AUDITOR})
        register("indicators.share", {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER})

        from corridor.indicators import (  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
            messages,
            subscribers,
        )

        messages.register()
