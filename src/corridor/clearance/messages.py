"""The message kinds this app receives through the exchange, each applied by a service."""

from corridor.clearance import services
from corridor.exchange import handlers


def _handlers() -> dict:
    return {
        # destination side: records from the origin
        "contract.registered": lambda peer, body: services.peer_contract_receive(peer=peer, body=body),
        "clearance.granted": lambda peer, body: services.peer_clearance_receive(peer=peer, body=body),
        "clearance.halted": lambda peer, body: services.peer_clearance_halt_receive(peer=peer, body=body),
        # origin side: what the destination reports back
        "arrival.recorded": lambda peer, body: services.arrival_report_receive(peer=peer, body=body),
        "contract.checked": lambda peer, body: services.contract_check_report_receive(peer=peer, body=body),
        "transfer.decided": lambda peer, body: services.transfer_decided_report_receive(peer=peer, body=body),
    }


def register() -> None:
    for kind, handler in _handlers().items():
        handlers.register_handler(kind, handler)
