"""Matching: each match explained; only job orders on the board whose terms pass the contract check; profiles only
for agencies in good standing and only while the worker consents; one-step applications seen by the agency."""

import datetime as dt
import json
import random

import pytest
from django.urls import reverse

from corridor.contracts.selectors import terms_pass_check
from corridor.voice import errors, matching, selectors, services
from corridor.voice.models import Application
from tests.factories.accounts import UserFactory, WorkerUserFactory, signed_in_client, verified
from tests.factories.registry import AgencyFactory, JobOrderFactory
from tests.factories.voice import CONTRACT_FILE, corridor, profile

FEE_BAN = "No fee to apply."


def _features(**kw):
    base = {"key": 1, "occupation": "9111", "country": "SA", "languages": frozenset({"en"}),
            "starts_on": dt.date(2026, 12, 1), "title_words": matching.words("Household service worker")}
    return matching.JobFeatures(**{**base, **kw})


def _profile(**kw):
    base = {"key": 7, "occupations": frozenset({"9111"}), "destinations": frozenset({"SA"}),
            "languages": frozenset({"en", "tl"}), "earliest_start": dt.date(2026, 11, 1),
            "skills": matching.words("household, cooking")}
    return matching.ProfileFeatures(**{**base, **kw})


def test_a_match_says_which_requirements_are_met_and_which_not():
    full = matching.explain(_profile(), _features())
    assert full.score == 100 and all(r.met for r in full.requirements)
    partial = matching.explain(_profile(occupations=frozenset({"9112"}), languages=frozenset({"ne"}),
                                        earliest_start=dt.date(2027, 1, 1), skills=frozenset({"welding"})), _features())
    assert {r.key: r.met for r in partial.requirements} == {
        "occupation": True, "destination": True, "language": False, "start": False, "skills": False}
    assert partial.requirements[0].partial and partial.score == 20 + 25
    assert matching.explain(_profile(occupations=frozenset({"7212"})), _features()) is None  # another occupation
    assert matching.explain(_profile(destinations=frozenset({"AE"})), _features()) is None  # a country not wanted
    assert matching.explain(_profile(destinations=frozenset()), _features()).score == 100  # any country


def _random_corridor(seed: int, jobs: int = 400, profiles: int = 60):
    """Job orders and profiles with every case the indexes must get right: ties, job orders without a start date or
    without languages, workers without an earliest date or who take any country, and more than 64 title words."""
    rng = random.Random(seed)
    codes, countries = ["9111", "9112", "5322", "7212", "7213", "9113"], ["SA", "AE", "QA"]
    langs = ["en", "ar", "tl", "ne", "hi"]
    vocabulary = ["household", "cook", "welder", "elderly", "cleaner"] + [f"word{i}" for i in range(90)]
    found_jobs = [_features(key=f"J{i}", occupation=rng.choice(codes), country=rng.choice(countries),
                            languages=frozenset(rng.sample(langs, rng.randint(0, 2))),
                            starts_on=None if rng.random() < 0.2 else dt.date(2026, 11, 1) + dt.timedelta(days=rng.randint(0, 90)),
                            title_words=frozenset(rng.sample(vocabulary, rng.randint(1, 3)))) for i in range(jobs)]
    found_profiles = [_profile(key=f"P{n}", occupations=frozenset(rng.sample(codes, rng.randint(1, 3))),
                               destinations=frozenset() if rng.random() < 0.3 else frozenset(rng.sample(countries, 2)),
                               languages=frozenset(rng.sample(langs, rng.randint(0, 2))),
                               earliest_start=None if rng.random() < 0.2 else dt.date(2026, 11, 1) + dt.timedelta(days=rng.randint(0, 90)),
                               skills=frozenset(rng.sample(vocabulary, rng.randint(0, 4)) + ["notaword"]))
                      for n in range(profiles)]
    return found_jobs, found_profiles


def test_the_index_finds_what_the_explanation_finds_in_the_same_order():
    jobs, profiles = _random_corridor(5)
    index = matching.MatchIndex(jobs)
    assert index.word_bits.shape[0] == 2  # more than 64 words: two blocks, no hashing
    for p in profiles:
        expected = [(m.job, m.score) for m in matching.best_jobs(p, jobs, limit=20)]
        assert [(jobs[i].key, score) for i, score in index.top(p, 20)] == expected


def test_matching_many_workers_at_once_gives_each_what_matching_one_gives():
    jobs, profiles = _random_corridor(6, profiles=80)
    index = matching.MatchIndex(jobs)
    index.cells = 500  # several matrices per bucket, as at national scale
    starts, rows, scores = index.top_many(profiles, 20)
    for i, p in enumerate(profiles):
        many = list(zip(rows[starts[i]:starts[i + 1]].tolist(), scores[starts[i]:starts[i + 1]].tolist(), strict=True))
        assert many == index.top(p, 20)
    assert starts[-1] == sum(len(index.top(p, 20)) for p in profiles) > 0
    empty = index.top_many([_profile(occupations=frozenset({"2211"}))], 20)
    assert empty[0].tolist() == [0, 0] and empty[1].size == 0


def test_the_profile_index_finds_an_agency_the_profiles_the_explanation_finds():
    jobs, profiles = _random_corridor(7, jobs=40, profiles=500)
    index = matching.ProfileIndex(iter(profiles))
    for job in jobs:
        expected = [(m.profile, m.score) for m in matching.best_profiles(job, profiles, limit=50)]
        assert [(index.keys[i], score) for i, score in index.top(job, 50)] == expected


@pytest.fixture
def chain(db):
    return corridor()


@pytest.fixture
def worker(db):
    user = WorkerUserFactory()
    profile(user, earliest=dt.date(2026, 11, 1), skills="household, cooking")
    return user


def _bad_order(chain):
    terms = json.loads(CONTRACT_FILE.read_text("utf-8"))
    terms.pop("worker")
    terms["employer"].update({"name": chain.employer.name, "registration_number": chain.employer.registration_number})
    terms["wage"]["amount"] = "500.00"  # below the minimum wage of the rulesets that apply
    return JobOrderFactory(agency=chain.agency, employer=chain.employer, offered_terms=terms, approve=True,
                           officer=chain.officer, title="Household service worker (low pay)")


@pytest.mark.django_db
def test_a_non_compliant_job_order_is_never_matched_nor_applied_to(chain, worker):
    bad = _bad_order(chain)
    assert not terms_pass_check(bad.offered_terms) and terms_pass_check(chain.job_order.offered_terms)
    assert [o.pk for o in selectors.matchable_orders()] == [chain.job_order.pk]
    assert [order.pk for order, _m in selectors.my_matches(user=worker)] == [chain.job_order.pk]
    with pytest.raises(errors.JobNotOpen):
        services.application_submit(acting_user=worker, reference=bad.reference)
    client = signed_in_client(worker)
    assert client.get(reverse("voice:apply", args=[bad.reference])).status_code == 404
    assert bad.reference not in client.get(reverse("voice:matches")).content.decode()
    agency = signed_in_client(chain.agency_user)
    assert agency.get(reverse("voice:candidate-list", args=[bad.pk])).status_code == 404
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_profiles_only_for_agencies_in_good_standing_and_only_while_the_worker_consents(chain, worker):
    other = verified(UserFactory(role="agency_staff", organisation=AgencyFactory(name="Second Manpower Inc.").organisation))
    unlicensed = verified(UserFactory(role="agency_staff",
                                      organisation=AgencyFactory(name="Unlicensed Agency Co.", licensed=False).organisation))
    mine = worker.worker.job_profile
    assert mine in selectors.visible_profiles(user=chain.agency_user)
    assert mine in selectors.visible_profiles(user=other)
    assert not selectors.visible_profiles(user=unlicensed).exists()
    _order, found = selectors.candidates(user=chain.agency_user, job_order_id=chain.job_order.pk)
    assert [p.pk for p, _m in found] == [mine.pk]
    page = signed_in_client(chain.agency_user).get(reverse("voice:candidate-list", args=[chain.job_order.pk]))
    assert worker.worker.full_name in page.content.decode() and FEE_BAN in page.content.decode()

    response = signed_in_client(worker).post(reverse("voice:profile-withdraw"))
    assert response.status_code == 302
    for user in (chain.agency_user, other):
        assert not selectors.visible_profiles(user=user).exists()
    page = signed_in_client(chain.agency_user).get(reverse("voice:candidate-list", args=[chain.job_order.pk]))
    assert worker.worker.full_name not in page.content.decode()
    mine.refresh_from_db()
    assert mine.withdrawn_at is not None and not mine.consent


@pytest.mark.django_db
def test_a_worker_applies_in_one_step_and_the_agency_sees_it_with_the_fee_ban_on_every_screen(chain, worker):
    client = signed_in_client(worker)
    matches = client.get(reverse("voice:matches"))
    text = matches.content.decode()
    assert FEE_BAN in text and chain.job_order.title in text and "Your occupation" in text
    confirm = client.get(reverse("voice:apply", args=[chain.job_order.reference]))
    assert confirm.status_code == 200 and FEE_BAN in confirm.content.decode()
    sent = client.post(reverse("voice:apply", args=[chain.job_order.reference]))
    assert sent.status_code == 200 and FEE_BAN in sent.content.decode()
    application = Application.objects.get()
    assert application.agency == chain.agency and application.explanation[0]["key"] == "occupation"
    again = client.post(reverse("voice:apply", args=[chain.job_order.reference]))
    assert again.status_code == 409
    seen = selectors.application_list(user=chain.agency_user)
    assert list(seen) == [application]
    page = signed_in_client(chain.agency_user).get(reverse("voice:candidates"))
    assert worker.worker.full_name in page.content.decode() and FEE_BAN in page.content.decode()
    other = verified(UserFactory(role="agency_staff", organisation=AgencyFactory(name="Second Manpower Inc.").organisation))
    assert not selectors.application_list(user=other).exists()
    mine = client.get(reverse("voice:applications"))
    assert FEE_BAN in mine.content.decode()
    client.post(reverse("voice:application-withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "withdrawn"


@pytest.mark.django_db
def test_a_profile_with_bad_input_is_refused_and_nothing_is_saved(worker):
    fresh = WorkerUserFactory()
    page = signed_in_client(fresh).post(reverse("voice:profile"), {"skills": "x", "experience_years": "200"})
    assert page.status_code == 422
    assert selectors.my_profile(user=fresh) is None
    with pytest.raises(errors.ProfileInvalid):
        services.profile_save(acting_user=fresh, occupations=[], languages=[], earliest_start=dt.date(2027, 1, 1))
