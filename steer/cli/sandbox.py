"""`steer sandbox build|run|prune`: the sandbox image, running a file exactly as methods do, cleanup."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from steer.cli._util import console, positive_int
from steer.errors import ConfigError
from steer.sandbox import DEFAULT_SANDBOX, SandboxLimits, get_sandbox
from steer.sandbox.image import DEFAULT_IMAGE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sandbox", help="build the sandbox image, run code in it, remove leftovers")
    ssub = p.add_subparsers(dest="sandbox_command", metavar="ACTION", required=True)
    b = ssub.add_parser("build", help=f"build {DEFAULT_IMAGE} offline (debootstrap + docker import)")
    b.add_argument("--image", default=DEFAULT_IMAGE)
    b.set_defaults(func=run_build)
    r = ssub.add_parser("run", help="run a Python file in the sandbox and print its output")
    r.add_argument("file")
    r.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    r.add_argument("--memory", type=positive_int, default=512, help="MB (default 512)")
    r.add_argument("--backend", default=DEFAULT_SANDBOX, help="docker (default) or process (unsafe)")
    r.add_argument("--image", default=DEFAULT_IMAGE, help="docker image (e.g. python:3.12-slim)")
    r.add_argument("--stdin", help="file whose content is the program's stdin")
    r.add_argument("--json", action="store_true", help="print the Execution record as JSON")
    r.set_defaults(func=run_file)
    pr = ssub.add_parser("prune", help="remove containers left by crashed steer runs (by label only)")
    pr.set_defaults(func=run_prune)


def run_build(args: argparse.Namespace) -> int:
    from steer.sandbox.image import build_image

    build_image(args.image)
    return 0


def run_file(args: argparse.Namespace) -> int:
    try:
        code = Path(args.file).read_text()
        stdin = Path(args.stdin).read_text() if args.stdin else ""
    except OSError as exc:
        raise ConfigError(f"cannot read {exc.filename}: {exc.strerror}") from None
    if args.timeout <= 0:
        raise ConfigError(f"--timeout must be > 0, got {args.timeout}")
    limits = SandboxLimits(timeout_s=args.timeout, memory_mb=args.memory)
    kwargs = {"image": args.image, "pool_size": 0} if args.backend == "docker" else {}
    sandbox = get_sandbox(args.backend, **kwargs)

    async def go():  # noqa: ANN202
        try:
            return await sandbox.run(code, stdin=stdin, limits=limits)
        finally:
            await sandbox.aclose()

    ex = asyncio.run(go())
    if args.json:
        print(ex.model_dump_json(indent=2))
    else:
        out = console()
        if ex.stdout:
            print(ex.stdout, end="" if ex.stdout.endswith("\n") else "\n")
        if ex.stderr:
            out.print(f"[dim]{ex.stderr}[/]", end="", markup=False)
        out.print(f"[bold]{ex.status}[/] exit={ex.exit_code} {ex.duration_s:.2f}s ({ex.backend})")
    return 0 if ex.status == "ok" else 1


def run_prune(args: argparse.Namespace) -> int:
    from steer.sandbox.docker import prune

    n = prune()
    console().print(f"removed {n} steer container(s)")
    return 0
