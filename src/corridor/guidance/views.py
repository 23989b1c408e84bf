"""Guidance pages: know before you go (public), the worker's own corridor, resource centres and referrals."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from corridor.core import names, node
from corridor.core.languages import shipped
from corridor.core.views import require_perm
from corridor.guidance import errors, selectors


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
        context.update(summary=selectors.remittance_summary(origin, destination), destination=destination, isco=isco,
                       series=selectors.remittance_costs(origin, destination)[-8:])
    return render(request, "guidance/mine.html", context)
