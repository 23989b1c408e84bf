"""HTTP between nodes: post a batch of signed messages to a peer's inbox and read its answers."""

import json
import urllib.error
import urllib.request

from corridor.exchange import conf
from corridor.exchange.errors import DeliveryFailed


def post(url: str, tokens: list[str]) -> list[dict]:
    """POST {"messages": [...]} and return the peer's answer for each, in order. Raises DeliveryFailed."""
    data = json.dumps({"messages": tokens}).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json", "User-Agent": "corridor-exchange/1",
    })
    try:
        with urllib.request.urlopen(request, timeout=conf.get("HTTP_TIMEOUT_SECONDS")) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("results"), list):
            return _results(answer, len(tokens))
        raise DeliveryFailed(f"HTTP {exc.code} from {url}: {raw[:200].decode(errors='replace')}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise DeliveryFailed(f"{url} unreachable: {getattr(exc, 'reason', exc)}") from exc
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise DeliveryFailed(f"{url} did not answer JSON.") from exc
    return _results(answer, len(tokens))


def _results(answer, expected: int) -> list[dict]:
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list) or len(results) != expected or not all(isinstance(r, dict) for r in results):
        raise DeliveryFailed("The peer's answer does not have one result per message.")
    return results
