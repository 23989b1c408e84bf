"""Every read of the guidance app. The remittance costs are public figures: no scope applies to them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit
from corridor.core.errors import NotFound
from corridor.core.models import Country, Occupation
from corridor.core.money import quantize
from corridor.guidance import errors, know
from corridor.guidance.models import Referral, RemittanceCost, ResourceCentre
from corridor.guidance.remittance import AMOUNT_USD, SDG_TARGET_PCT
from corridor.guidance.scope import referral_scope
from corridor.registry import selectors as registry_selectors
from corridor.rules.loader import default_catalogue


@dataclass(frozen=True)
class RemittanceQuarter:
    """What sending USD 200 from `destination` (where the worker works) to `origin` (home) cost on average in one
    quarter, over every provider surveyed (RPW publishes no provider-level figures in the set this node holds)."""

    origin: str  # ISO 3166-1 alpha-2: the worker's home, RPW's receiving country
    destination: str  # ISO 3166-1 alpha-2: where the worker works, RPW's sending country
    period: str  # "2020Q3"
    cost_pct: Decimal  # percent of the amount sent

    @property
    def year(self) -> int:
        return int(self.period[:4])

    @property
    def quarter(self) -> int:
        return int(self.period[-1])

    @property
    def amount_usd(self) -> Decimal:
        return AMOUNT_USD

    @property
    def cost_usd(self) -> Decimal:
        """The cost of sending USD 200, in US dollars (to the cent)."""
        return quantize(AMOUNT_USD * self.cost_pct / 100, 2)

    @property
    def above_sdg_target(self) -> bool:
        """SDG target 10.c: remittance costs below 3 percent."""
        return self.cost_pct >= SDG_TARGET_PCT


def remittance_costs(origin: str, destination: str) -> list[RemittanceQuarter]:
    """Every quarter held for the corridor from `destination` to `origin` (ISO alpha-2 codes), oldest first."""
    rows = (RemittanceCost.objects.filter(origin=origin.upper(), destination=destination.upper())
            .order_by("period").values_list("origin", "destination", "period", "cost_pct"))
    return [RemittanceQuarter(*row) for row in rows]


def latest_remittance_cost(origin: str, destination: str) -> RemittanceQuarter | None:
    """The newest quarter held for the corridor, or None when the data set does not cover it."""
    row = (RemittanceCost.objects.filter(origin=origin.upper(), destination=destination.upper())
           .order_by("-period").values_list("origin", "destination", "period", "cost_pct").first())
    return RemittanceQuarter(*row) if row else None


@dataclass(frozen=True)
class RemittanceSummary:
    """What the worker is shown: the newest quarter, the same quarter a year before (or the oldest), the change."""

    latest: RemittanceQuarter
    earlier: RemittanceQuarter | None
    first: RemittanceQuarter
    quarters: int

    @property
    def target_pct(self) -> Decimal:
        return SDG_TARGET_PCT

    @property
    def change_pct(self) -> Decimal | None:
        """Percentage points since `earlier` (negative: cheaper now)."""
        return None if self.earlier is None else self.latest.cost_pct - self.earlier.cost_pct


def remittance_summary(origin: str, destination: str) -> RemittanceSummary | None:
    series = remittance_costs(origin, destination)
    if not series:
        return None
    latest = series[-1]
    year_before = f"{latest.year - 1}Q{latest.quarter}"
    earlier = next((q for q in series if q.period == year_before), None)
    return RemittanceSummary(latest=latest, earlier=earlier, first=series[0], quarters=len(series))


# ---------------------------------------------------------------------------------------------------------
# Know before you go


def guide_destinations(origin: str) -> list[str]:
    """Destinations with a guide: every country with a destination ruleset, and every country of the job board."""
    from_rules = {country for ruleset_id in default_catalogue().ids()
                  for ruleset in default_catalogue().versions[ruleset_id][-1:]
                  if ruleset.jurisdiction == "destination" for country in ruleset.countries}
    from_board = set(registry_selectors.job_board().order_by().values_list("country_id", flat=True).distinct())
    return sorted((from_rules | from_board) - {origin})


def guide_occupations() -> list[Occupation]:
    from_board = set(registry_selectors.job_board().order_by().values_list("occupation_id", flat=True).distinct())
    return list(Occupation.objects.filter(level=4, code__in=from_board | set(know.COMMON_OCCUPATIONS)).order_by("code"))


def guide_get(*, origin: str, destination: str, isco: str) -> know.Guide:
    """The guide for a destination and ISCO-08 unit group; not found for an unknown country or occupation."""
    destination = destination.upper()
    country = Country.objects.filter(code=destination).first()
    occupation = Occupation.objects.filter(code=isco, level=4).first()
    if country is None or occupation is None or destination == origin:
        raise errors.UnknownGuide()
    return know.build(origin=origin, destination=destination, isco=isco, occupation_title=occupation.title,
                      alpha3=country.alpha3, remittance=remittance_summary(origin, destination))


def my_corridor(*, user) -> tuple[str, str, str] | None:
    """The signed-in worker's corridor (origin, destination, ISCO-08 code) from their newest granted clearance."""
    clearance = clearance_selectors.my_certificate(user=user)
    if clearance is None:
        return None
    job_order = clearance.contract.job_order
    isco = job_order.occupation_id if job_order is not None else ""
    return clearance.worker.nationality_id, clearance.destination_id, isco


# ---------------------------------------------------------------------------------------------------------
# Resource centres (public) and referrals (scoped)


def centre_directory(*, kind: str = "") -> QuerySet[ResourceCentre]:
    centres = ResourceCentre.objects.filter(is_active=True).select_related("country").prefetch_related("languages")
    return centres.filter(kind=kind) if kind else centres


def centre_list_all() -> QuerySet[ResourceCentre]:
    """Every centre of the node, listed or not, for the officer who keeps the directory."""
    return ResourceCentre.objects.select_related("country", "organisation").prefetch_related("languages")


def centre_get(pk: int) -> ResourceCentre:
    centre = centre_list_all().filter(pk=pk).first()
    if centre is None:
        raise NotFound()
    return centre


def referrals_for_subject(*, user, subject_kind: str, subject_reference: str) -> QuerySet[Referral]:
    """The referrals made from one case or visit that the user may see (the referrer's office, node-wide roles)."""
    return referral_list(user=user).filter(subject_kind=subject_kind, subject_reference=subject_reference)


def centres_accepting() -> QuerySet[ResourceCentre]:
    return centre_directory().filter(accepts_referrals=True)


def referral_list(*, user) -> QuerySet[Referral]:
    return referral_scope(user).select_related("centre", "referred_by")


def referral_get(*, user, reference: str) -> Referral:
    referral = referral_scope(user).select_related("centre", "referred_by").filter(reference=reference).first()
    if referral is None:
        raise NotFound()
    audit.record(actor=user, action="referral.view", target=referral, is_read=True)
    return referral
