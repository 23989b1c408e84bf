"""Pages of the voice app: a worker's reviews, the public reviews of a party, moderation, the agency's answers; a
worker's job profile, matches and applications; an agency's candidates and applications. The fee ban is on every
page of the way from a match to an application."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core.errors import CorridorError, NotFound, PermissionDenied
from corridor.core.views import form_refusal, form_submit, require_perm
from corridor.rules.guidance import fee_sentences
from corridor.voice import selectors, services
from corridor.voice.choices import PUBLICATION_THRESHOLD, PartyKind, Stage
from corridor.voice.forms import AnswerForm, HideForm, ProfileForm, ReviewForm


def _fail(form, exc: CorridorError) -> None:
    form_refusal(form, exc, hide_missing=True)


def _status(form) -> int:
    return 409 if form.non_field_errors() else 422


def _language() -> str:
    return (get_language() or "en").split("-")[0]


# --- reviews -----------------------------------------------------------------------------------------------------


@require_perm("review.write")
@require_GET
def reviews(request):
    items = selectors.reviewable(user=request.user)
    return render(request, "voice/reviews.html", {"items": items, "threshold": PUBLICATION_THRESHOLD})


def _complaint_link(item) -> str:
    """The complaint form, prefilled with the party and the country of work (never the comment: a URL is logged)."""
    field = {PartyKind.AGENCY: "agency_name", PartyKind.SUBAGENT: "sub_agent_name", PartyKind.EMPLOYER: "employer_name"}
    query = {field[PartyKind(item.kind)]: item.name, "country_where": item.clearance.destination_id}
    return f"{reverse('cases:complaint-new')}?{urlencode(query)}"


@require_perm("review.write")
@require_http_methods(["GET", "POST"])
def review_new(request, reference, stage, kind, party_id):
    if stage not in Stage.values or kind not in PartyKind.values:
        raise Http404()
    try:
        item = selectors.reviewable_get(user=request.user, reference=reference, stage=stage, kind=kind, party_id=party_id)
    except CorridorError as exc:
        raise Http404() from exc
    form = ReviewForm(request.POST or None, language=_language())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review = services.review_write(acting_user=request.user, reference=reference, stage=stage, kind=kind,
                                               party_id=party_id, ratings=form.ratings(),
                                               comment=form.cleaned_data["comment"],
                                               language=form.cleaned_data["language"])
            except CorridorError as exc:
                _fail(form, exc)
            else:
                comment = getattr(review, "comment", None)
                return render(request, "voice/review_done.html", {
                    "item": item, "alleges_crime": bool(comment and comment.alleges_crime),
                    "complaint_link": _complaint_link(item), "threshold": PUBLICATION_THRESHOLD})
        status = _status(form) if form.non_field_errors() else 422
    return render(request, "voice/review_form.html", {"form": form, "item": item, "threshold": PUBLICATION_THRESHOLD},
                  status=status)


@require_GET
def party_reviews(request, kind, party_id):
    """Public: a party's published reviews, or only that there are not enough yet."""
    if kind not in PartyKind.values:
        raise Http404()
    try:
        party = selectors.party_get(kind, party_id)
    except CorridorError as exc:
        raise Http404() from exc
    found, shown = selectors.published_reviews(kind, party_id)
    name = getattr(party, "name", None) or party.full_name
    return render(request, "voice/party_reviews.html", {"party": party, "name": name, "kind": kind, "summary": found,
                                                        "reviews": shown, "threshold": PUBLICATION_THRESHOLD})


@require_perm("review.moderate")
@require_GET
def moderation(request):
    comments = list(selectors.moderation_queue(user=request.user)[:200])
    comments.sort(key=lambda c: not c.alleges_crime)
    return render(request, "voice/moderation.html", {"comments": comments, "form": HideForm()})


@require_perm("review.moderate")
@require_POST
def comment_hide(request, comment_id):
    try:
        comment = selectors.comment_get(user=request.user, comment_id=comment_id)
    except CorridorError as exc:
        raise Http404() from exc
    return form_submit(request, HideForm(request.POST),
                       lambda data: services.comment_hide(acting_user=request.user, comment=comment,
                                                          reason_code=data["reason_code"], note=data["note"]),
                       done=_("The comment is hidden. Its ratings stay published."), to=("voice:moderation",),
                       status=_status, hide_missing=True,
                       page=lambda form: ("voice/moderation.html", {
                           "comments": list(selectors.moderation_queue(user=request.user)[:200]), "form": form,
                           "failed": comment.pk}))


@require_perm("review.answer")
@require_GET
def agency_reviews(request):
    return render(request, "voice/agency_reviews.html", {"reviews": selectors.agency_reviews(user=request.user),
                                                         "form": AnswerForm(), "threshold": PUBLICATION_THRESHOLD})


@require_perm("review.answer")
@require_POST
def review_answer(request, review_id):
    try:
        selectors.answerable_review_get(user=request.user, review_id=review_id)
    except CorridorError as exc:
        raise Http404() from exc
    return form_submit(request, AnswerForm(request.POST),
                       lambda data: services.review_answer(acting_user=request.user, review_id=review_id,
                                                           text=data["text"]),
                       done=_("Your answer is published under the review."), to=("voice:agency-reviews",),
                       status=_status, hide_missing=True,
                       page=lambda form: ("voice/agency_reviews.html", {
                           "reviews": selectors.agency_reviews(user=request.user), "form": form, "failed": review_id,
                           "threshold": PUBLICATION_THRESHOLD}))


# --- profile, matches, applications ------------------------------------------------------------------------------


def _profile_initial(profile) -> dict:
    if profile is None:
        return {"earliest_start": timezone.localdate()}
    return {"occupations": list(profile.occupations.all()), "skills": profile.skills,
            "languages": list(profile.languages.all()), "experience_years": profile.experience_years,
            "destinations": list(profile.destinations.all()), "earliest_start": profile.earliest_start,
            "consent": profile.consent}


@require_perm("profile.keep")
@require_http_methods(["GET", "POST"])
def profile(request):
    current = selectors.my_profile(user=request.user)
    form = ProfileForm(request.POST or None, initial=_profile_initial(current))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.profile_save(acting_user=request.user, **form.cleaned_data)
            except CorridorError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Your job profile is saved."))
                return redirect("voice:matches")
        status = 422
    return render(request, "voice/profile.html", {"form": form, "profile": current}, status=status)


@require_perm("profile.keep")
@require_POST
def profile_withdraw(request):
    try:
        services.profile_consent_withdraw(acting_user=request.user)
    except CorridorError as exc:
        raise Http404() from exc
    messages.success(request, _("No agency can see your profile any more."))
    return redirect("voice:profile")


@require_perm("profile.keep")
@require_GET
def matches(request):
    profile = selectors.my_profile(user=request.user)
    found = selectors.my_matches(user=request.user) if profile else []
    return render(request, "voice/matches.html", {"profile": profile, "matches": found,
                                                  "orders": [order for order, _match in found]})


def _fee_lines(order) -> list[dict]:
    origin = settings.CORRIDOR_COUNTRY.upper()
    if not origin or origin == order.country_id:
        return []
    sector = ((order.offered_terms or {}).get("job") or {}).get("sector")
    return fee_sentences(origin, order.country_id, sector, timezone.localdate(), lang=get_language())


@require_perm("application.create")
@require_http_methods(["GET", "POST"])
def apply(request, reference):
    try:
        order = selectors.matchable_order_get(reference=reference)
    except CorridorError as exc:
        raise Http404() from exc
    error = None
    if request.method == "POST":
        try:
            application = services.application_submit(acting_user=request.user, reference=reference)
        except CorridorError as exc:
            if isinstance(exc, NotFound | PermissionDenied) and exc.code != "voice.no_profile":
                raise Http404() from exc
            error = exc
        else:
            return render(request, "voice/applied.html", {"order": order, "application": application,
                                                          "fee_lines": _fee_lines(order)})
    match = selectors.match_for(user=request.user, order=order)
    return render(request, "voice/apply.html", {"order": order, "match": match, "error": error,
                                                "fee_lines": _fee_lines(order)},
                  status=error.status if error else 200)


@require_perm("application.view")
@require_GET
def applications(request):
    return render(request, "voice/applications.html",
                  {"applications": selectors.application_list(user=request.user)[:200]})


@require_perm("application.create")
@require_POST
def application_withdraw(request, application_id):
    try:
        application = selectors.application_get(user=request.user, application_id=application_id)
        services.application_withdraw(acting_user=request.user, application=application)
    except CorridorError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise Http404() from exc
        messages.error(request, exc.message)
        return redirect("voice:applications")
    messages.success(request, _("Your application is withdrawn."))
    return redirect("voice:applications")


@require_perm("profile.search")
@require_GET
def candidates(request):
    agency = selectors.searching_agency(request.user)
    return render(request, "voice/candidates.html", {
        "agency": agency, "orders": selectors.candidate_orders(user=request.user),
        "applications": selectors.application_list(user=request.user)[:200]})


@require_perm("profile.search")
@require_GET
def candidate_list(request, job_order_id):
    try:
        order, found = selectors.candidates(user=request.user, job_order_id=job_order_id)
    except CorridorError as exc:
        raise Http404() from exc
    return render(request, "voice/candidate_list.html", {"order": order, "candidates": found})
