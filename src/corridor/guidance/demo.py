"""Demo data for guidance: the World Bank's corridor remittance costs (loaded at demo time from the copy shipped in
guidance/data/; a real node loads them with `corridor guidance load-remittance-costs`), resource centres in the
country of work, a centre's restricted account and a referral from the attaché's case. All people fictional."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import services as accounts_services
from corridor.accounts.choices import OrganisationKind, Role
from corridor.cases import selectors as cases_selectors
from corridor.core.models import Language
from corridor.guidance import remittance, services
from corridor.guidance.choices import CentreKind

ABROAD = {"PH": "SA", "NP": "QA"}


def load(ctx) -> None:
    result = services.remittance_costs_load(acting_user=None, data=remittance.BUNDLED.read_bytes(),
                                            filename=remittance.BUNDLED.name)
    ctx.extra["remittance_costs"] = result.file.rows
    country = ABROAD.get(ctx.country, ctx.country)
    organisation = accounts_services.organisation_create(acting_user=None, name="Migrant Workers Resource Centre (demo)",
                                                         kind=OrganisationKind.RESOURCE_CENTRE, country=country)
    languages = list(Language.objects.filter(code__in=["en", "ar", "tl", "ne", "bn"]))
    centre = services.resource_centre_register(
        acting_user=None, name="Migrant Workers Resource Centre (demo)", kind=CentreKind.RESOURCE_CENTRE,
        country=country, city="Riyadh" if country == "SA" else "Doha", serves="Every migrant worker, with or without papers",
        hours="Sunday to Thursday 9:00-17:00; Friday 14:00-20:00", phone="+000 0000 0001", email="help@centre.invalid",
        languages=languages, organisation=organisation)
    services.resource_centre_register(
        acting_user=None, name="Workers' Legal Aid Clinic (demo)", kind=CentreKind.LEGAL_AID, country=country,
        city=centre.city, serves="Workers with wage claims or cases in the labour courts", hours="Sunday to Thursday 10:00-16:00",
        phone="+000 0000 0002", languages=[lang for lang in languages if lang.code in ("en", "ar")])
    services.resource_centre_register(
        acting_user=None, name="Safe House for Women Workers (demo)", kind=CentreKind.SHELTER, country=country,
        city=centre.city, serves="Women domestic workers who left an abusive employer", hours="24 hours",
        phone="+000 0000 0003", languages=languages, accepts_referrals=False)
    staff = accounts_services.user_create(acting_user=None, username="centre", password=ctx.password,
                                          role=Role.RESOURCE_CENTRE_STAFF, organisation=organisation,
                                          first_name="Amina", last_name="Yusuf")
    TOTPDevice.objects.create(user=staff, name="Demo authenticator", confirmed=True)
    accounts_services.backup_codes_reset(user=staff)
    ctx.users["centre"] = staff
    ctx.accounts.append((Role.RESOURCE_CENTRE_STAFF.label, "centre", "resource centre staff: sees only its referrals"))
    attache = ctx.users.get("attache")
    case = cases_selectors.case_queue(user=attache).order_by("pk").first() if attache is not None else None
    if case is not None:
        referral = services.referral_propose(
            acting_user=attache, centre=centre, subject_kind="case", subject_reference=case.reference,
            need="Legal advice on unpaid wages; a place to stay for two weeks", contact="Through the attaché's office",
            worker_consents=True)
        ctx.extra["referral"] = referral.reference
