"""Links on the dashboard for people who may see the exchange."""

from django.utils.translation import gettext_lazy as _

from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("Exchange with peers"), "exchange:overview",
         _("Messages sent to and received from other countries' nodes, and their states."), "exchange.view"),
)
