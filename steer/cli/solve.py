"""`steer solve`: run one method on samples of one task and show what happened per sample."""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path

from steer.cli._util import console, parse_kv, positive_int
from steer.errors import ConfigError
from steer.methods import DEFAULT_METHOD, Budget, get_method
from steer.models import DEFAULT_MODEL, get_model
from steer.records import Sample, SampleResult
from steer.runner.solve import solve_samples
from steer.sandbox import DEFAULT_SANDBOX, get_sandbox
from steer.tasks import Task, get_task


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("solve", help="solve samples of a task with a method and model")
    p.add_argument("--task", "-t", default="number_multiply", help="task name (steer tasks list)")
    p.add_argument("--method", default=DEFAULT_METHOD, help=f"method name (steer methods list); default {DEFAULT_METHOD}")
    p.add_argument("--model", default=DEFAULT_MODEL, help=f"provider/name; default {DEFAULT_MODEL}")
    p.add_argument("--base-url", help="OpenAI-compatible endpoint for openai/* models")
    p.add_argument("--api-key-env", help="environment variable holding the API key (default OPENAI_API_KEY)")
    p.add_argument("--limit", type=positive_int, default=5, help="number of samples (default 5)")
    p.add_argument("--seed", type=int, default=0, help="first generator seed; also the sampling seed")
    p.add_argument("--epochs", type=positive_int, default=1)
    p.add_argument("--data", help="SymBench checkout to load the task from (tasks without a generator)")
    p.add_argument("--sandbox", default=DEFAULT_SANDBOX, help="sandbox backend: docker (default) or process")
    p.add_argument("--log-dir", help="run directory (default logs/<task>-<method>-<model>); re-running resumes")
    p.add_argument("--concurrency", type=positive_int, default=2)
    p.add_argument("--max-tokens", type=positive_int, default=1024)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--no-cache", action="store_true", help="bypass the response cache")
    p.add_argument("-K", dest="knobs", action="append", metavar="KEY=VALUE", help="task knob, e.g. -K digits=[8,8]")
    p.add_argument("-M", dest="method_args", action="append", metavar="KEY=VALUE", help="method parameter, e.g. -M k=5")
    p.set_defaults(func=run)


def _samples(task: Task, args: argparse.Namespace) -> list[Sample]:
    knobs = parse_kv(args.knobs, "-K")
    if args.data:
        path = Path(args.data)
        if not path.exists():
            raise ConfigError(f"--data {args.data}: no such directory")
        sub = getattr(task, "data_path", None)
        target = path / sub if sub and (path / sub).exists() else path
        samples = task.load(target)
        return samples[: args.limit]
    return [task.generate(args.seed + i, **knobs) for i in range(args.limit)]


def default_log_dir(task: str, method: str, model: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model)
    return Path("logs") / f"{task}-{method}-{slug}"


def run(args: argparse.Namespace) -> int:
    task = get_task(args.task)
    method = get_method(args.method, **parse_kv(args.method_args, "-M"))
    samples = _samples(task, args)
    model = get_model(
        args.model, cache=not args.no_cache, base_url=args.base_url, api_key_env=args.api_key_env
    )
    budget = Budget(max_tokens=args.max_tokens, temperature=args.temperature)
    log_dir = Path(args.log_dir) if args.log_dir else default_log_dir(args.task, args.method, args.model)
    out = console()
    out.print(f"[bold]steer solve[/] task={task.name} method={args.method} model={model.name} "
              f"samples={len(samples)} log={log_dir}")
    sandbox = get_sandbox(args.sandbox)

    async def go() -> list[SampleResult]:
        try:
            return await solve_samples(
                samples, method=method, model=model, sandbox=sandbox, task=task, log_dir=log_dir,
                concurrency=args.concurrency, epochs=args.epochs, seed=args.seed, budget=budget,
                config={"command": "solve", **{k: v for k, v in vars(args).items() if k != "func"}},
                on_result=lambda r: out.print(f"  {r.sample_id}: {_mark(r)} {r.final_answer!s:.40}"),
                method_name=args.method,
            )
        finally:
            await sandbox.aclose()
            await model.aclose()

    results = asyncio.run(go())
    out.print(results_table(results))
    out.print(summary_line(results))
    return 0


def _mark(r: SampleResult) -> str:
    if r.verdict is None:
        return "[dim]-[/]"
    return "[green]✓[/]" if r.verdict.correct else "[red]✗[/]"


def results_table(results: list[SampleResult]):  # noqa: ANN201
    from rich.table import Table

    table = Table(title="results", show_lines=False)
    for col in ("sample", "mode", "answer", "correct", "tokens", "seconds"):
        table.add_column(col, justify="right" if col in ("tokens", "seconds") else "left")
    for r in results:
        answer = "" if r.final_answer is None else str(r.final_answer)
        table.add_row(
            r.sample_id,
            r.final_mode or "-",
            (answer[:37] + "...") if len(answer) > 40 else answer,
            _mark(r) + ("" if r.verdict is None else f" {r.verdict.reason[:40]}" if not r.verdict.correct else ""),
            str(r.usage.total_tokens),
            f"{r.wall_s:.1f}",
        )
    return table


def summary_line(results: list[SampleResult]) -> str:
    n = len(results)
    scored = [r for r in results if r.verdict is not None]
    correct = sum(r.correct for r in scored)
    code = sum(r.used_code for r in results)
    tokens = sum(r.usage.total_tokens for r in results)
    errors = sum(r.error is not None for r in results)
    acc = f"{correct}/{len(scored)} correct ({100 * correct / len(scored):.0f}%)" if scored else "unscored"
    return (
        f"[bold]{acc}[/], code used in {code}/{n}, {tokens} tokens "
        f"({tokens / max(n, 1):.0f}/sample), {errors} errors"
    )
