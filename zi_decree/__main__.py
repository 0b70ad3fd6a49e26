"""`python -m zi_decree` runs the command line."""

from zi_decree.cli import main

main()
