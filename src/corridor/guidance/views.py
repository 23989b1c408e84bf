"""Guidance pages: know before you go (public), the worker's own corridor, resource centres and referrals."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core import lifecycle, names, node
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.languages import shipped
from corridor.core.permissions import has_perm
from corridor.core.views import require_perm
from corridor.guidance import errors, know, selectors, services
from corridor.guidance.choices import CentreKind
from corridor.guidance.forms import CentreForm, ReferralCloseForm, ReferralForm
from corridor.guidance.lifecycles import REFERRAL


def _language(request) -> str | None:
    """`?lang=ne`: the guide in a shipped language whatever the browser asks for (a link a worker can share)."""
    wanted = shipped(request.GET.get("lang", ""))
    return wanted if wanted and wanted in dict(settings.LANGUAGES) else None


@require_GET
def index(request):
    origin = node.identity().country
    destination, isco = str(request.GET.get("destination", "")).upper(), str(request.GET.get("occupation", ""))
    destinations = selectors.guide_destinations(origin)
    occupations = selectors.guide_occupations()
    if destination in destinations and isco in {o.code for o in occupations}:
        return redirect("guidance:guide", destination=destination, isco=isco)
    return render(request, "guidance/index.html", {"destinations": destinations, "occupations": occupations,
                                                   "origin": origin})


@require_GET
def guide(request, destination: str, isco: str):
    lang = _language(request)
    with translation.override(lang or translation.get_language()):
        try:
            built = selectors.guide_get(origin=node.identity().country, destination=destination, isco=isco)
        except errors.UnknownGuide as exc:
            raise Http404() from exc
        languages = [(code, names.language_name(code, code)) for code, _name in settings.LANGUAGES]
        response = render(request, "guidance/guide.html", {
            "g": built, "guide_languages": languages, "path": reverse("guidance:guide", args=[built.destination, built.isco]),
            "rtl": translation.get_language_bidi()})
    response["Content-Language"] = lang or translation.get_language()
    return response


@require_perm("guidance.mine")
@require_GET
def mine(request):
    corridor = selectors.my_corridor(user=request.user)
    context = {"corridor": corridor}
    if corridor is not None:
        origin, destination, isco = corridor
        summary = selectors.remittance_summary(origin, destination)
        context.update(lines=know.remittance_lines(summary, origin, destination), destination=destination, isco=isco,
                       series=selectors.remittance_costs(origin, destination)[-8:])
    return render(request, "guidance/mine.html", context)


@require_GET
def centres(request):
    kind = str(request.GET.get("kind", ""))
    kind = kind if kind in CentreKind.values else ""
    return render(request, "guidance/centres.html", {"centres": selectors.centre_directory(kind=kind), "kind": kind,
                                                     "kinds": CentreKind.choices})


CENTRE_FORM_FIELDS = ("name", "kind", "city", "serves", "hours", "phone", "email", "address", "accepts_referrals",
                      "is_active")


@require_perm("centre.manage")
@require_GET
def centres_manage(request):
    return render(request, "guidance/centres_manage.html", {"centres": selectors.centre_list_all()})


@require_perm("centre.manage")
@require_http_methods(["GET", "POST"])
def centre_edit(request, pk: int | None = None):
    """Add a centre to the directory (pk None) or change what it says, and give it its staff's organisation."""
    centre = selectors.centre_get(pk) if pk is not None else None
    initial = {}
    if centre is not None:
        initial = {field: getattr(centre, field) for field in CENTRE_FORM_FIELDS} | {
            "languages": list(centre.languages.all()), "organisation": centre.organisation}
    country = centre.country_id if centre is not None else node.identity().country
    form = CentreForm(request.POST or None, initial=initial, country=country, centre=centre)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {field: data[field] for field in CENTRE_FORM_FIELDS}
        try:
            if centre is None:
                is_active = fields.pop("is_active")
                centre = services.resource_centre_register(acting_user=request.user, country=country,
                                                           languages=data["languages"],
                                                           organisation=data["organisation"], **fields)
                if not is_active or data.get("open_account"):
                    centre = services.resource_centre_update(acting_user=request.user, centre=centre,
                                                             is_active=is_active,
                                                             open_account=bool(data.get("open_account")))
            else:
                centre = services.resource_centre_update(acting_user=request.user, centre=centre,
                                                         languages=data["languages"], organisation=data["organisation"],
                                                         open_account=bool(data.get("open_account")), **fields)
        except CorridorError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The resource centre is saved."))
            return redirect("guidance:centres-manage")
    return render(request, "guidance/centre_edit.html", {"form": form, "centre": centre},
                  status=422 if request.method == "POST" else 200)


@require_perm("referral.view")
@require_GET
def referrals(request):
    return render(request, "guidance/referrals.html", {"referrals": selectors.referral_list(user=request.user)[:200],
                                                       "may_refer": has_perm(request.user, "referral.make")})


def _form_errors(form, exc: CorridorError) -> None:
    form.add_error(None, exc.message)
    for where, problems in exc.fields.items():
        for problem in problems:
            form.add_error(where if where in form.fields else None, problem)


@require_perm("referral.make")
@require_http_methods(["GET", "POST"])
def referral_new(request):
    initial = {"subject_kind": request.GET.get("from", "case"), "subject_reference": request.GET.get("reference", "")}
    form = ReferralForm(request.POST or None, initial=initial, centres=selectors.centres_accepting())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_propose(
                acting_user=request.user, centre=data["centre"], subject_kind=data["subject_kind"],
                subject_reference=data["subject_reference"], need=data["need"], contact=data["contact"],
                worker_consents=data["worker_consents"])
        except CorridorError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The referral is sent to the centre."))
            return redirect("guidance:referral", reference=referral.reference)
    return render(request, "guidance/referral_new.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


@require_perm("referral.view")
@require_GET
def referral_detail(request, reference: str):
    referral = selectors.referral_get(user=request.user, reference=reference)
    return render(request, "guidance/referral.html", {
        "r": referral, "actions": lifecycle.available_actions(REFERRAL, referral, request.user),
        "close_form": ReferralCloseForm(), "events": referral.events.select_related("actor")})


@require_perm("referral.respond")
@require_POST
def referral_act(request, reference: str):
    referral = selectors.referral_get(user=request.user, reference=reference)
    action = request.POST.get("action", "")
    try:
        if action == "accept":
            services.referral_accept(acting_user=request.user, referral=referral)
        elif action == "close":
            form = ReferralCloseForm(request.POST)
            if not form.is_valid():
                raise InvalidInput(fields={"outcome": [_("Choose the outcome from the list.")]})
            services.referral_close(acting_user=request.user, referral=referral, outcome=form.cleaned_data["outcome"],
                                    note=form.cleaned_data["note"])
        else:
            raise InvalidInput()
    except CorridorError as exc:
        messages.error(request, exc.message)
    return redirect("guidance:referral", reference=referral.reference)
