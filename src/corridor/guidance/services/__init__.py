"""Every write of the guidance app (re-exported: callers write `from corridor.guidance import services`)."""

from corridor.guidance.services.remittance import LoadResult, remittance_costs_load

__all__ = ["LoadResult", "remittance_costs_load"]
