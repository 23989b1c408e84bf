"""A worker's application to a job order, in one step, sent to the agency that placed it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from corridor.accounts.choices import Role
from corridor.core import lifecycle
from corridor.core.notifications import notification_send
from corridor.voice import errors, selectors
from corridor.voice.lifecycles import APPLICATION
from corridor.voice.models import Application


def application_submit(*, acting_user, reference: str) -> Application:
    """Apply to a job order that may be matched (on the board, terms passing the contract check). The agency is
    told; the match's explanation as the worker saw it is kept with the application."""
    lifecycle.require(acting_user, "application.create", system=False)
    worker = selectors.worker_of(acting_user)
    if worker is None:
        raise errors.NoProfile()
    order = selectors.matchable_order_get(reference=reference)
    if selectors.open_application(worker=worker, order=order) is not None:
        raise errors.AlreadyApplied()
    match = selectors.match_for(user=acting_user, order=order)
    try:
        with transaction.atomic():
            application = Application.objects.create(worker=worker, job_order=order, agency=order.agency,
                                                     explanation=match.as_list() if match else [])
            lifecycle.create(APPLICATION, application, "apply", acting_user=acting_user,
                             detail={"job_order": order.reference})
            notification_send(kind="voice.application", organisation=order.agency.organisation, role=Role.AGENCY_STAFF,
                              link=reverse("voice:applications"), about=f"job_order:{order.reference}",
                              message=gettext_noop("A worker applied to job order %(ref)s. No fee may be asked."),
                              params={"ref": order.reference})
    except IntegrityError as exc:
        raise errors.AlreadyApplied() from exc
    return application


def application_withdraw(*, acting_user, application: Application) -> Application:
    return lifecycle.transition(APPLICATION, application, "withdraw", acting_user=acting_user)
