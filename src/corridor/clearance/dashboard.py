"""Links (and unread notices) on the dashboard for people who deal with clearances or arrivals."""

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm


def dashboard_items(user) -> list[dict]:
    items = []
    if has_perm(user, "clearance.view"):
        if user.role == Role.WORKER:
            items.append({"title": _("My clearance certificate"), "url": reverse("clearance:mine"),
                          "description": _("Show the QR code at the airport; it works without a connection once opened.")})
        else:
            items.append({"title": _("Departure clearances"), "url": reverse("clearance:list"),
                          "description": _("Applications, the checks before departure, granted and halted clearances.")})
        items.append({"title": _("Clearance notices"), "url": reverse("clearance:notices"),
                      "description": _("Clearances granted, refused or halted, and what the destination reported.")})
    if has_perm(user, "arrival.view"):
        items.append({"title": _("Arriving workers"), "url": reverse("clearance:arrivals"),
                      "description": _("Workers cleared by peer countries; record arrivals and check presented contracts.")})
        items.append({"title": _("Substitution matters"), "url": reverse("clearance:matters"),
                      "description": _("Contracts presented here that are worse than the registered ones.")})
    items.append({"title": _("Verify a clearance certificate"), "url": reverse("clearance:verify"),
                  "description": _("Check a certificate's signature, expiry and halt.")})
    return items
