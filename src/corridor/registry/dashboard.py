"""Dashboard links to the registry's pages, by what the user may do."""

from django.utils.translation import gettext_lazy as _

from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("Recruitment agencies"), "registry:agency-list", _("Licences, sanctions, branches and sub-agents."), "agency.view"),
    Link(_("Employers"), "registry:employer-list", _("Employers abroad and their verification."), "employer.view"),
    Link(_("Job orders"), "registry:job-order-list", _("Job orders placed through agencies, and their approval."),
         "job_order.view"),
    Link(_("Watchlist"), "registry:watchlist-list", _("Employers, agencies and people barred or under suspicion."),
         "watchlist.view"),
    Link(_("Possible watchlist matches"), "registry:screening-queue", _("Decide whether a similar name is the same party."),
         "screening.review"),
)
