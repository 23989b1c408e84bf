from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register


class OrientationConfig(AppConfig):
    name = "corridor.orientation"
    label = "orientation"
    verbose_name = _("Pre-departure orientation")

    def ready(self):
        register("orientation.license", {R.ORIGIN_OFFICER})  # license and revoke providers
        register("orientation.teach", {R.ORIENTATION_PROVIDER})  # courses, sessions, enrolment, attendance, completion
        register("orientation.assessment", {R.ORIENTATION_PROVIDER, R.WORKER})  # sit (worker) or record (provider)

        from corridor.orientation import (  # noqa: F401
            subscribers,  # why: subscribers register on import, once the app registry is ready
        )
