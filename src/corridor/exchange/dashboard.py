"""Links on the dashboard for people who may see the exchange."""

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm


def dashboard_items(user) -> list[dict]:
    if not has_perm(user, "exchange.view"):
        return []
    return [{"title": _("Exchange with peers"), "url": reverse("exchange:overview"),
             "description": _("Messages sent to and received from other countries' nodes, and their states.")}]
