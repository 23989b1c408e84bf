"""Dashboard links to the registry's pages, by what the user may do."""

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm


def dashboard_items(user) -> list[dict]:
    items = []
    if has_perm(user, "agency.view"):
        items.append({"title": _("Recruitment agencies"), "url": reverse("registry:agency-list"),
                      "description": _("Licences, sanctions, branches and sub-agents.")})
    if has_perm(user, "employer.view"):
        items.append({"title": _("Employers"), "url": reverse("registry:employer-list"),
                      "description": _("Employers abroad and their verification.")})
    if has_perm(user, "job_order.view"):
        items.append({"title": _("Job orders"), "url": reverse("registry:job-order-list"),
                      "description": _("Job orders placed through agencies, and their approval.")})
    if has_perm(user, "watchlist.view"):
        items.append({"title": _("Watchlist"), "url": reverse("registry:watchlist-list"),
                      "description": _("Employers, agencies and people barred or under suspicion.")})
    if has_perm(user, "screening.review"):
        items.append({"title": _("Possible watchlist matches"), "url": reverse("registry:screening-queue"),
                      "description": _("Decide whether a similar name is the same party.")})
    return items
