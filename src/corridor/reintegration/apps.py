from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class ReintegrationConfig(AppConfig):
    name = "corridor.reintegration"
    label = "reintegration"
    verbose_name = _("Return and reintegration")

    def ready(self):
        officer, caseworker, attache, worker = R.ORIGIN_OFFICER, R.CASEWORKER, R.CONSULAR_ATTACHE, R.WORKER
        register("reintegration.view", {officer, caseworker, attache, R.AUDITOR, worker})
        register("reintegration.return_record", {officer, attache, worker})  # a worker records their own arrival
        register("reintegration.debrief", {worker})  # the worker's own answers, voluntary
        register("reintegration.plan", {officer, caseworker})  # plans, referrals, follow-ups, closing
        register("reintegration.certify", {officer})  # skills recognition certificates
        register("reintegration.catalogue", {officer})  # services and the organisations that give them
        register("reintegration.report", {officer, R.AUDITOR})  # outcomes per service, debrief figures
        register("reintegration.exit_report", {R.DESTINATION_OFFICER})  # destination side: a worker left
        register("reintegration.view_matching", {officer, R.FUND_OFFICER, R.AUDITOR})  # proposals and their money
        register("reintegration.matching", {officer})  # associations, proposals, eligibility, scores
        register("reintegration.matching_decide", {officer})  # the committee's decision
        register("reintegration.matching_pay", {R.FUND_OFFICER})  # money received and tranches paid

        from corridor.reintegration import (  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
            messages,
            subscribers,
        )

        messages.register()
