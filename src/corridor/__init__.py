"""Corridor: one country's node in the system that protects migrant workers."""
