"""Pages: the fund officer's members, claims queue, four-eyes decisions, repatriations and ledger; the member's own
page (coverage, contributions, claims) in their language."""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.permissions import has_perm
from corridor.accounts.selectors import worker_list
from corridor.clearance.selectors import clearance_get
from corridor.core import lifecycle
from corridor.core.errors import InvalidInput
from corridor.core.views import choice_param, form_submit, require_perm
from corridor.welfare import funds, selectors, services, storage
from corridor.welfare.choices import ClaimStatus, MembershipSource
from corridor.welfare.forms import ActForm, ClaimForm, DocumentForm, EnrolForm, RepatriationForm
from corridor.welfare.lifecycles import CLAIM, REPATRIATION


def _node_fund(on: dt.date | None = None):
    return funds.fund_of_country(settings.CORRIDOR_COUNTRY, on)


@require_perm("welfare.view")
def members(request):
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.membership_list(user=request.user, query=query)[:200]
    return render(request, "welfare/members.html", {"members": rows, "q": query, "fund": _node_fund(),
                                                    "can_enrol": has_perm(request.user, "welfare.enrol")})


@require_perm("welfare.enrol")
@require_http_methods(["GET", "POST"])
def enrol(request):

    def write(data):
        worker, destination, reference = None, data["destination"].upper(), data["clearance_reference"].strip()
        if reference:
            application = clearance_get(user=request.user, reference=reference)
            worker, destination = application.worker, application.destination_id
        elif data["passport_number"]:
            worker = worker_list(user=request.user, passport=data["passport_number"]).first()
        if worker is None:
            raise InvalidInput(fields={"passport_number": [_("No worker you may see has this passport number.")]})
        return services.membership_start(
            acting_user=request.user, worker=worker, contract_months=data["contract_months"],
            starts_on=data["starts_on"], payer=data["payer"], amount=data["amount"], currency=data["currency"].upper(),
            exchange_rate=data["exchange_rate"], rate_source=data["rate_source"], receipt=data["receipt"],
            destination=destination, clearance_reference=reference,
            source=MembershipSource.CLEARANCE if reference else MembershipSource.ENROLMENT)

    return form_submit(request, EnrolForm(request.POST or None), write, done=_("Membership recorded."),
                       to=lambda membership: ("welfare:member", membership.reference),
                       page=lambda form: ("welfare/enrol.html", {"form": form, "fund": _node_fund()}))


def _member_context(request, membership, **forms):
    spec = funds.fund_version(membership.fund, membership.fund_version)
    return {"m": membership, "fund": spec, "statement": selectors.member_statement(user=request.user, membership=membership),
            "contributions": membership.contributions.all(), "claims": membership.claims.all(),
            "repatriations": membership.repatriations.all(),
            "claim_form": forms.get("claim_form") or ClaimForm(benefits=spec.benefits if spec else ()),
            "repatriation_form": forms.get("repatriation_form") or RepatriationForm(),
            "can_claim": has_perm(request.user, "welfare.claim_file"),
            "can_repatriate": has_perm(request.user, "welfare.repatriation_request")}


@require_perm("welfare.view")
def member(request, reference):
    membership = selectors.membership_get(user=request.user, reference=reference)
    return render(request, "welfare/member.html", _member_context(request, membership))


@require_perm("welfare.claim_file")
@require_POST
def claim_new(request, reference):
    membership = selectors.membership_get(user=request.user, reference=reference)
    spec = funds.fund_version(membership.fund, membership.fund_version)
    return form_submit(request, ClaimForm(request.POST, benefits=spec.benefits if spec else ()),
                       lambda data: services.claim_file(acting_user=request.user, membership=membership, **data),
                       done=_("Claim filed."), to=lambda claim: ("welfare:claim", claim.reference),
                       page=lambda form: ("welfare/member.html", _member_context(request, membership, claim_form=form)))


@require_perm("welfare.repatriation_request")
@require_POST
def repatriation_new(request, reference):
    membership = selectors.membership_get(user=request.user, reference=reference)
    return form_submit(request, RepatriationForm(request.POST),
                       lambda data: services.repatriation_request(acting_user=request.user, membership=membership, **data),
                       done=_("Repatriation requested."), to=lambda made: ("welfare:repatriation", made.reference),
                       page=lambda form: ("welfare/member.html",
                                          _member_context(request, membership, repatriation_form=form)))


@require_perm("welfare.view")
def claims(request):
    status = choice_param(request, "status", ClaimStatus)
    rows = selectors.claim_queue(user=request.user, status=status)[:200]
    return render(request, "welfare/claims.html", {"claims": rows, "status": status, "statuses": ClaimStatus.choices})


def _claim_context(request, claim, **forms):
    return {"c": claim, "reasons": selectors.claim_reasons(claim), "documents": claim.documents.all(),
            "events": claim.events.all(), "actions": lifecycle.available_actions(CLAIM, claim, request.user),
            "act_form": forms.get("act_form") or ActForm(), "document_form": forms.get("document_form") or DocumentForm(),
            "benefit": (funds.fund_version(claim.membership.fund, claim.membership.fund_version) or None)
            and funds.fund_version(claim.membership.fund, claim.membership.fund_version).benefit(claim.benefit)}


@require_perm("welfare.view")
def claim(request, reference):
    found = selectors.claim_get(user=request.user, reference=reference)
    return render(request, "welfare/claim.html", _claim_context(request, found))


CLAIM_ACTS = {
    "file": lambda user, c, d: services.claim_complete(
        acting_user=user, claim=c, claimant_kind=d["claimant_kind"] or "next_of_kin", claimant_name=d["claimant_name"],
        claimant_relationship=d["claimant_relationship"]),
    "recommend": lambda user, c, d: services.claim_recommend(acting_user=user, claim=c, reason=d["reason"]),
    "approve": lambda user, c, d: services.claim_approve(acting_user=user, claim=c, reason=d["reason"]),
    "reject": lambda user, c, d: services.claim_reject(acting_user=user, claim=c, reason=d["reason"]),
    "pay": lambda user, c, d: services.claim_pay(acting_user=user, claim=c, paid_on=d["on"], reference=d["reference"]),
    "appeal": lambda user, c, d: services.claim_appeal(acting_user=user, claim=c, reason=d["reason"]),
    "withdraw": lambda user, c, d: services.claim_withdraw(acting_user=user, claim=c, reason=d["reason"]),
}


def _act(request, acts: dict, action: str, find, url_name: str, template: str, context):
    """A lifecycle action posted from a claim's or a repatriation's page: `acts[action](user, record, data)`; a record
    the user may not see answers "not found", a refusal is shown on the page with the form."""
    if action not in acts:
        raise Http404()
    found = find()
    return form_submit(request, ActForm(request.POST), lambda data: acts[action](request.user, found, data),
                       done=_("Done."), to=(url_name, found.reference), status=exc_status, hide_missing=True,
                       page=lambda form: (template, context(request, found, act_form=form)))


@require_perm("welfare.view")
@require_POST
def claim_act(request, reference, action):
    return _act(request, CLAIM_ACTS, action, lambda: selectors.claim_get(user=request.user, reference=reference),
                "welfare:claim", "welfare/claim.html", _claim_context)


def exc_status(form) -> int:
    return 409 if form.non_field_errors() else 422


@require_perm("welfare.claim_file")
@require_POST
def document_upload(request, reference):
    found = selectors.claim_get(user=request.user, reference=reference)
    return form_submit(request, DocumentForm(request.POST, request.FILES),
                       lambda data: services.claim_document_add(acting_user=request.user, claim=found,
                                                                name=data["file"].name,
                                                                data=data["file"].read(storage.MAX_BYTES + 1)),
                       done=_("Document added."), to=("welfare:claim", reference), hide_missing=True,
                       page=lambda form: ("welfare/claim.html", _claim_context(request, found, document_form=form)))


@require_perm("welfare.view")
def document(request, reference, document_id):
    found = selectors.claim_get(user=request.user, reference=reference)
    record = selectors.claim_document_get(user=request.user, claim=found, document_id=document_id)
    response = HttpResponse(storage.load(record.storage_name), content_type=record.content_type)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_perm("welfare.view")
def repatriations(request):
    return render(request, "welfare/repatriations.html",
                  {"repatriations": selectors.repatriation_list(user=request.user)[:200]})


def _repatriation_context(request, repatriation, **forms):
    return {"r": repatriation, "events": repatriation.events.all(), "act_form": forms.get("act_form") or ActForm(),
            "actions": lifecycle.available_actions(REPATRIATION, repatriation, request.user)}


@require_perm("welfare.view")
def repatriation(request, reference):
    found = selectors.repatriation_get(user=request.user, reference=reference)
    return render(request, "welfare/repatriation.html", _repatriation_context(request, found))


REPATRIATION_ACTS = {
    "approve": lambda user, r, d: services.repatriation_approve(acting_user=user, repatriation=r, travel_on=d["on"],
                                                                reason=d["reason"]),
    "refuse": lambda user, r, d: services.repatriation_refuse(acting_user=user, repatriation=r, reason=d["reason"]),
    "pay": lambda user, r, d: services.repatriation_pay(
        acting_user=user, repatriation=r, cost=d["cost"] if d["cost"] is not None else "", currency=(d["currency"] or "").upper(),
        exchange_rate=d["exchange_rate"], paid_on=d["on"], reference=d["reference"]),
    "record_return": lambda user, r, d: services.repatriation_record_return(
        acting_user=user, repatriation=r, returned_on=d["on"] or timezone.localdate()),
}


@require_perm("welfare.view")
@require_POST
def repatriation_act(request, reference, action):
    return _act(request, REPATRIATION_ACTS, action,
                lambda: selectors.repatriation_get(user=request.user, reference=reference),
                "welfare:repatriation", "welfare/repatriation.html", _repatriation_context)


def _date(value: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


@require_perm("welfare.ledger")
def ledger(request):
    today = timezone.localdate()
    fund_ids = funds.fund_ids()
    node_fund = _node_fund()
    fund_id = request.GET.get("fund") or (node_fund.id if node_fund else fund_ids[0])
    if fund_id not in fund_ids:
        raise Http404()
    start = _date(request.GET.get("from", ""), today.replace(month=1, day=1))
    end = _date(request.GET.get("to", ""), today)
    return render(request, "welfare/ledger.html", {
        "fund_id": fund_id, "fund_ids": fund_ids, "start": start, "end": end,
        "statement": selectors.fund_statement(user=request.user, fund=fund_id, start=start, end=end),
        "reconciliation": selectors.bank_reconciliation(user=request.user, fund=fund_id, until=end),
        "unbalanced": selectors.unbalanced_transactions(fund=fund_id), "loans": selectors.loan_list(user=request.user)[:50],
    })


@require_perm("welfare.view")
def mine(request):
    memberships = list(selectors.my_memberships(user=request.user)) if request.user.role == "worker" else []
    claims_of_mine = selectors.my_claims(user=request.user) if memberships else []
    return render(request, "welfare/mine.html", {
        "memberships": [{"m": m, "fund": funds.fund_version(m.fund, m.fund_version)} for m in memberships],
        "claims": claims_of_mine})
