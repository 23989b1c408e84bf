"""The duty roster: who is on call for urgent cases."""


from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.models import User
from corridor.cases.models import (
    DutyShift,
)
from corridor.cases.services._common import _require
from corridor.core import audit
from corridor.core.errors import InvalidInput, NotFound


def duty_shift_add(*, acting_user, user: User, starts_at, ends_at, is_supervisor: bool = False) -> DutyShift:
    """Put a member of the acting officer's own organisation on the roster."""
    if acting_user is not None:
        _require(acting_user, "case.roster")
        if user.organisation_id != acting_user.organisation_id:
            raise NotFound()
    if ends_at <= starts_at:
        raise InvalidInput(fields={"ends_at": [_("A shift must end after it starts.")]})
    with transaction.atomic():
        shift = DutyShift.objects.create(organisation_id=user.organisation_id, user=user, starts_at=starts_at,
                                         ends_at=ends_at, is_supervisor=is_supervisor)
        audit.record(actor=acting_user, action="case.roster_add", target=shift,
                     detail={"user": user.pk, "supervisor": is_supervisor})
    return shift
