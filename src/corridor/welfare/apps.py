from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class WelfareConfig(AppConfig):
    name = "corridor.welfare"
    label = "welfare"
    verbose_name = _("Welfare fund")

    def ready(self):
        fund, attache, worker = R.FUND_OFFICER, R.CONSULAR_ATTACHE, R.WORKER
        register("welfare.view", {fund, R.AUDITOR, attache, worker})
        register("welfare.enrol", {fund, attache})  # membership at clearance (fund) or abroad (attaché)
        register("welfare.claim_file", {fund, attache, worker})
        register("welfare.claim_decide", {fund})  # recommend, approve (four eyes), reject
        register("welfare.claim_appeal", {fund, attache, worker})
        register("welfare.pay", {fund})
        register("welfare.repatriation_request", {fund, attache})
        register("welfare.repatriation_decide", {fund})
        register("welfare.loan", {fund})
        register("welfare.ledger", {fund, R.AUDITOR})

        from corridor.welfare import (  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
            messages,
            subscribers,
        )

        messages.register()
