"""Contracts: the interchange form of a migrant worker's contract, and comparing two of them."""
