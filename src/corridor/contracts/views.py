"""Pages: a worker's check, the contracts register (submit, decide, amend, accept), PDFs, and the rulesets."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.accounts.selectors import worker_scope
from corridor.contracts import pdf, plain, selectors, services
from corridor.contracts.choices import CheckSource, ContractStatus, VersionStatus
from corridor.contracts.forms import (
    ContractDocumentForm,
    ReasonForm,
    SubmitContractForm,
    TermsCheckForm,
    VerifyForm,
)
from corridor.contracts.lifecycles import CONTRACT
from corridor.core import lifecycle
from corridor.core.errors import CorridorError
from corridor.core.views import choice_param, require_perm
from corridor.rules.engine import normalise_language
from corridor.rules.guidance import fee_sentences
from corridor.rules.loader import default_catalogue


def _findings_by_severity(findings):
    order = {"violation": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order.get(f["severity"], 3))


def _fee_lines(doc, lang):
    """What the worker may be charged, in sentences generated from the fee rules of the contract's corridor."""
    try:
        on = dt.date.fromisoformat(doc["term"]["start_date"])
        return fee_sentences(doc["corridor"]["origin"], doc["corridor"]["destination"],
                             (doc.get("job") or {}).get("sector"), on, lang=lang)
    except (KeyError, TypeError, ValueError):
        return []


@require_http_methods(["GET", "POST"])
def check(request):
    """Public: a worker answers questions about an offer and reads a verdict first, in the page's language."""
    lang = normalise_language(get_language())
    terms_form = TermsCheckForm(request.POST if request.method == "POST" else None, prefix="terms")
    result = summary = None
    doc = None
    if request.method == "POST" and terms_form.is_valid():
        doc = terms_form.to_document(lang)
        try:
            services.document_validate(doc)
        except CorridorError as exc:
            terms_form.add_error(None, str(exc.message))
            doc = None
    if doc is not None:
        result, _record = services.contract_check(acting_user=request.user, doc=doc, lang=lang,
                                                  source=CheckSource.PAGE)
        summary = plain.summarise(result)
    fee_lines = _fee_lines(doc, lang) if result else []
    return render(request, "contracts/check.html", {"terms_form": terms_form, "result": result, "summary": summary,
                                                    "fee_lines": fee_lines})


@require_http_methods(["GET", "POST"])
def check_document(request):
    """Public: officers and systems check a whole contract document (pasted or uploaded JSON); full findings."""
    lang = normalise_language(get_language())
    json_form = ContractDocumentForm(request.POST or None, request.FILES or None, prefix="json")
    result = None
    if request.method == "POST" and json_form.is_valid():
        doc = json_form.cleaned_data["doc"]
        result, _record = services.contract_check(acting_user=request.user, doc=doc, lang=lang,
                                                  source=CheckSource.PAGE)
        result["findings"] = _findings_by_severity(result["findings"])
    has_violation = bool(result) and any(f["severity"] == "violation" for f in result["findings"])
    fee_lines = _fee_lines(json_form.cleaned_data["doc"], lang) if result else []
    return render(request, "contracts/check_document.html", {
        "json_form": json_form, "result": result, "has_violation": has_violation, "fee_lines": fee_lines,
        "problems": getattr(json_form, "problems", {})})


@require_perm("contract.view")
def contract_list(request):
    status = choice_param(request, "status", ContractStatus)
    contracts = selectors.contract_list(user=request.user, status=status)[:200]
    return render(request, "contracts/contract_list.html", {
        "contracts": contracts, "status": status, "statuses": ContractStatus.choices,
        "can_submit": has_perm(request.user, "contract.submit"),
    })


def _refusal_on_form(form, exc: CorridorError) -> None:
    """The service's refusal on the form: its message, each field's problem on that field, a term's by its path."""
    form.add_error(None, str(exc.message))
    for name, problems in exc.fields.items():
        for problem in problems:
            if name in form.fields:
                form.add_error(name, problem)
            else:
                form.add_error(None, f"{name}: {problem}")


@require_perm("contract.submit")
@require_http_methods(["GET", "POST"])
def contract_create(request):
    workers = worker_scope(request.user).filter(recorded_by_id=request.user.organisation_id).order_by("full_name")
    job_orders = selectors.submittable_job_orders(user=request.user)
    form = SubmitContractForm(request.POST or None, request.FILES or None, workers=workers, job_orders=job_orders)

    def submit(data):
        return services.contract_submit(acting_user=request.user, worker=data["worker"], doc=data["doc"],
                                        job_order=data["job_order"])

    return _text_page(request, form, submit, _("The contract was submitted and checked."),
                      title=_("Submit a contract"))


def _text_page(request, form, submit, done: str, **context):
    """The page that sends a contract's text: on a valid POST `submit(cleaned_data)` (it returns the contract, whose
    page comes next); a refusal is shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            contract = submit(form.cleaned_data)
        except CorridorError as exc:
            _refusal_on_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("contracts:detail", contract_id=contract.pk)
    return render(request, "contracts/contract_form.html", {
        "form": form, "problems": getattr(form, "problems", {}), **context})


@require_perm("contract.view")
def contract_detail(request, contract_id: int):
    contract = selectors.contract_get(user=request.user, contract_id=contract_id)
    versions = list(contract.versions.all())
    user = request.user
    can_decide = has_perm(user, "contract.decide")
    is_worker = user.role == Role.WORKER
    rows = []
    for version in versions:
        allowed = lifecycle.available_actions(CONTRACT, version, user)
        rows.append({
            "version": version,
            "findings": _findings_by_severity(version.check_record.findings),
            "decide": can_decide and "approve" in allowed,
            "confirm_override": can_decide and "override_confirm" in allowed
            and version.override_requested_by_id not in (None, user.pk),
            "answer": is_worker and "accept" in allowed,
        })
    registered = next((v for v in versions if v.status == VersionStatus.REGISTERED), None)
    pending = any(v.status in (VersionStatus.SUBMITTED, VersionStatus.AWAITING_WORKER) for v in versions)
    can_revise = (has_perm(user, "contract.amend") and contract.agency_id == user.organisation_id and not pending
                  and contract.status in (ContractStatus.REGISTERED, ContractStatus.RETURNED))
    return render(request, "contracts/contract_detail.html", {
        "contract": contract, "rows": list(reversed(rows)), "registered": registered,
        "can_revise": can_revise, "reason_form": ReasonForm(), "events": contract.events.all(),
        "can_view_rules": has_perm(user, "rules.view"),
    })


@require_perm("contract.decide")
@require_POST
def contract_decide(request, contract_id: int, version_id: int):
    version = selectors.version_get(user=request.user, version_id=version_id)
    if version.contract_id != contract_id:
        raise Http404()
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    action = request.POST.get("action")
    actions = {
        "approve": lambda: services.contract_approve(acting_user=request.user, version=version),
        "return": lambda: services.contract_return(acting_user=request.user, version=version, reason=reason),
        "override_request": lambda: services.contract_override_request(acting_user=request.user, version=version,
                                                                       reason=reason),
        "override_confirm": lambda: services.contract_override_confirm(acting_user=request.user, version=version),
    }
    if action not in actions:
        raise Http404()
    try:
        actions[action]()
    except CorridorError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, {
            "approve": _("The contract was approved."), "return": _("The contract was returned to the agency."),
            "override_request": _("The override was requested; a second origin officer must confirm it."),
            "override_confirm": _("The override was confirmed and the contract approved."),
        }[action])
    return redirect("contracts:detail", contract_id=contract_id)


@require_perm("contract.amend")
@require_http_methods(["GET", "POST"])
def contract_revise(request, contract_id: int):
    """An amendment of a registered contract, or a corrected text of a returned one."""
    contract = selectors.contract_get(user=request.user, contract_id=contract_id)
    form = ContractDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "GET" and contract.versions.exists():
        latest = contract.versions.order_by("-number").first()
        form = ContractDocumentForm(initial={"document": latest.document})
    revise = services.contract_amend if contract.status == ContractStatus.REGISTERED else services.contract_resubmit

    def submit(data):
        revise(acting_user=request.user, contract=contract, doc=data["doc"])
        return contract

    return _text_page(request, form, submit, _("The new version was submitted and checked."), contract=contract,
                      title=_("Amend contract %(ref)s") % {"ref": contract} if contract.reference
                      else _("Send a corrected contract"))


@require_perm("contract.accept_amendment")
@require_POST
def contract_answer(request, contract_id: int, version_id: int):
    version = selectors.version_get(user=request.user, version_id=version_id)
    if version.contract_id != contract_id:
        raise Http404()
    try:
        if request.POST.get("answer") == "accept":
            services.contract_amendment_accept(acting_user=request.user, version=version)
            messages.success(request, _("You accepted the amendment. It is now your registered contract."))
        else:
            services.contract_amendment_decline(acting_user=request.user, version=version,
                                                reason=request.POST.get("reason", "")[:2000])
            messages.success(request, _("You declined the amendment. Your registered contract stays as it was."))
    except CorridorError as exc:
        messages.error(request, str(exc.message))
    return redirect("contracts:detail", contract_id=contract_id)


@require_perm("contract.view")
def contract_pdf(request, contract_id: int):
    number = request.GET.get("version")
    version = selectors.registered_version(user=request.user, contract_id=contract_id,
                                           number=int(number) if number and number.isdigit() else None)
    response = HttpResponse(pdf.render_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{version.contract.reference}-v{version.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
def verify(request):
    """Public: does the register hold a contract with this reference and content hash? Nothing personal is shown."""
    form = VerifyForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.register_lookup(reference=form.cleaned_data["ref"], content_hash=form.cleaned_data["sha256"])
    return render(request, "contracts/verify.html", {"form": form, "found": found, "asked": form.is_bound})


@require_perm("employer.view_workers")
def employer_workers(request):
    """An employer's staff: the workers under contracts for its job orders."""
    workers = selectors.employer_worker_list(user=request.user)[:500]
    return render(request, "contracts/employer_workers.html", {"workers": workers})


@require_perm("employer.view_workers")
def employer_worker(request, worker_id: int):
    worker = selectors.employer_worker_get(user=request.user, worker_id=worker_id)
    return render(request, "contracts/employer_worker.html", {"worker": worker})


@require_perm("rules.view")
def rules_list(request):
    catalogue = default_catalogue()
    rulesets = [{"id": rid, "versions": list(reversed(catalogue.versions[rid]))} for rid in catalogue.ids()]
    return render(request, "contracts/rules_list.html", {"rulesets": rulesets})


@require_perm("rules.view")
def ruleset_detail(request, ruleset_id: str, version: str):
    ruleset = next((r for r in default_catalogue().versions.get(ruleset_id, ()) if r.version == version), None)
    if ruleset is None:
        raise Http404()
    lang = normalise_language(get_language())
    rules = [{"rule": rule, "message": rule.messages.get(lang) or rule.messages["en"],
              "params": sorted(rule.params.items())} for rule in ruleset.rules]
    return render(request, "contracts/ruleset_detail.html", {"ruleset": ruleset, "rules": rules})
