"""The exchange kind `inspection.sanction` (spec/exchange/kinds/inspection.sanction.schema.json): a destination's
sanction of an employer, sent to the origin nodes whose nationals work there; the origin keeps it as a notice."""

from corridor.exchange.handlers import register_handler
from corridor.inspection import services

KIND = "inspection.sanction"


def handle_sanction(peer, body: dict) -> None:
    services.sanction_notice_receive(country=str(getattr(peer, "country_id", "") or "").upper(), body=body)


def register() -> None:
    register_handler(KIND, handle_sanction)
