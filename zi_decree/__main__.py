"""`python -m zi_decree` runs the command line."""

from .cli import main

main()
