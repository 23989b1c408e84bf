from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "corridor.guidance"
    label = "guidance"
    verbose_name = _("Know before you go, remittance costs, resource centres")
