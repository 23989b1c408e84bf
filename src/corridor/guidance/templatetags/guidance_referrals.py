"""The "Refer to a resource centre" block of the case and visit pages: {% load guidance_referrals %}
{% refer_block "case" case.reference %}. It lists the referrals already made from the page's case or visit (as the
reader may see them) and, for a user who may refer, a form that records the worker's consent and posts to the
referral service (guidance:referral-new)."""

from django import template

from corridor.core.permissions import has_perm
from corridor.guidance import selectors
from corridor.guidance.choices import ReferralSubject
from corridor.guidance.forms import ReferralForm

register = template.Library()


@register.inclusion_tag("guidance/_refer_block.html", takes_context=True)
def refer_block(context, subject_kind: str, subject_reference: str) -> dict:
    user = context["request"].user
    if subject_kind not in ReferralSubject.values or not has_perm(user, "referral.view"):
        return {"show": False}
    may_refer = has_perm(user, "referral.make")
    form = None
    if may_refer:
        form = ReferralForm(initial={"subject_kind": subject_kind, "subject_reference": subject_reference},
                            centres=selectors.centres_accepting(), auto_id=f"refer_{subject_kind}_%s")
        for hidden in ("subject_kind", "subject_reference"):
            form.fields[hidden].widget = form.fields[hidden].hidden_widget()
    return {"show": True, "form": form, "csrf_token": context.get("csrf_token"),
            "referrals": list(selectors.referrals_for_subject(user=user, subject_kind=subject_kind,
                                                              subject_reference=subject_reference)[:20])}
