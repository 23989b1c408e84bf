"""Which node a case belongs to (origin or destination) and which office on this node takes it."""

from django.conf import settings

from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.models import Organisation
from corridor.cases.choices import GrievanceType, Jurisdiction, RespondentRole

AGENCY_GRIEVANCES = frozenset({GrievanceType.RECRUITMENT_FEES, GrievanceType.CONTRACT_SUBSTITUTION})
AGENCY_ROLES = frozenset({RespondentRole.AGENCY, RespondentRole.SUB_AGENT})
PARTNER_KINDS = frozenset({K.NGO, K.TRADE_UNION, K.RESOURCE_CENTRE})


def node_country() -> str:
    return settings.CORRIDOR_COUNTRY


def jurisdiction(*, nationality: str, country_where: str) -> str:
    """Origin when the worker is this node's national working elsewhere; destination when the work is here."""
    here = node_country()
    if country_where == here:
        return Jurisdiction.DESTINATION
    if nationality == here:
        return Jurisdiction.ORIGIN
    return Jurisdiction.OTHER


def is_agency_matter(*, grievances, respondent_roles) -> bool:
    roles = set(respondent_roles)
    return bool(roles) and roles <= AGENCY_ROLES or bool(grievances) and set(grievances) <= AGENCY_GRIEVANCES


def _first(**filters) -> Organisation | None:
    return Organisation.objects.filter(is_active=True, country_id=node_country(), **filters).order_by("id").first()


def route(*, jurisdiction: str, country_where: str, grievances, respondent_roles, urgent: bool) -> Organisation | None:
    """The team that takes a new case.

    Origin: the consulate posted in the country where the worker is, or the licensing authority for a matter
    that concerns only the recruiter (never an urgent one: a worker in danger abroad needs the consulate).
    Destination: the labour inspectorate. A ministry of the node answers when no such office exists.
    """
    if jurisdiction == Jurisdiction.ORIGIN:
        if not urgent and is_agency_matter(grievances=grievances, respondent_roles=respondent_roles):
            return _first(kind=K.LICENSING_AUTHORITY) or _first(kind=K.MINISTRY)
        return _first(kind=K.CONSULATE, post_country_id=country_where) or _first(kind=K.MINISTRY)
    if jurisdiction == Jurisdiction.DESTINATION:
        return _first(kind=K.LABOUR_INSPECTORATE) or _first(kind=K.MINISTRY)
    return None


def partners():
    """Organisations a complainant may ask to help: NGOs, unions and resource centres on this node."""
    return Organisation.objects.filter(is_active=True, kind__in=PARTNER_KINDS).order_by("name")
