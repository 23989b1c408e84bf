"""Pages: clearances and their checks (origin), the worker's certificate, verification (public), arrivals (destination)."""


from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.permissions import has_perm
from corridor.clearance import certificate, checks, pdf, selectors, services, verifier
from corridor.clearance.choices import CheckCode, ClearanceStatus, PresentedSource, TransferStatus
from corridor.clearance.errors import TransferInvalid
from corridor.clearance.forms import (
    ApplyForm,
    ArrivalForm,
    ArrivalWorkerForm,
    DecideForm,
    FactForm,
    MatterForm,
    PaperForm,
    StayRightForm,
    TransferActionForm,
    TransferRequestForm,
    UploadForm,
    VerifyForm,
)
from corridor.clearance.lifecycles import CLEARANCE, SUBSTITUTION_MATTER, TRANSFER
from corridor.clearance.transfer_explain import explain
from corridor.contracts import interchange
from corridor.contracts.plain import term_title
from corridor.contracts.selectors import contract_list
from corridor.core import lifecycle, node
from corridor.core.errors import CorridorError
from corridor.core.views import form_refusal, notification_page, require_perm


def _title(name: str) -> str:
    """A refusal's field for people: a check by its label, a contract term by its title, never the internal key."""
    if name in CheckCode.values:
        return str(CheckCode(name).label)
    return term_title(name)


def _fail(form, exc: CorridorError) -> None:
    form_refusal(form, exc, label=_title)


def _submit(request, form, write, *, done: str, to, page):
    """The shape every small write form shares: valid → the service → a message and a redirect; else the page, 422."""
    if form.is_valid():
        try:
            write(acting_user=request.user, **form.cleaned_data)
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, done)
            return redirect(*to)
    return render(request, *page(form), status=422)


@require_perm("clearance.view")
def clearance_list(request):
    status = request.GET.get("status", "")
    if status not in ClearanceStatus.values:
        status = ""
    clearances = selectors.clearance_list(user=request.user, status=status)[:200]
    return render(request, "clearance/list.html", {"clearances": clearances, "status": status, "statuses": ClearanceStatus.choices,
                                                   "can_apply": has_perm(request.user, "clearance.apply")})


@require_perm("clearance.apply")
@require_http_methods(["GET", "POST"])
def clearance_apply(request):
    contracts = contract_list(user=request.user, status="registered").filter(clearances__isnull=True) | \
        contract_list(user=request.user, status="registered").exclude(clearances__status__in=["applied", "granted", "departed"])
    form = ApplyForm(request.POST or None, contracts=contracts.distinct())
    if request.method == "POST" and form.is_valid():
        try:
            clearance = services.clearance_apply(acting_user=request.user, contract=form.cleaned_data["contract"],
                                                 departure_date=form.cleaned_data["departure_date"])
        except CorridorError as exc:
            _fail(form, exc)
        else:
            return redirect("clearance:detail", reference=clearance.reference)
    return render(request, "clearance/apply.html", {"form": form}, status=422 if form.errors else 200)


def _detail_context(request, clearance, **forms):
    live = clearance.status == ClearanceStatus.APPLIED
    available = lifecycle.available_actions(CLEARANCE, clearance, request.user)
    decisions = [a for a, _label in DecideForm.ACTIONS if a in available]
    decide_form = forms.get("decide_form") or DecideForm(actions=decisions)
    if decide_form.is_bound:
        decide_form.fields["action"].choices = [c for c in DecideForm.ACTIONS if c[0] in decisions]
    return {
        "c": clearance, "checks": checks.evaluate(clearance, lang=request.LANGUAGE_CODE) if live else clearance.checks,
        "live": live, "can_decide": bool(decisions),
        "can_record": "record_fact" in available,
        "fact_form": forms.get("fact_form") or FactForm(), "decide_form": decide_form,
        "facts": clearance.facts.all(), "events": clearance.events.all(), "reports": clearance.destination_reports.all(),
    }


@require_perm("clearance.view")
def clearance_detail(request, reference):
    clearance = selectors.clearance_get(user=request.user, reference=reference)
    return render(request, "clearance/detail.html", _detail_context(request, clearance))


@require_perm("clearance.record_fact")
@require_POST
def clearance_fact(request, reference):
    clearance = selectors.clearance_get(user=request.user, reference=reference)
    return _submit(request, FactForm(request.POST),
                   lambda **data: services.clearance_fact_record(clearance=clearance, **data),
                   done=_("Recorded."), to=("clearance:detail", reference),
                   page=lambda form: ("clearance/detail.html", _detail_context(request, clearance, fact_form=form)))


@require_perm("clearance.decide")
@require_POST
def clearance_decide(request, reference):
    clearance = selectors.clearance_get(user=request.user, reference=reference)
    form = DecideForm(request.POST)
    if form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "grant":
                services.clearance_grant(acting_user=request.user, clearance=clearance, reason=reason)
            elif action == "refuse":
                services.clearance_refuse(acting_user=request.user, clearance=clearance, reason=reason)
            elif action == "halt":
                services.clearance_halt(acting_user=request.user, clearance=clearance, reason=reason)
            else:
                services.clearance_depart(acting_user=request.user, clearance=clearance)
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("clearance:detail", reference=reference)
    clearance.refresh_from_db()
    return render(request, "clearance/detail.html", _detail_context(request, clearance, decide_form=form),
                  status=409 if form.is_bound and not form.errors.get("action") else 422)


@require_perm("clearance.view")
def clearance_pdf(request, reference):
    clearance = selectors.clearance_get(user=request.user, reference=reference)
    if not clearance.token:
        raise Http404()
    response = HttpResponse(pdf.render(clearance), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{clearance.reference}.pdf"'
    return response


@require_perm("clearance.view")
def my_clearance(request):
    clearance = selectors.my_certificate(user=request.user)
    context = {"c": clearance, "rendered_at": timezone.now().replace(microsecond=0)}
    if clearance is not None:
        context["qr"] = certificate.qr_svg(clearance.token, scale=6)
        context["form"] = certificate.token_form(clearance.token)
        context["keys_url"] = node.identity().url.rstrip("/") + "/.well-known/corridor-node.json"
    response = render(request, "clearance/mine.html", context)
    # Kept by the phone's browser so that the page opens again without a connection.
    response["Cache-Control"] = "private, max-age=604800"
    return response


@require_http_methods(["GET"])
def offline_worker(request):
    """Public: the service worker that keeps the worker's certificate page, the check page, the node's keys and the
    last revocation list for use without a connection (served from the site's root so that its scope covers both)."""
    urls = {"mine": reverse("clearance:mine"), "verify": reverse("clearance:verify"),
            "keys": reverse("well-known-node"), "revocations": "/api/v1/clearances/revocations",
            "css": static("corridor/site.css"), "clearance_css": static("clearance/clearance.css"),
            "script": static("clearance/offline.js"), "manifest": static("clearance/manifest.webmanifest")}
    response = render(request, "clearance/offline-sw.js", urls, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_perm("clearance.view")
@require_http_methods(["GET", "POST"])
def notices(request):
    """The notifications page, showing those about clearances."""
    return notification_page(request, kind_prefix="clearance.", title=_("Clearance notices"))


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """Public: paste the code or upload a photo of the QR; the answer says valid, halted, expired or invalid."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "GET" and request.GET.get("token"):
        result = verifier.verify_here(request.GET["token"])
    elif request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("token") or ""
        image = form.cleaned_data.get("image")
        if not token.strip() and image is not None:
            token = verifier.decode_qr(image.read()) or ""
            if not token:
                form.add_error("image", _("No QR code could be read in this photo."))
        if token:
            result = verifier.verify_here(token)
    elif request.method == "POST":
        status = 422
    return render(request, "clearance/verify.html", {"form": form, "result": result}, status=status)


# --- destination ------------------------------------------------------------------------------


@require_perm("arrival.view")
def arrivals(request):
    country = request.GET.get("country", "")[:2]
    records = selectors.arriving_list(user=request.user, country=country)[:300]
    return render(request, "clearance/arrivals.html", {"records": records, "country": country})


def _arrival_context(request, record, **forms):
    arrival = getattr(record, "arrival", None)
    return {"r": record, "registered": services.registered_for(record),
            # a clearance the origin halted is not one to arrive on: the page does not offer it (the service refuses)
            "can_record": has_perm(request.user, "arrival.record") and not record.is_halted,
            "can_check": has_perm(request.user, "arrival.record"),
            "can_stay": has_perm(request.user, "stay.record"),
            "can_request": has_perm(request.user, "transfer.request"),
            "stay_form": forms.get("stay_form") or StayRightForm(),
            "worker_form": forms.get("worker_form") or ArrivalWorkerForm(),
            "employment": services.current_employment(arrival) if arrival else None,
            "stays": arrival.stay_rights.all() if arrival else [],
            "transfers": arrival.transfers.all() if arrival else [],
            "employments": arrival.employments.all() if arrival else [],
            "arrival_form": forms.get("arrival_form") or ArrivalForm(initial={"arrived_on": timezone.localdate()}),
            "upload_form": forms.get("upload_form") or UploadForm(), "paper_form": forms.get("paper_form") or PaperForm()}


@require_perm("arrival.view")
def arrival_detail(request, pk):
    record = selectors.peer_clearance_get(user=request.user, pk=pk)
    return render(request, "clearance/arrival.html", _arrival_context(request, record))


@require_perm("arrival.record")
@require_POST
def arrival_record(request, pk):
    record = selectors.peer_clearance_get(user=request.user, pk=pk)
    return _submit(request, ArrivalForm(request.POST),
                   lambda **data: services.arrival_record(clearance=record, **data),
                   done=_("Arrival recorded; the origin is told."), to=("clearance:arrival", pk),
                   page=lambda form: ("clearance/arrival.html", _arrival_context(request, record, arrival_form=form)))


@require_perm("arrival.record")
@require_POST
def arrival_check(request, pk):
    record = selectors.peer_clearance_get(user=request.user, pk=pk)
    registered = services.registered_for(record)
    if request.POST.get("source") == PresentedSource.PAPER:
        form, key = PaperForm(request.POST), "paper_form"
    else:
        form, key = UploadForm(request.POST, request.FILES), "upload_form"
    if form.is_valid() and registered is not None:
        try:
            if key == "paper_form":
                document = services.presented_from_paper(registered.as_document(), form.terms())
                source = PresentedSource.PAPER
            else:
                try:
                    document = interchange.parse(form.cleaned_data["document"].read())
                except interchange.InterchangeError as exc:
                    raise CorridorError(exc.message, code="clearance.presented_invalid", status=422) from exc
                source = PresentedSource.UPLOAD
            check = services.presented_check(acting_user=request.user, clearance=record, document=document, source=source)
        except CorridorError as exc:
            _fail(form, exc)
        else:
            if check.substituted:
                messages.warning(request, _("Substitution: a matter is opened and the origin is told."))
                return redirect("clearance:matter", pk=check.matter.pk)
            messages.success(request, _("The presented contract is not less favourable than the registered one."))
            return redirect("clearance:arrival", pk=pk)
    elif registered is None:
        form.add_error(None, _("The origin has not sent the registered contract yet."))
    return render(request, "clearance/arrival.html", _arrival_context(request, record, **{key: form}), status=422)


@require_perm("arrival.view")
def matters(request):
    return render(request, "clearance/matters.html", {"matters": selectors.matter_list(user=request.user)[:300]})


@require_perm("arrival.view")
@require_http_methods(["GET", "POST"])
def matter_detail(request, pk):
    matter = selectors.matter_get(user=request.user, pk=pk)
    form = MatterForm(request.POST or None)
    if request.method == "POST":
        if not has_perm(request.user, "arrival.record"):
            raise Http404()
        if form.is_valid():
            step = services.matter_review if form.cleaned_data["action"] == "review" else services.matter_close
            try:
                step(acting_user=request.user, matter=matter, reason=form.cleaned_data["reason"])
            except CorridorError as exc:
                _fail(form, exc)
            else:
                return redirect("clearance:matter", pk=pk)
    available = lifecycle.available_actions(SUBSTITUTION_MATTER, matter, request.user)
    if form.is_bound:
        form.fields["action"].choices = [c for c in MatterForm.ACTIONS if c[0] in available]
    else:
        form = MatterForm(actions=available)
    return render(request, "clearance/matter.html", {"m": matter, "form": form, "can_act": bool(available),
                                                     "changes": matter.check_record.changes},
                  status=422 if form.errors else 200)




# --- a way out: transfer requests --------------------------------------------------------------------------------


def _transfer_context(request, transfer, form=None):
    available = lifecycle.available_actions(TRANSFER, transfer, request.user)
    offered = []
    for name in available:
        if name == "reconsider":
            offered += ["reconsider_accept", "reconsider_refuse"]
        elif name == "ask_consent" and not services.consent_needed(transfer):
            continue  # the employer is never asked when the law does not need its consent
        elif name == "appeal" and (transfer.appeal_by is None or timezone.localdate() > transfer.appeal_by):
            continue
        elif name != "escalate":
            offered.append(name)
    if form is None:
        form = TransferActionForm(actions=offered)
    return {"t": transfer, "law": explain(transfer.decision), "form": form, "can_act": bool(offered),
            "stays": transfer.arrival.stay_rights.filter(ended_at__isnull=True),
            "employments": transfer.arrival.employments.all()}


@require_perm("transfer.view")
def transfers(request):
    status = request.GET.get("status", "")[:20]
    records = selectors.transfer_list(user=request.user, status=status)[:300]
    return render(request, "clearance/transfers.html", {"records": records, "status": status,
                                                        "statuses": TransferStatus.choices,
                                                        "can_request": has_perm(request.user, "transfer.request")})


@require_perm("transfer.request")
@require_http_methods(["GET", "POST"])
def transfer_new(request):
    """A caseworker, attaché or officer asks for a worker, named by the certificate (the worker uses /my/transfer/)."""
    if request.user.role == "worker":
        return redirect("clearance:my-transfer")
    form = TransferRequestForm(request.POST or None, initial={"clearance_reference": request.GET.get("clearance", "")[:40]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            arrival = services.arrival_for_request(acting_user=request.user, clearance_reference=data["clearance_reference"],
                                                   passport_tail=data["passport_tail"])
            transfer = services.transfer_request(acting_user=request.user, arrival=arrival, ground=data["ground"],
                                                 sector=data["sector"], case_reference=data["case_reference"],
                                                 statement=data["statement"])
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The request is recorded and the law applied."))
            return redirect("clearance:transfer", reference=transfer.reference)
    return render(request, "clearance/transfer_new.html", {"form": form}, status=422 if form.errors else 200)


@require_perm("transfer.view")
def transfer_detail(request, reference):
    transfer = selectors.transfer_get(user=request.user, reference=reference)
    return render(request, "clearance/transfer.html", _transfer_context(request, transfer))


def _transfer_act(request, transfer, data, document):
    """One action of the form, through its service (which checks the permission, the scope and the table)."""
    action, user, reason = data["action"], request.user, data.get("reason") or ""
    job_order = data.get("job_order_reference") or ""
    if action == "ask_consent":
        return services.transfer_ask_consent(acting_user=user, transfer=transfer)
    if action == "answer_consent":
        if data.get("consents") not in ("yes", "no"):
            raise TransferInvalid(fields={"consents": [_("Answer yes or no.")]})
        return services.transfer_consent_answer(acting_user=user, transfer=transfer, consents=data["consents"] == "yes",
                                                reason=reason)
    if action == "accept":
        return services.transfer_accept(acting_user=user, transfer=transfer, reason=reason, job_order_reference=job_order)
    if action == "refuse":
        return services.transfer_refuse(acting_user=user, transfer=transfer, reason=reason)
    if action == "appeal":
        return services.transfer_appeal(acting_user=user, transfer=transfer, reason=reason)
    if action in ("reconsider_accept", "reconsider_refuse"):
        return services.transfer_reconsider(acting_user=user, transfer=transfer, accept=action == "reconsider_accept",
                                            reason=reason, job_order_reference=job_order)
    if action == "complete":
        return services.transfer_complete(acting_user=user, transfer=transfer, job_order_reference=job_order,
                                          document=document, peer_contract_reference=data.get("peer_contract_reference", ""),
                                          starts_on=data.get("starts_on"))
    return services.transfer_withdraw(acting_user=user, transfer=transfer, reason=reason)


@require_perm("transfer.view")
@require_POST
def transfer_act(request, reference):
    transfer = selectors.transfer_get(user=request.user, reference=reference)
    form = TransferActionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = None
            if form.cleaned_data.get("document"):
                try:
                    document = interchange.parse(form.cleaned_data["document"].read())
                except interchange.InterchangeError as exc:
                    raise CorridorError(exc.message, code="clearance.new_employment_invalid", status=422) from exc
            _transfer_act(request, transfer, form.cleaned_data, document)
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect("clearance:transfer", reference=reference)
    transfer.refresh_from_db()
    return render(request, "clearance/transfer.html", _transfer_context(request, transfer, form), status=422)


@require_perm("transfer.request")
@require_http_methods(["GET", "POST"])
def my_transfer(request):
    """The worker's own page: where they work, their rights to stay, their requests with the law explained, and a new one."""
    arrivals = list(selectors.my_arrivals(user=request.user))
    arrival = arrivals[0] if arrivals else None
    form = TransferRequestForm(request.POST or None, for_worker=True)
    if request.method == "POST" and arrival is not None and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_request(acting_user=request.user, arrival=arrival, ground=data["ground"],
                                                 case_reference=data["case_reference"], statement=data["statement"])
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Your request is recorded."))
            return redirect("clearance:transfer", reference=transfer.reference)
    requests = list(selectors.transfer_list(user=request.user))
    return render(request, "clearance/my_transfer.html", {
        "arrival": arrival, "form": form, "requests": [(t, explain(t.decision)) for t in requests],
        "stays": selectors.stay_rights_open(arrival=arrival) if arrival else [],
        "employment": services.current_employment(arrival) if arrival else None,
    }, status=422 if form.errors else 200)


@require_perm("stay.record")
@require_POST
def arrival_stay(request, pk):
    record = selectors.peer_clearance_get(user=request.user, pk=pk)
    arrival = getattr(record, "arrival", None)
    if arrival is None:
        raise Http404()
    form = StayRightForm(request.POST)
    if form.is_valid():
        try:
            services.stay_right_record(acting_user=request.user, arrival=arrival, **form.cleaned_data)
        except CorridorError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The right to stay is recorded."))
            return redirect("clearance:arrival", pk=pk)
    return render(request, "clearance/arrival.html", _arrival_context(request, record, stay_form=form), status=422)


@require_perm("arrival.record")
@require_POST
def arrival_worker(request, pk):
    record = selectors.peer_clearance_get(user=request.user, pk=pk)
    arrival = getattr(record, "arrival", None)
    if arrival is None:
        raise Http404()
    form = ArrivalWorkerForm(request.POST)
    if form.is_valid():
        try:
            services.arrival_worker_link(acting_user=request.user, arrival=arrival, worker_id=form.cleaned_data["worker_id"])
        except CorridorError as exc:
            _fail(form, exc)
        else:
            return redirect("clearance:arrival", pk=pk)
    return render(request, "clearance/arrival.html", _arrival_context(request, record, worker_form=form), status=422)
