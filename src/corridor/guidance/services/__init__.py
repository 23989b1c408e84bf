"""Every write of the guidance app (re-exported: callers write `from corridor.guidance import services`)."""

from corridor.guidance.services.centres import (
    referral_accept,
    referral_close,
    referral_propose,
    resource_centre_register,
    resource_centre_update,
)
from corridor.guidance.services.remittance import LoadResult, remittance_costs_load

__all__ = ["LoadResult", "referral_accept", "referral_close", "referral_propose", "remittance_costs_load",
           "resource_centre_register",
           "resource_centre_update"]
