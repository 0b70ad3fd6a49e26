"""The typed model of a Keputusan and its plan: what a spec may say, validated; data only, no wording."""
