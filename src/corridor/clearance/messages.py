"""The message kinds this app receives through the exchange, each applied by a service."""

from corridor.clearance import services


def _handlers() -> dict:
    return {
        # destination side: records from the origin
        "contract.registered": lambda peer, body: services.peer_contract_receive(peer=peer, body=body),
        "clearance.granted": lambda peer, body: services.peer_clearance_receive(peer=peer, body=body),
        "clearance.halted": lambda peer, body: services.peer_clearance_halt_receive(peer=peer, body=body),
        # origin side: what the destination reports back
        "arrival.recorded": lambda peer, body: services.arrival_report_receive(peer=peer, body=body),
        "contract.checked": lambda peer, body: services.contract_check_report_receive(peer=peer, body=body),
    }


def _watchlist_entry(peer, body) -> None:
    from corridor.registry.services import watchlist_entry_receive

    watchlist_entry_receive(peer={"country": peer.country_id, "key_id": peer.keys.values_list("key_id", flat=True).first()},
                            payload=body)


def register() -> None:
    from corridor.exchange import handlers

    for kind, handler in _handlers().items():
        handlers.register_handler(kind, handler)
    # The registry owns watchlists; wire its receive service unless some app already handles the kind.
    if handlers.handler_for("watchlist.entry") is None:
        handlers.register_handler("watchlist.entry", _watchlist_entry)
