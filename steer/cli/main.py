"""`steer` command line: a thin shell over the API. One module per command group.

Every `SteerError` is printed as one line without a traceback (exit 2 for bad input, 1 otherwise,
130 on Ctrl-C). Handlers only parse flags, call the API and print.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from steer.errors import ConfigError, SteerError

__all__ = ["main"]

# Command-group modules, each exposing `register(subparsers)`.
COMMANDS = ("solve", "doctor", "models", "sandbox", "tasks", "methods", "run", "report")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, exit 2, no usage dump
        raise ConfigError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="steer", description="Steer LLMs between code execution and textual reasoning.")
    parser.add_argument("--version", action="version", version=f"steer {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"steer.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"steer.cli.{name}":
                continue  # command group not built yet
            raise
        module.register(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("steer")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return int(args.func(args) or 0)
    except SteerError as exc:
        err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]")
        return 130


if __name__ == "__main__":
    sys.exit(main())
