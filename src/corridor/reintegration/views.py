"""Pages: the worker's returns (record the arrival, the debrief, the history), the office's returns, plans,
referrals and follow-ups, the services catalogue and what worked, skills certificates, the destination's exits;
the matching-fund programme (associations, proposals, the committee, money) and its public pages."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.permissions import has_perm
from corridor.clearance import selectors as clearance_selectors
from corridor.core import lifecycle
from corridor.core.errors import CorridorError, NotFound
from corridor.core.views import choice_param, form_refusal, form_submit, require_perm
from corridor.reintegration import forms, selectors, services
from corridor.reintegration.choices import ProposalStatus, ReturnSource, ServiceKind
from corridor.reintegration.lifecycles import PROPOSAL, RETURN
from corridor.reintegration.models import FollowUp, Pledge, Referral, Tranche


def _fail(form, exc: CorridorError) -> None:
    form_refusal(form, exc, hide_missing=True)


def _submit(request, form, write, *, done, to, page):
    return form_submit(request, form, write, done=done, to=to, page=page, hide_missing=True)


def _status(form) -> int:
    return 422 if form.errors else 200


# --- the worker ---------------------------------------------------------------------------------------------------


@require_perm("reintegration.view")
@require_http_methods(["GET", "POST"])
def mine(request):
    """The worker's returns, and the form to say they are home."""
    form = forms.MyReturnForm(request.POST or None) if has_perm(request.user, "reintegration.return_record") else None
    if request.method == "POST":
        if form is None:
            raise Http404()
        if form.is_valid():
            try:
                record = services.return_record(acting_user=request.user, source=ReturnSource.WORKER, **form.cleaned_data)
            except CorridorError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Welcome home. Your return is recorded."))
                return redirect("reintegration:return", reference=record.reference)
    return render(request, "reintegration/mine.html", {"returns": selectors.my_returns(user=request.user), "form": form},
                  status=_status(form) if form else 200)


@require_perm("reintegration.debrief")
@require_http_methods(["GET", "POST"])
def debrief(request, reference):
    record = selectors.return_get(user=request.user, reference=reference)
    if selectors.debrief_of(record) is not None:
        messages.info(request, _("Thank you: your answers were already given."))
        return redirect("reintegration:return", reference=record.reference)
    return _submit(request, forms.DebriefForm(request.POST or None),
                   lambda data: services.debrief_give(acting_user=request.user, record=record,
                                                      language=get_language() or "", **data),
                   done=_("Thank you. Your answers help other workers."), to=("reintegration:return", record.reference),
                   page=lambda form: ("reintegration/debrief.html", {"r": record, "form": form}))


# --- returns, for the office and the worker ------------------------------------------------------------------------


@require_perm("reintegration.view")
def returns(request):
    rows = selectors.return_list(user=request.user)[:200]
    return render(request, "reintegration/returns.html", {
        "returns": rows, "can_record": has_perm(request.user, "reintegration.return_record")
        and request.user.role != "worker"})


@require_perm("reintegration.return_record")
@require_http_methods(["GET", "POST"])
def record_return(request):
    if request.user.role == "worker":  # a worker says they are home on their own page
        return redirect("reintegration:mine")
    source = ReturnSource.ATTACHE if request.user.role == "consular_attache" else ReturnSource.OFFICER
    return _submit(request, forms.ReturnForm(request.POST or None),
                   lambda data: services.return_record(acting_user=request.user, source=source, **data),
                   done=_("Return recorded."), to=lambda record: ("reintegration:return", record.reference),
                   page=lambda form: ("reintegration/record.html", {"form": form}))


def _return_context(request, record, **forms_given):
    user = request.user
    plan = getattr(record, "plan", None) if hasattr(record, "plan") else None
    referrals = list(plan.referrals.select_related("service__provider").prefetch_related("follow_ups", "certificates")) \
        if plan else []
    can_plan = has_perm(user, "reintegration.plan")
    return {
        "r": record, "history": selectors.return_history(user=user, record=record),
        "debrief": selectors.debrief_of(record), "plan": plan, "referrals": referrals,
        "events": record.events.all(), "actions": lifecycle.available_actions(RETURN, record, user),
        "is_worker": user.role == "worker", "can_plan": can_plan, "can_certify": has_perm(user, "reintegration.certify"),
        "plan_form": forms_given.get("plan_form") or forms.PlanForm(),
        "referral_form": forms_given.get("referral_form") or forms.ReferralForm(services=selectors.service_catalogue()),
        "follow_up_form": forms.FollowUpForm(), "certificate_form": forms.CertificateForm(),
        "error_form": forms_given.get("error_form"),
    }


@require_perm("reintegration.view")
def return_detail(request, reference):
    record = selectors.return_get(user=request.user, reference=reference)
    return render(request, "reintegration/return.html", _return_context(request, record))


@require_perm("reintegration.plan")
@require_POST
def plan_new(request, reference):
    record = selectors.return_get(user=request.user, reference=reference)
    return _submit(request, forms.PlanForm(request.POST),
                   lambda data: services.plan_create(acting_user=request.user, record=record, **data),
                   done=_("Plan recorded."), to=("reintegration:return", record.reference),
                   page=lambda form: ("reintegration/return.html", _return_context(request, record, plan_form=form)))


@require_perm("reintegration.plan")
@require_POST
def refer(request, reference):
    record = selectors.return_get(user=request.user, reference=reference)

    def write(data):
        plan = getattr(record, "plan", None) if hasattr(record, "plan") else None
        if plan is None:
            raise NotFound()
        services.referral_make(acting_user=request.user, plan=plan, service=data["service"], note=data["note"])

    return _submit(request, forms.ReferralForm(request.POST, services=selectors.service_catalogue()), write,
                   done=_("Referred."), to=("reintegration:return", record.reference),
                   page=lambda form: ("reintegration/return.html",
                                      _return_context(request, record, referral_form=form)))


@require_perm("reintegration.plan")
@require_POST
def close(request, reference):
    record = selectors.return_get(user=request.user, reference=reference)
    try:
        services.return_close(acting_user=request.user, record=record, reason=request.POST.get("reason", "")[:2000])
    except CorridorError as exc:
        form = forms.PlanForm({"goals": "-"})  # a bound form, only to carry the refusal to the page
        form.is_valid()
        _fail(form, exc)
        return render(request, "reintegration/return.html", _return_context(request, record, error_form=form), status=409)
    messages.success(request, _("Return closed."))
    return redirect("reintegration:return", reference=record.reference)


def _follow_up_for(user, pk: int) -> FollowUp:
    follow_up = selectors.follow_ups_due(user=user, until=dt.date.max).filter(pk=pk).first()
    if follow_up is None:
        raise Http404()
    return follow_up


@require_perm("reintegration.plan")
@require_POST
def follow_up(request, pk):
    found = _follow_up_for(request.user, pk)
    record = found.referral.plan.return_record
    return _submit(request, forms.FollowUpForm(request.POST),
                   lambda data: services.follow_up_record(acting_user=request.user, follow_up=found, **data),
                   done=_("Follow-up recorded."), to=("reintegration:return", record.reference),
                   page=lambda form: ("reintegration/return.html", _return_context(request, record, error_form=form)))


@require_perm("reintegration.plan")
def follow_ups(request):
    overdue_only = request.GET.get("overdue") == "1"
    rows = selectors.follow_ups_due(user=request.user, overdue_only=overdue_only,
                                    until=timezone.localdate() + dt.timedelta(days=30))[:200]
    return render(request, "reintegration/follow_ups.html", {"rows": rows, "overdue_only": overdue_only,
                                                             "today": timezone.localdate()})


@require_perm("reintegration.certify")
@require_POST
def certify(request, pk):
    referral = Referral.objects.select_related("plan__return_record", "service").filter(pk=pk).first()
    if referral is None:
        raise Http404()
    record = selectors.return_get(user=request.user, reference=referral.plan.return_record.reference)
    return _submit(request, forms.CertificateForm(request.POST),
                   lambda data: services.certificate_issue(acting_user=request.user, referral=referral, **data),
                   done=_("Certificate issued."), to=lambda made: ("reintegration:certificate", made.reference),
                   page=lambda form: ("reintegration/return.html", _return_context(request, record, error_form=form)))


@require_perm("reintegration.view")
def certificate(request, reference):
    found = selectors.certificate_get(user=request.user, reference=reference)
    return render(request, "reintegration/certificate.html", {"c": found})


def certificate_verify(request):
    """Public: paste a skills certificate's code to check that this node signed it."""
    token = request.GET.get("token", "").strip()[:8000]
    claims = selectors.certificate_verify(token) if token else None
    return render(request, "reintegration/verify.html", {"token": token, "claims": claims})


# --- the catalogue and what worked -----------------------------------------------------------------------------


def catalogue(request):
    """Public: the reintegration services and who gives them."""
    kind = choice_param(request, "kind", ServiceKind)
    return render(request, "reintegration/catalogue.html", {
        "services": selectors.service_catalogue(kind=kind), "kinds": ServiceKind.choices, "kind": kind,
        "can_add": request.user.is_authenticated and has_perm(request.user, "reintegration.catalogue")})


@require_perm("reintegration.catalogue")
@require_http_methods(["GET", "POST"])
def service_new(request):
    form = forms.ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provider = services.provider_register(acting_user=request.user, name=data["provider"], region=data["region"])
            services.service_add(acting_user=request.user, provider=provider, kind=data["kind"], name=data["name"],
                                 description=data["description"])
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Service added."))
            return redirect("reintegration:catalogue")
    return render(request, "reintegration/service_new.html", {"form": form}, status=_status(form))


@require_perm("reintegration.report")
def report(request):
    return render(request, "reintegration/report.html", {
        "outcomes": selectors.outcomes_by_service(user=request.user), "counts": selectors.return_counts(user=request.user),
        "figures": selectors.debrief_figures(), "min_group": selectors.MIN_GROUP})


def figures(request):
    """Public: what returned workers reported, per destination and per agency, each group of fewer than MIN_GROUP
    answers suppressed."""
    return render(request, "reintegration/figures.html", {
        "by_destination": selectors.debrief_figures(group_by="destination"),
        "by_agency": selectors.debrief_figures(group_by="agency"), "min_group": selectors.MIN_GROUP})


# --- the destination ------------------------------------------------------------------------------------------


@require_perm("reintegration.exit_report")
@require_http_methods(["GET", "POST"])
def exits(request):
    form = forms.ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arrival = clearance_selectors.arrival_by_id(data["arrival_id"])
        if arrival is None or not clearance_selectors.arrival_scope(request.user).filter(pk=arrival.clearance_id).exists():
            form.add_error("arrival_id", _("No arrival you may see has this number."))
        else:
            try:
                services.exit_report(acting_user=request.user, arrival=arrival, left_on=data["left_on"], cause=data["cause"])
            except CorridorError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Exit recorded; the origin is told."))
                return redirect("reintegration:exits")
    arrivals = clearance_selectors.arriving_list(user=request.user).filter(arrival__isnull=False)[:100]
    return render(request, "reintegration/exits.html", {"form": form, "arrivals": arrivals}, status=_status(form))


# --- the matching-fund programme ---------------------------------------------------------------------------------


def criteria(request):
    """Public: the programme's published criteria (data/matching_criteria.toml)."""
    return render(request, "reintegration/criteria.html", {"c": selectors.criteria()})


def projects(request):
    """Public: the approved and completed projects, with their money."""
    rows = [(p, selectors.project_money(p)) for p in selectors.public_projects()[:200]]
    return render(request, "reintegration/projects.html", {"rows": rows})


def project(request, reference):
    try:
        found = selectors.public_project_get(reference=reference)
    except NotFound as exc:
        raise Http404() from exc
    return render(request, "reintegration/project.html", {"p": found, "money": selectors.project_money(found),
                                                          "events": found.events.all()})


@require_perm("reintegration.matching")
@require_http_methods(["GET", "POST"])
def associations(request):
    return _submit(request, forms.AssociationForm(request.POST or None),
                   lambda data: services.association_register(acting_user=request.user, **data),
                   done=_("Association registered."), to=lambda made: ("reintegration:association", made.reference),
                   page=lambda form: ("reintegration/associations.html",
                                      {"associations": selectors.association_list(), "form": form}))


def _association_context(association, **given):
    return {"a": association, "members": association.members.all(), "proposals": association.proposals.all(),
            "member_form": given.get("member_form") or forms.MemberForm(),
            "proposal_form": given.get("proposal_form") or forms.ProposalForm()}


@require_perm("reintegration.matching")
@require_http_methods(["GET", "POST"])
def association(request, reference):
    found = selectors.association_get(user=request.user, reference=reference)
    if request.method == "POST":
        which = request.POST.get("form")
        form = forms.MemberForm(request.POST) if which == "member" else forms.ProposalForm(request.POST)
        if form.is_valid():
            try:
                if which == "member":
                    services.member_add(acting_user=request.user, association=found, **form.cleaned_data)
                else:
                    proposal = services.proposal_submit(acting_user=request.user, association=found, **form.cleaned_data)
            except CorridorError as exc:
                _fail(form, exc)
            else:
                if which == "member":
                    messages.success(request, _("Member added."))
                    return redirect("reintegration:association", reference=found.reference)
                messages.success(request, _("Proposal submitted."))
                return redirect("reintegration:proposal", reference=proposal.reference)
        given = {"member_form": form} if which == "member" else {"proposal_form": form}
        return render(request, "reintegration/association.html", _association_context(found, **given), status=422)
    return render(request, "reintegration/association.html", _association_context(found))


@require_perm("reintegration.view_matching")
def proposals(request):
    status = choice_param(request, "status", ProposalStatus)
    return render(request, "reintegration/proposals.html", {
        "proposals": selectors.proposal_list(user=request.user, status=status)[:200], "status": status,
        "statuses": ProposalStatus.choices})


def _proposal_context(request, proposal, **given):
    return {"p": proposal, "money": selectors.project_money(proposal), "criteria": selectors.criteria(),
            "events": proposal.events.all(), "actions": lifecycle.available_actions(PROPOSAL, proposal, request.user),
            "decision_form": given.get("form") or forms.DecisionForm(), "money_form": forms.MoneyEventForm(),
            "can_pay": has_perm(request.user, "reintegration.matching_pay"),
            "suggested": services.matching_amounts(proposal)}


@require_perm("reintegration.view_matching")
def proposal(request, reference):
    found = selectors.proposal_get(user=request.user, reference=reference)
    return render(request, "reintegration/proposal.html", _proposal_context(request, found))


@require_perm("reintegration.view_matching")
@require_POST
def proposal_act(request, reference, action):
    found = selectors.proposal_get(user=request.user, reference=reference)
    form = forms.DecisionForm(request.POST)
    if action not in ("check", "score", "approve", "reject"):
        raise Http404()

    def write(data):
        if action == "check":
            services.proposal_check(acting_user=request.user, proposal=found)
        elif action == "score":
            scores = {c.key: request.POST.get(f"score_{c.key}", "") for c in selectors.criteria().scoring}
            services.proposal_score(acting_user=request.user, proposal=found, scores=scores)
        elif action == "approve":
            services.proposal_approve(acting_user=request.user, proposal=found, reason=data["reason"],
                                      tranches=form.tranche_list())
        else:
            services.proposal_reject(acting_user=request.user, proposal=found, reason=data["reason"])

    return _submit(request, form, write, done=_("Done."), to=("reintegration:proposal", found.reference),
                   page=lambda form: ("reintegration/proposal.html", _proposal_context(request, found, form=form)))


@require_perm("reintegration.matching_pay")
@require_POST
def money(request, kind, pk):
    """A pledge received (`kind` pledge) or a tranche paid out (`kind` tranche), posted in the ledger."""
    model = {"pledge": Pledge, "tranche": Tranche}.get(kind)
    if model is None:
        raise Http404()
    row = model.objects.select_related("proposal").filter(pk=pk).first()
    if row is None:
        raise Http404()
    found = selectors.proposal_get(user=request.user, reference=row.proposal.reference)

    def write(data):
        if kind == "pledge":
            services.pledge_receive(acting_user=request.user, pledge=row, received_on=data["on"],
                                    reference=data["reference"])
        else:
            services.tranche_disburse(acting_user=request.user, tranche=row, evidence=data["evidence"],
                                      disbursed_on=data["on"], reference=data["reference"])

    return _submit(request, forms.MoneyEventForm(request.POST), write, done=_("Posted in the ledger."),
                   to=("reintegration:proposal", found.reference),
                   page=lambda form: ("reintegration/proposal.html", _proposal_context(request, found, form=form)))
