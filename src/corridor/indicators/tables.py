"""The summary tables: what each counts, from which records (another app's selector), on which domain events.

A table is a cross-tabulation of one population by one dimension (its rows) and the month (its columns). Its facts
are a queryset of the owning app; the same queryset feeds the incremental path (the facts of one record, when its
event arrives) and the rebuild (grouped in the database), so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, CharField, F, OuterRef, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from corridor.cases import selectors as cases
from corridor.clearance import selectors as clearance
from corridor.indicators.models import CostSample
from corridor.inspection import selectors as inspection
from corridor.reintegration import selectors as reintegration
from corridor.wages import selectors as wages
from corridor.welfare import selectors as welfare


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    dimension: str  # the fact's field that gives the row
    dimension_label: str
    unit: str  # what a count counts
    family: str  # tables of one population share their monthly totals (see suppression.py)
    facts: Callable  # () -> queryset annotated with record, month and the dimension
    events: tuple[str, ...]  # domain events that add the facts of their record (payload pk), or of `scope`
    latest_only: bool = True  # an event adds the record's latest fact row (one per event); False: all its rows
    amount: str = ""  # a field summed beside the count (money, same currency by construction of the row)
    source: str = ""  # where the figure comes from, said on the page
    public: bool = True
    # events that each name many records: (facts(), payload) -> the facts the event adds (summed by the database)
    scope: Callable | None = None


def _decisions(action):
    return lambda: clearance.decision_facts(action)


def _debriefs():
    return (CostSample.objects.filter(source=CostSample.Source.DEBRIEF)
            .annotate(record=F("pk"), month=TruncMonth("occurred_on")))


# Employer size: workers on all of the employer's worksites (inspection app), in the bands of the ILO's and OECD's
# enterprise size classes (micro 1-9, small 10-49, medium 50-249, large 250 and more); "unknown" when the clearance
# names no registered employer or the employer has no worksite with workers recorded.
SIZE_BANDS = ((9, "1-9"), (49, "10-49"), (249, "50-249"))
SIZE_LARGE = "250+"


def _checks_by_size(substituted_only: bool = False):
    def facts():
        qs = clearance.contract_check_facts()
        if substituted_only:
            qs = qs.filter(substituted=True)
        qs = qs.annotate(employer_workforce=inspection.employer_workforce(OuterRef("clearance__employer_id")))
        return qs.annotate(employer_size=Case(
            When(employer_workforce__isnull=True, then=Value(None)), When(employer_workforce__lte=0, then=Value(None)),
            *[When(employer_workforce__lte=upper, then=Value(band)) for upper, band in SIZE_BANDS],
            default=Value(SIZE_LARGE), output_field=CharField()))
    return facts


def _deployments(name, dimension, label):
    return Table(name, _("Deployments (departure clearances granted)"), dimension, label, _("clearances granted"),
                 "deployments", _decisions("grant"), ("clearance.grant",),
                 source=_("Departure clearances granted by this node (clearance app), by month of the decision."))


TABLES: dict[str, Table] = {t.name: t for t in [
    _deployments("deployments_by_destination", "destination", _("Destination")),
    _deployments("deployments_by_sex", "sex", _("Sex")),
    _deployments("deployments_by_age", "age_band", _("Age band")),
    _deployments("deployments_by_occupation", "occupation", _("Occupation (ISCO-08)")),
    _deployments("deployments_by_sector", "sector", _("ISCO-08 major group")),
    Table("refusals_by_destination", _("Clearances refused"), "destination", _("Destination"), _("clearances refused"),
          "refusals", _decisions("refuse"), ("clearance.refuse",),
          source=_("Departure clearances refused by this node's officers, by month of the decision.")),
    Table("halts_by_destination", _("Departures halted"), "destination", _("Destination"), _("clearances halted"),
          "halts", _decisions("halt"), ("clearance.halt",),
          source=_("Departure clearances halted (a red flag) by this node, by month of the decision.")),
    Table("complaints_by_grievance", _("Complaints by grievance"), "grievance", _("Grievance"), _("grievances"),
          "grievances", cases.grievance_facts, ("case.filed",), latest_only=False,
          source=_("Complaints filed with this node (cases app); a complaint with two grievances counts in both rows.")),
    Table("resolutions_by_country", _("Complaints resolved"), "where", _("Country where it happened"),
          _("cases resolved"), "resolutions", cases.resolution_facts, ("case.resolved",),
          source=_("Cases resolved by this node's caseworkers, by month of the resolution.")),
    Table("arrears_by_currency", _("Worker-months with wage arrears"), "money", _("Currency"), _("worker-months"),
          "arrears", lambda: wages.reconciliation_facts().filter(shortfall__gt=0), ("wages.months_reconciled",),
          amount="shortfall", scope=wages.reconciled_in,
          source=_("Salary files reconciled against registered contracts (wages app): months paid short, by salary "
                   "month; the amount is the shortfall.")),
    Table("late_pay_by_currency", _("Worker-months paid late"), "money", _("Currency"), _("worker-months"),
          "late_pay", lambda: wages.reconciliation_facts().filter(days_late__gt=0), ("wages.months_reconciled",),
          scope=wages.reconciled_in,
          source=_("Salary files reconciled (wages app): months paid after the legal date, by salary month.")),
    Table("welfare_claims_by_benefit", _("Welfare claims filed"), "benefit_code", _("Benefit"), _("claims"),
          "welfare_claims", welfare.claim_facts, ("claim.file",),
          source=_("Claims filed with the welfare fund (welfare app), by month of filing.")),
    Table("repatriations_by_destination", _("Repatriations completed"), "left", _("Destination left"),
          _("workers brought home"), "repatriations", welfare.repatriation_facts, ("repatriation.record_return",),
          source=_("Repatriations by the welfare fund whose return was recorded, by month of the return.")),
    Table("complaints_by_indicator", _("Complaints by forced-labour indicator"), "indicator_code",
          _("Forced-labour indicator (ILO)"), _("complaints"), "indicator_cases", cases.indicator_facts,
          ("case.filed",), latest_only=False,  # a re-screening moves the case's counts (subscribers.py)
          source=_("Complaints filed with this node whose triage screening found the indicator (ILO's eleven "
                   "indicators of forced labour), by month of filing; a complaint with two indicators counts in both "
                   "rows. Screening is automatic and is not a finding of forced labour.")),
    Table("first_response_days", _("Time to first response"), "days", _("Days from filing"), _("complaints"),
          "first_responses", cases.first_response_facts, (), # counted on case.transitioned out of "received"
          source=_("Complaints an officer first acted on (triaged or closed), by month of that response and time "
                   "since filing.")),
    Table("resolution_days", _("Time to resolution"), "days", _("Days from filing"), _("cases resolved"),
          "resolutions", cases.resolution_time_facts, ("case.resolved",),
          source=_("Cases resolved by this node's caseworkers, by month of the resolution and time since filing.")),
    Table("claims_by_currency", _("Money claimed for workers"), "money", _("Currency"), _("claims"), "claims",
          cases.claim_facts, ("case.claim_added",), amount="amount",
          source=_("Money claims added to cases (wages, fees, damages...), by month added; the amount is what was "
                   "claimed, in the claim's currency.")),
    Table("recoveries_by_currency", _("Money recovered for workers"), "money", _("Currency"), _("recoveries"),
          "recoveries", cases.recovery_facts, ("case.recovery_recorded",), amount="amount",
          source=_("Payments recovered on the cases' claims, by month recovered, in the claim's currency.")),
    Table("contract_checks_by_destination", _("Contracts checked at destination"), "destination", _("Destination"),
          _("contracts checked"), "contract_checks", clearance.contract_check_facts,
          ("clearance.contract_check_reported",),
          source=_("Contract checks the destination reported for this node's clearances (the contract presented "
                   "at the workplace compared with the registered one), by month of the check.")),
    Table("contract_checks_by_agency", _("Contracts checked at destination"), "agency", _("Recruitment agency"),
          _("contracts checked"), "contract_checks", clearance.contract_check_facts,
          ("clearance.contract_check_reported",),
          source=_("Contract checks the destination reported for this node's clearances, by month of the check.")),
    Table("substitutions_by_destination", _("Contracts substituted"), "destination", _("Destination"),
          _("contracts substituted"), "substitutions", lambda: clearance.contract_check_facts().filter(substituted=True),
          ("clearance.contract_check_reported",),
          source=_("Contract checks the destination reported as substituted (the contract presented differs from "
                   "the registered one), by month of the check.")),
    Table("substitutions_by_agency", _("Contracts substituted"), "agency", _("Recruitment agency"),
          _("contracts substituted"), "substitutions", lambda: clearance.contract_check_facts().filter(substituted=True),
          ("clearance.contract_check_reported",),
          source=_("Contract checks the destination reported as substituted, by month of the check.")),
    Table("contract_checks_by_employer_size", _("Contracts checked at destination"), "employer_size",
          _("Employer size (workers)"), _("contracts checked"), "contract_checks", _checks_by_size(),
          ("clearance.contract_check_reported",),
          source=_("Contract checks the destination reported, by the employer's size (workers on all its worksites "
                   "known to the inspectorate: 1-9, 10-49, 50-249, 250 or more) when the check was counted.")),
    Table("substitutions_by_employer_size", _("Contracts substituted"), "employer_size", _("Employer size (workers)"),
          _("contracts substituted"), "substitutions", _checks_by_size(substituted_only=True),
          ("clearance.contract_check_reported",),
          source=_("Contract checks the destination reported, by the employer's size (workers on all its worksites "
                   "known to the inspectorate: 1-9, 10-49, 50-249, 250 or more) when the check was counted.")),
    Table("returns_by_destination", _("Returns debriefed"), "destination", _("Destination"), _("workers returned"),
          "returns", _debriefs, (),  # counted by services.debrief_record (reintegration.debrief_recorded)
          source=_("Return debriefs recorded by the reintegration service, by month of return.")),
    Table("reintegration_outcomes", _("Reintegration outcomes"), "outcome", _("Outcome at follow-up"),
          _("returned workers"), "follow_ups", reintegration.follow_up_outcome_facts,
          (),  # counted by subscribers.on_follow_up_recorded (reintegration.follow_up_recorded)
          source=_("Returned workers followed up after a referral to a reintegration service (3, 6 and 12 months "
                   "after each referral), by month of the follow-up and the outcome the caseworker recorded; a "
                   "worker referred to two services counts once in a month and outcome.")),
]}


def all_tables() -> dict[str, Table]:
    return TABLES


def families() -> dict[str, list[Table]]:
    out: dict[str, list[Table]] = {}
    for table in all_tables().values():
        out.setdefault(table.family, []).append(table)
    return out
