"""The model layer: thin provider adapters under one wrapper that owns retries, caching and limits.

A provider (`ModelAPI`) makes exactly one request. `Model` wraps it once for every provider: exponential
backoff with jitter honouring Retry-After, a per-model concurrency limit, the persistent response cache
and cost accounting, and it always returns a `ModelCall` record (errors included) so a failing endpoint
becomes data in the log instead of a crashed run.
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from steer._async import PerLoop
from steer.errors import ModelError
from steer.models.cache import ResponseCache
from steer.records import ErrorInfo, GenerateConfig, Message, ModelCall, ToolCall, Usage

__all__ = ["Completion", "Model", "ModelAPI", "RetryPolicy", "TransientError"]


class Completion(BaseModel):
    text: str
    tool_calls: list[ToolCall] = []
    finish_reason: str | None = None
    usage: Usage = Usage(source="none")


class TransientError(ModelError):
    """Raised by providers for failures worth retrying (429, 5xx, timeouts, dropped connections)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@runtime_checkable
class ModelAPI(Protocol):
    """One provider request. `identity` keys the cache: provider, model and endpoint. A provider that
    can pass `config.tools` to its endpoint sets `supports_tools = True`."""

    name: str
    identity: str

    async def complete(self, messages: list[Message], config: GenerateConfig) -> Completion: ...


class RetryPolicy(BaseModel):
    max_retries: int = 4
    initial_s: float = 0.5
    max_s: float = 30.0
    jitter: float = 0.25

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_s)
        base = min(self.initial_s * 2**attempt, self.max_s)
        return base * (1 + random.uniform(-self.jitter, self.jitter))


class Model:
    """What methods talk to. `generate` never raises for endpoint failures: the call records them."""

    def __init__(
        self,
        api: ModelAPI,
        *,
        max_concurrency: int = 8,
        retry: RetryPolicy | None = None,
        cache: ResponseCache | None = None,
        prices: tuple[float, float] | None = None,
    ) -> None:
        self.api = api
        self.name = api.name
        self.retry = retry or RetryPolicy()
        self.cache = cache
        self.prices = prices
        self.max_concurrency = max_concurrency
        self._limit = PerLoop(lambda: asyncio.Semaphore(max_concurrency))

    def __repr__(self) -> str:
        return f"Model({self.name!r})"

    @property
    def supports_tools(self) -> bool:
        """Whether requests may offer tools; the endpoint behind it may still refuse them."""
        return bool(getattr(self.api, "supports_tools", False))

    def cost(self, usage: Usage) -> float:
        if not self.prices:
            return 0.0
        per_in, per_out = self.prices
        return (usage.prompt_tokens * per_in + usage.completion_tokens * per_out) / 1_000_000

    async def generate(
        self,
        messages: list[Message],
        config: GenerateConfig | None = None,
        *,
        purpose: str = "answer",
        epoch: int = 0,
    ) -> ModelCall:
        config = config or GenerateConfig()
        call = ModelCall(model=self.name, purpose=purpose, messages=messages, config=config)
        key = None
        if self.cache is not None:
            key = self.cache.key(self.api.identity, messages, config, epoch)
            hit = self.cache.get(key)
            if hit is not None:
                return call.model_copy(
                    update={
                        "reply": hit.text,
                        "tool_calls": hit.tool_calls,
                        "finish_reason": hit.finish_reason,
                        "usage": hit.usage,
                        "cost_usd": self.cost(hit.usage),
                        "cache_hit": True,
                    }
                )
        start = time.perf_counter()
        retries = 0
        async with self._limit.get():
            while True:
                try:
                    completion = await self.api.complete(messages, config)
                    break
                except TransientError as exc:
                    if retries >= self.retry.max_retries:
                        return call.model_copy(
                            update={
                                "latency_s": time.perf_counter() - start,
                                "retries": retries,
                                "error": ErrorInfo.from_exception(exc),
                            }
                        )
                    await asyncio.sleep(self.retry.delay(retries, exc.retry_after))
                    retries += 1
                except ModelError as exc:
                    return call.model_copy(
                        update={
                            "latency_s": time.perf_counter() - start,
                            "retries": retries,
                            "error": ErrorInfo.from_exception(exc),
                        }
                    )
        if self.cache is not None and key is not None:
            self.cache.put(key, completion)
        return call.model_copy(
            update={
                "reply": completion.text,
                "tool_calls": completion.tool_calls,
                "finish_reason": completion.finish_reason,
                "usage": completion.usage,
                "latency_s": time.perf_counter() - start,
                "cost_usd": self.cost(completion.usage),
                "retries": retries,
            }
        )

    async def aclose(self) -> None:
        close = getattr(self.api, "aclose", None)
        if close is not None:
            await close()

