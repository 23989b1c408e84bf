from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "corridor.guidance"
    label = "guidance"
    verbose_name = _("Know before you go, remittance costs, resource centres")

    def ready(self):
        from corridor.accounts.choices import (
            Role as R,  # why: models import only once the app registry is ready
        )
        from corridor.accounts.permissions import (
            register,  # why: models import only once the app registry is ready
        )

        register("guidance.mine", {R.WORKER})
