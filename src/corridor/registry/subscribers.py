"""The registry's reactions to other apps' domain events (registered from RegistryConfig.ready()).

- cases: a resolved case whose officer chose to put a party on the watchlist or serve a sanction notice; the
  registry does it through its own services (which check the officer's permissions), then announces
  `registry.case_outcome_applied` so that cases links the entry and the notice to its record.
- inspection: a sanction whose officer chose a watchlist entry and/or withdrawing the employer's verification.
- reintegration: a return debrief naming an agency (`reintegration.debrief_recorded`) counts on the agency's record.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.selectors import event_actor
from corridor.core import events
from corridor.core.errors import CorridorError
from corridor.registry import selectors, services
from corridor.registry.choices import SanctionPenalty, SubjectKind

logger = logging.getLogger(__name__)
ANSWER_DAYS = 15


@events.subscriber("case.resolved")
def on_case_resolved(*, reference: str, nationality: str, summary: str, actor_id=None, parties=(), **_payload) -> None:
    actor = event_actor(actor_id)
    reason = _("Case %(ref)s: %(summary)s") % {"ref": reference, "summary": summary}
    for party in parties:
        employer = selectors.employer_by_id(party["employer_id"]) if party.get("employer_id") else None
        agency = selectors.agency_by_id(party["agency_id"]) if party.get("agency_id") else None
        entry = proceeding = None
        try:
            subject = employer or agency
            if party.get("watchlist") and subject is not None:
                entry = services.watchlist_entry_add(
                    acting_user=actor, subject_kind=SubjectKind.EMPLOYER if employer else SubjectKind.AGENCY,
                    name=subject.name, reason=reason, evidence_reference=f"case:{reference}",
                    country=employer.country_id if employer else nationality, employer=employer, agency=agency)
            licence = agency.current_licence if agency is not None else None
            if party.get("sanction") and licence is not None:
                proceeding = services.sanction_notify(
                    acting_user=actor, licence=licence, charge=reason, proposed_penalty=SanctionPenalty.SUSPEND,
                    answer_due=timezone.localdate() + timedelta(days=ANSWER_DAYS))
        except CorridorError as exc:  # a refusal will not change on a retry: record it and go on
            logger.warning("Case %s: the registry refused the outcome for record %s (%s)", reference,
                           party.get("record_id"), exc.code)
        if entry is not None or proceeding is not None:
            events.publish("registry.case_outcome_applied", record_id=party["record_id"],
                           watchlist_entry_id=entry.pk if entry else None, sanction_id=proceeding.pk if proceeding else None)


@events.subscriber("inspection.sanction_issued")
def on_inspection_sanction(*, reference: str, employer_id: int, kind: str, reason: str, watchlist: bool = False,
                           reject_employer: bool = False, actor_id=None, **_payload) -> None:
    """A labour inspectorate's sanction: the watchlist entry and the withdrawal of the employer's verification that
    the officer chose, through the registry's own services (which check the officer's permissions)."""
    employer = selectors.employer_by_id(employer_id)
    if employer is None or not (watchlist or reject_employer):
        return
    actor = event_actor(actor_id)
    grounds = _("Inspection sanction %(ref)s (%(kind)s): %(reason)s") % {"ref": reference, "kind": kind, "reason": reason}
    try:
        if watchlist:
            services.watchlist_entry_add(acting_user=actor, subject_kind=SubjectKind.EMPLOYER, name=employer.name,
                                         reason=grounds, evidence_reference=f"inspection:{reference}",
                                         country=employer.country_id, registration_number=employer.registration_number,
                                         employer=employer)
        if reject_employer and employer.status != "rejected":
            services.employer_reject(acting_user=actor, employer=employer, note=grounds)
    except CorridorError as exc:  # a refusal will not change on a retry: record it and go on
        logger.warning("Inspection sanction %s: the registry refused (%s)", reference, exc.code)
@events.subscriber("wages.months_reconciled", batch=True)
def on_wages_months_reconciled(payloads: list[dict]) -> None:
    """The wages app reconciled workers' months (each payload: the counts of one employer, month and currency):
    count them on the employers' wage compliance records."""
    services.employer_wage_months_record(months=payloads)


@events.subscriber("reintegration.debrief_recorded")
def on_debrief_recorded(*, agency_licence: str = "", recruitment_cost: str = "0", cost_currency: str = "",
                        **_payload) -> None:
    """A returned worker's debrief named an agency (by licence): count it, and the fee reported, on its record."""
    if agency_licence:
        services.agency_debrief_record(agency_licence=agency_licence, recruitment_cost=recruitment_cost,
                                       cost_currency=cost_currency)
