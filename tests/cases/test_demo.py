"""The demo data set loads with cases in every state, an urgent one and an anonymous one with its receipt code."""

import pytest

from corridor.cases import receipts
from corridor.cases.choices import CaseStatus
from corridor.cases.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def test_demo_cases(demo_context):
    ctx = demo_context
    assert set(CaseStatus.values) <= set(Case.objects.values_list("status", flat=True))
    code = ctx.extra["cases_receipt_code"]
    case = receipts.verify(code)
    assert case.channel == "anonymous" and case.is_urgent
    assert any(code in note for _label, _user, note in ctx.accounts)
    assert Case.objects.filter(escalated_at__isnull=False).exists()
    assert Case.objects.filter(respondents__role="principal_contractor", respondents__added_from_registry=True).exists()
