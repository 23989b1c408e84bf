"""Contracts for the Django-side tests: the rule cases' base documents, changed where a test needs it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

BASES = Path(__file__).resolve().parent.parent / "rules" / "cases" / "base"


def sample(name: str = "ph-sa-domestic.json", **changes) -> dict:
    """A valid base contract; keyword `wage__amount="700.00"` sets wage.amount (None deletes the term)."""
    doc = json.loads((BASES / name).read_text("utf-8"))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    return doc


def violating(name: str = "ph-sa-domestic.json") -> dict:
    """Below the Philippines' household worker minimum (USD 400 = SAR 1500) and the passport kept by the employer."""
    return sample(name, wage__amount="700.00", documents__worker_keeps_identity_documents=False)


def registration_parties(make_org, make_user):
    """An agency with a staff member, a worker it recorded (with a sign-in), and two origin officers."""
    from corridor.accounts import services as accounts
    from corridor.accounts.choices import Role
    from tests.conftest import verified

    agency = make_org(kind="recruitment_agency", name="Agency")
    staff = verified(make_user(Role.AGENCY_STAFF, organisation=agency))
    worker = accounts.worker_create(acting_user=None, full_name="Maria Luisa Santos", nationality="PH",
                                    recorded_by=agency, languages=["en"])
    worker_user = accounts.worker_link_user(worker=worker, username=f"w{worker.pk}", password="a-long-pass-2026-x")
    ministry = make_org(kind="ministry", name="Ministry")
    officer = verified(make_user(Role.ORIGIN_OFFICER, organisation=ministry))
    second = verified(make_user(Role.ORIGIN_OFFICER, organisation=ministry))
    return {"agency": agency, "staff": staff, "worker": worker, "worker_user": worker_user,
            "officer": officer, "second": second}
