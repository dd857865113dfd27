"""`steer models list|pull`: the embedded-model catalogue and its verified downloads."""

from __future__ import annotations

import argparse

from steer.cli._util import console
from steer.models import DEFAULT_MODEL
from steer.models.pull import catalogue, model_status, pull
from steer.registry import describe

DEFAULT_NAME = DEFAULT_MODEL.split("/", 1)[1]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list and pull embedded models")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    ls = msub.add_parser("list", help="model providers and the embedded catalogue (pulled or not)")
    ls.set_defaults(func=run_list)
    pl = msub.add_parser("pull", help="download, assemble and verify an embedded model")
    pl.add_argument("name", nargs="?", default=DEFAULT_NAME)
    pl.add_argument("--force", action="store_true", help="download again even if verified")
    pl.set_defaults(func=run_pull)


def run_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    out = console()
    providers = Table(title="providers (--model provider/name)")
    providers.add_column("provider")
    providers.add_column("what")
    for name, doc in describe("model").items():
        providers.add_row(name, doc)
    out.print(providers)
    table = Table(title="embedded models (local/<name>)")
    for col in ("name", "status", "size", "description"):
        table.add_column(col)
    for name, spec in catalogue().items():
        st = model_status(name)
        status = "[green]pulled[/]" if st.hash_ok else ("[yellow]unverified[/]" if st.present else "not pulled")
        size = f"{spec['size'] / 1e6:.0f} MB" if spec.get("size") else "?"
        table.add_row(name + (" (default)" if name == DEFAULT_NAME else ""), status, size, spec["description"])
    out.print(table)
    return 0


def run_pull(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    out = console()
    status = model_status(args.name)
    if status.hash_ok and not args.force:
        out.print(f"{args.name}: already present and verified: {status.path}")
        return 0
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  console=out, transient=False) as bar:
        task = bar.add_task(args.name, total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"{args.name}: {stage}", completed=done, total=total or None)

        path = pull(args.name, force=args.force, progress=progress)
    out.print(f"{args.name}: verified and installed at {path}")
    return 0
