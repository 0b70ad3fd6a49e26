"""Foundations every step shares: YAML read with positions, Indonesian language rules, deterministic zips."""
