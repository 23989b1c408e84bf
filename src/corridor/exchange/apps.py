from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role
from corridor.accounts.permissions import register


class ExchangeConfig(AppConfig):
    name = "corridor.exchange"
    label = "exchange"
    verbose_name = _("Exchange between nodes")

    def ready(self):
        from corridor.exchange import (  # why: models import only once the app registry is ready
            anchors,
            document,
            handlers,
            services,
            tasks,
        )

        register("exchange.view", {Role.ADMINISTRATOR, Role.ORIGIN_OFFICER, Role.DESTINATION_OFFICER})
        register("exchange.peer_manage", {Role.ADMINISTRATOR})
        handlers.register_builtin()
        services.set_delivery_starter(tasks.deliver.enqueue)
        anchors.register()
        document.register()
        from corridor.core.node_keys import register_key_use  # why: imports the audit models
        from corridor.exchange.selectors import (
            waiting_messages_signed_with,  # why: models import only once the app registry is ready
        )

        register_key_use("messages waiting in the outbox", waiting_messages_signed_with)
