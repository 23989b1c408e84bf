"""API: the inbox other nodes post signed messages to, and the message list for operators."""

import json
from datetime import datetime
from typing import Literal

from django.http import JsonResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from corridor.accounts.permissions import has_perm
from corridor.core.errors import PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS
from corridor.exchange import selectors, services
from corridor.exchange.conf import MAX_MESSAGES_PER_REQUEST

router = Router(tags=["exchange"])


class InboxAnswer(Schema):
    status: Literal["accepted", "rejected", "deferred"]
    code: str
    reason: str
    id: str | None = None
    duplicate: bool | None = None


class InboxBatchAnswer(Schema):
    results: list[InboxAnswer]


INBOX_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {
            "type": "object",
            "description": "One signed message ({\"message\": token}) or a batch ({\"messages\": [token, ...]}, at most 500).",
            "properties": {"message": {"type": "string"}, "messages": {"type": "array", "items": {"type": "string"}, "maxItems": 500}},
        }}},
    }
}

HTTP_STATUS = {"accepted": 200, "rejected": 400, "deferred": 503}


@router.post("/inbox", auth=None, openapi_extra=INBOX_BODY, summary="Receive signed messages from a peer node",
             response={200: InboxAnswer | InboxBatchAnswer, 400: InboxAnswer, 429: InboxAnswer, 503: InboxAnswer})
def inbox(request):
    """Authenticated by each message's signature against the peers' stored keys, not by a session or token.

    A batch answers 200 with one result per message, in order; a single message answers 200 (accepted),
    400 (rejected, final), 429 (too many invalid messages from this address) or 503 (deferred: send again later).
    """
    remote = request.META.get("REMOTE_ADDR")
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("messages"), list) and 0 < len(data["messages"]) <= MAX_MESSAGES_PER_REQUEST:
        return JsonResponse({"results": services.inbox_receive(tokens=data["messages"], remote_address=remote)})
    if isinstance(data, dict) and "message" in data:
        answer = services.inbox_receive(tokens=[data["message"]], remote_address=remote)[0]
    else:
        answer = services.inbox_receive(tokens=[None], remote_address=remote)[0]
        if answer["code"] == "malformed":
            answer["reason"] = "The body must be JSON: {\"message\": token} or {\"messages\": [token, ...]} (at most 500)."
    status = 429 if answer["code"] == "too_many_rejections" else HTTP_STATUS[answer["status"]]
    return JsonResponse(answer, status=status)


class MessageFilters(Schema):
    direction: Literal["out", "in"] = "out"
    status: str = ""
    peer: str = ""
    kind: str = ""


class MessageOut(Schema):
    id: str
    direction: str
    peer: str
    kind: str
    ordering_key: str
    sequence: int | None
    status: str
    created_at: datetime
    attempts: int | None = None
    last_attempt_at: datetime | None = None
    next_attempt_at: datetime | None = None
    settled_at: datetime | None = None
    received_at: datetime | None = None
    last_error: str = ""
    code: str = ""
    reason: str = ""


def message_row(row: dict, direction: str) -> dict:
    if direction == "out":
        return {**row, "id": str(row["id"]), "direction": "out", "peer": row["peer__country_id"],
                "code": row["peer_code"], "reason": row["peer_reason"]}
    return {**row, "id": str(row["message_id"]), "direction": "in", "peer": row["peer__country_id"]}


@router.get("/messages", response={200: list[MessageOut], **AUTH_ERRORS}, summary="Messages to and from peers (operators)")
@paginate(LimitOffset)
def messages(request, filters: Query[MessageFilters]):
    if not has_perm(request.auth, "exchange.view"):
        raise PermissionDenied()
    select = selectors.outbound_list if filters.direction == "out" else selectors.inbound_list
    rows = select(user=request.auth, status=filters.status, peer=filters.peer, kind=filters.kind)
    return Mapped(rows, lambda row: message_row(row, filters.direction))
