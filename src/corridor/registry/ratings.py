"""Workers' ratings of registered parties, shown beside them by the registry's API (verify, the job-order board).

They come from the voice app, which is above registry in the layers: voice fills this slot at start-up
(voice/apps.py) with `ratings(kind, ids) -> {id: PartyRatingsOut-shaped dict}`; registry never imports voice. The
slot is here, not in registry/api.py, so that filling it does not load the HTTP API's schemas into every command.
"""

SOURCES: list = []


def ratings(kind: str, ids) -> dict:
    """{party id: its published ratings} for the parties of `kind` ("agency", "subagent", "employer") among `ids`."""
    return SOURCES[0](kind, ids) if SOURCES else {}
