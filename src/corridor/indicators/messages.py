"""The message kind this app sends and receives through the exchange: a peer's published aggregate tables."""

from corridor.exchange import handlers
from corridor.indicators import services


def register() -> None:
    handlers.register_handler(services.KIND,
                              lambda peer, body: services.peer_aggregate_receive(peer=peer, body=body))
