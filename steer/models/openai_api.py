"""`openai/<model>`: any OpenAI-compatible endpoint through the official `openai` SDK.

The SDK's own retries are switched off (max_retries=0) so that the one retry policy in `Model` applies
to every provider; SDK errors are translated here into steer's errors, keeping Retry-After.
"""

from __future__ import annotations

import os

import openai

from steer._async import PerLoop
from steer.errors import ConfigError, ModelError
from steer.models.base import Completion, TransientError
from steer.models.tools import openai_tools
from steer.records import GenerateConfig, Message, ToolCall, Usage

__all__ = ["OpenAIAPI"]

DEFAULT_KEY_ENV = "OPENAI_API_KEY"


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _wire(m: Message) -> dict[str, object]:
    d: dict[str, object] = {"role": m.role, "content": m.content}
    if m.tool_calls:
        d["tool_calls"] = [{"id": t.id, "type": "function", "function": {"name": t.name, "arguments": t.arguments}}
                           for t in m.tool_calls]
    if m.tool_call_id is not None:
        d["tool_call_id"] = m.tool_call_id
    return d


class OpenAIAPI:
    supports_tools = True

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        api_key_env: str = DEFAULT_KEY_ENV,
        timeout_s: float = 120.0,
    ) -> None:
        if not model:
            raise ConfigError("openai model name is empty; use openai/<model>, e.g. openai/gpt-4o-mini")
        self.model = model
        self.name = f"openai/{model}"
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        key = api_key or os.environ.get(api_key_env)
        if not key:
            if self.base_url is None:
                raise ConfigError(
                    f"no API key for {self.name}: set {api_key_env}, or pass --base-url for a local server"
                )
            key = "not-needed"  # local OpenAI-compatible servers accept any key
        self.identity = f"openai|{self.base_url or 'https://api.openai.com/v1'}|{model}"
        self._clients = PerLoop(
            lambda: openai.AsyncOpenAI(api_key=key, base_url=self.base_url, max_retries=0, timeout=timeout_s)
        )

    async def complete(self, messages: list[Message], config: GenerateConfig) -> Completion:
        kwargs: dict[str, object] = {
            "model": self.model,
            "messages": [_wire(m) for m in messages],
            "temperature": config.temperature,
            "top_p": config.top_p,
            "max_tokens": config.max_tokens,
        }
        if config.seed is not None:
            kwargs["seed"] = config.seed
        if config.stop:
            kwargs["stop"] = config.stop
        if config.tools:
            kwargs["tools"] = openai_tools(config.tools)
        try:
            resp = await self._clients.get().chat.completions.create(**kwargs)  # type: ignore[call-overload]
        except openai.APITimeoutError as exc:
            raise TransientError(f"{self.name}: request timed out") from exc
        except openai.APIConnectionError as exc:
            raise TransientError(f"{self.name}: connection failed: {exc}") from exc
        except openai.APIStatusError as exc:
            if exc.status_code == 429 or exc.status_code >= 500:
                raise TransientError(f"{self.name}: HTTP {exc.status_code}", _retry_after(exc)) from exc
            raise ModelError(f"{self.name}: HTTP {exc.status_code}: {exc.message}") from exc
        except openai.APIResponseValidationError as exc:
            raise TransientError(f"{self.name}: malformed response: {exc}") from exc
        except (ValueError, TypeError) as exc:  # the SDK raises these on unparsable bodies
            raise TransientError(f"{self.name}: malformed response: {exc}") from exc
        if not getattr(resp, "choices", None):
            raise TransientError(f"{self.name}: response has no choices")
        choice = resp.choices[0]
        text = choice.message.content or ""
        calls = [ToolCall(id=t.id, name=t.function.name, arguments=t.function.arguments or "")
                 for t in (getattr(choice.message, "tool_calls", None) or []) if getattr(t, "function", None)]
        if resp.usage is not None:
            usage = Usage(
                prompt_tokens=resp.usage.prompt_tokens or 0,
                completion_tokens=resp.usage.completion_tokens or 0,
                source="api",
            )
        else:
            chars = sum(len(m.content) for m in messages)
            usage = Usage(prompt_tokens=chars // 4, completion_tokens=len(text) // 4, source="estimate")
        return Completion(text=text, tool_calls=calls, finish_reason=choice.finish_reason, usage=usage)

    async def aclose(self) -> None:
        client = self._clients.get()
        await client.close()


