"""The embedded model in-process, and the same model served over HTTP to steer's openai provider."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from steer.models import get_model
from steer.models.local import _LOADED
from steer.records import GenerateConfig, Message

pytestmark = pytest.mark.model

Q = [Message.user("What is 2+3? Reply with the number only.")]


def test_local_model_answers_with_llama_cpp_usage(embedded_model_path: Path) -> None:
    model = get_model("local/qwen2.5-coder-0.5b", cache=False)
    call = asyncio.run(model.generate(Q, GenerateConfig(max_tokens=8, seed=1)))
    assert call.error is None and "5" in call.reply
    assert call.usage.source == "llama.cpp" and call.usage.prompt_tokens > 5 and 0 < call.usage.completion_tokens <= 8


def test_greedy_decoding_is_deterministic_and_stop_sequences_apply(embedded_model_path: Path) -> None:
    model = get_model("local/qwen2.5-coder-0.5b", cache=False)
    ask = [Message.user("Count from 1 to 9 separated by commas.")]
    a = asyncio.run(model.generate(ask, GenerateConfig(max_tokens=30)))
    b = asyncio.run(model.generate(ask, GenerateConfig(max_tokens=30)))
    assert a.reply == b.reply
    stopped = asyncio.run(model.generate(ask, GenerateConfig(max_tokens=30, stop=["5"])))
    assert "5" not in stopped.reply and "6" not in stopped.reply


def test_concurrent_callers_share_one_loaded_model(embedded_model_path: Path) -> None:
    a = get_model("local/qwen2.5-coder-0.5b", cache=False)
    b = get_model(f"local/{embedded_model_path}", cache=False)  # the same file by path

    async def both():  # noqa: ANN202
        return await asyncio.gather(*(m.generate(Q, GenerateConfig(max_tokens=4)) for m in (a, b, a, b)))

    calls = asyncio.run(both())
    assert all(c.error is None for c in calls)
    assert len({k[0] for k in _LOADED}) == 1  # one file in memory, whatever the name used


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_llama_cpp_server_driven_by_the_openai_provider(embedded_model_path: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_model_path),
                             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
                time.sleep(0.5)
        model = get_model("openai/qwen", base_url=f"http://127.0.0.1:{port}/v1", cache=False)
        call = asyncio.run(model.generate(Q, GenerateConfig(max_tokens=8)))
        assert call.error is None, call.error
        assert "5" in call.reply and call.usage.source == "api" and call.usage.completion_tokens > 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
