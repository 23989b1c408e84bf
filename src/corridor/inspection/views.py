"""Pages of the inspection app: risk scores and weights, worksites, plans, visits with the phone checklist,
findings, interviews, orders and sanctions; the employer's view; the origin's sanction notices. Thin: parse, call
one service or selector, render."""

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from corridor.accounts.permissions import has_perm
from corridor.core import lifecycle
from corridor.core.errors import CorridorError, NotFound
from corridor.core.views import form_submit, require_perm
from corridor.inspection import forms, selectors, services
from corridor.inspection.choices import OrderStatus, VisitStatus
from corridor.inspection.lifecycles import ORDER, VISIT
from corridor.registry import selectors as registry_selectors


def _apply_errors(form, exc: CorridorError) -> None:
    for field, messages in exc.fields.items():
        for message in messages if isinstance(messages, list) else [messages]:
            form.add_error(field if field in form.fields else None, str(message))
    if not exc.fields:
        form.add_error(None, str(exc.message))


def _listed_with_form(request, form, write, *, to, page):
    """A list page with the form that adds to it: only a planner may post; a refusal is shown on the form (422)."""
    if request.method == "POST" and not has_perm(request.user, "inspection.plan"):
        raise Http404()
    return form_submit(request, form, write, done=None, to=to, page=page, refuse=_apply_errors,
                       status=lambda form: 422 if request.method == "POST" else 200)


def _error_page(request, exc: CorridorError):
    if isinstance(exc, NotFound):
        raise Http404() from exc
    return render(request, "inspection/error.html", {"error": exc}, status=exc.status)


# --- risk ---------------------------------------------------------------------------------------------------------


@require_perm("inspection.view")
def scores(request):
    if request.method == "POST":
        if not has_perm(request.user, "inspection.plan"):
            raise Http404()
        services.risk_scores_compute()
        return redirect("inspection:scores")
    sector, region = request.GET.get("sector", ""), request.GET.get("region", "")[:100]
    return render(request, "inspection/scores.html", {
        "ranking": selectors.score_ranking(user=request.user, sector=sector, region=region),
        "can_compute": has_perm(request.user, "inspection.plan"), "sector": sector, "region": region})


@require_perm("inspection.view")
def employer_score(request, employer_id: int):
    return render(request, "inspection/employer_score.html",
                  selectors.employer_score(user=request.user, employer_id=employer_id))


@require_perm("inspection.view")
def weights(request):
    return _listed_with_form(
        request, forms.WeightForm(request.POST or None),
        lambda data: services.risk_weight_set(acting_user=request.user, **data), to=("inspection:weights",),
        page=lambda form: ("inspection/weights.html", {"weights": selectors.weight_rows(user=request.user), "form": form,
                                                       "can_change": has_perm(request.user, "inspection.plan")}))


# --- worksites and plans ------------------------------------------------------------------------------------------


@require_perm("inspection.view")
def worksites(request):
    form = forms.WorksiteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not has_perm(request.user, "inspection.plan"):
            raise Http404()
        if form.is_valid():
            data = dict(form.cleaned_data)
            employer = registry_selectors.employer_by_id(data.pop("employer"))
            if employer is None:
                form.add_error("employer", NotFound.default_message)
            else:
                try:
                    services.worksite_register(acting_user=request.user, employer=employer, **data)
                except CorridorError as exc:
                    _apply_errors(form, exc)
                else:
                    return redirect("inspection:worksites")
        status = 422
    return render(request, "inspection/worksites.html", {
        "sites": selectors.worksite_list(user=request.user, query=request.GET.get("q", "")[:100])[:200], "form": form,
        "can_register": has_perm(request.user, "inspection.plan")}, status=status)


def _quotas(text: str) -> list[tuple]:
    users = get_user_model().objects
    quotas = []
    for line in (text or "").splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit():
            raise CorridorError(fields={"quotas": [line]}, status=422)
        user = users.filter(username=parts[0], is_active=True).select_related("organisation").first()
        if user is None:
            raise CorridorError(fields={"quotas": [line]}, status=422)
        quotas.append((user, int(parts[1])))
    return quotas


@require_perm("inspection.view")
def plans(request):
    def write(data):
        data = dict(data)
        return services.plan_create(acting_user=request.user, quotas=_quotas(data.pop("quotas")), **data)

    return _listed_with_form(
        request, forms.PlanForm(request.POST or None), write, to=lambda plan: ("inspection:plan", plan.pk),
        page=lambda form: ("inspection/plans.html", {"plans": selectors.plan_list(user=request.user)[:100], "form": form,
                                                     "can_plan": has_perm(request.user, "inspection.plan")}))


@require_perm("inspection.view")
def plan(request, pk: int):
    found = selectors.plan_get(user=request.user, pk=pk)
    return render(request, "inspection/plan.html", {"plan": found, "visits": found.visits.select_related(
        "worksite", "employer", "inspector").order_by("-priority", "id")})


# --- visits -------------------------------------------------------------------------------------------------------


@require_perm("inspection.view")
def visits(request):
    def write(data):
        data = dict(data)
        site = selectors.worksite_get(user=request.user, pk=data.pop("worksite"))
        return services.visit_schedule(acting_user=request.user, worksite=site, **data)

    mine = request.GET.get("mine") == "1"
    return _listed_with_form(
        request, forms.ScheduleForm(request.POST or None), write, to=lambda made: ("inspection:visit", made.reference),
        page=lambda form: ("inspection/visits.html", {
            "visits": selectors.visit_list(user=request.user, mine=mine, status=request.GET.get("status", "")[:20])[:200],
            "form": form, "mine": mine, "can_plan": has_perm(request.user, "inspection.plan")}))


@require_perm("inspection.view")
def visit(request, reference: str):
    found = selectors.visit_get(user=request.user, reference=reference)
    context = selectors.visit_detail(user=request.user, visit=found)
    context.update({
        "actions": lifecycle.available_actions(VISIT, found, request.user),
        "finding_form": forms.FindingForm(), "order_form": forms.OrderForm(), "sanction_form": forms.SanctionForm(),
        "contracts": selectors.presented_contracts(user=request.user, visit=found),
        "scale": services.scale_for(found.employer.country_id),
    })
    return render(request, "inspection/visit.html", context)


@require_POST
@require_perm("inspection.view")
def visit_act(request, reference: str, action: str):
    found = selectors.visit_get(user=request.user, reference=reference)
    reason = request.POST.get("reason", "")[:2000]
    steps = {
        "start": lambda: services.visit_start(acting_user=request.user, visit=found),
        "complete": lambda: services.visit_complete(acting_user=request.user, visit=found, summary=reason),
        "close": lambda: services.visit_close(acting_user=request.user, visit=found, reason=reason),
        "cancel": lambda: services.visit_cancel(acting_user=request.user, visit=found, reason=reason),
    }
    if action not in steps:
        raise Http404()
    try:
        steps[action]()
    except CorridorError as exc:
        return _error_page(request, exc)
    return redirect("inspection:checklist" if action == "start" else "inspection:visit", reference=found.reference)


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@require_perm("inspection.view")
def checklist(request, reference: str):
    """The phone checklist: each answer is its own form (saved on its own, also by the offline script)."""
    found = selectors.visit_get(user=request.user, reference=reference)
    if request.method == "POST":
        form = forms.AnswerForm(request.POST)
        try:
            if not form.is_valid():
                raise CorridorError(fields=form.errors.get_json_data(), status=422)
            services.checklist_answer(acting_user=request.user, visit=found, **form.cleaned_data)
        except CorridorError as exc:
            if isinstance(exc, NotFound):
                raise Http404() from exc
            if _wants_json(request):
                return JsonResponse({"error": {"code": exc.code, "message": str(exc.message)}}, status=exc.status)
            return _error_page(request, exc)
        if _wants_json(request):
            return JsonResponse({"saved": True, "item": form.cleaned_data["item"]})
        return redirect(f"{request.path}#item-{form.cleaned_data['item']}")
    return render(request, "inspection/checklist.html", {
        "visit": found, "topics": selectors.checklist(found),
        "editable": found.status == VisitStatus.IN_PROGRESS and has_perm(request.user, "inspection.inspect"),
        "can_complete": "complete" in lifecycle.available_actions(VISIT, found, request.user)})


def _added_to_visit(permission: str, form_class, service):
    """The view of a form posted from the visit page that adds to the visit (a finding, a sanction):
    `service(acting_user=, visit=, **cleaned_data)`, then back to the visit."""

    @require_POST
    @require_perm(permission)
    def add(request, reference: str):
        found = selectors.visit_get(user=request.user, reference=reference)
        form = form_class(request.POST)
        if not form.is_valid():
            return _error_page(request, CorridorError(fields=form.errors.get_json_data(), status=422))
        try:
            service(acting_user=request.user, visit=found, **form.cleaned_data)
        except CorridorError as exc:
            return _error_page(request, exc)
        return redirect("inspection:visit", reference=found.reference)

    return add


finding_add = _added_to_visit("inspection.inspect", forms.FindingForm, services.finding_add)


@require_POST
@require_perm("inspection.inspect")
def evidence_upload(request, reference: str, finding_id: int):
    found = selectors.visit_get(user=request.user, reference=reference)
    finding = selectors.finding_get(user=request.user, visit=found, finding_id=finding_id)
    upload = request.FILES.get("file")
    if upload is None:
        return _error_page(request, CorridorError(fields={"file": ["missing"]}, status=422))
    try:
        services.evidence_add(acting_user=request.user, finding=finding, name=upload.name, data=upload.read())
    except CorridorError as exc:
        return _error_page(request, exc)
    return redirect("inspection:visit", reference=found.reference)


@require_perm("inspection.view")
def evidence_download(request, reference: str, evidence_id: int):
    found = selectors.visit_get(user=request.user, reference=reference)
    evidence = selectors.evidence_get(user=request.user, visit=found, evidence_id=evidence_id)
    response = HttpResponse(services.EVIDENCE.load(evidence.storage_name), content_type=evidence.content_type)
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "no-store"
    return response


@require_perm("inspection.interview")
def interviews(request, reference: str):
    found = selectors.visit_get(user=request.user, reference=reference)
    listed = selectors.interview_list(user=request.user, visit=found)
    form = forms.InterviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.interview_record(acting_user=request.user, visit=found, **form.cleaned_data)
            except CorridorError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("inspection:interviews", reference=found.reference)
        status = 422
    response = render(request, "inspection/interviews.html", {"visit": found, "interviews": listed, "form": form},
                      status=status)
    response["Cache-Control"] = "no-store"
    return response


# --- orders and sanctions -----------------------------------------------------------------------------------------


@require_POST
@require_perm("inspection.decide")
def order_new(request, reference: str):
    found = selectors.visit_get(user=request.user, reference=reference)
    form = forms.OrderForm(request.POST)
    if not form.is_valid():
        return _error_page(request, CorridorError(fields=form.errors.get_json_data(), status=422))
    data = dict(form.cleaned_data)
    finding = selectors.finding_get(user=request.user, visit=found, finding_id=data.pop("finding")) \
        if data.get("finding") else None
    data.pop("finding", None)
    try:
        order = services.order_issue(acting_user=request.user, visit=found, finding=finding, **data)
    except CorridorError as exc:
        return _error_page(request, exc)
    return redirect("inspection:order", reference=order.reference)


@require_perm("inspection.view")
def order(request, reference: str):
    found = selectors.order_get(user=request.user, reference=reference)
    if request.method == "POST":
        action = request.POST.get("action", "")
        reason = request.POST.get("reason", "")[:2000]
        steps = {
            "verify": lambda: services.order_verify(acting_user=request.user, order=found, reason=reason),
            "withdraw": lambda: services.order_withdraw(acting_user=request.user, order=found, reason=reason),
            "escalate": lambda: lifecycle.transition(ORDER, found, "escalate", acting_user=request.user, reason=reason),
            "follow_up": lambda: services.order_follow_up(acting_user=request.user, order=found),
        }
        if action not in steps:
            return _error_page(request, CorridorError(fields={"action": ["unknown"]}, status=422))
        try:
            steps[action]()
        except CorridorError as exc:
            return _error_page(request, exc)
        return redirect("inspection:order", reference=found.reference)
    actions = lifecycle.available_actions(ORDER, found, request.user)
    if found.status in {OrderStatus.OPEN, OrderStatus.ESCALATED} and has_perm(request.user, "inspection.plan"):
        actions = [*actions, "follow_up"]
    return render(request, "inspection/order.html", {"order": found, "actions": actions,
                                                     "events": list(found.events.select_related("actor")),
                                                     "follow_ups": list(found.follow_ups.all())})


sanction_new = _added_to_visit("inspection.decide", forms.SanctionForm, services.sanction_issue)


# --- the employer's view, the origin's notices ----------------------------------------------------------------------


@require_perm("inspection.respond")
def respond(request):
    return render(request, "inspection/respond.html", {
        "visits": selectors.visit_list(user=request.user)[:100], "orders": selectors.order_list(user=request.user)[:200],
        "sanctions": selectors.sanction_list(user=request.user)[:100]})


@require_perm("inspection.respond")
def respond_order(request, reference: str):
    found = selectors.order_get(user=request.user, reference=reference)
    finding = found.finding if found.finding_id and not found.finding.confidential else None
    return render(request, "inspection/respond_order.html", {"order": found, "finding": finding})


@require_perm("inspection.notice_view")
def notices(request):
    return render(request, "inspection/notices.html", {"notices": selectors.notice_list(user=request.user)[:200]})
