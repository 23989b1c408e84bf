"""Apps react to each other through domain events: no app imports another app's services to make it react, and
the reactions this issue moved onto events are subscribed where they belong."""

import ast
from pathlib import Path

from corridor.core import events

SRC = Path(__file__).resolve().parents[2] / "src" / "corridor"
# Commands an app gives another (not reactions): creating an organisation for a registered party, queueing a
# message on the exchange. Demo data builders call every app's services on purpose.
ALLOWED = {
    ("registry", "accounts"), ("cases", "exchange"), ("clearance", "exchange"), ("clearance", "contracts"),
    ("registry", "exchange"),  # its own watchlist entries go to the peers (issue 22)
    ("welfare", "exchange"),  # repatriation notices to the destination (issue 17)
    ("inspection", "exchange"),  # a sanction is sent to the origin nodes (message_send), as cases and clearance do
    ("wages", "exchange"),
    ("reintegration", "exchange"),  # a worker's exit is sent to the origin (`worker.returned`), as wages sends its own
    ("reintegration", "welfare"),  # matching-fund amounts are posted in the welfare ledger (welfare.services.post): a command
    ("standards", "exchange"),  # a joint committee's record is shared with the peer (message_send)
    ("indicators", "exchange"),  # its suppressed aggregate tables are sent to the peers (message_send)
    ("guidance", "accounts"),  # a resource centre's own organisation is opened with it (organisation_create): a command
}


def _imports(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            yield node.module, names


def test_no_app_imports_another_apps_services_except_the_listed_commands():
    found = set()
    for path in SRC.glob("*/**/*.py"):
        app = path.relative_to(SRC).parts[0]
        if path.name == "demo.py" or "migrations" in path.parts or "management" in path.parts:
            continue
        for module, names in _imports(path):
            parts = module.split(".")
            if len(parts) >= 2 and parts[0] == "corridor" and parts[1] != app:
                other = parts[1]
                if module.endswith(".services") or (module == f"corridor.{other}" and "services" in names):
                    found.add((app, other))
    assert found <= ALLOWED, sorted(found - ALLOWED)


def test_no_more_signals_or_transition_hooks_between_apps():
    assert not (SRC / "clearance" / "signals.py").exists()
    for path in SRC.glob("*/**/*.py"):
        text = path.read_text()
        assert "post_save.connect" not in text, path
        assert "on_transition(acting_user" not in text, path


def test_the_reactions_are_subscribed():
    def names(event):
        return {f"{h.__module__}.{h.__name__}" for h in events.subscribers(event)}

    assert "corridor.clearance.subscribers.on_watchlist_entry" in names("watchlist.entry_added")
    assert "corridor.clearance.subscribers.on_screening_hit" in names("screening.hit_recorded")
    assert "corridor.clearance.subscribers.on_licence" in names("licence.transitioned")
    assert "corridor.clearance.subscribers.on_employer" in names("employer.transitioned")
    assert "corridor.clearance.subscribers.on_urgent_case" in names("case.marked_urgent")
    assert "corridor.cases.referral.on_transition" in names("case.transitioned")
    assert "corridor.registry.subscribers.on_case_resolved" in names("case.resolved")
    assert "corridor.cases.subscribers.on_case_outcome_applied" in names("registry.case_outcome_applied")
    assert "corridor.clearance.subscribers.on_welfare_membership" in names("welfare.membership_started")
    assert "corridor.welfare.subscribers.on_death_or_injury" in names("case.death_or_injury_recorded")
    assert "corridor.cases.subscribers.on_wages_arrears_alert" in names("wages.arrears_alert")
    assert "corridor.registry.subscribers.on_wages_months_reconciled" in names("wages.months_reconciled")
    assert "corridor.clearance.subscribers.on_worker_returned" in names("worker.returned")
    assert "corridor.registry.subscribers.on_debrief_recorded" in names("reintegration.debrief_recorded")
    assert "corridor.cases.subscribers.on_return_debrief_case" in names("reintegration.case_requested")
    assert "corridor.reintegration.subscribers.on_repatriation_returned" in names("repatriation.record_return")
    assert "corridor.clearance.subscribers.on_orientation_completed" in names("orientation.completed")
    assert "corridor.orientation.subscribers.on_clearance_applied" in names("clearance.applied")
