"""Demo organisations, one account per role, and workers with varied languages. All fictional."""

import random
from datetime import date

from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import services
from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.choices import Role
from corridor.core.models import Language

NAMES = {
    "PH": [
        ("Maria Luisa Santos", "F", ["tl", "en"]), ("Jose Ramon Dela Cruz", "M", ["tl", "en"]),
        ("Ana Marie Villanueva", "F", ["ceb", "en"]), ("Rodel Bautista", "M", ["ilo", "tl"]),
        ("Jocelyn Reyes Mendoza", "F", ["tl"]), ("Mark Anthony Garcia", "M", ["en", "tl"]),
        ("Rowena Aquino", "F", ["hil", "tl"]), ("Noel Fernandez Castillo", "M", ["ceb"]),
        ("Liza Mae Torres", "F", ["tl", "en"]), ("Ramil Ocampo", "M", ["war", "tl"]),
        ("Grace Ann Domingo", "F", ["pam", "en"]), ("Jun Rey Salazar", "M", ["bcl", "tl"]),
    ],
    "NP": [
        ("Sita Kumari Tamang", "F", ["ne"]), ("Ram Bahadur Gurung", "M", ["ne"]), ("Bishnu Prasad Sharma", "M", ["ne", "en"]),
        ("Kamala Rai", "F", ["ne"]), ("Hari Thapa Magar", "M", ["ne", "hi"]), ("Gita Shrestha", "F", ["ne", "new"]),
        ("Dipendra Yadav", "M", ["mai", "ne"]), ("Sunita Chaudhary", "F", ["thl", "ne"]), ("Prakash Limbu", "M", ["lif", "ne"]),
        ("Man Bahadur BK", "M", ["ne"]), ("Anita Sherpa", "F", ["xsr", "ne"]), ("Krishna Adhikari", "M", ["ne", "en"]),
    ],
}
DESTINATION = {"PH": "SA", "NP": "QA"}


def _staff(ctx, key, role, organisation, first, last, note):
    """A staff account with a confirmed authenticator, so that `corridor totp` can give its code."""
    user = services.user_create(acting_user=None, username=key, password=ctx.password, role=role,
                                organisation=organisation, first_name=first, last_name=last)
    TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    services.backup_codes_reset(user=user)
    ctx.users[key] = user
    ctx.accounts.append((Role(role).label, key, note))
    return user


def load(ctx) -> None:
    country = ctx.country
    # On an origin node the workers go abroad; on a destination node they work here, and the consulate
    # is the origin country's office posted here.
    origin = country if country in NAMES else "PH"
    abroad = DESTINATION.get(country, country)
    org = lambda key, name, kind, c=country, post=None: ctx.organisations.setdefault(  # noqa: E731
        key, services.organisation_create(acting_user=None, name=name, kind=kind, country=c, post_country=post)
    )
    ministry = org("ministry", "Ministry of Migrant Workers (demo)" if country in NAMES else "Ministry of Labour (demo)", K.MINISTRY)
    org("licensing", "Recruitment Licensing Bureau (demo)", K.LICENSING_AUTHORITY)
    consulate = org("consulate", f"Migrant Workers Office of {origin} in {abroad} (demo)", K.CONSULATE, c=origin, post=abroad)
    inspectorate = org("inspectorate", "Labour Inspectorate (demo)", K.LABOUR_INSPECTORATE)
    fund = org("fund", "Overseas Workers Welfare Fund (demo)", K.WELFARE_FUND)
    agency = org("agency", "Bayanihan Manpower Services Inc. (demo)", K.RECRUITMENT_AGENCY)
    employer = org("employer", "Al Noor Home Services Co. (demo)", K.EMPLOYER, c=abroad)
    ngo = org("ngo", "Migrant Care Centre (demo)", K.NGO)
    provider = org("provider", "Pre-Departure Orientation Centre (demo)", K.ORIENTATION_PROVIDER)

    _staff(ctx, "officer", Role.ORIGIN_OFFICER, ministry, "Teresa", "Lim", "licenses agencies, approves contracts, grants clearance")
    _staff(ctx, "attache", Role.CONSULAR_ATTACHE, consulate, "Ramon", "Cruz", f"labour attaché posted in {abroad}")
    _staff(ctx, "inspector", Role.DESTINATION_OFFICER, inspectorate, "Farah", "Haddad", "destination officer")
    _staff(ctx, "fund", Role.FUND_OFFICER, fund, "Lorna", "Diaz", "welfare fund officer")
    _staff(ctx, "agency", Role.AGENCY_STAFF, agency, "Paolo", "Navarro", "staff of a licensed agency")
    _staff(ctx, "employer", Role.EMPLOYER_STAFF, employer, "Khalid", "Saleh", "staff of an employer abroad")
    _staff(ctx, "caseworker", Role.CASEWORKER, ngo, "Jenny", "Ramos", "NGO caseworker")
    _staff(ctx, "provider", Role.ORIENTATION_PROVIDER, provider, "Irene", "Pascual", "runs pre-departure orientation")
    _staff(ctx, "auditor", Role.AUDITOR, ministry, "Victor", "Ong", "reads everything, changes nothing")
    _staff(ctx, "demo-admin", Role.ADMINISTRATOR, ministry, "Ada", "Reyes", "organisations, accounts, reference data")

    rng = random.Random(20261126)
    names = NAMES.get(country, NAMES["PH"])
    agency_user = ctx.users["agency"]
    for i, (name, sex, languages) in enumerate(names):
        known = list(Language.objects.filter(code__in=languages).values_list("code", flat=True))
        worker = services.worker_create(
            acting_user=None, full_name=name, nationality=origin, sex=sex,
            date_of_birth=date(1985 + rng.randrange(18), rng.randrange(1, 13), rng.randrange(1, 28)),
            passport_number=f"P{rng.randrange(10**6, 10**7)}{chr(65 + i)}", passport_expiry=date(2031, rng.randrange(1, 13), 1),
            languages=known, phone=f"+63 9{rng.randrange(10**8, 10**9)}" if country == "PH" else f"+977 98{rng.randrange(10**7, 10**8)}",
            next_of_kin_name=f"{name.split()[0]}'s parent", next_of_kin_relationship="parent",
            current_country=abroad if i % 3 == 0 else None,
            recorded_by=agency_user.organisation if i % 2 == 0 else ngo,
        )
        ctx.workers.append(worker)
    first = ctx.workers[0]
    worker_user = services.worker_link_user(
        worker=first, username="worker", password=ctx.password, first_name=first.full_name.split()[0]
    )
    ctx.users["worker"] = worker_user
    ctx.accounts.insert(0, (Role.WORKER.label, "worker", f"{first.full_name}, a worker with a sign-in"))
