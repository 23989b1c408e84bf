"""Dashboard links for cases: a worker's own complaints, or the officers' and respondents' pages."""

from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role
from corridor.core.dashboard import Link, Links


def _worker(user) -> bool:
    return user.role == Role.WORKER


def _not_worker(user) -> bool:
    return user.role != Role.WORKER


dashboard_items = Links(
    Link(_("My complaints"), "cases:queue", _("Follow the complaints you made."), when=_worker),
    Link(_("Make a complaint"), "cases:complaint-new", _("Report a problem at work, safely."), when=_worker),
    Link(_("Cases"), "cases:queue", _("The case queue, urgent first."), "case.view", _not_worker),
    Link(_("Overdue cases"), "cases:overdue", _("Cases past their time limit."), "case.view", _not_worker),
    Link(_("Alerts"), "cases:alerts", _("Urgent cases, missed time limits, referrals."), "case.view", _not_worker),
    Link(_("On-duty roster"), "cases:roster", _("Who answers urgent cases, and who supervises."), "case.roster",
         _not_worker),
    Link(_("Cases to answer"), "cases:respond-list",
         _("Complaints against your organisation that an officer asked you to answer."), "case.respond", _not_worker),
)
