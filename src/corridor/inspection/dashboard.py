"""Dashboard links for inspection."""

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm


def dashboard_items(user) -> list[dict]:
    items = []
    if has_perm(user, "inspection.view"):
        items.append({"title": _("Inspections"), "url": reverse("inspection:visits"),
                      "description": _("Visits, plans and the checklist.")})
        items.append({"title": _("Risk scores"), "url": reverse("inspection:scores"),
                      "description": _("Employers and worksites by risk, with every factor and weight.")})
    if has_perm(user, "inspection.respond"):
        items.append({"title": _("Inspections of your workplaces"), "url": reverse("inspection:respond"),
                      "description": _("Orders to comply with, and sanctions.")})
    if has_perm(user, "inspection.notice_view"):
        items.append({"title": _("Sanctions by destination inspectorates"), "url": reverse("inspection:notices"),
                      "description": _("Employers of our nationals sanctioned abroad.")})
    return items
