"""Resolve: citations as of the decree's date and the plan's computed numbering."""
