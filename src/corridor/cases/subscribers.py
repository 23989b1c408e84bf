"""Cases' reactions to other apps' domain events (registered from CasesConfig.ready()). Referral's own subscriber
(`case.transitioned`) lives in cases/referral.py, beside the messages it sends."""

from corridor.cases import services
from corridor.core import events


@events.subscriber("registry.case_outcome_applied")
def on_case_outcome_applied(*, record_id: int, watchlist_entry_id=None, sanction_id=None, **_payload) -> None:
    services.registry_record_link(record_id=record_id, watchlist_entry_id=watchlist_entry_id, sanction_id=sanction_id)
