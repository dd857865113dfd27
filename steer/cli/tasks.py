"""`steer tasks list|show|verify|export`: the task registry, its samples, and SymBench data checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from steer.cli._util import console, parse_kv, positive_int
from steer.registry import describe


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tasks", help="list, show, verify and export tasks")
    tsub = p.add_subparsers(dest="tasks_command", metavar="ACTION", required=True)
    tsub.add_parser("list", help="every registered task").set_defaults(func=run_list)
    sh = tsub.add_parser("show", help="show a generated sample and its reference")
    sh.add_argument("name")
    sh.add_argument("--seed", type=int, default=0)
    sh.add_argument("-K", dest="knobs", action="append", metavar="KEY=VALUE")
    sh.set_defaults(func=run_show)
    ve = tsub.add_parser("verify", help="verify every instance of a SymBench-format directory")
    ve.add_argument("dir")
    ve.add_argument("--task", action="append", help="only these tasks")
    ve.set_defaults(func=run_verify)
    ex = tsub.add_parser("export", help="export a suite manifest's samples as a datasets file")
    ex.add_argument("suite", help="manifest path or name in tasks/ (e.g. paper14)")
    ex.add_argument("--out", required=True)
    ex.add_argument("--format", choices=["jsonl", "parquet"])
    ex.add_argument("--limit", type=positive_int)
    ex.set_defaults(func=run_export)


def run_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    from steer.tasks import get_task

    table = Table(title="tasks (--task NAME)")
    for col in ("task", "generator knobs", "SymBench folder", "description"):
        table.add_column(col)
    for name, doc in describe("task").items():
        t = get_task(name)
        knobs = ", ".join(f"{k}={v}" for k, v in getattr(t, "knobs", {}).items()) if t.synthetic else "-"
        table.add_row(name, knobs, getattr(t, "data_path", None) or "-", doc)
    console().print(table)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from steer.tasks import get_task

    t = get_task(args.name)
    s = t.generate(args.seed, **parse_kv(args.knobs, "-K"))
    out = console()
    out.print(f"[bold]{s.id}[/] knobs={s.knobs}")
    out.print(s.prompt, markup=False)
    out.print(f"[dim]reference:[/] {s.reference}", markup=True)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from rich.table import Table

    from steer.tasks.symbench import verify_directory

    reports = verify_directory(args.dir, args.task)
    table = Table(title=f"SymBench verification of {args.dir}")
    for col in ("task", "instances", "distinct", "reference ok", "invalid refs", "no ref", "corrupted rejected"):
        table.add_column(col, justify="left" if col == "task" else "right")
    ok = True
    for r in reports:
        table.add_row(r.task, str(r.instances), str(r.distinct), str(r.reference_ok), str(len(r.invalid)),
                      str(r.without_reference), f"{r.corrupted_rejected}/{r.reference_ok}")
        ok &= not r.accepted_corrupt
    out = console()
    out.print(table)
    for r in reports:
        for line in r.invalid[:20]:
            out.print(f"[yellow]invalid reference[/] {r.task}: {line}", markup=True)
        for line in r.accepted_corrupt[:20]:
            out.print(f"[red]corrupted answer accepted[/] {r.task}: {line}", markup=True)
    return 0 if ok else 1


def run_export(args: argparse.Namespace) -> int:
    from steer.tasks.dataset_io import export_samples
    from steer.tasks.suite import load_suite, suite_samples

    samples = suite_samples(load_suite(args.suite), limit=args.limit)
    path = export_samples(samples, Path(args.out), args.format)
    console().print(f"wrote {len(samples)} samples to {path}")
    return 0
