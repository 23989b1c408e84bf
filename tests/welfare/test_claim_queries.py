"""The cost of one claim in queries, pinned: filing, recommending, approving (four eyes) and paying a claim by fund
officers reads neither the membership again nor a scope query (a fund officer's scope is every record), and the
payment's posting is written by the membership's id. The 50,000-claim benchmark is these calls, so a query added here
is paid 50,000 times (benchmarks/welfare_ledger.py)."""

import datetime as dt

import pytest

from corridor.welfare import services

pytestmark = pytest.mark.django_db

# Queries a step may take, the domain events' dispatch at the commit included (tests/conftest.py runs it at the end of
# the outermost atomic block, as a commit would). Before 2026-12-04 they were 8, 17, 18 and 24: a scope query per step
# and the membership read again to find the fund. Most of what is left is core's: the row lock, the event row, three
# queries an audit entry (two on payment: the posting's and the claim's) and two domain events a transition with
# three queries each to dispatch them. Filing was 7 until 2026-12-05, when it began to publish `claim.file` as a
# transition does (the statistics had missed claims filed directly): the two events and the statistics' tally.
MAX_QUERIES = {"file": 26, "recommend": 16, "approve": 16, "pay": 22}


def _welfare_reads(captured, table: str) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
            and f'FROM "{table}"' in q["sql"]]


@pytest.mark.parametrize("benefit", ["burial", "death_natural"])  # at or below the four-eyes threshold, and above it
def test_a_claim_costs_a_fixed_number_of_queries(fund_officer, second_officer, member, benefit,
                                                 django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["file"]) as filing:
        claim = services.claim_file(acting_user=fund_officer, membership=member, benefit=benefit,
                                    claimant_kind="next_of_kin", event_date=member.starts_on + dt.timedelta(days=30),
                                    filed_on=member.starts_on + dt.timedelta(days=40))
    with django_assert_max_num_queries(MAX_QUERIES["recommend"]) as recommending:
        claim = services.claim_recommend(acting_user=fund_officer, claim=claim)
    with django_assert_max_num_queries(MAX_QUERIES["approve"]) as approving:
        claim = services.claim_approve(acting_user=second_officer, claim=claim)
    with django_assert_max_num_queries(MAX_QUERIES["pay"]) as paying:
        claim = services.claim_pay(acting_user=fund_officer, claim=claim, paid_on=member.starts_on + dt.timedelta(days=60))
    assert claim.status == "paid" and claim.posting is not None
    assert claim.four_eyes_waived is (benefit == "burial")
    for captured in (filing, recommending, approving, paying):
        assert not _welfare_reads(captured, "welfare_membership")
        assert not [q for q in captured.captured_queries if q["sql"].startswith('SELECT 1 AS "a" FROM "welfare_')]
