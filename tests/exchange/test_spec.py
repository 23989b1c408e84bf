"""The published specification (spec/) against the code: every kind has a schema, every schema is complete, the node
document, the envelope and the refusal codes are what the code serves and answers."""

import json
import uuid
from pathlib import Path

import pytest
import yaml
from django.utils import timezone
from jsonschema import Draft202012Validator

from corridor.exchange import envelope, handlers
from corridor.exchange.choices import MESSAGE_KINDS
from corridor.exchange.errors import REJECTION_CODES
from corridor.exchange.services import TRANSIENT_CODES

SPEC = Path(__file__).resolve().parents[2] / "spec"
KINDS = SPEC / "exchange" / "kinds"
BASE = "https://corridor.example/spec/exchange/kinds/"


def schema_path(kind: str) -> Path:
    return KINDS / f"{kind}.schema.json"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def kinds_in_use() -> set[str]:
    """Every kind the catalogue lists and every kind registered at run time (tests' own `test.*` kinds aside)."""
    registered = set(handlers.known_kinds()) | set(handlers.handled_kinds())
    return set(MESSAGE_KINDS) | {k for k in registered if not k.startswith("test.")}


@pytest.mark.parametrize("kind", sorted(kinds_in_use()))
def test_every_kind_has_its_schema(kind):
    assert schema_path(kind).is_file(), f"spec/exchange/kinds/{kind}.schema.json is missing (see spec/exchange/kinds/README.md)"


def test_a_kind_without_a_schema_fails(monkeypatch):
    """The check above is not vacuous: a kind registered at run time without a schema is found."""
    handlers.register_kind("protocol.unspecified")
    try:
        assert "protocol.unspecified" in kinds_in_use() and not schema_path("protocol.unspecified").exists()
    finally:
        handlers._kinds.discard("protocol.unspecified")


def undescribed(schema, where="$") -> list[str]:
    """Paths of properties (at any depth) that carry no description."""
    out = []
    if isinstance(schema, dict):
        for name, sub in (schema.get("properties") or {}).items():
            if not isinstance(sub, dict) or not str(sub.get("description", "")).strip():
                out.append(f"{where}.{name}")
            out += undescribed(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                out += undescribed(schema[key], f"{where}[]")
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(key, []):
                out += undescribed(sub, where) if sub.get("properties", {}) and any(
                    isinstance(v, dict) and set(v) - {"enum", "const"} for v in sub["properties"].values()) else []
    return out


@pytest.mark.parametrize("path", sorted(KINDS.glob("*.schema.json")), ids=lambda p: p.name)
def test_each_kind_schema_is_complete(path):
    schema = load(path)
    kind = path.name.removesuffix(".schema.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == BASE + path.name
    assert schema["title"].startswith(kind) and len(schema["description"]) > 40
    assert schema["type"] == "object"
    assert undescribed(schema) == []
    assert schema.get("examples"), "give at least one example body (the conformance kit sends it)"
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for example in schema["examples"]:
        assert not list(validator.iter_errors(example)), f"{path.name}: its example does not validate"


def test_kinds_readme_explains_how_to_add_one():
    text = (KINDS / "README.md").read_text(encoding="utf-8")
    assert "MESSAGE_KINDS" in text and "$id" in text and "2020-12" in text


def test_the_node_document_served_matches_its_schema(client):
    document = client.get("/.well-known/corridor-node.json").json()
    schema = load(SPEC / "exchange" / "v1" / "node-document.schema.json")
    assert not list(Draft202012Validator(schema).iter_errors(document))
    assert document["v"] == 1
    assert document["exchange"]["inbox"].endswith("/api/v1/exchange/inbox")
    assert "ping" in document["exchange"]["kinds"] and "case.referral" in document["exchange"]["kinds"]
    assert document["exchange"]["limits"]["max_messages_per_request"] == 500


def test_a_built_envelope_matches_its_schema():
    built = envelope.build(message_id=uuid.uuid4(), kind="ping", recipient="SA", created_at=timezone.now(), body={"from": "PH"},
                           ordering_key="k", sequence=1)
    schema = load(SPEC / "exchange" / "v1" / "envelope.schema.json")
    assert not list(Draft202012Validator(schema).iter_errors(built))
    unordered = envelope.build(message_id=uuid.uuid4(), kind="ping", recipient="SA", created_at=timezone.now(), body={})
    assert not list(Draft202012Validator(schema).iter_errors(unordered))


def test_refusal_codes_are_the_code_s():
    published = {row["code"]: row for row in load(SPEC / "exchange" / "v1" / "refusal-codes.json")["codes"]}
    assert set(REJECTION_CODES) <= set(published)
    assert set(published) - set(REJECTION_CODES) == {"out_of_order", "receiver_error"}
    assert {code for code, row in published.items() if row["retry"]} == set(TRANSIENT_CODES)
    text = (SPEC / "exchange" / "v1" / "README.md").read_text(encoding="utf-8")
    for code in published:
        assert f"`{code}`" in text, f"the text does not explain {code}"


def test_openapi_describes_the_node_to_node_endpoints():
    document = yaml.safe_load((SPEC / "exchange" / "openapi.yaml").read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    assert {"/.well-known/corridor-node.json", "/api/v1/exchange/inbox", "/api/v1/clearances/revocations",
            "/api/v1/clearances/status/{reference}", "/.well-known/corridor-audit-anchors.json"} <= set(document["paths"])
    codes = document["components"]["schemas"]["InboxAnswer"]["properties"]["code"]
    assert set(REJECTION_CODES) <= set(codes["examples"])


@pytest.mark.django_db
def test_the_ping_the_command_sends_matches_the_spec(peer, monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from corridor.exchange import transport
    from corridor.exchange.errors import DeliveryFailed
    from tests.exchange.payloads import assert_sent_bodies_valid

    def unreachable(url, tokens):
        raise DeliveryFailed("down")

    monkeypatch.setattr(transport, "post", unreachable)
    with pytest.raises(CommandError):
        call_command("peers", "ping", "SA")
    assert assert_sent_bodies_valid() == ["ping"]
