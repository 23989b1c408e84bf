"""The message kind this app receives through the exchange (on the destination side), applied by a service."""

from corridor.exchange import handlers
from corridor.welfare import services


def register() -> None:
    handlers.register_handler("welfare.repatriation",
                              lambda peer, body: services.peer_repatriation_receive(peer=peer, body=body))
