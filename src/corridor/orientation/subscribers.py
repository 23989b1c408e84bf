"""A clearance application may come after the worker completed orientation: orientation answers `clearance.applied`
by announcing the worker's latest completion again, for that application (clearance records the fact)."""

from corridor.core import events
from corridor.orientation import selectors


@events.subscriber("clearance.applied")
def on_clearance_applied(*, reference: str, worker_id: int, destination: str = "", **_payload) -> None:
    completion = selectors.latest_completion(worker_id=worker_id, destination=destination)
    if completion is not None:
        events.publish("orientation.completed", **completion, clearance_reference=reference)
