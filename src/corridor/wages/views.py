"""Pages: salary files (upload, list, one file reconciled line by line), arrears; the origin's view of arrears."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.permissions import has_perm
from corridor.core import lifecycle, node
from corridor.core.errors import CorridorError
from corridor.core.views import form_refusal, require_perm
from corridor.rules import wage_law
from corridor.wages import parsing, selectors, services
from corridor.wages.choices import Finding
from corridor.wages.forms import FundPaymentForm, PaymentForm, SettlementForm, UploadForm
from corridor.wages.lifecycles import SETTLEMENT


def _files_page(request, form, status=200):
    return render(request, "wages/files.html", {
        "files": selectors.file_list(user=request.user)[:200], "form": form,
        "can_import": has_perm(request.user, "wages.import")}, status=status)


@require_perm("wages.view")
def file_list(request):
    return _files_page(request, UploadForm())


@require_perm("wages.import")
@require_POST
def file_upload(request):
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            form.add_error("file", _("The salary file is too large."))
            return _files_page(request, form, status=422)
        try:
            result = services.salary_file_import(
                acting_user=request.user, data=upload.read(), format=form.cleaned_data["format"], filename=upload.name,
                employer_ref=form.cleaned_data["employer"], period=form.cleaned_data["period"])
        except CorridorError as exc:
            form_refusal(form, exc, label=str)
            return _files_page(request, form, status=422)
        if result.created:
            messages.success(request, _("Salary file imported and reconciled."))
        else:
            messages.info(request, _("This file was already imported; nothing changed."))
        return redirect("wages:file", pk=result.file.pk)
    return _files_page(request, form, status=422)


@require_perm("wages.view")
def file_detail(request, pk):
    file = selectors.file_get(user=request.user, pk=pk)
    return render(request, "wages/file.html", {"file": file, "months": selectors.file_months(file=file),
                                               "events": file.events.select_related("actor"),
                                               "can_match": has_perm(request.user, "wages.import")
                                               and file.status == "current"})


def _arrears_page(request, fund_form=None, status=200):
    workers = selectors.arrears_list(user=request.user)
    paid = selectors.fund_paid_by_worker(user=request.user)
    for row in workers:  # the arrears net of what the wage guarantee fund paid
        row["fund_paid"] = paid.get((row["worker_index"], row["employer_ref"]))
        row["net"] = row["total"] - (row["fund_paid"] or 0)
    fund = wage_law.fund_for(node.identity().country, timezone.localdate())
    return render(request, "wages/arrears.html", {
        "workers": workers, "employers": selectors.employer_arrears(user=request.user),
        "alerts": selectors.alert_list(user=request.user)[:100],
        "steps": selectors.liability_steps(user=request.user)[:200],
        "fund_payments": selectors.fund_payments(user=request.user)[:200], "fund": fund,
        "fund_form": (fund_form or FundPaymentForm()) if fund and has_perm(request.user, "wages.settle") else None},
        status=status)


@require_perm("wages.view")
def arrears(request):
    return _arrears_page(request)


@require_perm("wages.settle")
@require_POST
def fund_payment(request):
    form = FundPaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            arrival = selectors.arrival_for_settlement(user=request.user, pk=data["arrival"])
            services.fund_payment_record(acting_user=request.user, arrival=arrival, employer_ref=data["employer_ref"],
                                         amount=data["amount"], paid_on=data["paid_on"], reference=data["reference"])
        except CorridorError as exc:
            form_refusal(form, exc, label=str)
        else:
            messages.success(request, _("The fund's payment is recorded; the arrears are net of it."))
            return redirect("wages:arrears")
    return _arrears_page(request, fund_form=form, status=422)


@require_perm("wages.view_arrears")
def peer_arrears(request):
    return render(request, "wages/peer_arrears.html", {"reports": selectors.peer_arrears_list(user=request.user)[:300]})


@require_perm("wages.view_own")
def my_wages(request):
    months = list(selectors.my_months(user=request.user)[:36])
    for month in months:  # each finding's name in the reader's language, beside the rule it cites
        month.labelled = [{**f, "label": Finding(f["code"]).label if f["code"] in Finding.values else f["code"]}
                          for f in month.findings]
    settlements = list(selectors.my_settlements(user=request.user))
    for settlement in settlements:  # each line explained in the reader's language (the msgids of rules.settlement)
        settlement.explained = [{**ln, "explanation": gettext(ln["explanation_msgid"]) % ln.get("params", {})}
                                for ln in settlement.result.get("lines", [])]
    return render(request, "wages/mine.html", {"months": months, "settlements": settlements})


@require_perm("wages.view_own")
@require_POST
def my_dispute(request, pk):
    month = selectors.my_month_get(user=request.user, pk=pk)
    try:
        services.month_dispute(acting_user=request.user, month=month, note=request.POST.get("note", ""))
    except CorridorError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your dispute is sent: a case is opened with the figures of this month."))
    return redirect("wages:mine")


def _settlements_page(request, form, status=200):
    return render(request, "wages/settlements.html", {
        "settlements": selectors.settlement_list(user=request.user)[:200], "form": form,
        "can_settle": has_perm(request.user, "wages.settle")}, status=status)


@require_perm("wages.view")
def settlements(request):
    return _settlements_page(request, SettlementForm())


@require_perm("wages.settle")
@require_POST
def settlement_compute(request):
    form = SettlementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            arrival = selectors.arrival_for_settlement(user=request.user, pk=data["arrival"])
            settlement = services.settlement_compute(
                acting_user=request.user, arrival=arrival, end_date=data["end_date"], end_reason=data["end_reason"],
                annual_leave_days_taken=data["annual_leave_days_taken"],
                return_ticket_provided=data["return_ticket_provided"], return_ticket_cost=data["return_ticket_cost"])
        except CorridorError as exc:
            form_refusal(form, exc, label=str)
        else:
            return redirect("wages:settlement", pk=settlement.pk)
    return _settlements_page(request, form, status=422)


def _settlement_page(request, settlement, payment_form=None, status=200):
    return render(request, "wages/settlement.html", {
        "s": settlement, "actions": lifecycle.available_actions(SETTLEMENT, settlement, request.user),
        "payment_form": payment_form or PaymentForm(), "events": settlement.events.select_related("actor")}, status=status)


@require_perm("wages.view")
def settlement_detail(request, pk):
    return _settlement_page(request, selectors.settlement_get(user=request.user, pk=pk))


@require_perm("wages.settle")
@require_POST
def settlement_act(request, pk):
    settlement = selectors.settlement_get(user=request.user, pk=pk)
    form = PaymentForm(request.POST) if request.POST.get("action") == "record_payment" else None
    try:
        if request.POST.get("action") == "confirm":
            services.settlement_confirm(acting_user=request.user, settlement=settlement)
        elif form is not None and form.is_valid():
            services.settlement_payment_record(acting_user=request.user, settlement=settlement,
                                               amount=form.cleaned_data["amount"], paid_on=form.cleaned_data["paid_on"])
        else:
            return _settlement_page(request, settlement, payment_form=form, status=422)
    except CorridorError as exc:
        messages.error(request, exc.message)
        return _settlement_page(request, settlement, payment_form=form, status=409)
    return redirect("wages:settlement", pk=pk)


@require_perm("wages.import")
@require_POST
def line_match(request, pk, line_pk):
    file = selectors.file_get(user=request.user, pk=pk)
    line = selectors.file_line_get(user=request.user, file=file, pk=line_pk)
    arrival = selectors.arrival_by_clearance(user=request.user, reference=request.POST.get("clearance", ""))
    if arrival is None:
        messages.error(request, _("No arrival recorded here for that clearance reference."))
        return redirect("wages:file", pk=pk)
    try:
        services.line_match(acting_user=request.user, line=line, arrival=arrival)
    except CorridorError as exc:
        messages.error(request, "; ".join([str(exc.message), *(str(p) for ps in exc.fields.values() for p in ps)]))
    else:
        messages.success(request, _("The line is matched to the arrival and reconciled against its contract."))
    return redirect("wages:file", pk=pk)
