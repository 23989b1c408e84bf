"""Dashboard links for cases (the lead wires `dashboard_items` into the dashboard)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm


def dashboard_items(user) -> list[dict]:
    items = []
    if user.role == Role.WORKER:
        items.append({"title": _("My complaints"), "url": reverse("cases:queue"),
                      "description": _("Follow the complaints you made.")})
        items.append({"title": _("Make a complaint"), "url": reverse("cases:complaint-new"),
                      "description": _("Report a problem at work, safely.")})
        return items
    if has_perm(user, "case.view"):
        items.append({"title": _("Cases"), "url": reverse("cases:queue"),
                      "description": _("The case queue, urgent first.")})
        items.append({"title": _("Overdue cases"), "url": reverse("cases:overdue"),
                      "description": _("Cases past their time limit.")})
        items.append({"title": _("Alerts"), "url": reverse("cases:alerts"),
                      "description": _("Urgent cases, missed time limits, referrals.")})
    if has_perm(user, "case.roster"):
        items.append({"title": _("On-duty roster"), "url": reverse("cases:roster"),
                      "description": _("Who answers urgent cases, and who supervises.")})
    if has_perm(user, "case.respond"):
        items.append({"title": _("Cases to answer"), "url": reverse("cases:respond-list"),
                      "description": _("Complaints against your organisation that an officer asked you to answer.")})
    return items
