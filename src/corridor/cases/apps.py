from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class CasesConfig(AppConfig):
    name = "corridor.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        officers = {R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.DESTINATION_OFFICER}
        register("case.file", officers | {R.CASEWORKER})
        register("case.view", officers | {R.CASEWORKER, R.AUDITOR, R.WORKER})
        register("case.work", officers | {R.CASEWORKER})
        register("case.view_identity", officers | {R.CASEWORKER, R.WORKER})
        register("case.remedy", officers)
        register("case.refer", officers)
        register("case.roster", officers)
        register("case.respond", {R.EMPLOYER_STAFF, R.AGENCY_STAFF})

        from corridor.cases import (  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
            referral,
            subscribers,
        )

        referral.register()
