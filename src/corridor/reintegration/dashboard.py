"""The reintegration app's links on the dashboard."""

from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role
from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("My return home"), "reintegration:mine", _("Say you are home, answer the return debrief, see your plan."),
         "reintegration.view", when=lambda user: user.role == Role.WORKER),
    Link(_("Returns"), "reintegration:returns", _("Returned workers, their plans, referrals and follow-ups."),
         "reintegration.view", when=lambda user: user.role != Role.WORKER),
    Link(_("Follow-ups due"), "reintegration:follow-ups", _("Follow-ups at three, six and twelve months, overdue first."),
         "reintegration.plan"),
    Link(_("Reintegration: what worked"), "reintegration:report", _("Outcomes per service and the debrief figures."),
         "reintegration.report"),
    Link(_("Workers leaving"), "reintegration:exits", _("Record a worker's exit; the origin is told."),
         "reintegration.exit_report"),
    Link(_("Matching funds"), "reintegration:proposals", _("Hometown associations' proposals, decisions and money."),
         "reintegration.view_matching"),
)
