from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class InspectionConfig(AppConfig):
    name = "corridor.inspection"
    label = "inspection"
    verbose_name = _("Labour inspection")

    def ready(self):
        # Inspectors are destination officers of a labour inspectorate (inspection.scope.is_inspector checks the
        # organisation in every write); a ministry's destination officers and auditors read.
        register("inspection.view", {R.DESTINATION_OFFICER, R.AUDITOR})
        register("inspection.plan", {R.DESTINATION_OFFICER})
        register("inspection.inspect", {R.DESTINATION_OFFICER})
        register("inspection.decide", {R.DESTINATION_OFFICER})
        register("inspection.interview", {R.DESTINATION_OFFICER})
        register("inspection.respond", {R.EMPLOYER_STAFF})
        register("inspection.notice_view", {R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.AUDITOR})

        from corridor.inspection import (  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
            messages,
            subscribers,
        )

        messages.register()
