"""Red flags raised in other apps halt open and granted clearances, without editing those apps.

- a watchlist entry (ours or a peer's) naming an employer or an agency, or a confirmed screening match;
- an agency's licence suspended, cancelled or banned;
- an employer whose verification is withdrawn.
A worker's complaint belongs to the cases app: it calls `services.clearance_halt_for(worker=..., reason=...)`.
"""

from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from corridor.clearance import services

SANCTIONED = {"suspended", "cancelled", "banned"}


def _on_watchlist_entry(sender, instance, **kwargs) -> None:
    if not instance.is_active:
        return
    reason = _("Watchlist entry (%(source)s): %(reason)s") % {"source": instance.source_country, "reason": instance.reason}
    if instance.employer_id:
        services.clearance_halt_for(employer=instance.employer, reason=reason)
    if instance.agency_id:
        services.clearance_halt_for(agency=instance.agency, reason=reason)


def _on_screening_hit(sender, instance, **kwargs) -> None:
    if instance.status != "confirmed" or not instance.entry.is_active:
        return
    reason = _("Confirmed watchlist match: %(reason)s") % {"reason": instance.entry.reason}
    if instance.employer_id:
        services.clearance_halt_for(employer=instance.employer, reason=reason)
    if instance.agency_id:
        services.clearance_halt_for(agency=instance.agency, reason=reason)


def _on_licence(sender, instance, **kwargs) -> None:
    if instance.status in SANCTIONED:
        services.clearance_halt_for(agency=instance.agency, reason=_("The agency's licence is %(status)s: %(reason)s")
                                    % {"status": instance.get_status_display(), "reason": instance.status_reason or "-"})


def _on_employer(sender, instance, **kwargs) -> None:
    if instance.status == "rejected":
        services.clearance_halt_for(employer=instance, reason=_("The employer's verification was withdrawn: %(note)s")
                                    % {"note": instance.verification_note or "-"})


def connect() -> None:
    from corridor.registry.models import Employer, Licence, ScreeningHit, WatchlistEntry

    post_save.connect(_on_watchlist_entry, sender=WatchlistEntry, dispatch_uid="clearance.watchlist_entry")
    post_save.connect(_on_screening_hit, sender=ScreeningHit, dispatch_uid="clearance.screening_hit")
    post_save.connect(_on_licence, sender=Licence, dispatch_uid="clearance.licence")
    post_save.connect(_on_employer, sender=Employer, dispatch_uid="clearance.employer")
