"""Liability on default: arrears the employer has not paid by the deadline after the alert move down the chain
computed for the worker's case (principal contractor, agency), one step per deadline, and at its end to the
destination's wage guarantee fund where its law establishes one (rules/wage_law.toml). Each step is kept
(`LiabilityStep`, append-only); the fund's payments are postings (`FundPayment`) that the arrears are net of."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_noop

from corridor.cases import selectors as case_selectors
from corridor.core import audit, events, node, notifications
from corridor.core.errors import InvalidInput
from corridor.core.lifecycle import require as _require
from corridor.core.money import quantize
from corridor.rules import wage_law
from corridor.wages.choices import StepKind
from corridor.wages.models import ArrearsAlert, FundPayment, LiabilityStep, MonthReconciliation

FUND_MESSAGE = gettext_noop("Wage arrears of %(total)s %(currency)s: every party of the chain defaulted; "
                            "%(fund)s is asked to pay.")


def default_days() -> int:
    """Days each party has to pay before the arrears fall to the next (`CORRIDOR_WAGES_DEFAULT_DAYS`, default 30): an
    operating setting of the node, not a figure of law."""
    return max(1, int(getattr(settings, "CORRIDOR_WAGES_DEFAULT_DAYS", 30)))


def fund_paid(*, worker_idx: str, employer_ref: str) -> Decimal:
    return (FundPayment.objects.filter(worker_index=worker_idx, employer_ref=employer_ref)
            .aggregate(total=Sum("amount"))["total"] or Decimal("0.00"))


def net_arrears(*, worker_idx: str, employer_ref: str) -> tuple[Decimal, str]:
    """A worker's arrears with one employer: the current months' shortfalls less what the fund paid."""
    months = MonthReconciliation.objects.filter(worker_index=worker_idx, employer_ref=employer_ref, current=True,
                                                shortfall__gt=0)
    total = months.aggregate(total=Sum("shortfall"))["total"] or Decimal("0.00")
    last = months.order_by("-period").values_list("currency", flat=True).first() or ""
    return max(total - fund_paid(worker_idx=worker_idx, employer_ref=employer_ref), Decimal("0.00")), last


def _party(chain: list[dict], status: str) -> dict | None:
    return next((p for p in chain if p["status"] == status), None)


def arrears_defaults_process(*, acting_user, on: dt.date) -> list[LiabilityStep]:
    """Run daily (`corridor wages defaults`): for each worker and employer with an arrears alert, when the deadline
    (`default_days()` after the alert, then after each previous deadline) passed with arrears still owed, take one step: the party
    asked to pay defaults and the next of the chain is asked (`wages.arrears_defaulted`: cases moves the claim and
    tells that party); when no party is left, the destination's wage guarantee fund is asked, where there is one."""
    _require(acting_user, "wages.settle")
    days, steps = default_days(), []
    latest: dict[tuple[str, str], ArrearsAlert] = {}
    first: dict[tuple[str, str], ArrearsAlert] = {}
    for alert in ArrearsAlert.objects.filter(arrival__isnull=False).select_related("arrival", "employer").order_by("id"):
        key = (alert.worker_index, alert.employer_ref)
        first.setdefault(key, alert)
        latest[key] = alert
    fund = wage_law.fund_for(node.identity().country, on)
    for key, alert in latest.items():
        last_step = LiabilityStep.objects.filter(worker_index=key[0], employer_ref=key[1]).order_by("-id").first()
        if last_step is not None and last_step.kind == StepKind.FUND:
            continue  # the end of the chain: the fund's payments are recorded by the officer
        # the employer has `days` from the first alert; each next party `days` from the previous deadline
        since = last_step.deadline if last_step else first[key].raised_at.date()
        deadline = since + dt.timedelta(days=days)
        if deadline >= on:
            continue
        total, currency = net_arrears(worker_idx=key[0], employer_ref=key[1])
        if total <= 0:
            continue
        chain = case_selectors.wage_arrears_chain(alert.arrival_id)
        current = _party(chain, "current")
        if current is not None:
            after = [p for p in chain if p["status"] == "liable" and p["rank"] > current["rank"]]
            nxt = after[0]["name"] if after else (fund.name if fund else "")
            steps.append(_step(acting_user, alert, StepKind.DEFAULTED, current["name"], nxt, total, currency,
                               deadline, fund_id=fund.fund if fund and not after else ""))
        elif fund is not None:
            last = [p for p in chain if p["status"] == "defaulted"]
            party = last[-1]["name"] if last else (alert.employer.name if alert.employer else alert.employer_ref)
            steps.append(_step(acting_user, alert, StepKind.FUND, party, fund.name, total, currency, deadline,
                               fund_id=fund.fund))
    return steps


def _step(acting_user, alert: ArrearsAlert, kind: str, party: str, next_party: str, total: Decimal, currency: str,
          deadline: dt.date, *, fund_id: str = "") -> LiabilityStep:
    with transaction.atomic():
        step = LiabilityStep.objects.create(
            alert=alert, arrival=alert.arrival, worker_index=alert.worker_index, employer_ref=alert.employer_ref,
            kind=kind, party=party[:200], next_party=next_party[:200], fund=fund_id, total=total, currency=currency,
            deadline=deadline)
        audit.record(actor=acting_user, action=f"wages.liability_{kind}", target=step,
                     detail={"party": party, "next": next_party, "total": str(total), "currency": currency,
                             "deadline": deadline.isoformat()})
        if kind == StepKind.DEFAULTED:
            events.publish("wages.arrears_defaulted", pk=step.pk, arrival_id=alert.arrival_id,
                           employer_id=alert.employer_id, total=str(total), currency=currency,
                           deadline=deadline.isoformat(), fund=fund_id or None)
        else:  # the fund: the destination officers are told to put the claim to it
            notifications.notification_send(
                kind="wages.fund_liable", message=FUND_MESSAGE, link=reverse("wages:arrears"), about=f"liability:{step.pk}",
                params={"total": str(total), "currency": currency, "fund": next_party},
                users=[alert.arrival.recorded_by])
    return step


def fund_payment_record(*, acting_user, arrival, employer_ref: str, amount, paid_on: dt.date,
                        reference: str = "") -> FundPayment:
    """The destination's wage guarantee fund paid (part of) a worker's arrears with one employer: a posting, and the
    arrears are net of it (the fund claims it from the employer). Refused where no fund is established by law, or
    for more than is owed."""
    _require(acting_user, "wages.settle")
    fund = wage_law.fund_for(node.identity().country, paid_on)
    if fund is None:
        raise InvalidInput(fields={"fund": ["no wage guarantee fund is established by this destination's law"]})
    try:
        amount = quantize(Decimal(str(amount)))
    except ArithmeticError:
        raise InvalidInput(fields={"amount": ["not an amount"]}) from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(fields={"amount": ["not an amount"]})
    worker_idx = arrival.work_permit_index
    with transaction.atomic():
        owed, currency = net_arrears(worker_idx=worker_idx, employer_ref=employer_ref)
        if amount > owed:
            raise InvalidInput(fields={"amount": [f"more than the arrears still owed ({owed} {currency})"]})
        employer = MonthReconciliation.objects.filter(worker_index=worker_idx, employer_ref=employer_ref).exclude(
            employer=None).values_list("employer", flat=True).first()
        payment = FundPayment.objects.create(
            fund=fund.fund, arrival=arrival, worker_index=worker_idx, employer_ref=employer_ref, employer_id=employer,
            amount=amount, currency=currency, paid_on=paid_on, reference=reference.strip()[:60],
            recorded_by=acting_user if acting_user is not None else arrival.recorded_by)
        audit.record(actor=acting_user, action="wages.fund_payment", target=payment,
                     detail={"fund": fund.fund, "arrival": arrival.pk, "employer": employer_ref, "amount": str(amount),
                             "currency": currency, "paid_on": paid_on.isoformat()})
        events.publish("wages.fund_paid", pk=payment.pk, arrival_id=arrival.pk, employer_id=employer, fund=fund.fund,
                       fund_name=fund.name, amount=str(amount), currency=currency, paid_on=paid_on.isoformat())
    return payment
