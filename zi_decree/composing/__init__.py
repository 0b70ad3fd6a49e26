"""Compose: every word of the decree, decided once, into a render-neutral document."""
