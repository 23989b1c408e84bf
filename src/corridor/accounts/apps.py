from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts import permissions
from corridor.core import permissions as core_permissions


class AccountsConfig(AppConfig):
    name = "corridor.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self):
        # The role table becomes core's permission checker (core may not import accounts).
        core_permissions.set_checker(permissions.has_perm)
