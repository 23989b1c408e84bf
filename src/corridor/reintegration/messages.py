"""The message kind this app receives through the exchange (on the origin side): a worker's exit from the destination."""

from corridor.exchange import handlers
from corridor.reintegration import services


def register() -> None:
    handlers.register_handler("worker.returned", lambda peer, body: services.peer_return_receive(peer=peer, body=body))
