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
from corridor.clearance.choices import CheckCode, ClearanceStatus, PresentedSource
from corridor.clearance.forms import (
    ApplyForm,
    ArrivalForm,
    DecideForm,
    FactForm,
    MatterForm,
    PaperForm,
    UploadForm,
    VerifyForm,
)
from corridor.clearance.lifecycles import CLEARANCE, SUBSTITUTION_MATTER
from corridor.contracts import interchange
from corridor.contracts.plain import term_title
from corridor.contracts.selectors import contract_list
from corridor.core import lifecycle
from corridor.core.errors import CorridorError
from corridor.core.views import notification_page, require_perm


def _title(name: str) -> str:
    """A refusal's field for people: a check by its label, a contract term by its title, never the internal key."""
    if name in CheckCode.values:
        return str(CheckCode(name).label)
    return term_title(name)


def _fail(form, exc: CorridorError) -> None:
    form.add_error(None, exc.message)
    for name, problems in exc.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None,
                           problem if name in form.fields else f"{_title(name)}: {problem}")


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
    return {"r": record, "registered": services.registered_for(record),
            # a clearance the origin halted is not one to arrive on: the page does not offer it (the service refuses)
            "can_record": has_perm(request.user, "arrival.record") and not record.is_halted,
            "can_check": has_perm(request.user, "arrival.record"),
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


