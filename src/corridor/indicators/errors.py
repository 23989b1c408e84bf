"""Stable error codes of the indicators app."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput


class DebriefInvalid(InvalidInput, code="indicators.debrief_invalid",
                     message=_("The return debrief is incomplete or its amounts are not valid.")): ...



class AggregateInvalid(InvalidInput, code="indicators.aggregate_invalid",
                       message=_("The peer's aggregate table is not valid.")): ...



class UnknownTable(CorridorError, code="indicators.unknown_table", status=404,
                   message=_("There is no such table.")): ...
