"""Links for the dashboard, by what the user may do (the lead wires them into the dashboard page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm


def dashboard_items(user) -> list[dict]:
    items = [{"title": _("Check a contract"), "url": reverse("contracts:check"),
              "description": _("See whether a contract or a job offer meets the minimum standards.")}]
    if has_perm(user, "contract.view"):
        items.append({"title": _("Contracts"), "url": reverse("contracts:list"),
                      "description": _("Registered contracts and those waiting for a decision.")})
    if has_perm(user, "employer.view_workers"):
        items.append({"title": _("Our workers"), "url": reverse("contracts:employer_workers"),
                      "description": _("Workers with a contract under your job orders.")})
    if has_perm(user, "rules.view"):
        items.append({"title": _("Rulesets"), "url": reverse("contracts:rules"),
                      "description": _("The rules contracts are checked against, every version, with sources.")})
    return items
