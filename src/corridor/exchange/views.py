"""The operators' page: messages to and from peers, their states, and refused messages. Read-only."""

from django.core.paginator import Paginator
from django.shortcuts import render

from corridor.core.views import require_perm
from corridor.exchange import selectors
from corridor.exchange.choices import InboundStatus, OutboundStatus


@require_perm("exchange.view")
def exchange_overview(request):
    direction = request.GET.get("direction") if request.GET.get("direction") in {"out", "in", "refused"} else "out"
    status = request.GET.get("status", "")
    peer = request.GET.get("peer", "")[:2]
    if direction == "out":
        status = status if status in OutboundStatus.values else ""
        rows = selectors.outbound_list(user=request.user, status=status, peer=peer)
        statuses = OutboundStatus.choices
    elif direction == "in":
        status = status if status in InboundStatus.values else ""
        rows = selectors.inbound_list(user=request.user, status=status, peer=peer)
        statuses = InboundStatus.choices
    else:
        status, statuses = "", []
        rows = selectors.rejection_list(user=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    labels = dict(OutboundStatus.choices) | dict(InboundStatus.choices)
    if direction != "refused":
        page.object_list = [{**row, "status_label": labels.get(row["status"], row["status"])} for row in page.object_list]
    return render(request, "exchange/overview.html", {
        "direction": direction, "status": status, "peer": peer, "statuses": statuses, "page": page,
        "peers": selectors.peer_list(user=request.user),
    })
