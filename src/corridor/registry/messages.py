"""The message kinds the registry receives through the exchange: a peer's watchlist entries."""

from corridor.exchange import handlers
from corridor.registry.services import watchlist_entry_receive


def _watchlist_entry(peer, body) -> None:
    watchlist_entry_receive(peer={"country": peer.country_id, "key_id": peer.keys.values_list("key_id", flat=True).first()},
                            payload=body)


def register() -> None:
    if handlers.handler_for("watchlist.entry") is None:
        handlers.register_handler("watchlist.entry", _watchlist_entry)
