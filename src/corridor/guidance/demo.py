"""Demo data for guidance: the World Bank's corridor remittance costs, loaded at demo time from the copy shipped in
guidance/data/ (a real node loads them with `corridor guidance load-remittance-costs`)."""

from __future__ import annotations

from corridor.guidance import remittance, services


def load(ctx) -> None:
    result = services.remittance_costs_load(acting_user=None, data=remittance.BUNDLED.read_bytes(),
                                            filename=remittance.BUNDLED.name)
    ctx.extra["remittance_costs"] = result.file.rows
