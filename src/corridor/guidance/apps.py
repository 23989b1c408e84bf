from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class GuidanceConfig(AppConfig):
    name = "corridor.guidance"
    label = "guidance"
    verbose_name = _("Know before you go, remittance costs, resource centres")

    def ready(self):
        register("guidance.mine", {R.WORKER})
        register("centre.manage", {R.DESTINATION_OFFICER, R.ADMINISTRATOR})
        referrers = {R.DESTINATION_OFFICER, R.CASEWORKER, R.CONSULAR_ATTACHE}
        register("referral.make", referrers)
        register("referral.view", referrers | {R.AUDITOR, R.RESOURCE_CENTRE_STAFF})
        register("referral.respond", {R.RESOURCE_CENTRE_STAFF})

        from corridor.guidance import (  # why: the lifecycle table registers on import, once the registry is ready  # noqa: F401
            lifecycles,
        )
