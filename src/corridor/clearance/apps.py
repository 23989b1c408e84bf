from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class ClearanceConfig(AppConfig):
    name = "corridor.clearance"
    label = "clearance"
    verbose_name = _("Departure clearance and arrivals")

    def ready(self) -> None:
        from corridor.clearance import (  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
            messages,
            subscribers,
        )

        register("clearance.view", {R.ORIGIN_OFFICER, R.AUDITOR, R.AGENCY_STAFF, R.FUND_OFFICER, R.WORKER})
        register("clearance.apply", {R.AGENCY_STAFF, R.ORIGIN_OFFICER})
        # an orientation provider records only the orientation fact (clearance_fact_record), through orientation.completed
        register("clearance.record_fact", {R.AGENCY_STAFF, R.FUND_OFFICER, R.ORIENTATION_PROVIDER})
        register("clearance.decide", {R.ORIGIN_OFFICER})  # grant, refuse, halt, record departure
        register("arrival.view", {R.DESTINATION_OFFICER, R.AUDITOR})
        register("arrival.record", {R.DESTINATION_OFFICER})  # arrivals, presented-contract checks, matters
        # A way out (transfer requests): who asks, who decides, the current employer's answer when the law needs it.
        register("transfer.view", {R.DESTINATION_OFFICER, R.AUDITOR, R.WORKER, R.CASEWORKER, R.CONSULAR_ATTACHE,
                                   R.EMPLOYER_STAFF})
        register("transfer.request", {R.WORKER, R.CASEWORKER, R.CONSULAR_ATTACHE, R.DESTINATION_OFFICER})
        register("transfer.decide", {R.DESTINATION_OFFICER})
        register("transfer.answer", {R.EMPLOYER_STAFF})
        register("stay.record", {R.DESTINATION_OFFICER})
        messages.register()
        from corridor.clearance.selectors import (
            valid_certificates_signed_with,  # why: models import only once the app registry is ready
        )
        from corridor.core.node_keys import register_key_use  # why: imports the audit models

        register_key_use("valid certificates", valid_certificates_signed_with)
