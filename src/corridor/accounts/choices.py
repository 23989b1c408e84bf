"""Roles, organisation kinds and which kinds of organisation each role belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    AGENCY_STAFF = "agency_staff", _("Recruitment agency staff")
    EMPLOYER_STAFF = "employer_staff", _("Employer staff")
    ORIGIN_OFFICER = "origin_officer", _("Origin officer")
    CONSULAR_ATTACHE = "consular_attache", _("Consular labour attaché")
    DESTINATION_OFFICER = "destination_officer", _("Destination officer")
    CASEWORKER = "caseworker", _("Caseworker")
    FUND_OFFICER = "fund_officer", _("Welfare fund officer")
    ORIENTATION_PROVIDER = "orientation_provider", _("Orientation provider staff")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    RESOURCE_CENTRE_STAFF = "resource_centre_staff", _("Resource centre staff")


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    LICENSING_AUTHORITY = "licensing_authority", _("Licensing authority")
    CONSULATE = "consulate", _("Consulate or embassy labour office")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    WELFARE_FUND = "welfare_fund", _("Welfare fund")
    RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment agency")
    EMPLOYER = "employer", _("Employer")
    NGO = "ngo", _("Non-governmental organisation")
    TRADE_UNION = "trade_union", _("Trade union")
    RESOURCE_CENTRE = "resource_centre", _("Migrant resource centre")
    ORIENTATION_PROVIDER = "orientation_provider", _("Pre-departure orientation provider")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other or unspecified")


K = OrganisationKind
GOVERNMENT_KINDS = frozenset({K.MINISTRY, K.LICENSING_AUTHORITY, K.CONSULATE, K.LABOUR_INSPECTORATE, K.WELFARE_FUND})

# Which kinds of organisation a user of each role must belong to. Workers belong to none;
# an administrator may stand alone (the first one, made by `corridor init`).
ROLE_ORGANISATION_KINDS: dict[str, frozenset] = {
    Role.WORKER: frozenset(),
    Role.AGENCY_STAFF: frozenset({K.RECRUITMENT_AGENCY}),
    Role.EMPLOYER_STAFF: frozenset({K.EMPLOYER}),
    Role.ORIGIN_OFFICER: frozenset({K.MINISTRY, K.LICENSING_AUTHORITY}),
    Role.CONSULAR_ATTACHE: frozenset({K.CONSULATE}),
    Role.DESTINATION_OFFICER: frozenset({K.MINISTRY, K.LABOUR_INSPECTORATE}),
    Role.CASEWORKER: frozenset({K.NGO, K.TRADE_UNION, K.RESOURCE_CENTRE}),
    Role.FUND_OFFICER: frozenset({K.WELFARE_FUND}),
    # a provider licensed by the node: its own kind, or an NGO, union or resource centre that runs courses
    Role.ORIENTATION_PROVIDER: frozenset({K.ORIENTATION_PROVIDER, K.NGO, K.TRADE_UNION, K.RESOURCE_CENTRE}),
    Role.AUDITOR: GOVERNMENT_KINDS,
    Role.ADMINISTRATOR: GOVERNMENT_KINDS,
    # a resource centre, a trade union's centre or a legal-aid NGO that follows the referrals made to it (guidance)
    Role.RESOURCE_CENTRE_STAFF: frozenset({K.RESOURCE_CENTRE, K.TRADE_UNION, K.NGO}),
}

# Every role but the worker's handles other people's data and must sign in with two factors.
TWO_FACTOR_ROLES = frozenset(r for r in Role if r != Role.WORKER)
