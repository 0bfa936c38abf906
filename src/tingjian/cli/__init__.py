"""The command line (typer): the only code that prints or exits."""

from .commands import app, main

__all__ = ["app", "main"]
