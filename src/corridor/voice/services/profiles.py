"""A worker's job profile: kept by the worker, shown to licensed agencies only while the worker consents."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from corridor.core import audit, lifecycle
from corridor.voice import errors, selectors
from corridor.voice.models import WorkerProfile


def profile_save(*, acting_user, occupations, languages, earliest_start: dt.date, skills: str = "",
                 experience_years: int = 0, destinations=(), consent: bool = False) -> WorkerProfile:
    """Create or change the worker's own profile. `occupations` (ISCO-08 unit groups), `languages` and
    `destinations` are core reference records; consent given now is stamped, consent taken back removes the
    profile from every agency's view at once (the selectors read `consent`)."""
    lifecycle.require(acting_user, "profile.keep", system=False)
    worker = selectors.worker_of(acting_user)
    if worker is None:
        raise errors.NoProfile()
    problems = {}
    occupations, languages, destinations = list(occupations), list(languages), list(destinations)
    if not occupations or any(getattr(o, "level", 4) != 4 for o in occupations):
        problems["occupations"] = ["Choose at least one occupation (ISCO-08 unit group)."]
    if not languages:
        problems["languages"] = ["Choose at least one language."]
    if experience_years is None or not 0 <= int(experience_years) <= 80:
        problems["experience_years"] = ["From 0 to 80 years."]
    if earliest_start is None:
        problems["earliest_start"] = ["Say from when you can go."]
    if problems:
        raise errors.ProfileInvalid(fields=problems)
    now = timezone.now()
    with transaction.atomic():
        profile = WorkerProfile.objects.select_for_update().filter(worker=worker).first()
        was = bool(profile and profile.consent)
        if profile is None:
            profile = WorkerProfile(worker=worker)
        profile.skills = (skills or "").strip()[:500]
        profile.experience_years = int(experience_years)
        profile.earliest_start = earliest_start
        profile.consent = bool(consent)
        if consent and not was:
            profile.consented_at, profile.withdrawn_at = now, None
        if was and not consent:
            profile.withdrawn_at = now
        profile.save()
        profile.occupations.set(occupations)
        profile.languages.set(languages)
        profile.destinations.set(destinations)
        audit.record(actor=acting_user, action="profile.save", target=profile,
                     detail={"consent": profile.consent, "occupations": sorted(o.pk for o in occupations)})
    return profile


def profile_consent_withdraw(*, acting_user) -> WorkerProfile:
    """The worker takes back consent: no agency sees the profile from this moment."""
    lifecycle.require(acting_user, "profile.keep", system=False)
    worker = selectors.worker_of(acting_user)
    with transaction.atomic():
        profile = WorkerProfile.objects.select_for_update().filter(worker=worker).first() if worker else None
        if profile is None:
            raise errors.NoProfile()
        if profile.consent:
            profile.consent, profile.withdrawn_at = False, timezone.now()
            profile.save(update_fields=["consent", "withdrawn_at", "updated_at"])
            audit.record(actor=acting_user, action="profile.consent_withdrawn", target=profile)
    return profile
