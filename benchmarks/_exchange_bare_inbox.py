"""The reference of benchmarks/exchange_throughput.py (issue 12): an inbox that only verifies each message's signature
and inserts the row, nothing else (no envelope checks, no sequence, no handler, no audit entry, no answer store).

Served by gunicorn like a node (`corridor serve`), with the same workers and threads; it takes the protocol's batch
(`{"messages": [token, ...]}`) and answers one result per message (`{"results": [...]}`), as a node's inbox does.

    BARE_INBOX_KEY=<the sender's public key, base64url> BARE_INBOX_DB=/tmp/bare.sqlite3 \
        gunicorn --workers 2 --threads 4 benchmarks._exchange_bare_inbox:app
"""

import base64
import json
import os
import sqlite3
import threading

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_local = threading.local()


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


KEY = Ed25519PublicKey.from_public_bytes(_b64(os.environ.get("BARE_INBOX_KEY", "A" * 43)))


def _db() -> sqlite3.Connection:
    db = getattr(_local, "db", None)
    if db is None:
        db = sqlite3.connect(os.environ["BARE_INBOX_DB"], timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS inbox (id TEXT PRIMARY KEY, payload TEXT NOT NULL)")
        _local.db = db
    return db


def _one(token: str) -> tuple[dict, tuple[str, str] | None]:
    try:
        header, payload, signature = token.split(".")
        KEY.verify(_b64(signature), f"{header}.{payload}".encode("ascii"))
        body = _b64(payload).decode()
        message_id = json.loads(body)["id"]
    except (ValueError, KeyError, InvalidSignature):
        return {"status": "rejected", "code": "bad_signature"}, None
    return {"status": "accepted", "id": message_id}, (message_id, body)


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    request = json.loads(environ["wsgi.input"].read(length) or b"{}")
    tokens = request["messages"] if "messages" in request else [request.get("message", "")]
    answers, rows = [], []
    for token in tokens:
        answer, row = _one(token)
        answers.append(answer)
        if row:
            rows.append(row)
    db = _db()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR IGNORE INTO inbox (id, payload) VALUES (?, ?)", rows)
    db.execute("COMMIT")
    out = json.dumps({"results": answers}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
    return [out]
