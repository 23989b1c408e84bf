"""The exchange kind `standards.joint_committee` (spec/exchange/kinds/standards.joint_committee.schema.json): a
joint committee meeting's record, sent by the node that convened it whenever it changes; the peer keeps a copy."""

from corridor.exchange.handlers import register_handler
from corridor.standards import services

KIND = "standards.joint_committee"


def register() -> None:
    register_handler(KIND, lambda peer, body: services.peer_meeting_receive(peer=peer, body=body))
