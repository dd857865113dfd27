"""`steer methods list`: every registered method with one line each."""

from __future__ import annotations

import argparse

from steer.cli._util import console
from steer.methods import DEFAULT_METHOD
from steer.registry import describe


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("methods", help="list steering methods")
    msub = p.add_subparsers(dest="methods_command", metavar="ACTION", required=True)
    msub.add_parser("list", help="every registered method, one line each").set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    table = Table(title="steering methods (--method NAME, parameters with -M key=value)")
    table.add_column("method")
    table.add_column("what it does")
    for name, doc in describe("method").items():
        table.add_row(name + (" (default)" if name == DEFAULT_METHOD else ""), doc)
    console().print(table)
    return 0
