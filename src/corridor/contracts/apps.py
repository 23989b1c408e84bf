from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class ContractsConfig(AppConfig):
    name = "corridor.contracts"
    label = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        register("contract.view", {R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.AUDITOR, R.WORKER})
        register("contract.submit", {R.AGENCY_STAFF})
        register("contract.amend", {R.AGENCY_STAFF})
        register("contract.decide", {R.ORIGIN_OFFICER})  # approve, return, request and confirm an override
        register("contract.accept_amendment", {R.WORKER})
        register("contract.register_transfer", {R.DESTINATION_OFFICER})  # a completed change of employer
        register("employer.view_workers", {R.EMPLOYER_STAFF})  # its workers: under contracts for its job orders
        register("rules.view", {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE, R.AUDITOR})
