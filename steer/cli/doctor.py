"""`steer doctor`: is this machine ready? Each check prints ok/missing and the exact command that fixes it."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

from steer.cli._util import console

Check = tuple[str, bool, str, str]  # name, ok, detail, fix


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check Python, Docker, the sandbox image, the embedded model, an endpoint")
    p.add_argument("--base-url", help="also check this OpenAI-compatible endpoint (default: $OPENAI_BASE_URL)")
    p.add_argument("--load", action="store_true", help="also load the embedded model and report its load time")
    p.add_argument("--sandbox", action="store_true",
                   help="also run containment probes in the Docker sandbox (user, read-only root, network, timeout)")
    p.set_defaults(func=run)


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return ("python", ok, sys.version.split()[0], "install Python 3.11 or newer")


def check_docker() -> list[Check]:
    try:
        import docker
    except ImportError:
        return [("docker engine", False, "docker SDK not installed", "pip install docker")]
    try:
        client = docker.from_env(timeout=5)
        version = client.version().get("Version", "?")
    except Exception as exc:  # noqa: BLE001 - any failure here means "not usable", with the reason
        return [("docker engine", False, str(exc).splitlines()[0][:120], "sudo dockerd > /tmp/dockerd.log 2>&1 &")]
    checks: list[Check] = [("docker engine", True, f"Docker {version}", "")]
    from steer.sandbox.image import DEFAULT_IMAGE

    try:
        image = client.images.get(DEFAULT_IMAGE)
        checks.append(("sandbox image", True, f"{DEFAULT_IMAGE} ({image.short_id})", ""))
    except Exception:  # noqa: BLE001
        checks.append(("sandbox image", False, f"{DEFAULT_IMAGE} not built", "steer sandbox build"))
    return checks


def check_sandbox() -> list[Check]:
    """Probe containment on this machine's engine and image; any failure means do not run model code."""
    import asyncio

    from steer.sandbox import get_sandbox
    from steer.sandbox.probes import run_probes

    async def go() -> list[tuple[str, bool, str]]:
        sandbox = get_sandbox("docker", pool_size=0)
        try:
            return await run_probes(sandbox)
        finally:
            await sandbox.aclose()

    try:
        results = asyncio.run(go())
    except Exception as exc:  # noqa: BLE001 - an unusable sandbox is a failed check, with the reason
        return [("sandbox", False, str(exc).splitlines()[0][:120], "steer sandbox build; then steer doctor")]
    return [(f"sandbox: {name}", ok, seen, "" if ok else "do not run model code here: see README, Sandbox")
            for name, ok, seen in results]


def check_model(load: bool) -> list[Check]:
    from steer.models import DEFAULT_MODEL
    from steer.models.pull import model_status

    name = DEFAULT_MODEL.split("/", 1)[1]
    status = model_status(name)
    checks: list[Check] = []
    try:
        import llama_cpp

        checks.append(("llama-cpp-python", True, llama_cpp.__version__, ""))
    except ImportError:
        checks.append(("llama-cpp-python", False, "not installed", "pip install 'steer[local]'"))
    ok = bool(status.present and status.hash_ok)
    checks.append(("embedded model", ok, status.detail, "" if ok else f"steer models pull {name}"))
    if ok and load and checks[0][1]:
        from steer.models.local import load_llama

        start = time.perf_counter()
        load_llama(str(status.path))
        checks.append(("model load", True, f"{time.perf_counter() - start:.2f} s", ""))
    return checks


def check_endpoint(base_url: str | None) -> list[Check]:
    if not base_url:
        return []
    import openai

    try:
        client = openai.OpenAI(base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY", "none"), timeout=5)
        models = [m.id for m in client.models.list()][:3]
        return [("endpoint", True, f"{base_url} serves {', '.join(models) or 'no models'}", "")]
    except Exception as exc:  # noqa: BLE001
        return [("endpoint", False, f"{base_url}: {str(exc).splitlines()[0][:100]}", "check --base-url and the server")]


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    checks: list[Check] = [check_python()]
    groups: list[Callable[[], list[Check]]] = [
        check_docker,
        lambda: check_sandbox() if args.sandbox else [],
        lambda: check_model(args.load),
        lambda: check_endpoint(args.base_url or os.environ.get("OPENAI_BASE_URL")),
    ]
    for group in groups:
        checks.extend(group())
    table = Table(title="steer doctor")
    for col in ("check", "status", "detail", "fix"):
        table.add_column(col)
    for name, ok, detail, fix in checks:
        table.add_row(name, "[green]ok[/]" if ok else "[red]missing[/]", detail, "" if ok else fix)
    console().print(table)
    return 0 if all(ok for _, ok, _, _ in checks) else 1
