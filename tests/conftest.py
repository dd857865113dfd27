"""Shared fixtures. Each area keeps its own delimited section; append, never rewrite another's."""

from __future__ import annotations

# --- core fixtures ---
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from steer.models import RetryPolicy, get_model
from steer.models.base import Model
from steer.testing import ScriptedServer

REPO_ROOT = Path(__file__).resolve().parents[1]
SYMBENCH = Path(os.environ.get("STEER_SYMBENCH", REPO_ROOT.parent / "shared" / "symbench"))

FAST_RETRY = RetryPolicy(initial_s=0.01, max_s=0.05)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or pollute the user's response cache (models dir stays shared: it is large)."""
    monkeypatch.setenv("STEER_CACHE_DIR", str(tmp_path_factory.mktemp("steer-cache")))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    """TEST DOUBLE: a scripted OpenAI-compatible server on 127.0.0.1 (push replies or set .responder)."""
    with ScriptedServer() as server:
        yield server


def scripted_model(server: ScriptedServer, **kwargs: object) -> Model:
    """A real `openai/*` model over real HTTP to the scripted server, with fast retries and no cache."""
    kwargs.setdefault("cache", False)
    kwargs.setdefault("retry", FAST_RETRY)
    return get_model("openai/scripted", base_url=server.url, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def scripted_model_factory(scripted: ScriptedServer):  # noqa: ANN201
    return lambda **kw: scripted_model(scripted, **kw)
# --- end core fixtures ---

# --- sandbox fixtures ---
import asyncio as _asyncio  # noqa: E402


def steer_containers(run_id: str | None = None) -> list[str]:
    """Ids of containers carrying steer's label (optionally one run's)."""
    from steer.sandbox.image import docker_client

    label = f"org.steer.run={run_id}" if run_id else "org.steer"
    return [c["Id"] for c in docker_client().api.containers(all=True, filters={"label": label})]


@pytest.fixture(scope="session")
def docker_sandbox():  # noqa: ANN201
    """One real hardened Docker sandbox (warm pool) for the session; builds the image if missing."""
    from steer.sandbox.docker import DockerSandbox
    from steer.sandbox.image import DEFAULT_IMAGE, build_image, image_present

    if not image_present(DEFAULT_IMAGE):
        build_image(DEFAULT_IMAGE)
    sb = DockerSandbox(pool_size=2)
    yield sb
    sb.close()
    assert steer_containers(sb.run_id) == [], "the sandbox left containers behind"


def run_in(sandbox, code: str, **kw):  # noqa: ANN001, ANN201
    """Run code in a sandbox from sync test code (each call owns a short event loop)."""
    return _asyncio.run(sandbox.run(code, **kw))
# --- end sandbox fixtures ---

# --- local model fixtures ---
@pytest.fixture(scope="session")
def embedded_model_path():  # noqa: ANN201
    """The verified default GGUF (pulled by scripts/setup.sh; pulled here if missing)."""
    from steer.models.pull import model_status, pull

    name = "qwen2.5-coder-0.5b"
    if not model_status(name).hash_ok:
        pull(name)
    return model_status(name).path
# --- end local model fixtures ---

# --- cli fixtures ---
import signal as _signal  # noqa: E402
import subprocess as _subprocess  # noqa: E402
import sys as _sys  # noqa: E402
import time as _time  # noqa: E402


def steer_cli(*args: str, timeout: float = 300, **kw) -> _subprocess.CompletedProcess[str]:  # noqa: ANN003
    """Run the real `steer` CLI in a subprocess."""
    return _subprocess.run([_sys.executable, "-m", "steer.cli.main", *args], capture_output=True, text=True,
                           timeout=timeout, **kw)


def kill_after_records(args: list[str], root: Path, pattern: str, at_least: int) -> None:
    """Start `steer ARGS`, and kill -9 it once `at_least` records are written under root/pattern."""
    proc = _subprocess.Popen([_sys.executable, "-m", "steer.cli.main", *args], stdout=_subprocess.DEVNULL,
                             stderr=_subprocess.DEVNULL)
    deadline = _time.monotonic() + 60
    while _time.monotonic() < deadline:
        if sum(f.read_text().count("\n") for f in root.glob(pattern)) >= at_least:
            break
        _time.sleep(0.05)
    os.kill(proc.pid, _signal.SIGKILL)
    proc.wait()
# --- end cli fixtures ---
