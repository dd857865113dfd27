"""The openai provider through the real `openai` client over HTTP to the scripted test-double server."""

from __future__ import annotations

import asyncio

import pytest
from conftest import scripted_model

from steer.errors import ConfigError
from steer.models import ResponseCache, RetryPolicy, get_model
from steer.records import GenerateConfig, Message
from steer.testing import Fault, ScriptedServer

Q = [Message.user("What is 2+2?")]


async def test_plain_reply_with_api_usage(scripted: ScriptedServer) -> None:
    scripted.push("four <<<4>>>")
    call = await scripted_model(scripted).generate(Q, GenerateConfig(seed=7, max_tokens=50))
    assert call.reply == "four <<<4>>>" and call.error is None
    assert (call.usage.prompt_tokens, call.usage.completion_tokens, call.usage.source) == (3, 2, "api")
    sent = scripted.requests[0]
    assert sent["seed"] == 7 and sent["max_tokens"] == 50 and sent["messages"][0]["content"] == "What is 2+2?"


@pytest.mark.parametrize(
    "fault",
    [Fault("429", retry_after=0.01), Fault("429"), Fault("500"), Fault("malformed"), Fault("drop"),
     Fault("slow", delay_s=0.3, reply="late <<<4>>>")],
    ids=["429-retry-after", "429", "500", "malformed-json", "dropped-connection", "slow"],
)
async def test_each_fault_is_retried_and_recorded(scripted: ScriptedServer, fault: Fault) -> None:
    scripted.push(fault, "ok <<<4>>>")
    call = await scripted_model(scripted).generate(Q)
    if fault.kind == "slow":
        assert call.reply == "late <<<4>>>" and call.retries == 0 and scripted.request_count == 1
    else:
        assert call.reply == "ok <<<4>>>" and call.retries == 1 and scripted.request_count == 2
    assert call.error is None


async def test_slow_reply_past_client_timeout_is_retried(scripted: ScriptedServer) -> None:
    scripted.push(Fault("slow", delay_s=1.0, reply="too late"), "ok")
    model = get_model("openai/scripted", base_url=scripted.url, cache=False, retry=RetryPolicy(initial_s=0.01),
                      timeout_s=0.3)
    call = await model.generate(Q)
    assert call.reply == "ok" and call.retries == 1


async def test_retries_exhausted_become_a_recorded_error(scripted: ScriptedServer) -> None:
    scripted.push(*[Fault("500")] * 3)
    call = await scripted_model(scripted, retry=RetryPolicy(max_retries=2, initial_s=0.01)).generate(Q)
    assert call.error is not None and "HTTP 500" in call.error.message
    assert call.retries == 2 and scripted.request_count == 3 and call.reply == ""


async def test_exhausted_script_is_a_clear_error_not_a_hang(scripted: ScriptedServer) -> None:
    call = await scripted_model(scripted).generate(Q)
    assert call.error is not None and "script exhausted" in call.error.message
    assert scripted.exhausted and call.retries == 0  # 400 is not retried


def test_retry_after_is_honoured_and_backoff_grows() -> None:
    policy = RetryPolicy(initial_s=0.5, max_s=30, jitter=0)
    assert policy.delay(0, retry_after=2.0) == 2.0
    assert [policy.delay(a, None) for a in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert policy.delay(10, None) == 30 and policy.delay(0, retry_after=999) == 30


async def test_cache_hit_makes_no_http_request(scripted: ScriptedServer, tmp_path) -> None:  # noqa: ANN001
    cache = ResponseCache(tmp_path / "c.sqlite")
    scripted.push("cached <<<4>>>")
    first = await scripted_model(scripted, cache=cache).generate(Q)
    second = await scripted_model(scripted, cache=cache).generate(Q)  # a new Model: the cache is on disk
    assert scripted.request_count == 1
    assert second.cache_hit and not first.cache_hit and second.reply == first.reply
    assert second.usage == first.usage


async def test_cache_key_covers_params_seed_and_epoch(scripted: ScriptedServer, tmp_path) -> None:  # noqa: ANN001
    cache = ResponseCache(tmp_path / "c.sqlite")
    model = scripted_model(scripted, cache=cache)
    scripted.responder = lambda messages: "r"
    await model.generate(Q, GenerateConfig(seed=1))
    await model.generate(Q, GenerateConfig(seed=2))
    await model.generate(Q, GenerateConfig(seed=1, temperature=0.5))
    await model.generate(Q, GenerateConfig(seed=1), epoch=1)
    await model.generate(Q, GenerateConfig(seed=1))  # the only repeat
    assert scripted.request_count == 4 and len(cache) == 4


async def test_concurrency_limit_is_respected() -> None:
    active = 0
    peak = 0
    import threading

    lock = threading.Lock()

    def responder(messages):  # noqa: ANN001, ANN202
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        import time

        time.sleep(0.05)
        with lock:
            active -= 1
        return "x"

    with ScriptedServer(responder=responder) as server:
        model = scripted_model(server, max_concurrency=2)
        calls = await asyncio.gather(*(model.generate([Message.user(str(i))]) for i in range(8)))
    assert all(c.reply == "x" for c in calls) and peak == 2


def test_model_survives_across_event_loops(scripted: ScriptedServer) -> None:
    scripted.responder = lambda m: "again"
    model = scripted_model(scripted)
    assert asyncio.run(model.generate(Q)).reply == "again"
    assert asyncio.run(model.generate(Q)).reply == "again"


def test_cost_comes_from_the_price_table(scripted: ScriptedServer, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "prices.yaml").write_text("openai/scripted: [1000000, 2000000]\n")
    monkeypatch.setenv("STEER_COSTS", str(tmp_path / "prices.yaml"))
    scripted.push("a b")
    call = asyncio.run(scripted_model(scripted).generate(Q))
    assert call.cost_usd == pytest.approx(3 * 1 + 2 * 2)


@pytest.mark.parametrize(
    "spec,match",
    [("gpt-4o", "provider/name"), ("nosuch/model", "unknown model 'nosuch'"), ("openai/gpt-4o", "no API key")],
)
def test_bad_model_specs(spec: str, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        get_model(spec, cache=False)
