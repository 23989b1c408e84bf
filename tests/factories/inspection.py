"""Factories for inspection: worksites and visits, through inspection's services."""

import factory

from corridor.accounts.choices import Role
from corridor.inspection import checklists, services
from corridor.inspection.choices import Sector, VisitKind
from corridor.inspection.models import Visit, Worksite
from tests.factories.accounts import OrganisationFactory, UserFactory, verified
from tests.factories.registry import EmployerFactory


def inspector(organisation=None):
    """A destination officer of a labour inspectorate (the factory's default organisation kind for the role)."""
    organisation = organisation or OrganisationFactory(kind="labour_inspectorate", country="SA", name="Inspectorate")
    return verified(UserFactory(role=Role.DESTINATION_OFFICER, organisation=organisation))


class WorksiteFactory(factory.Factory):
    class Meta:
        model = Worksite

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    region = "Riyadh"
    sector = Sector.CONSTRUCTION
    workforce = 120
    acting_user = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.worksite_register(**kwargs)


class VisitFactory(factory.Factory):
    """An unannounced visit (visit_schedule); `start=True` starts it."""

    class Meta:
        model = Visit

    worksite = factory.SubFactory(WorksiteFactory)
    kind = VisitKind.UNANNOUNCED
    acting_user = factory.LazyFunction(inspector)
    start = False

    @classmethod
    def _create(cls, model_class, *, start, **kwargs):
        visit = services.visit_schedule(**kwargs)
        if start:
            visit = services.visit_start(acting_user=kwargs["acting_user"], visit=visit)
        return visit


def answer_all(visit, user, *, no=()):
    """Answer every question of the visit's checklist: compliant, except the keys in `no`."""
    for item in checklists.current().for_sector(visit.checklist_sector):
        services.checklist_answer(acting_user=user, visit=visit, item=item.key,
                                  answer="no" if item.key in no else "yes", note=f"note {item.key}" if item.key in no else "")
