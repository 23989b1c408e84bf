"""Stable, machine-readable error codes of the rules app."""

RULESET_INVALID = "rules.ruleset_invalid"  # a ruleset file breaks the format (file and rule named)
RATES_INVALID = "rules.rates_invalid"  # the rate table file breaks its format
CONTRACT_UNCHECKABLE = "rules.contract_uncheckable"  # no start date or corridor: validate the contract first
LAW_DATA_INVALID = "rules.law_data_invalid"  # settlement.toml or transfer.toml breaks its format (entry named)
SETTLEMENT_INVALID = "rules.settlement_invalid"  # the inputs of a final settlement are refused (fields named)
TRANSFER_INVALID = "rules.transfer_invalid"  # the inputs of a transfer request are refused (fields named)
