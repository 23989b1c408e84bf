"""Pages: verify a recruiter and the job board (public); agencies, employers, job orders, watchlists (staff)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from corridor.accounts import selectors as account_selectors
from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.core import lifecycle, node
from corridor.core.errors import CorridorError
from corridor.core.views import form_refusal, require_perm
from corridor.registry import forms, selectors, services
from corridor.registry.choices import JobOrderStatus, SanctionStatus
from corridor.registry.lifecycles import EMPLOYER, JOB_ORDER, LICENCE
from corridor.rules.guidance import fee_sentences

# --- public ---------------------------------------------------------------------------------------


@require_GET
def verify(request):
    form = forms.VerifyForm(request.GET or None)
    results, query = [], ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        results = selectors.verify_recruiters(query=query)
    return render(request, "registry/verify.html", {"form": form, "query": query, "results": results})


@require_GET
def job_board(request):
    form = forms.JobBoardForm(request.GET or None, board=selectors.job_board())
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"country": data["country"].code if data["country"] else "",
                   "occupation": data["occupation"].code if data["occupation"] else "",
                   "language": data["language"].code if data["language"] else ""}
    # A filter value with no order on the board is not offered; typed in by hand, it finds nothing.
    orders = selectors.job_board(**filters)[:100] if not form.is_bound or form.is_valid() else []
    return render(request, "registry/job_board.html", {"form": form, "orders": orders})


@require_GET
def job_board_detail(request, reference: str):
    try:
        order = selectors.job_board_get(reference=reference)
    except CorridorError as exc:
        raise Http404() from exc
    return render(request, "registry/job_board_detail.html", {"order": order, "fee_lines": _fee_lines(order)})


def _fee_lines(order) -> list[dict]:
    """What a worker of this node's country may be charged for this job, generated from the rules that apply
    (rules.guidance), never a blanket sentence; empty when this node is not the origin (then the page points to
    the contract check)."""
    origin = node.identity().country.upper()
    if not origin or origin == order.country_id:
        return []
    sector = ((order.offered_terms or {}).get("job") or {}).get("sector")
    return fee_sentences(origin, order.country_id, sector, timezone.localdate(), lang=get_language())


# --- helpers --------------------------------------------------------------------------------------


def _form_page(request, form, title, *, action, back, intro="", status=200):
    return render(request, "registry/form.html", {"form": form, "title": title, "back": back, "intro": intro},
                  status=status)


def _run(request, form, title, back, call, success, intro=""):
    """GET shows the form; a valid POST calls the service and redirects; a refusal shows why (422)."""
    if request.method == "POST":
        if form.is_valid():
            try:
                result = call(form.cleaned_data)
            except CorridorError as exc:
                form_refusal(form, exc)
            else:
                return redirect(success(result))
        return _form_page(request, form, title, action="", back=back, intro=intro, status=422)
    return _form_page(request, form, title, action="", back=back, intro=intro)


# --- agencies and licences --------------------------------------------------------------------------


@require_perm("agency.view")
def agency_list(request):
    if request.user.role == Role.AGENCY_STAFF:
        own = selectors.agency_scope(request.user).first()
        return redirect("registry:agency-detail", agency_id=own.pk) if own else redirect("registry:agency-apply")
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")[:20]
    agencies = list(selectors.agency_list(user=request.user, query=query, status=status)[:100])
    return render(request, "registry/agency_list.html", {"agencies": agencies, "q": query, "status": status,
                                                          "can_apply": has_perm(request.user, "agency.apply")})


@require_perm("agency.apply")
def agency_apply(request):
    form = forms.AgencyApplyForm(request.POST or None)

    def call(data):
        data = dict(data)
        data["bond_currency"] = data["bond_currency"].code if data["bond_currency"] else None
        return services.agency_apply(acting_user=request.user, **data)

    return _run(request, form, _("Apply for a recruitment licence"), "registry:agency-list", call,
                lambda licence: f"/registry/agencies/{licence.agency_id}/")


@require_perm("agency.view")
def agency_detail(request, agency_id: int):
    agency = selectors.agency_get(user=request.user, agency_id=agency_id)
    licence = agency.current_licence
    workers = account_selectors.worker_list(user=request.user).filter(recorded_by_id=agency.organisation_id)[:50]
    context = {
        "agency": agency, "licence": licence, "status": selectors.licence_status(licence),
        "licences": agency.licences.all(),
        "events": licence.events.select_related("actor").order_by("effective_date", "pk") if licence else [],
        "proceedings": licence.proceedings.all() if licence else [],
        "subagents": selectors.subagent_list(user=request.user, agency=agency)[:200],
        "job_orders": selectors.job_order_list(user=request.user).filter(agency=agency)[:50],
        "workers": workers,
        "can_decide": has_perm(request.user, "licence.decide"),
        "licence_actions": _licence_actions(licence, request.user),
        "can_answer": has_perm(request.user, "sanction.answer"),
        "can_register_subagent": has_perm(request.user, "subagent.register"),
    }
    return render(request, "registry/agency_detail.html", context)


def _licence_actions(licence, user) -> list[str]:
    """What the page offers: the table's actions the user may take; a sanction starts with notice of a charge."""
    if licence is None:
        return []
    actions = lifecycle.available_actions(LICENCE, licence, user)
    if {"suspend", "cancel", "ban"} & set(actions):
        actions.append("notify")
    return actions


LICENCE_ACTIONS = {
    "grant": (forms.GrantForm, _("Grant the licence"), lambda u, lic, d: services.licence_grant(acting_user=u, licence=lic, **d)),
    "refuse": (forms.ReasonForm, _("Refuse the application"), lambda u, lic, d: services.licence_refuse(acting_user=u, licence=lic, **d)),
    "renew": (forms.RenewForm, _("Renew the licence"), lambda u, lic, d: services.licence_renew(acting_user=u, licence=lic, **d)),
    "reinstate": (forms.ReasonForm, _("End the suspension"),
                  lambda u, lic, d: services.licence_reinstate(acting_user=u, licence=lic, **d)),
    "notify": (forms.NotifyForm, _("Notify a charge (first step of a sanction)"),
               lambda u, lic, d: services.sanction_notify(acting_user=u, licence=lic, **d)),
}


@require_perm("licence.decide")
def licence_action(request, licence_id: int, action: str):
    if action not in LICENCE_ACTIONS:
        raise Http404()
    licence = selectors.licence_get(user=request.user, licence_id=licence_id)
    form_class, title, call = LICENCE_ACTIONS[action]
    back = f"/registry/agencies/{licence.agency_id}/"
    return _run(request, form_class(request.POST or None), title, back,
                lambda data: call(request.user, licence, data), lambda _result: back)


def _proceeding(request, proceeding_id):
    return selectors.proceeding_get(user=request.user, proceeding_id=proceeding_id)


@require_perm("sanction.answer")
def proceeding_answer(request, proceeding_id: int):
    proceeding = _proceeding(request, proceeding_id)
    back = f"/registry/agencies/{proceeding.licence.agency_id}/"
    return _run(request, forms.AnswerForm(request.POST or None), _("Answer the charge"), back,
                lambda data: services.sanction_answer(acting_user=request.user, proceeding=proceeding, **data),
                lambda _r: back, intro=proceeding.charge)


@require_perm("licence.decide")
def proceeding_decide(request, proceeding_id: int):
    proceeding = _proceeding(request, proceeding_id)
    if proceeding.status == SanctionStatus.DECIDED:
        raise Http404()
    back = f"/registry/agencies/{proceeding.licence.agency_id}/"
    intro = f"{proceeding.charge}\n\n{_('Answer')}: {proceeding.answer or _('none yet')}"
    return _run(request, forms.DecideForm(request.POST or None), _("Decide on the charge"), back,
                lambda data: services.sanction_decide(acting_user=request.user, proceeding=proceeding,
                                                      **{k: v for k, v in data.items() if v not in ("", None)}),
                lambda _r: back, intro=intro)


@require_perm("subagent.register")
def subagent_create(request, agency_id: int):
    agency = selectors.agency_get(user=request.user, agency_id=agency_id)
    back = f"/registry/agencies/{agency.pk}/"
    return _run(request, forms.SubAgentForm(request.POST or None), _("Register a sub-agent"), back,
                lambda data: services.subagent_register(acting_user=request.user, agency=agency, **data), lambda _r: back)


# --- employers --------------------------------------------------------------------------------------


@require_perm("employer.view")
def employer_list(request):
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")[:20]
    employers = selectors.employer_list(user=request.user, query=query, status=status)[:100]
    return render(request, "registry/employer_list.html", {"employers": employers, "q": query,
                                                            "can_register": has_perm(request.user, "employer.register")})


@require_perm("employer.register")
def employer_create(request):
    def call(data):
        return services.employer_register(acting_user=request.user, name=data["name"], country=data["country"].code,
                                          registration_number=data["registration_number"], address=data["address"])

    return _run(request, forms.EmployerForm(request.POST or None), _("Register an employer"), "registry:employer-list", call,
                lambda employer: f"/registry/employers/{employer.pk}/")


@require_perm("employer.view")
def employer_detail(request, employer_id: int):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    orders = selectors.job_order_list(user=request.user).filter(employer=employer)[:50]
    return render(request, "registry/employer_detail.html", {
        "employer": employer, "job_orders": orders, "can_verify": has_perm(request.user, "employer.verify"),
        "actions": lifecycle.available_actions(EMPLOYER, employer, request.user),
        "watchlisted": services.is_watchlisted(employer=employer),
        "wage_records": selectors.employer_wage_records(employer),
    })


@require_perm("employer.verify")
def employer_action(request, employer_id: int, action: str):
    if action not in {"verify", "reject"}:
        raise Http404()
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    call = services.employer_verify if action == "verify" else services.employer_reject
    back = f"/registry/employers/{employer.pk}/"
    title = _("Verify the employer") if action == "verify" else _("Mark the employer as not verified")
    return _run(request, forms.NoteForm(request.POST or None), title, back,
                lambda data: call(acting_user=request.user, employer=employer, **data), lambda _r: back)


# --- job orders -------------------------------------------------------------------------------------


@require_perm("job_order.view")
def job_order_list(request):
    status = request.GET.get("status", "")[:20]
    orders = selectors.job_order_list(user=request.user, status=status)[:100]
    return render(request, "registry/job_order_list.html", {
        "orders": orders, "status": status, "statuses": JobOrderStatus.choices,
        "can_create": has_perm(request.user, "job_order.create"),
    })


@require_perm("job_order.create")
def job_order_create(request):
    user = request.user

    def call(data):
        data = dict(data)
        employer = selectors.employer_get(user=user, employer_id=data.pop("employer"))
        agency = selectors.agency_scope(user).first() if user.role == Role.AGENCY_STAFF else None
        if agency is None:
            raise CorridorError(_("Job orders are placed through a licensed agency: ask the agency to post it."))
        return services.job_order_create(acting_user=user, employer=employer, agency=agency,
                                         occupation=data.pop("occupation").code,
                                         languages=[lang.code for lang in data.pop("languages")], **data)

    return _run(request, forms.JobOrderForm(request.POST or None), _("Post a job order"), "registry:job-order-list", call,
                lambda order: f"/registry/job-orders/{order.pk}/")


@require_perm("job_order.view")
def job_order_detail(request, job_order_id: int):
    order = selectors.job_order_get(user=request.user, job_order_id=job_order_id)
    return render(request, "registry/job_order_detail.html", {
        "order": order, "can_decide": has_perm(request.user, "job_order.decide"),
        "can_withdraw": has_perm(request.user, "job_order.create"),
        "actions": lifecycle.available_actions(JOB_ORDER, order, request.user),
    })


JOB_ORDER_ACTIONS = {
    "approve": ("job_order.decide", _("Approve the job order"), services.job_order_approve),
    "reject": ("job_order.decide", _("Reject the job order"), services.job_order_reject),
    "delist": ("job_order.decide", _("Take the job order off the board"), services.job_order_delist),
    "withdraw": ("job_order.create", _("Withdraw the job order"), services.job_order_withdraw),
}


def job_order_action(request, job_order_id: int, action: str):
    if action not in JOB_ORDER_ACTIONS:
        raise Http404()
    permission, title, call = JOB_ORDER_ACTIONS[action]

    @require_perm(permission)
    def view(request):
        order = selectors.job_order_get(user=request.user, job_order_id=job_order_id)
        back = f"/registry/job-orders/{order.pk}/"
        form = forms.ReasonForm(request.POST or None)
        if action == "approve":
            form.fields["reason"].required = False
        return _run(request, form, title, back, lambda data: call(acting_user=request.user, job_order=order, **data),
                    lambda _r: back)

    return view(request)


# --- watchlists and screening -------------------------------------------------------------------------


@require_perm("watchlist.view")
def watchlist_list(request):
    query = request.GET.get("q", "")[:100]
    entries = selectors.watchlist_list(user=request.user, query=query)[:100]
    return render(request, "registry/watchlist_list.html", {"entries": entries, "q": query,
                                                             "can_manage": has_perm(request.user, "watchlist.manage")})


@require_perm("watchlist.manage")
def watchlist_create(request):
    def call(data):
        data = dict(data)
        data["country"] = data["country"].code if data["country"] else ""
        return services.watchlist_entry_add(acting_user=request.user, **data)

    return _run(request, forms.WatchlistForm(request.POST or None), _("Add a watchlist entry"), "registry:watchlist-list",
                call, lambda _entry: "/registry/watchlist/")


@require_perm("watchlist.manage")
def watchlist_lift(request, entry_id: int):
    entry = selectors.watchlist_get(user=request.user, entry_id=entry_id)
    return _run(request, forms.ReasonForm(request.POST or None), _("Lift the watchlist entry"), "registry:watchlist-list",
                lambda data: services.watchlist_entry_lift(acting_user=request.user, entry=entry, **data),
                lambda _r: "/registry/watchlist/", intro=entry.name)


@require_perm("screening.review")
def screening_queue(request):
    hits = selectors.hit_queue(user=request.user)[:100]
    return render(request, "registry/screening_queue.html", {"hits": hits})


@require_perm("screening.review")
def screening_review(request, hit_id: int):
    hit = selectors.hit_get(user=request.user, hit_id=hit_id)
    intro = _("%(name)s may be %(entry)s (score %(score)s): %(reasons)s") % {
        "name": hit.subject_name, "entry": hit.entry.name, "score": hit.score, "reasons": ", ".join(hit.reasons)}
    return _run(request, forms.ReviewForm(request.POST or None), _("Review a possible watchlist match"), "registry:screening-queue",
                lambda data: services.screening_hit_review(acting_user=request.user, hit=hit, confirm=data["decision"] == "confirm",
                                                           note=data["note"]),
                lambda _r: "/registry/screening/", intro=intro)
