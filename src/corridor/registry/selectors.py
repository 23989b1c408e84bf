"""Every read of the registry, scoped to what the acting user may see; the public verify and job board reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.core.errors import NotFound
from corridor.core.selectors import one
from corridor.registry import names
from corridor.registry.choices import EmployerStatus, HitStatus, JobOrderStatus, LicenceStatus, SubAgentStatus
from corridor.registry.models import (
    Agency,
    Employer,
    JobOrder,
    Licence,
    RecruiterBlock,
    SanctionProceeding,
    ScreeningHit,
    SubAgent,
    WatchlistEntry,
    active_watchlist_q,
)

COMMON_KEY_LIMIT = 300
CANDIDATES = 300  # owners read from the blocks, the heaviest first
RANKED = 150  # of those, the closest on a quick look, given the full name similarity
TRIGRAM_CANDIDATES = 50  # per table, best first
# pg_trgm's `%` threshold for verify (its default, 0.3, lets every name sharing "manpower" through: measured ten times
# slower at 50,000 rows); 0.6 kept the top-3 accuracy of the benchmark, as the skeleton blocks still meet the rest.
TRIGRAM_THRESHOLD = "0.6"
# A candidate from the blocks at least this close is taken as found: the trigram index is not asked (issue 12).
STRONG_MATCH = 90.0
SHOW_FROM = 70.0

# --- verify a recruiter (public) ------------------------------------------------------------------


@dataclass
class RecruiterStatus:
    code: str  # licensed, expired, suspended, cancelled, banned, applied, refused, revoked, not_found
    date: date | None
    safe: bool

    @property
    def message(self) -> str:
        d = self.date.isoformat() if self.date else ""
        return {
            "licensed": _("Licensed until %(date)s. This agency may recruit you. It may charge you only what the rules allow for your job, and for many jobs nothing."),
            "expired": _("The licence ended on %(date)s. Not allowed to recruit you now. Do not pay anything."),
            "suspended": _("Suspended until %(date)s. Not allowed to recruit you now. Do not pay anything."),
            "cancelled": _("Licence cancelled on %(date)s. Not allowed to recruit you. Do not pay anything."),
            "banned": _("Banned for good since %(date)s. Not allowed to recruit you. Do not pay anything, and report them."),
            "applied": _("Not licensed yet. Do not pay anything."),
            "refused": _("Not licensed: the licence was refused. Do not pay anything."),
            "revoked": _("No longer works for a licensed agency. Do not pay anything."),
            "not_found": _("Not found: not licensed. Do not pay anything."),
        }[self.code] % {"date": d}

    @property
    def staff_message(self) -> str:
        """The same status for staff pages: what it is, not what a worker should do."""
        d = self.date.isoformat() if self.date else ""
        return {
            "licensed": _("Licensed until %(date)s."),
            "expired": _("The licence ended on %(date)s."),
            "suspended": _("Suspended until %(date)s."),
            "cancelled": _("Licence cancelled on %(date)s."),
            "banned": _("Banned since %(date)s."),
            "applied": _("Not licensed yet: the application is open, or the licence is not in force yet."),
            "refused": _("The licence was refused."),
            "revoked": _("No longer works for a licensed agency."),
            "not_found": _("Not found in the registry."),
        }[self.code] % {"date": d}


def licence_status(licence: Licence | None) -> RecruiterStatus:
    if licence is None:
        return RecruiterStatus("not_found", None, False)
    if licence.status == LicenceStatus.ACTIVE:
        if licence.is_expired:
            return RecruiterStatus("expired", licence.valid_until, False)
        if licence.valid_from and licence.valid_from > timezone.localdate():
            return RecruiterStatus("applied", None, False)
        return RecruiterStatus("licensed", licence.valid_until, True)
    if licence.status == LicenceStatus.SUSPENDED:
        return RecruiterStatus("suspended", licence.suspended_until, False)
    if licence.status in (LicenceStatus.CANCELLED, LicenceStatus.BANNED):
        return RecruiterStatus(licence.status, licence.status_date, False)
    return RecruiterStatus(str(licence.status), None, False)


@dataclass
class RecruiterResult:
    kind: str  # agency or subagent
    name: str
    number: str  # licence number, or sub-agent number
    status: RecruiterStatus
    score: float
    agency: Agency
    subagent: SubAgent | None = None
    agency_status: RecruiterStatus | None = None  # for a sub-agent: the agency that answers for them


def _agency_result(agency: Agency, score: float) -> RecruiterResult:
    licence = agency.current_licence
    return RecruiterResult("agency", agency.name, (licence.number or "") if licence else "", licence_status(licence), score, agency)


def _subagent_result(subagent: SubAgent, score: float) -> RecruiterResult:
    agency_status = licence_status(subagent.agency.current_licence)
    status = agency_status if subagent.status == SubAgentStatus.ACTIVE else RecruiterStatus("revoked", None, False)
    return RecruiterResult("subagent", subagent.full_name, subagent.registration_number, status, score, subagent.agency,
                           subagent, agency_status)


def _licences():
    return Prefetch("licences", queryset=Licence.objects.order_by("-id"))


def _trigram_candidates(key: names.NameKey) -> list[tuple[str, int, str]]:
    """PostgreSQL: (kind, id, name) of the agencies and sub-agents whose normalised name is closest by trigrams,
    through the GIN indexes of migration registry 0005 (pg_trgm's `%` operator at TRIGRAM_THRESHOLD), best first."""
    query = key.key[:200]
    parts = []
    for kind, model, name in (("a", Agency, "name"), ("s", SubAgent, "full_name")):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT '{kind}', id, {name}, similarity(name_key, %s) AS score FROM {table} "
                     f"WHERE name_key %% %s ORDER BY score DESC LIMIT {TRIGRAM_CANDIDATES})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [TRIGRAM_THRESHOLD])
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 4 DESC", [query, query, query, query])
        return [(kind, pk, name) for kind, pk, name, _score in cursor.fetchall()]


def recruiter_candidates(key: names.NameKey) -> list[tuple[str, int, str]]:
    """(kind, id, name) of the agencies ("a") and sub-agents ("s") sharing block keys with the name, the most
    telling first; one query on both databases (issue 12).

    Every block key is read, each with its own LIMIT, so that a common key (more than COMMON_KEY_LIMIT names) costs
    no more than that many index entries (the index holds the owners: an index-only read) and counts for nothing.
    Each owner is weighed by the keys it shares, a key counting more the fewer names it has (one name in a block of
    three says more than one in a block of three hundred), and the database returns the CANDIDATES heaviest with
    their names. Only when no key is rare are the names of the first common key taken instead.
    """
    wanted = sorted(names.block_keys(key))
    if not wanted:
        return []
    quote = connection.ops.quote_name
    table = quote(RecruiterBlock._meta.db_table)
    agencies, subagents = quote(Agency._meta.db_table), quote(SubAgent._meta.db_table)
    if connection.vendor == "postgresql":  # one lateral read per key: the plan does not grow with the keys
        each, params = (f"SELECT k.key, b.agency_id, b.subagent_id FROM unnest(%s::varchar[]) AS k(key) CROSS JOIN "
                        f"LATERAL (SELECT agency_id, subagent_id FROM {table} WHERE key = k.key "
                        f"LIMIT {COMMON_KEY_LIMIT + 1}) AS b"), [wanted]
    else:
        each, params = " UNION ALL ".join(f"SELECT * FROM (SELECT key, agency_id, subagent_id FROM {table} WHERE key = %s "
                                          f"LIMIT {COMMON_KEY_LIMIT + 1}) AS b{i}" for i in range(len(wanted))), wanted
    sql = (f"WITH b AS ({each}), counted AS (SELECT key, COUNT(*) AS n FROM b GROUP BY key), "
           f"best AS (SELECT b.agency_id, b.subagent_id, SUM(CAST(1 AS DOUBLE PRECISION) / counted.n) AS weight FROM b "
           f"JOIN counted ON counted.key = b.key WHERE counted.n <= {COMMON_KEY_LIMIT} "
           f"GROUP BY b.agency_id, b.subagent_id ORDER BY weight DESC, b.agency_id, b.subagent_id LIMIT {CANDIDATES}) "
           f"SELECT best.agency_id, best.subagent_id, best.weight, COALESCE(a.name, s.full_name), "
           f"COALESCE(a.name_key, s.name_key), '' FROM best "
           f"LEFT JOIN {agencies} AS a ON a.id = best.agency_id LEFT JOIN {subagents} AS s ON s.id = best.subagent_id "
           f"UNION ALL SELECT NULL, NULL, 0, '', '', key FROM counted WHERE n > {COMMON_KEY_LIMIT}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    best = sorted((row for row in rows if not row[5]), key=lambda row: (-row[2], row[0] or 0, row[1] or 0))
    common = sorted(row[5] for row in rows if row[5])
    if best or not common:
        return _closest(key, [(("a", a, name) if a else ("s", s, name), stored) for a, s, _weight, name, stored, _c in best])
    first = RecruiterBlock.objects.filter(key=common[0]).select_related("agency", "subagent")[:CANDIDATES]
    return [("a", b.agency_id, b.agency.name) if b.agency_id else ("s", b.subagent_id, b.subagent.full_name) for b in first]


def _closest(key: names.NameKey, found: list[tuple[tuple[str, int, str], str]]) -> list[tuple[str, int, str]]:
    """The RANKED candidates whose names are closest to the query on a quick look (rapidfuzz on the stored
    normalised name, and on the name written together in its order), in that order, when there are more: only
    those are given the full `names.similarity`, which needs each name's key worked out anew."""
    if len(found) <= RANKED:
        return [owner for owner, _stored in found]
    sorted_form = process.cdist([key.key], [stored for _owner, stored in found], scorer=fuzz.ratio, workers=1)[0]
    in_order = process.cdist([key.joined], ["".join(ch for ch in name.casefold() if ch.isalnum()) for (_k, _p, name), _s in found],
                             scorer=fuzz.ratio, workers=1)[0]
    quick = np.maximum(sorted_form, in_order)
    keep = sorted(range(len(found)), key=lambda i: -quick[i])[:RANKED]
    return [found[i][0] for i in keep]


def _ranked(key: names.NameKey, found: list[tuple[str, int, str]]) -> list[tuple[str, int, float]]:
    """(kind, id, name similarity) of the candidates (kind, id, name), on their names alone."""
    scores = names.similarities(key, [names.name_key(name) for _kind, _pk, name in found], partial=True)
    return [(kind, pk, score) for (kind, pk, _name), score in zip(found, scores, strict=True)]


def verify_recruiters(*, query: str, limit: int = 10) -> list[RecruiterResult]:
    """Public: agencies and sub-agents by name (tolerant) or by licence or sub-agent number (exact).

    Candidates come from the block table on both databases. On PostgreSQL, for a name of one or two words when none
    of them is a close match (STRONG_MATCH), the trigram index (migration registry 0005) is asked as well, and its
    candidates are ranked the same way. A name of three words or more is filed without each of its words in turn
    (`names.block_keys`), so its blocks meet a misspelling of any one word; issue 12: at 2,000,000 names the trigram
    query costs five to ten times all the rest, and for such names it found nothing more.
    """
    query = (query or "").strip()[:100]
    if not query:
        return []
    results: list[RecruiterResult] = []
    if names.looks_like_identifier(query):
        number = names.normalise_identifier(query)
        agencies = Agency.objects.filter(licences__number_key=number).prefetch_related(_licences()).distinct()[:limit]
        results += [_agency_result(a, 100.0) for a in agencies]
        subagents = SubAgent.objects.filter(registration_key=number).select_related("agency").prefetch_related(
            Prefetch("agency__licences", queryset=Licence.objects.order_by("-id")))[:limit]
        results += [_subagent_result(s, 100.0) for s in subagents]
        if results:
            return results[:limit]
    key = names.name_key(query)
    if not key:
        return []
    scored = _ranked(key, recruiter_candidates(key))
    if (connection.vendor == "postgresql" and len(key.tokens) < 3
            and max((item[2] for item in scored), default=0.0) < STRONG_MATCH):
        seen = {(kind, pk) for kind, pk, _score in scored}
        scored += _ranked(key, [owner for owner in _trigram_candidates(key) if owner[:2] not in seen])
    best = sorted((item for item in scored if item[2] >= SHOW_FROM), key=lambda item: -item[2])[:limit]
    scores = {(kind, pk): score for kind, pk, score in best}
    if any(kind == "a" for kind, _pk, _s in best):
        for agency in Agency.objects.filter(pk__in=[pk for kind, pk, _s in best if kind == "a"]).prefetch_related(_licences()):
            results.append(_agency_result(agency, scores[("a", agency.pk)]))
    if any(kind == "s" for kind, _pk, _s in best):
        subagents = SubAgent.objects.filter(pk__in=[pk for kind, pk, _s in best if kind == "s"]).select_related(
            "agency").prefetch_related(Prefetch("agency__licences", queryset=Licence.objects.order_by("-id")))
        for subagent in subagents:
            results.append(_subagent_result(subagent, scores[("s", subagent.pk)]))
    results.sort(key=lambda r: (-r.score, r.name))
    return results[:limit]


# --- the public job board -------------------------------------------------------------------------


def job_board(*, country: str = "", occupation: str = "", language: str = "") -> QuerySet[JobOrder]:
    """Approved, open orders of an agency licensed today and a verified employer, neither on a watchlist."""
    today = timezone.localdate()
    in_force = Licence.objects.filter(agency=OuterRef("agency"), status=LicenceStatus.ACTIVE, valid_from__lte=today,
                                      valid_until__gte=today)
    active_entries = WatchlistEntry.objects.filter(active_watchlist_q(today))
    listed_employer = active_entries.filter(employer=OuterRef("employer"))
    listed_agency = active_entries.filter(agency=OuterRef("agency"))
    confirmed = ScreeningHit.objects.filter(status=HitStatus.CONFIRMED, entry__in=active_entries)
    orders = (
        JobOrder.objects.filter(status=JobOrderStatus.APPROVED, expires_on__gte=today, employer__status=EmployerStatus.VERIFIED)
        .filter(Exists(in_force))
        .exclude(Exists(listed_employer)).exclude(Exists(listed_agency))
        .exclude(Exists(confirmed.filter(employer=OuterRef("employer"))))
        .exclude(Exists(confirmed.filter(agency=OuterRef("agency"))))
        .select_related("employer", "agency", "occupation", "country", "wage_currency")
        .prefetch_related("languages", Prefetch("agency__licences", queryset=Licence.objects.order_by("-id")))
        .order_by("-created_at", "-id")
    )
    if country:
        orders = orders.filter(country_id=country.upper())
    if occupation:
        orders = orders.filter(occupation__code__startswith=occupation)
    if language:
        orders = orders.filter(languages__code=language)
    return orders


def job_board_get(*, reference: str) -> JobOrder:
    return one(job_board().filter(reference=reference))


# --- staff reads ----------------------------------------------------------------------------------


def agency_scope(user) -> QuerySet[Agency]:
    agencies = Agency.objects.all()
    if not has_perm(user, "agency.view"):
        return agencies.none()
    if user.role == Role.AGENCY_STAFF:
        return agencies.filter(organisation_id=user.organisation_id)
    return agencies


def agency_list(*, user, query: str = "", status: str = "") -> QuerySet[Agency]:
    agencies = agency_scope(user).select_related("organisation").prefetch_related(_licences())
    if query.strip():
        key = names.name_key(query).key
        agencies = agencies.filter(Q(name_key__contains=key) | Q(name__icontains=query.strip()) |
                                   Q(licences__number_key=names.normalise_identifier(query))).distinct()
    if status:
        agencies = agencies.filter(licences__status=status).distinct()
    return agencies


def agency_get(*, user, agency_id: int) -> Agency:
    agency = (agency_scope(user).select_related("organisation", "bond_currency")
              .prefetch_related("owners__nationality", "branches", _licences()).filter(pk=agency_id).first())
    if agency is None:
        raise NotFound()
    return agency


def licence_get(*, user, licence_id: int) -> Licence:
    return one(Licence.objects.filter(agency__in=agency_scope(user), pk=licence_id).select_related("agency"))


def subagent_list(*, user, agency: Agency) -> QuerySet[SubAgent]:
    return SubAgent.objects.filter(agency__in=agency_scope(user), agency=agency)


def employer_scope(user) -> QuerySet[Employer]:
    employers = Employer.objects.all()
    if not has_perm(user, "employer.view"):
        return employers.none()
    if user.role == Role.EMPLOYER_STAFF:
        return employers.filter(organisation_id=user.organisation_id)
    if user.role == Role.AGENCY_STAFF:
        # Agencies place orders for verified employers and see those they already work with.
        agency_org = user.organisation_id
        return employers.filter(Q(status=EmployerStatus.VERIFIED) | Q(job_orders__agency__organisation_id=agency_org)).distinct()
    if user.role == Role.CONSULAR_ATTACHE and user.organisation_id:
        return employers.filter(country_id=user.organisation.post_country_id)
    return employers


def employer_list(*, user, query: str = "", status: str = "") -> QuerySet[Employer]:
    employers = employer_scope(user).select_related("country", "principal")
    if query.strip():
        employers = employers.filter(Q(name_key__contains=names.name_key(query).key) | Q(name__icontains=query.strip()))
    if status:
        employers = employers.filter(status=status)
    return employers


def employer_get(*, user, employer_id: int) -> Employer:
    return one(employer_scope(user).select_related("country", "principal", "organisation").filter(pk=employer_id))


def job_order_scope(user) -> QuerySet[JobOrder]:
    orders = JobOrder.objects.all()
    if not has_perm(user, "job_order.view"):
        return orders.none()
    if user.role == Role.AGENCY_STAFF:
        return orders.filter(agency__organisation_id=user.organisation_id)
    if user.role == Role.EMPLOYER_STAFF:
        return orders.filter(employer__organisation_id=user.organisation_id)
    if user.role == Role.CONSULAR_ATTACHE and user.organisation_id:
        return orders.filter(country_id=user.organisation.post_country_id)
    return orders


def job_order_list(*, user, status: str = "") -> QuerySet[JobOrder]:
    orders = job_order_scope(user).select_related("employer", "agency", "occupation", "country")
    if status:
        orders = orders.filter(status=status)
    return orders


def job_order_get(*, user, job_order_id: int) -> JobOrder:
    order = (job_order_scope(user).select_related("employer", "agency", "occupation", "country", "wage_currency")
             .prefetch_related("languages", "events").filter(pk=job_order_id).first())
    if order is None:
        raise NotFound()
    return order


def watchlist_list(*, user, query: str = "", active_only: bool = False) -> QuerySet[WatchlistEntry]:
    if not has_perm(user, "watchlist.view"):
        return WatchlistEntry.objects.none()
    entries = WatchlistEntry.objects.select_related("country", "entered_by")
    if query.strip():
        entries = entries.filter(Q(name_key__contains=names.name_key(query).key) | Q(name__icontains=query.strip()))
    if active_only:
        entries = entries.filter(active_watchlist_q())
    return entries


def watchlist_get(*, user, entry_id: int) -> WatchlistEntry:
    return one(watchlist_list(user=user).filter(pk=entry_id))


def hit_queue(*, user, status: str = HitStatus.PENDING) -> QuerySet[ScreeningHit]:
    if not has_perm(user, "screening.review"):
        return ScreeningHit.objects.none()
    return ScreeningHit.objects.filter(status=status).select_related("entry", "employer", "agency", "subagent", "job_order")


def hit_get(*, user, hit_id: int) -> ScreeningHit:
    """A possible match waiting for review, for a user who reviews them; otherwise "not found"."""
    return one(hit_queue(user=user).filter(pk=hit_id))


def proceeding_get(*, user, proceeding_id: int) -> SanctionProceeding:
    proceeding = (SanctionProceeding.objects.filter(pk=proceeding_id, licence__agency__in=agency_scope(user))
                  .select_related("licence").first())
    if proceeding is None:
        raise NotFound()
    return proceeding


def job_order_agency_get(*, user, agency_id: int) -> Agency:
    """The agency a job order is placed through: agency staff name only their own agency; employer staff and officers
    any agency (the register of agencies is public). Anything else is "not found"."""
    agencies = Agency.objects.select_related("organisation")
    if not has_perm(user, "job_order.create"):
        raise NotFound()
    if user.role == Role.AGENCY_STAFF:
        agencies = agencies.filter(organisation_id=user.organisation_id)
    return one(agencies.filter(pk=agency_id))


# --- for other apps' subscribers to registry events, acting for the node (no user's scope) ----------


def licence_by_id(licence_id: int) -> Licence | None:
    return Licence.objects.select_related("agency").filter(pk=licence_id).first()


def employer_by_id(employer_id: int) -> Employer | None:
    return Employer.objects.filter(pk=employer_id).first()


def agency_by_id(agency_id: int) -> Agency | None:
    return Agency.objects.filter(pk=agency_id).first()


def watchlist_entry_by_id(entry_id: int) -> WatchlistEntry | None:
    return WatchlistEntry.objects.filter(pk=entry_id).first()


def employer_for_organisation(organisation) -> Employer | None:
    return Employer.objects.filter(organisation=organisation).first()


def agency_for_organisation(organisation) -> Agency | None:
    return Agency.objects.filter(organisation=organisation).first()


def party_by_exact_name(kind: str, name: str):
    """The one employer, agency or sub-agent (`kind`) whose name key is exactly the name's; None if absent or ambiguous."""
    model = {"employer": Employer, "agency": Agency, "subagent": SubAgent}[kind]
    key = names.name_key(name).key[:200] if name else ""
    matches = list(model.objects.filter(name_key=key)[:2]) if key else []
    return matches[0] if len(matches) == 1 else None


def employer_by_registration(country: str, number: str) -> Employer | None:
    """The employer of `country` with this registration number, as a salary file writes it (zero-padded or not)."""
    key = names.normalise_identifier(number or "")
    if not key:
        return None
    bare = key.lstrip("0") or "0"
    candidates = {key, bare, bare.rjust(13, "0")}
    return Employer.objects.filter(country_id=(country or "").upper(), registration_key__in=candidates).order_by("id").first()


def employer_wage_records(employer: Employer):
    """The employer's wage compliance record, month by month (fed by the wages app's reconciliations)."""
    return employer.wage_records.order_by("-period", "currency")[:24]


def agency_in_good_standing(agency: Agency) -> bool:
    """Licensed today and on no active watchlist (ours or a peer's, entered or confirmed by screening): what the job
    board asks of an agency, for one agency (voice: only such agencies see workers' profiles)."""
    if agency is None or not licence_status(agency.current_licence).safe:
        return False
    active_entries = WatchlistEntry.objects.filter(active_watchlist_q())
    if active_entries.filter(agency=agency).exists():
        return False
    return not ScreeningHit.objects.filter(status=HitStatus.CONFIRMED, entry__in=active_entries, agency=agency).exists()


def subagent_by_id(subagent_id: int) -> SubAgent | None:
    return SubAgent.objects.select_related("agency").filter(pk=subagent_id).first()
