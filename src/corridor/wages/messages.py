"""The message kind this app receives through the exchange: a worker's arrears, reported by the destination."""

from corridor.exchange import handlers
from corridor.wages import services


def register() -> None:
    handlers.register_handler("wages.arrears", lambda peer, body: services.peer_arrears_receive(peer=peer, body=body))
    handlers.register_handler("wages.unpaid", lambda peer, body: services.peer_settlement_receive(peer=peer, body=body))
