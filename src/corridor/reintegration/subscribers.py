"""Reintegration's reactions to other apps' domain events (registered from ReintegrationConfig.ready()).

- welfare: a repatriation whose return the fund recorded (`repatriation.record_return`, the lifecycle kit's event)
  records the worker's return, once per deployment.
"""

from corridor.core import events
from corridor.reintegration import errors, services
from corridor.reintegration.choices import ReturnCause, ReturnSource
from corridor.welfare import selectors as welfare


@events.subscriber("repatriation.record_return")
def on_repatriation_returned(*, pk: int, **_payload) -> None:
    repatriation = welfare.repatriation_by_id(pk)
    if repatriation is None or repatriation.returned_on is None:
        return
    membership = repatriation.membership
    fields = {"acting_user": None, "returned_on": repatriation.returned_on, "cause": ReturnCause.REPATRIATION,
              "source": ReturnSource.REPATRIATION, "worker": membership.worker, "worker_name": membership.worker.full_name,
              "destination": membership.destination, "source_reference": repatriation.reference}
    try:
        services.return_record(clearance_reference=membership.clearance_reference, **fields)
    except errors.UnknownClearance:  # a membership taken abroad names no clearance of ours: the return stands alone
        services.return_record(clearance_reference="", **fields)
