"""Worksites: where an employer's workers work or live."""

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.errors import InvalidInput
from corridor.inspection.choices import Sector
from corridor.inspection.models import Worksite
from corridor.inspection.services._common import _require_inspector


def worksite_register(*, acting_user, employer, name: str, region: str, sector: str, workforce: int = 0,
                      address: str = "") -> Worksite:
    _require_inspector(acting_user, "inspection.plan")
    name, region = (name or "").strip(), (region or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("A worksite needs a name.")]
    if not region:
        errors["region"] = [_("A worksite needs a region.")]
    if sector not in Sector.values:
        errors["sector"] = [_("Choose a sector from the list.")]
    if workforce is None or int(workforce) < 0:
        errors["workforce"] = [_("The number of workers cannot be negative.")]
    if not errors and Worksite.objects.filter(employer=employer, name=name).exists():
        errors["name"] = [_("This employer already has a worksite of this name.")]
    if errors:
        raise InvalidInput(fields=errors)
    with transaction.atomic():
        site = Worksite.objects.create(employer=employer, name=name[:200], region=region[:100], sector=sector,
                                       workforce=int(workforce), address=(address or "")[:300])
        audit.record(actor=acting_user, action="worksite.register", target=site,
                     detail={"employer": employer.pk, "sector": sector, "region": site.region, "workforce": site.workforce})
    return site
