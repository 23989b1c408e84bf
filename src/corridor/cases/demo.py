"""Demo cases: one in every state, an urgent one, an anonymous one (its receipt code is printed), a roster,
claims down the liability chain, and a resolved case that fed the registry. All fictional."""

from datetime import timedelta

from django.utils import timezone

from corridor.cases import services

NARRATIVES = {
    "fil": "Kinuha ng amo ko ang aking pasaporte at hindi ako pinapayagang lumabas ng bahay. Tatlong buwan na akong walang sahod.",
    "en": "My salary has been paid late for four months and the company deducts money for the visa.",
    "ne": "साहुले मेरो राहदानी खोस्यो र तीन महिनादेखि तलब दिएन।",
}


def _verified(user):
    user.is_verified = lambda: True
    return user


def load(ctx) -> None:
    consulate = ctx.organisations["consulate"]
    origin, abroad = consulate.country_id, consulate.post_country_id
    # On the origin node the attaché works nationals' cases abroad; on the destination node the inspectorate does.
    attache = _verified(ctx.users["attache"] if ctx.country == origin else ctx.users["inspector"])
    officer = _verified(ctx.users["officer"])
    now = timezone.now()
    services.duty_shift_add(acting_user=None, user=attache, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=60))
    services.duty_shift_add(acting_user=None, user=attache, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=60),
                            is_supervisor=True)
    employer_org = ctx.organisations["employer"]

    def file(user=None, **kwargs):
        data = {"grievances": ["unpaid_wages"], "nationality": origin, "country_where": abroad, "place": "Riyadh",
                "respondents": [{"role": "employer", "name": employer_org.name, "organisation": employer_org},
                                {"role": "agency", "name": ctx.organisations["agency"].name,
                                 "organisation": ctx.organisations["agency"]}],
                "narrative": NARRATIVES["en"], "language": "en", "answers": {"paid_in_full": "no"}}
        data.update(kwargs)
        return services.complaint_file(acting_user=user, **data)

    # An anonymous worker in danger: urgent, top of the queue, the on-duty attaché alerted.
    anonymous = file(grievances=["documents_taken", "confinement", "unpaid_wages"], narrative=NARRATIVES["fil"],
                     language="fil", answers={"can_leave": "no", "passport_holder": "employer"}, consent_referral=True)
    ctx.extra["cases_receipt_code"] = anonymous.receipt_code
    ctx.accounts.append(("Anonymous complainant", "-",
                         f"receipt code {anonymous.receipt_code} (follow at /complaints/follow/); urgent case"))

    steps = ["received", "triaged", "assigned", "in_progress", "awaiting_party", "resolved", "closed", "reopened"]
    worker = ctx.workers[1] if len(ctx.workers) > 1 else None
    cases = {}
    for i, state in enumerate(steps):
        filed = file(attache, complainant={"full_name": worker.full_name if worker else "Demo worker", "phone": "+00 000"},
                     worker=worker, consent_referral=i % 2 == 0,
                     respondents=[{"role": "employer", "name": "Desert Rose Cleaning Est. (demo)"},
                                  {"role": "sub_agent", "name": "Pedro Magbanua"}] if state == "in_progress" else None
                     or [{"role": "employer", "name": employer_org.name, "organisation": employer_org},
                         {"role": "agency", "name": ctx.organisations["agency"].name, "organisation": ctx.organisations["agency"]}])
        case = filed.case
        path = steps[1:steps.index(state) + 1] if state != "reopened" else ["triaged", "assigned", "in_progress", "resolved",
                                                                          "reopened"]
        for step in path:
            case = _step(step, attache, case)
        cases[state] = case
    case = cases["in_progress"]
    services.note_add(acting_user=attache, case=case, body="Can you send a photo of your payslips?", visibility="shared",
                      is_question=True)
    services.task_add(acting_user=attache, case=case, title="Call the employer's HR", due_date=timezone.localdate())
    wages = services.claim_add(acting_user=attache, case=case, kind="wages", amount="4500.00", currency="SAR",
                               description="Three months at 1,500 SAR")
    services.recovery_record(acting_user=attache, claim=wages, respondent=wages.liabilities.get(rank=1).respondent,
                             amount="1500.00", note="First month paid at the labour office")
    services.claim_default(acting_user=attache, claim=wages, reason="The cleaning company closed; the contractor answers.")
    services.claim_add(acting_user=attache, case=case, kind="fees", amount="45000.00", currency="PHP",
                       description="Placement fee charged by the sub-agent")
    # A case past its time limit, escalated to the supervisor.
    late = cases["triaged"]
    type(late).objects.filter(pk=late.pk).update(stage_due_at=now - timedelta(hours=5))
    services.case_escalate_overdue()
    del officer


def _step(step, officer, case):
    if step == "triaged":
        return services.case_triage(acting_user=officer, case=case)
    if step == "assigned":
        return services.case_assign(acting_user=officer, case=case, officer=officer)
    if step == "in_progress":
        return services.case_start(acting_user=officer, case=case)
    if step == "awaiting_party":
        return services.case_await_party(acting_user=officer, case=case, reason="Show the payroll for the last four months.")
    if step == "resolved":
        return services.case_resolve(acting_user=officer, case=case, resolution="Arrears paid in full at the labour office.")
    if step == "closed":
        return services.case_close(acting_user=officer, case=case, reason="Worker confirmed payment.")
    if step == "reopened":
        return services.case_reopen(acting_user=officer, case=case, reason="Payments stopped again.")
    raise ValueError(step)
