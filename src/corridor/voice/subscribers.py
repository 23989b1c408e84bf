"""What the voice app does when other apps announce facts (corridor.core.events)."""

from corridor.core import events
from corridor.voice import services


@events.subscriber("worker.returned")
def on_worker_returned(*, reference: str = "", clearance_reference: str = "", returned_on: str = "", cause: str = "",
                       **_payload) -> None:
    """Reintegration recorded a worker's return: the after-return review of that deployment opens."""
    services.return_open(reference=reference, clearance_reference=clearance_reference, returned_on=returned_on,
                         cause=cause)
