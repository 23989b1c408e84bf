from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class RegistryConfig(AppConfig):
    name = "corridor.registry"
    label = "registry"
    verbose_name = _("Registry of recruiters and employers")

    def ready(self) -> None:
        officers = {R.ORIGIN_OFFICER, R.AUDITOR}
        register("agency.view", {*officers, R.AGENCY_STAFF, R.CONSULAR_ATTACHE})
        register("agency.apply", {R.AGENCY_STAFF, R.ORIGIN_OFFICER})
        register("licence.decide", {R.ORIGIN_OFFICER})
        register("sanction.answer", {R.AGENCY_STAFF})
        register("subagent.register", {R.AGENCY_STAFF, R.ORIGIN_OFFICER})
        register("employer.view", {*officers, R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE, R.EMPLOYER_STAFF, R.AGENCY_STAFF})
        register("employer.register", {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE, R.EMPLOYER_STAFF})
        register("employer.verify", {R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE})
        register("job_order.view", {*officers, R.AGENCY_STAFF, R.EMPLOYER_STAFF, R.CONSULAR_ATTACHE})
        register("job_order.create", {R.AGENCY_STAFF, R.EMPLOYER_STAFF})
        register("job_order.decide", {R.ORIGIN_OFFICER})
        register("watchlist.view", {*officers, R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE})
        register("watchlist.manage", {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER, R.CONSULAR_ATTACHE})
        register("screening.review", {R.ORIGIN_OFFICER, R.DESTINATION_OFFICER})
        register("registry.import", {R.ORIGIN_OFFICER, R.ADMINISTRATOR})
        from corridor.registry import (
            messages,  # why: models are importable only once the app registry is ready
            subscribers,  # why: subscribers register on import  # noqa: F401
        )

        messages.register()  # the registry owns watchlists, and so the peers' watchlist messages
