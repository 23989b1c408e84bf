"""Links for the dashboard, by what the user may do."""

from django.utils.translation import gettext_lazy as _

from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("Check a contract"), "contracts:check", _("See whether a contract or a job offer meets the minimum standards.")),
    Link(_("Contracts"), "contracts:list", _("Registered contracts and those waiting for a decision."), "contract.view"),
    Link(_("Our workers"), "contracts:employer_workers", _("Workers with a contract under your job orders."),
         "employer.view_workers"),
    Link(_("Rulesets"), "contracts:rules", _("The rules contracts are checked against, every version, with sources."),
         "rules.view"),
)
