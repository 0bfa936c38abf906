"""`python -m tingjian` runs the command line."""

from .cli import main

main()
