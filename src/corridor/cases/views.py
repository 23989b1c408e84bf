"""Pages: filing (public, anonymous or signed in), following by receipt code, the officer's queue and case,
and the other party's view. Thin: parse, call one service or selector, render.

The anonymous path reads nothing about the requester and writes no session: the follow-up pass travels
in the page's own forms.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.cases import forms, receipts, referral, selectors, services, storage, triage
from corridor.cases.choices import CaseStatus, Indicator, ReferralDirection, ReferralStatus
from corridor.cases.models import CaseTask, Claim, DutyShift, Respondent
from corridor.cases.referral import REFERABLE, peer_country_for
from corridor.cases.scope import can_decide
from corridor.core import hotlines
from corridor.core.errors import CorridorError, NotFound
from corridor.core.views import form_refusal, notification_page, require_perm


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


# --- filing ----------------------------------------------------------------------------------------------


COMPLAINT_PREFILL = ("employer_name", "agency_name", "sub_agent_name", "country_where")


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    """Public: anyone files, signed in or not. Staff file on a worker's behalf from the staff page."""
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.role != Role.WORKER:
        return redirect("cases:staff-new")
    # A link may prefill the parties and the country (voice: a review that may describe a crime); never the narrative.
    prefill = {k: request.GET[k][:200] for k in COMPLAINT_PREFILL if k in request.GET} if request.method == "GET" else None
    form = forms.ComplaintForm(request.POST or None, request.FILES or None, initial=prefill)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                filed = services.complaint_file(acting_user=user, language=_language(), **form.service_kwargs())
            except CorridorError as exc:
                form_refusal(form, exc)
            else:
                return _no_store(render(request, "cases/complaint_filed.html", {
                    "case": filed.case, "code": filed.receipt_code, "urgent": filed.urgent, "hotlines": filed.hotlines,
                }))
        status = 422
    return render(request, "cases/complaint_form.html", {"form": form, "anonymous": user is None,
                                                          "questions": _question_fields(form)}, status=status)


def _question_fields(form):
    return [form[f"q_{q.key}"] for q in triage.QUESTIONS]


@require_perm("case.file")
def staff_new(request):
    form = forms.StaffComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                filed = services.complaint_file(acting_user=request.user, language=_language(),
                                                complainant=form.complainant(), **form.service_kwargs())
            except CorridorError as exc:
                form_refusal(form, exc)
            else:
                return redirect("cases:detail", reference=filed.case.reference)
        status = 422
    return render(request, "cases/complaint_form.html", {"form": form, "staff": True,
                                                          "questions": _question_fields(form)}, status=status)


# --- following a case by receipt code --------------------------------------------------------------------


def _follow_page(request, case, *, status=200, message_form=None, evidence_form=None, answers_form=None, saved=""):
    data = selectors.follow_up_view(case)
    answers_form = answers_form or forms.AnswersForm(initial={f"q_{k}": v for k, v in data["answers"].items()})
    context = {
        **data, "token": receipts.follow_up_token(case), "saved": saved,
        "message_form": message_form or forms.FollowMessageForm(), "evidence_form": evidence_form or forms.FollowEvidenceForm(),
        "answers_form": answers_form, "questions": [answers_form[f"q_{q.key}"] for q in triage.QUESTIONS],
        "hotlines": hotlines.for_country(case.country_where_id) if case.is_urgent else [],
    }
    return _no_store(render(request, "cases/follow_case.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    form = forms.ReceiptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = receipts.verify(form.cleaned_data["code"], request=request)
            except CorridorError as exc:
                form.add_error("code", exc.message)
                status = exc.status
            else:
                return _follow_page(request, case)
        else:
            status = 422
    return _no_store(render(request, "cases/follow_form.html", {"form": form}, status=status))


def _token_case(request):
    try:
        return receipts.case_from_token(request.POST.get("token", ""))
    except CorridorError:
        return None


@never_cache
@require_POST
def follow_act(request, what: str):
    case = _token_case(request)
    if case is None:
        return _no_store(render(request, "cases/follow_form.html", {"form": forms.ReceiptForm(), "expired": True},
                                status=403))

    def add_evidence(form):
        upload = form.cleaned_data["evidence"]
        services.evidence_add(case=case, name=upload.name, data=upload.read(), by_complainant=True)

    def set_answers(form):
        services.answers_set(acting_user=None, case=case, answers=form.answers())
        case.refresh_from_db()

    forms_and_acts = {
        "message": (lambda: forms.FollowMessageForm(request.POST),
                    lambda form: services.complainant_message(case=case, body=form.cleaned_data["body"])),
        "evidence": (lambda: forms.FollowEvidenceForm(request.POST, request.FILES), add_evidence),
        "answers": (lambda: forms.AnswersForm(request.POST), set_answers),
    }
    if what not in forms_and_acts:
        raise Http404()
    make_form, act = forms_and_acts[what]
    form = make_form()
    if form.is_valid():
        try:
            act(form)
        except CorridorError as exc:
            form_refusal(form, exc)
        else:
            return _follow_page(request, case, saved=what)
    return _follow_page(request, case, status=422, **{f"{what}_form": form})


# --- the officer's queue and case ----------------------------------------------------------------------------


PAGE_SIZE = 50


def _page(queryset, request):
    """One page of the queue without counting the whole queue (a count over a national queue costs more than the page)."""
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    rows = list(queryset[(number - 1) * PAGE_SIZE:number * PAGE_SIZE + 1])
    return {"rows": rows[:PAGE_SIZE], "number": number, "has_next": len(rows) > PAGE_SIZE, "has_previous": number > 1}


@require_perm("case.view")
def queue(request):
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    overdue = request.GET.get("overdue") == "1"
    everything = request.GET.get("all") == "1"
    cases = selectors.case_queue(user=request.user, status=status, urgent_only=request.GET.get("urgent") == "1",
                                 overdue_only=overdue, everything=everything)
    return render(request, "cases/queue.html", {
        "page": _page(cases, request), "status": status, "statuses": CaseStatus.choices, "overdue": overdue,
        "everything": everything, "can_file": has_perm(request.user, "case.file"),
    })


@require_perm("case.view")
def overdue(request):
    return render(request, "cases/queue.html", {"page": _page(selectors.case_overdue(user=request.user), request),
                                                "overdue": True, "statuses": CaseStatus.choices})


@require_perm("case.view")
def detail(request, reference: str):
    case = selectors.case_get(user=request.user, reference=reference)
    data = selectors.case_detail(user=request.user, case=case)
    indicators = [(Indicator(key).label, items) for key, items in sorted(data["findings"].items())]
    context = {
        **data, "indicators": indicators, "actions": services.allowed_actions(case, request.user) if data["can_decide"] else [],
        "note_form": forms.NoteForm(), "task_form": forms.TaskForm(), "claim_form": forms.ClaimForm(),
        "assign_form": forms.AssignForm(team=case.assigned_team), "respondent_form": forms.RespondentForm(),
        "owed": selectors.owed_by_party(case) if data["can_decide"] else {},
        "hotlines": hotlines.for_country(case.country_where_id) if case.is_urgent else [],
        "questions": {q.key: q.text for q in triage.QUESTIONS},
    }
    context.update(_extra_detail_context(request, case, data))
    return render(request, "cases/detail.html", context)


def _extra_detail_context(request, case, data) -> dict:
    can_refer = (data["can_decide"] and has_perm(request.user, "case.refer") and case.consent_referral
                 and case.status in REFERABLE and not any(r.direction == ReferralDirection.OUTGOING
                                                          and r.status in {ReferralStatus.PENDING, ReferralStatus.ACCEPTED}
                                                          for r in data["referrals"]))
    return {
        "can_refer": can_refer, "peer_country": peer_country_for(case),
        "incoming": [r for r in data["referrals"] if r.direction == ReferralDirection.INCOMING],
        "has_accepted_referral": any(r.status == ReferralStatus.ACCEPTED for r in data["referrals"]),
        "registry_parties": [r for r in data["respondents"] if r.employer_id or r.agency_id or r.subagent_id],
        "may_tell_welfare": services.may_tell_welfare(request.user, case),
        "may_request_repatriation": services.may_request_repatriation(request.user, case),
        "harm_form": forms.DeathOrInjuryForm(), "repatriation_form": forms.RepatriationForm(),
        "registry_records": list(case.registry_records.select_related("respondent__organisation", "respondent__subagent"))
        if data["can_work"] else [],
    }


@require_perm("case.view_identity")
def complainant(request, reference: str):
    case = selectors.case_get(user=request.user, reference=reference)
    person = selectors.complainant_get(user=request.user, case=case)
    return _no_store(render(request, "cases/complainant.html", {"case": case, "person": person}))


@require_perm("case.work")
def evidence_download(request, reference: str, evidence_id: int):
    case = selectors.case_get(user=request.user, reference=reference)
    evidence = selectors.evidence_get(user=request.user, case=case, evidence_id=evidence_id)
    response = HttpResponse(storage.load(evidence.storage_name), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


def _back(reference):
    return redirect("cases:detail", reference=reference)


def _error_page(request, case, exc: CorridorError):
    return render(request, "cases/action_error.html", {"case": case, "error": exc}, status=exc.status)


@require_POST
@require_perm("case.work")
def act(request, reference: str, action: str):
    case = selectors.case_get(user=request.user, reference=reference)
    if action not in services.TRANSITIONS:
        raise Http404()
    if not can_decide(request.user, case):
        raise NotFound()
    form = forms.TransitionForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""

    def take() -> None:
        if action == "triage":
            urgent = {"yes": True, "no": False}.get(form.cleaned_data.get("urgent") or "")
            services.case_triage(acting_user=request.user, case=case, urgent=urgent, reason=reason)
        elif action == "assign":
            assign = forms.AssignForm(request.POST, team=case.assigned_team)
            officer = assign.cleaned_data.get("officer") if assign.is_valid() else None
            services.case_assign(acting_user=request.user, case=case, officer=officer, reason=reason)
        elif action == "resolve":
            def ids(name):
                return {int(v) for v in request.POST.getlist(name) if v.isdigit()}

            upheld = ids("upheld") if request.POST.get("feed") == "1" else None
            services.case_resolve(acting_user=request.user, case=case, resolution=reason, upheld=upheld,
                                  watchlist=ids("watchlist"), sanction=ids("sanction"))
        else:
            services.TRANSITIONS[action](acting_user=request.user, case=case, reason=reason)

    return _attempt(request, case, reference, take)


def _attempt(request, case, reference: str, act, *, hide_not_found: bool = True):
    """Do `act()` from the case page and go back to it; a refusal is shown on the case's error page. Something
    the user may not see answers "not found", like the case itself (unless `hide_not_found=False`)."""
    try:
        act()
    except CorridorError as exc:
        if hide_not_found and exc.status == 404:
            raise Http404() from exc
        return _error_page(request, case, exc)
    return _back(reference)


def _with_form(request, case, reference: str, form, act, **options):
    """`_attempt(act(cleaned_data))` for a valid form; an invalid one is shown on the case's error page (422)."""
    if not form.is_valid():
        return _error_page(request, case, CorridorError(fields=form.errors, status=422))
    return _attempt(request, case, reference, lambda: act(form.cleaned_data), **options)


def _adding(permission: str, form_class, service):
    """The view of a form posted from the case page that adds something to the case (a note, a task, a party,
    a claim): `service(acting_user=, case=, **cleaned_data)`."""

    @require_POST
    @require_perm(permission)
    def add(request, reference: str):
        case = selectors.case_get(user=request.user, reference=reference)
        return _with_form(request, case, reference, form_class(request.POST),
                          lambda data: service(acting_user=request.user, case=case, **data))

    return add


note = _adding("case.work", forms.NoteForm, services.note_add)
task = _adding("case.work", forms.TaskForm, services.task_add)
respondent_add = _adding("case.remedy", forms.RespondentForm, services.respondent_add)
claim_add = _adding("case.remedy", forms.ClaimForm, services.claim_add)


death_or_injury = _adding("case.work", forms.DeathOrInjuryForm, services.death_or_injury_record)
repatriation = _adding("case.work", forms.RepatriationForm, services.repatriation_request)


@require_POST
@require_perm("case.work")
def task_done(request, reference: str, task_id: int):
    case = selectors.case_get(user=request.user, reference=reference)
    task_obj = CaseTask.objects.filter(case=case, pk=task_id).first()
    if task_obj is None:
        raise Http404()
    return _attempt(request, case, reference, lambda: services.task_complete(acting_user=request.user, task=task_obj),
                    hide_not_found=False)


@require_POST
@require_perm("case.work")
def evidence_upload(request, reference: str):
    case = selectors.case_get(user=request.user, reference=reference)

    def add(data):
        upload = data["evidence"]
        services.evidence_add(acting_user=request.user, case=case, name=upload.name, data=upload.read())

    return _with_form(request, case, reference, forms.FollowEvidenceForm(request.POST, request.FILES), add,
                      hide_not_found=False)


def _claim(case, claim_id):
    claim = Claim.objects.filter(case=case, pk=claim_id).first()
    if claim is None:
        raise Http404()
    return claim


@require_POST
@require_perm("case.remedy")
def recovery(request, reference: str, claim_id: int):
    case = selectors.case_get(user=request.user, reference=reference)
    claim = _claim(case, claim_id)

    def record(data):
        respondent = Respondent.objects.filter(case=case, pk=data.get("respondent") or 0).first()
        services.recovery_record(acting_user=request.user, claim=claim, amount=data.get("amount"),
                                 respondent=respondent, recovered_on=data.get("recovered_on"))

    return _with_form(request, case, reference, forms.RecoveryForm(request.POST), record)


@require_POST
@require_perm("case.remedy")
def claim_default(request, reference: str, claim_id: int):
    case = selectors.case_get(user=request.user, reference=reference)
    claim = _claim(case, claim_id)
    return _with_form(request, case, reference, forms.DefaultForm(request.POST),
                      lambda data: services.claim_default(acting_user=request.user, claim=claim, reason=data["reason"]))


# --- the other party --------------------------------------------------------------------------------------


@require_perm("case.respond")
def respond_list(request):
    cases = selectors.respondent_case_list(user=request.user)[:200]
    return render(request, "cases/respond_list.html", {"cases": cases})


@require_perm("case.respond")
def respond_detail(request, reference: str):
    data = selectors.respondent_case_get(user=request.user, reference=reference)
    form = forms.ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.respondent_reply(acting_user=request.user, case=data["case"], body=form.cleaned_data["body"])
            except CorridorError as exc:
                form_refusal(form, exc)
            else:
                return redirect("cases:respond-detail", reference=reference)
        status = 422
    return render(request, "cases/respond_detail.html", {**data, "form": form}, status=status)




# --- referral across the corridor ---------------------------------------------------------------------------


@require_POST
@require_perm("case.refer")
def refer(request, reference: str):
    case = selectors.case_get(user=request.user, reference=reference)
    return _attempt(request, case, reference, lambda: referral.case_refer(
        acting_user=request.user, case=case, reason=request.POST.get("reason", "")[:5000],
        include_identity=request.POST.get("include_identity") == "1"))


@require_POST
@require_perm("case.refer")
def referral_answer(request, reference: str, referral_id: int, answer: str):
    case = selectors.case_get(user=request.user, reference=reference)
    item = case.referrals.filter(pk=referral_id).first()
    actions = {"accept": referral.referral_accept, "reject": referral.referral_reject, "return": referral.referral_return}
    if item is None or answer not in actions:
        raise Http404()
    return _attempt(request, case, reference, lambda: actions[answer](
        acting_user=request.user, referral=item, reason=request.POST.get("reason", "")[:5000]))


@require_POST
@require_perm("case.refer")
def referral_update(request, reference: str):
    case = selectors.case_get(user=request.user, reference=reference)
    return _attempt(request, case, reference, lambda: referral.update_send(
        acting_user=request.user, case=case, message=request.POST.get("message", "")[:5000]))


# --- alerts and the on-duty roster ----------------------------------------------------------------------------


@require_perm("case.view")
def alerts(request):
    """The notifications page, showing those about cases."""
    return notification_page(request, kind_prefix="case.", title=_("Alerts"))


@require_perm("case.roster")
def roster(request):
    org = request.user.organisation
    form = forms.DutyShiftForm(request.POST or None, organisation=org)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.duty_shift_add(acting_user=request.user, **form.cleaned_data)
            except CorridorError as exc:
                form_refusal(form, exc)
            else:
                return redirect("cases:roster")
        status = 422
    shifts = DutyShift.objects.filter(organisation=org, ends_at__gte=timezone.now()).select_related("user")[:200]
    return render(request, "cases/roster.html", {"form": form, "shifts": shifts}, status=status)
