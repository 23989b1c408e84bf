"""Loading the World Bank's corridor remittance costs: a file is taken whole or refused whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from corridor.core import audit
from corridor.guidance import errors, remittance
from corridor.guidance.models import RemittanceCost, RemittanceCostFile


@dataclass
class LoadResult:
    file: RemittanceCostFile
    created: bool  # False: this very file was loaded before; nothing changed

    @property
    def summary(self) -> str:
        f = self.file
        if not self.created:
            return f"Already loaded ({f.filename}, {f.loaded_at:%Y-%m-%d}); nothing changed."
        return f"Loaded {f.filename}: {f.rows} row(s), {f.added} added, {f.changed} changed."


def remittance_costs_load(*, acting_user, data: bytes, filename: str) -> LoadResult:
    """Load a Remittance Prices Worldwide corridor file (the format of data/rpw_corridor_avg_total_cost_*.csv).

    A row for a corridor and quarter already held takes the file's value (a newer release may revise it); rows the
    file does not have are kept (a newer export may cover fewer quarters). A refused file changes nothing."""
    parsed = remittance.parse(data)
    if parsed.problems:
        raise errors.RemittanceFileRefused(fields={"file": parsed.problems})
    with transaction.atomic():
        already = RemittanceCostFile.objects.filter(sha256=parsed.sha256).first()
        if already is not None:
            return LoadResult(already, created=False)
        held = {(c.destination_iso3, c.origin_iso3, c.period): c for c in RemittanceCost.objects.all()}
        loaded = RemittanceCostFile.objects.create(sha256=parsed.sha256, filename=filename[-255:], rows=len(parsed.rows),
                                                   added=0, changed=0, loaded_by=acting_user if acting_user else None)
        new, changed = [], []
        for row in parsed.rows:
            cost = held.get(row.key)
            if cost is None:
                new.append(RemittanceCost(origin=row.origin, destination=row.destination, origin_iso3=row.origin_iso3,
                                          destination_iso3=row.destination_iso3, origin_name=row.origin_name[:100],
                                          destination_name=row.destination_name[:100], period=row.period,
                                          cost_pct=row.cost_pct, file=loaded))
            elif cost.cost_pct != row.cost_pct:
                cost.cost_pct, cost.file = row.cost_pct, loaded
                changed.append(cost)
        RemittanceCost.objects.bulk_create(new, batch_size=2000)
        RemittanceCost.objects.bulk_update(changed, ["cost_pct", "file"], batch_size=2000)
        loaded.added, loaded.changed = len(new), len(changed)
        loaded.save(update_fields=["added", "changed"])
        audit.record(actor=acting_user, action="remittance_costs.load", target=loaded,
                     detail={"sha256": parsed.sha256, "rows": len(parsed.rows), "added": len(new), "changed": len(changed)})
    return LoadResult(loaded, created=True)
