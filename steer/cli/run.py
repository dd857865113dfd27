"""`steer run CONFIG`: run an experiment matrix with live progress; re-running resumes."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from steer.cli._util import console, parse_kv, positive_int


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an experiment config (models x methods x tasks)")
    p.add_argument("config", help="experiment YAML, e.g. experiments/small.yaml")
    p.add_argument("--limit", type=positive_int, help="at most N samples per task entry")
    p.add_argument("-m", dest="model_args", action="append", metavar="KEY=VALUE",
                   help="model override: model=provider/name, base_url=..., api_key_env=...")
    p.add_argument("--set", dest="sets", action="append", metavar="PATH=VALUE",
                   help="override any config value, e.g. --set budget.max_tokens=256")
    p.add_argument("--log-dir", help="run directory (default logs/<config name>)")
    p.add_argument("--backend", choices=["local", "ray"], default="local")
    p.add_argument("--ray-address", help="Ray cluster address (default: $RAY_ADDRESS or a local instance)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from steer.report.tables import summarize, summary_table
    from steer.runner.config import load_config
    from steer.runner.experiment import run_experiment
    from steer.runner.rundir import finished, latest_results

    overrides = parse_kv(args.sets, "--set")
    model_over = parse_kv(args.model_args, "-m")
    if model_over:
        overrides["models"] = [{"model": model_over.pop("model", None), **model_over}]
        if overrides["models"][0]["model"] is None:
            from steer.errors import ConfigError

            raise ConfigError("-m needs model=provider/name (with optional base_url=..., api_key_env=...)")
    config = load_config(args.config, overrides)
    run_dir = Path(args.log_dir) if args.log_dir else Path("logs") / config.name
    out = console()
    totals = {"tokens": 0, "cost": 0.0, "done": 0, "correct": 0}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[stats]}"), console=out, transient=False) as bar:
        overall = bar.add_task("[bold]all cells", total=0, stats="")
        per_cell: dict[str, int] = {}

        def on_start(cells):  # noqa: ANN001, ANN202
            for c in cells:
                done = sum(map(finished, latest_results(run_dir / "cells" / c.id)))
                per_cell[c.id] = bar.add_task(c.title[:60], total=len(c.samples) * config.epochs,
                                              completed=done, stats="")
            bar.update(overall, total=sum(len(c.samples) * config.epochs for c in cells),
                       completed=sum(bar.tasks[i].completed for i in per_cell.values()))

        def on_result(cell, r) -> None:  # noqa: ANN001
            totals["tokens"] += r.usage.total_tokens
            totals["cost"] += r.cost_usd
            totals["done"] += 1
            totals["correct"] += r.correct
            bar.advance(per_cell[cell.id])
            bar.advance(overall)
            bar.update(overall, stats=f"{totals['correct']}/{totals['done']} correct, {totals['tokens']} tokens, "
                                      f"${totals['cost']:.4f}")

        asyncio.run(run_experiment(config, run_dir, limit=args.limit, backend=args.backend,
                                   ray_address=args.ray_address, on_result=on_result, on_start=on_start))
    out.print(summary_table(summarize([run_dir])))
    out.print(f"run directory: {run_dir}  (report: steer report {run_dir})")
    return 0
