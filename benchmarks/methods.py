"""Every registered method on the embedded model: accuracy, tokens per sample, tokens per solved sample,
seconds per sample and code-use rate, on Number Multiplying, Game 24 and Letters.

Runs through the experiment runner (cached and resumable: re-running continues where it stopped).
Baseline for ratios: the best single-mode baseline (all_text / all_code) on each task, same run: accuracy
as a ratio to its accuracy, tokens per solved sample as a ratio to its tokens per solved sample
(#8's goal: > 1x and <= 1x). Seconds are wall time: calls answered from the response cache (an identical
prompt asked by another method) cost none, so the `cached %` column says how far a row's seconds understate
a cold run; tokens count every call.
    python benchmarks/methods.py --n 10                  # the full table (long on 2 cores)
    python benchmarks/methods.py --n 3 --methods all_code,vote:k=5,m=2
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

import yaml

from steer.registry import names
from steer.report.tables import rows_from
from steer.runner.config import ExperimentConfig
from steer.runner.experiment import run_experiment
from steer.runner.rundir import latest_results

SINGLE_MODE = ("all_text", "all_code")


def method_spec(text: str) -> dict:
    """`vote:k=5,m=3` → {method: vote, params: {k: 5, m: 3}, label: vote:k=5,m=3}."""
    name, _, params = text.partition(":")
    spec: dict = {"method": name}
    if params:
        spec["params"] = {k: yaml.safe_load(v) for k, v in (p.split("=") for p in params.split(","))}
        spec["label"] = text
    return spec


def split_methods(text: str) -> list[str]:
    """`all_code,vote:k=3,m=2` → [all_code, vote:k=3,m=2]: a `key=value` piece belongs to the method before it."""
    out: list[str] = []
    for piece in filter(None, text.split(",")):
        if "=" in piece and ":" not in piece and out:
            out[-1] += "," + piece
        else:
            out.append(piece)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_methods = [m for m in names("method") if m != "vote"] + [
        "vote:k=3,m=2", "vote:k=5,m=2", "vote:k=3,m=2,stop_at=2", "vote:k=5,m=2,stop_at=2,modes=code"]
    ap.add_argument("--methods", default=",".join(default_methods))
    ap.add_argument("--tasks", default="number_multiply,game24,letters")
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--max-tokens", type=int, default=512)
    ap.add_argument("--model", default="local/qwen2.5-coder-0.5b")
    ap.add_argument("--log-dir", default="logs/bench-methods")
    ap.add_argument("--json", help="also write the rows here")
    args = ap.parse_args()
    methods = [method_spec(m) for m in split_methods(args.methods)]
    config = ExperimentConfig.model_validate({
        "name": "bench-methods", "models": [args.model], "methods": methods,
        "tasks": [{"task": t} for t in args.tasks.split(",")], "samples": args.n, "concurrency": 1,
        "budget": {"max_tokens": args.max_tokens, "max_rounds": 3}, "sandbox": "docker",
    })
    asyncio.run(run_experiment(config, args.log_dir, limit=args.n))
    # every cell ever run into this log dir, so methods run one invocation at a time add up to one table
    records = [r for d in sorted((Path(args.log_dir) / "cells").iterdir()) for r in latest_results(d)]
    rows = rows_from(records)
    cached: dict[tuple[str, str], list[bool]] = {}  # a cached call costs no seconds: say how many there were
    for rec in records:
        cached.setdefault((rec.task, rec.method), []).extend(c.cache_hit for c in rec.calls)
    best_single = {t: max((r for r in rows if r.task == t and r.method in SINGLE_MODE), key=lambda r: r.accuracy,
                          default=None) for t in {r.task for r in rows}}
    print(f"{args.model}, {args.n} samples per task, max_tokens {args.max_tokens}")
    print(f"{'task':<16} {'method':<34} {'acc %':>6} {'tok/sample':>10} {'tok/solved':>10} {'s/sample':>8} "
          f"{'code %':>6} {'cached %':>8} {'acc vs best single':>18} {'tok/solved vs best':>18}")
    for r in sorted(rows, key=lambda r: (r.task, r.method)):
        base = best_single.get(r.task)
        ratio = f"{r.accuracy / base.accuracy:.2f}x" if base and base.accuracy else "n/a (best single 0%)"
        tps = f"{r.tokens_per_solved:.0f}" if r.tokens_per_solved else "-"
        tps_ratio = (f"{r.tokens_per_solved / base.tokens_per_solved:.2f}x"
                     if base and base.tokens_per_solved and r.tokens_per_solved else "-")
        hits = cached.get((r.task, r.method)) or [False]
        print(f"{r.task:<16} {r.method:<34} {100 * r.accuracy:>6.1f} {r.tokens:>10.0f} {tps:>10} {r.seconds:>8.1f} "
              f"{100 * r.code_rate:>6.0f} {100 * sum(hits) / len(hits):>8.0f} {ratio:>18} {tps_ratio:>18}")
    if args.json:
        from dataclasses import asdict

        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2))


if __name__ == "__main__":
    main()
