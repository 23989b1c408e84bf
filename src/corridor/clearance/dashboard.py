"""Links (and unread notices) on the dashboard for people who deal with clearances or arrivals."""

from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role
from corridor.core.dashboard import Link, Links


def _worker(user) -> bool:
    return user.role == Role.WORKER


def _not_worker(user) -> bool:
    return user.role != Role.WORKER


dashboard_items = Links(
    Link(_("My clearance certificate"), "clearance:mine",
         _("Show the QR code at the airport; it works without a connection once opened."), "clearance.view", _worker),
    Link(_("Departure clearances"), "clearance:list",
         _("Applications, the checks before departure, granted and halted clearances."), "clearance.view", _not_worker),
    Link(_("Clearance notices"), "clearance:notices",
         _("Clearances granted, refused or halted, and what the destination reported."), "clearance.view"),
    Link(_("Arriving workers"), "clearance:arrivals",
         _("Workers cleared by peer countries; record arrivals and check presented contracts."), "arrival.view"),
    Link(_("Substitution matters"), "clearance:matters",
         _("Contracts presented here that are worse than the registered ones."), "arrival.view"),
    Link(_("Verify a clearance certificate"), "clearance:verify", _("Check a certificate's signature, expiry and halt.")),
)
