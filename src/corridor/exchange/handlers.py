"""The registry of message handlers by kind: other apps plug in the kinds they receive from their AppConfig.ready()."""

import re
from collections.abc import Callable

from corridor.exchange.choices import MESSAGE_KINDS, PING

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")

# A handler gets (peer, body), runs inside the inbox transaction, and raises a
# corridor.core.errors.CorridorError (any subclass) to reject the message; its changes are then undone.
Handler = Callable[..., None]

_handlers: dict[str, Handler] = {}
_kinds: set[str] = set(MESSAGE_KINDS)


def register_kind(kind: str) -> None:
    """Make a kind known (so that it may be granted and sent) without handling it on this node."""
    if not KIND_PATTERN.match(kind) or len(kind) > 60:
        raise ValueError(f"{kind!r} is not a valid message kind (dotted lower-case words).")
    _kinds.add(kind)


def register_handler(kind: str, handler: Handler) -> None:
    """Apply messages of `kind` with handler(peer, body). One handler per kind; registering again replaces it."""
    register_kind(kind)
    _handlers[kind] = handler


def unregister_handler(kind: str) -> None:
    _handlers.pop(kind, None)


def handler_for(kind: str) -> Handler | None:
    return _handlers.get(kind)


def is_known(kind: str) -> bool:
    return kind in _kinds


def known_kinds() -> list[str]:
    return sorted(_kinds)


def handled_kinds() -> list[str]:
    """The kinds this node can apply (it has a handler for them): what its node document says it accepts."""
    return sorted(_handlers)


def _ping(peer, body) -> None:
    """A ping has no effect: its inbox row and audit entry are the proof that it arrived."""


def register_builtin() -> None:
    register_handler(PING, _ping)
