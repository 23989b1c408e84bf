"""Stable, machine-readable error codes of the rules app."""

RULESET_INVALID = "rules.ruleset_invalid"  # a ruleset file breaks the format (file and rule named)
RATES_INVALID = "rules.rates_invalid"  # the rate table file breaks its format
CONTRACT_UNCHECKABLE = "rules.contract_uncheckable"  # no start date or corridor: validate the contract first
