"""Template tags of the voice app: workers' ratings beside a licence status (loaded by registry's verify and job
board templates, which must not import voice: the dependency stays in the template, one level up), and the
explanation of a match in the reader's language."""

from django import template
from django.utils.translation import gettext as _

from corridor.core.names import country_name, language_name
from corridor.voice import selectors
from corridor.voice.choices import PUBLICATION_THRESHOLD, PartyKind

register = template.Library()


@register.simple_tag
def party_ratings(items) -> dict:
    """The summaries of every agency, sub-agent and employer named by `items` (verify results or job orders), in
    one query per kind: {"agency": {id: Summary}, "subagent": {...}, "employer": {...}}. One job order will do."""
    if hasattr(items, "pk"):
        items = [items]
    ids = {PartyKind.AGENCY: set(), PartyKind.SUBAGENT: set(), PartyKind.EMPLOYER: set()}
    for item in items or ():
        for kind in ids:
            party = getattr(item, kind, None)
            if party is not None:
                ids[kind].add(party.pk)
    return {str(kind): selectors.summaries(kind, found) for kind, found in ids.items()}


@register.inclusion_tag("voice/_rating.html")
def rating_line(ratings, kind, party_id):
    """One party's ratings with the number of reviews (published past the threshold), and a link to them."""
    found = (ratings or {}).get(kind, {}).get(party_id) or selectors.Summary()
    return {"summary": found, "kind": kind, "party_id": party_id, "threshold": PUBLICATION_THRESHOLD}


@register.simple_tag
def explanation(requirements) -> list[tuple[bool, str]]:
    """(met, sentence) for each requirement of a match (a Match, or the list kept with an application)."""
    rows = requirements.as_list() if hasattr(requirements, "as_list") else (requirements or [])
    lines = []
    for r in rows:
        key, met, detail = r["key"], r["met"], [str(d) for d in r.get("detail", [])]
        joined = ", ".join(d for d in detail if d)
        if key == "occupation":
            text = (_("A related occupation (ISCO-08 %(code)s)") if r.get("partial")
                    else _("Your occupation (ISCO-08 %(code)s)")) % {"code": joined}
        elif key == "destination":
            text = _("A country you want: %(country)s") % {"country": country_name(joined) or joined}
        elif key == "language":
            joined = ", ".join(language_name(d) or d for d in detail if d)
            text = ((_("A language you speak: %(languages)s") if joined else _("No language is asked"))
                    if met else _("It asks for a language you did not list: %(languages)s")) % {"languages": joined}
        elif key == "start":
            text = (_("It starts when you can go") if met
                    else _("It starts on %(date)s, before the date you can go") % {"date": joined})
        elif key == "skills":
            text = (_("Your skills in the job title: %(skills)s") % {"skills": joined} if met
                    else _("None of your skills is named in the job title"))
        else:
            continue
        lines.append((bool(met), text))
    return lines
