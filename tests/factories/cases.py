"""Complaints, filed through cases.services.complaint_file with sensible defaults."""

import factory

from corridor.cases import services
from corridor.cases.models import Case


class ComplaintFactory(factory.Factory):
    """A complaint about unpaid wages in Saudi Arabia by a Philippine national; any keyword overrides."""

    class Meta:
        model = Case

    acting_user = None
    grievances = factory.LazyFunction(lambda: ["unpaid_wages"])
    respondents = factory.LazyFunction(list)
    nationality = "PH"
    country_where = "SA"
    place = "Riyadh"
    narrative = "My salary has been delayed for two months."
    language = "en"
    answers = factory.LazyFunction(lambda: {"paid_in_full": "no"})

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.complaint_file(**kwargs)
