"""`steer report RUN_DIR...`: the paper's tables in the terminal, plus Markdown/CSV/datasets and PNG plots."""

from __future__ import annotations

import argparse
from pathlib import Path

from steer.cli._util import console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="tables and plots over run directories")
    p.add_argument("run_dirs", nargs="+")
    p.add_argument("--out", help="write report.md, table.csv, table.jsonl (datasets) and PNG plots here")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    from steer.report.plots import write_plots
    from steer.report.tables import load_records, normalized_average, rows_from, summary_table, to_csv, to_markdown

    records = load_records(args.run_dirs)
    rows = rows_from(records)
    out = console()
    out.print(summary_table(rows))
    norm = Table(title="normalised average (paper): accuracy / best accuracy on the task, averaged")
    for col in ("model", "method", "normalised avg %"):
        norm.add_column(col)
    for (model, method), v in sorted(normalized_average(rows).items(), key=lambda kv: -kv[1]):
        norm.add_row(model, method, f"{100 * v:.1f}")
    out.print(norm)
    if args.out:
        dest = Path(args.out)
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "report.md").write_text(to_markdown(rows))
        (dest / "table.csv").write_text(to_csv(rows))
        from datasets import Dataset
        from dataclasses import asdict

        Dataset.from_list([asdict(r) for r in rows]).to_json(str(dest / "table.jsonl"), lines=True)
        plots = write_plots(rows, records, dest)
        out.print(f"wrote {dest}/report.md, table.csv, table.jsonl and {', '.join(p.name for p in plots)}")
    return 0
