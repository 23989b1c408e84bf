from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class WagesConfig(AppConfig):
    name = "corridor.wages"
    label = "wages"
    verbose_name = _("Wages")

    def ready(self) -> None:
        from corridor.wages import (  # why: registry not ready before ready(); handlers register on import  # noqa: F401
            messages,
            subscribers,
        )

        register("wages.import", {R.DESTINATION_OFFICER})  # salary files in
        register("wages.view", {R.DESTINATION_OFFICER, R.AUDITOR})  # files, reconciliations, arrears, settlements
        register("wages.settle", {R.DESTINATION_OFFICER})  # compute, confirm, record the payment of a final settlement
        register("wages.view_own", {R.WORKER})  # the worker's own payslip lines
        register("wages.view_arrears", {R.CONSULAR_ATTACHE, R.ORIGIN_OFFICER})  # origin: arrears of nationals
        messages.register()
