"""Pages: a country's ratifications (public), the corridor gap analysis, the node's agreements and its joint
committees (officers)."""

import datetime as dt

import pycountry
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from corridor.accounts.permissions import has_perm
from corridor.core import lifecycle
from corridor.core.errors import CorridorError, InvalidInput, NotFound
from corridor.core.views import form_refusal, require_perm
from corridor.standards import selectors, services
from corridor.standards.forms import ActionDoneForm, MeetingActForm, ScheduleForm
from corridor.standards.lifecycles import MEETING

MEETING_ACTS = ("hold", "approve_minutes", "cancel", "decision", "action", "agenda")


def _country(code: str) -> str:
    code = (code or "").upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise Http404()
    return code


@require_GET
def country(request, code):
    code = _country(code)
    return render(request, "standards/country.html", {"code": code, "lines": selectors.country_ratifications(code),
                                                      "loaded": selectors.ratifications_loaded()})


@require_perm("standards.view")
def gap(request):
    node = settings.CORRIDOR_COUNTRY
    origin = _country(request.GET.get("origin") or node)
    destination = _country(request.GET.get("destination") or ("SA" if origin == node else node))
    try:
        on = dt.date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        raise Http404() from None
    return render(request, "standards/gap.html", {"gap": selectors.corridor_gap(origin=origin, destination=destination, on=on)})


@require_perm("standards.view")
def agreements(request):
    rows = selectors.agreement_list(user=request.user)
    return render(request, "standards/agreements.html", {
        "rows": rows, "to_do": [r for r in rows if r["ruleset"] is None and r["peer"]],
        "country": settings.CORRIDOR_COUNTRY})


@require_perm("standards.view")
def agreement(request, treaty_id):
    data = selectors.agreement_get(user=request.user, treaty_id=treaty_id)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST":
        if not has_perm(request.user, "standards.manage"):
            raise Http404()
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(acting_user=request.user, agreement=data["agreement"],
                                                    scheduled_for=form.cleaned_data["scheduled_for"],
                                                    place=form.cleaned_data["place"])
                return redirect("standards:meeting", reference=meeting.reference)
            except CorridorError as exc:
                form_refusal(form, exc)
    return render(request, "standards/agreement.html", {**data, "form": form,
                                                        "can_manage": has_perm(request.user, "standards.manage")},
                  status=422 if request.method == "POST" else 200)


@require_perm("standards.view")
def meetings(request):
    return render(request, "standards/meetings.html", {"meetings": selectors.meeting_list(user=request.user)[:200]})


def _meeting_context(request, meeting, form=None):
    today = timezone.localdate()
    ours = selectors.is_ours(meeting)
    return {"meeting": meeting, "ours": ours, "form": form or MeetingActForm(), "done_form": ActionDoneForm(),
            "available": lifecycle.available_actions(MEETING, meeting, request.user) if ours else [],
            "can_manage": ours and has_perm(request.user, "standards.manage"),
            "agenda": list(meeting.agenda.all()), "decisions": list(meeting.decisions.all()),
            "actions": [(a, a.overdue_on(today)) for a in meeting.actions.all()],
            "events": list(meeting.events.select_related("actor"))}


@require_perm("standards.view")
def meeting(request, reference):
    item = selectors.meeting_get(user=request.user, reference=reference)
    return render(request, "standards/meeting.html", _meeting_context(request, item))


@require_perm("standards.manage")
@require_POST
def meeting_act(request, reference, act):
    item = selectors.meeting_get(user=request.user, reference=reference)
    if act not in MEETING_ACTS:
        raise Http404()
    form = MeetingActForm(request.POST)
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        try:
            if act == "hold":
                services.meeting_hold(acting_user=user, meeting=item, held_on=data["held_on"] or timezone.localdate(),
                                      attendees=data["attendees"])
            elif act == "approve_minutes":
                services.meeting_approve_minutes(acting_user=user, meeting=item, minutes=data["minutes"])
            elif act == "cancel":
                services.meeting_cancel(acting_user=user, meeting=item, reason=data["reason"])
            elif act == "decision":
                services.decision_record(acting_user=user, meeting=item, text=data["text"])
            elif act == "agenda":
                services.agenda_item_add(acting_user=user, meeting=item, title=data["text"])
            else:
                if data["due_on"] is None:
                    raise InvalidInput(fields={"due_on": [_("A deadline is required.")]})
                services.action_add(acting_user=user, meeting=item, description=data["text"], owner=data["owner"],
                                    owner_country=data["owner_country"], due_on=data["due_on"])
            messages.success(request, _("Recorded."))
            return redirect("standards:meeting", reference=item.reference)
        except NotFound:
            raise Http404() from None
        except CorridorError as exc:
            form_refusal(form, exc)
    item.refresh_from_db()
    return render(request, "standards/meeting.html", _meeting_context(request, item, form), status=422)


@require_perm("standards.manage")
@require_POST
def action_done(request, reference):
    action = selectors.action_get(user=request.user, reference=reference)
    form = ActionDoneForm(request.POST)
    if form.is_valid():
        try:
            services.action_complete(acting_user=request.user, action=action, done_on=form.cleaned_data["done_on"],
                                     outcome=form.cleaned_data["outcome"])
            messages.success(request, _("Recorded."))
        except CorridorError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Give the date the action was done."))
    return redirect("standards:meeting", reference=action.meeting.reference)
