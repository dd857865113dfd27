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
