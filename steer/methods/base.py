"""The method interface and the context methods work through.

A method decides how to use the model (text, code, both, several rounds) and which candidate wins; it
never talks to providers, sandboxes or logs directly. `SolveContext` records every call and execution,
enforces budgets, and turns replies into candidates the same way for every method.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field, JsonValue

from steer.extract import extract_code, last_line
from steer.models.base import Model
from steer.records import Candidate, GenerateConfig, Message, ModelCall, Mode, Sample, Selection
from steer.sandbox.base import Sandbox, SandboxLimits
from steer.tasks.base import Task

__all__ = ["Budget", "BudgetExceeded", "Method", "SolveContext", "Solution"]


class Budget(BaseModel):
    """Per-sample limits; a method that hits one stops and answers with what it has."""

    max_calls: int = 16
    max_rounds: int = 5
    max_tokens: int = 1024
    temperature: float = 0.0
    samples: int = 1


class BudgetExceeded(Exception):
    """Internal signal: the sample's call budget is spent (caught by the runner, never user-facing)."""


class Solution(BaseModel):
    """What a method returns; the runner adds the sample, calls, verdict and accounting."""

    candidates: list[Candidate] = Field(default_factory=list)
    final_answer: str | None = None
    final_mode: Mode | None = None
    selection: Selection | None = None
    decision: dict[str, JsonValue] = Field(default_factory=dict)


@runtime_checkable
class Method(Protocol):
    name: str

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution: ...


@dataclass
class SolveContext:
    sample: Sample
    task: Task
    model: Model
    sandbox: Sandbox
    budget: Budget = field(default_factory=Budget)
    seed: int = 0
    epoch: int = 0
    limits: SandboxLimits | None = None
    steering_model: Model | None = None
    calls: list[ModelCall] = field(default_factory=list)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def config(self, **overrides: Any) -> GenerateConfig:
        base = {
            "temperature": self.budget.temperature,
            "max_tokens": self.budget.max_tokens,
            "seed": self.seed,
        }
        base.update(overrides)
        return GenerateConfig(**base)

    async def generate(
        self,
        messages: list[Message],
        *,
        purpose: str = "answer",
        model: Model | None = None,
        **overrides: Any,
    ) -> ModelCall:
        """Call the model (or `model`), record the call, and enforce the call budget."""
        async with self._lock:
            if len(self.calls) >= self.budget.max_calls:
                raise BudgetExceeded(f"max_calls={self.budget.max_calls} reached")
            index = len(self.calls)
            self.calls.append(ModelCall(model="(pending)", messages=messages))
        call = await (model or self.model).generate(
            messages, self.config(**overrides), purpose=purpose, epoch=self.epoch
        )
        self.calls[index] = call
        return call

    def call_index(self, call: ModelCall) -> int:
        return next(i for i, c in enumerate(self.calls) if c is call)

    async def execute(self, code: str, *, stdin: str = "", files: dict[str, str] | None = None):  # noqa: ANN201
        return await self.sandbox.run(code, stdin=stdin, files=files, limits=self.limits)

    def text_candidate(self, call: ModelCall, cid: str) -> Candidate:
        """A text answer: the task's parser over the reply; a failed call is a failed candidate."""
        error = call.error.message if call.error else None
        answer = None if error else self.task.parse(call.reply)
        if answer is None and error is None:
            error = "no answer in the required format"
        return Candidate(
            id=cid, mode="text", raw_reply=call.reply, answer=answer, call_index=self.call_index(call), error=error
        )

    async def reply_candidate(self, call: ModelCall, cid: str) -> Candidate:
        """Whatever the reply is: code if it holds a Python block (the paper counts that as code use),
        else text. For methods that do not dictate the mode (Only Question, AutoGen)."""
        if extract_code(call.reply) is not None:
            return await self.code_candidate(call, cid)
        return self.text_candidate(call, cid)

    async def code_candidate(self, call: ModelCall, cid: str, code: str | None = None) -> Candidate:
        """A code answer: run the reply's code (or `code`, a tool call's program); the answer is the
        task-format span of stdout, else its last line. No code, a crash or a timeout gives a failed
        candidate, not an exception."""
        index = self.call_index(call)
        if call.error:
            return Candidate(id=cid, mode="code", raw_reply=call.reply, call_index=index, error=call.error.message)
        code = code if code is not None else extract_code(call.reply)
        if code is None:
            return Candidate(
                id=cid, mode="code", raw_reply=call.reply, call_index=index, error="no code block in the reply"
            )
        ex = await self.execute(code)
        answer = None
        error = None
        if ex.status == "ok":
            answer = self.task.parse(ex.stdout) or last_line(ex.stdout)
            if answer is None:
                error = "the program printed nothing"
        else:
            error = f"execution {ex.status}: {ex.stderr.strip().splitlines()[-1] if ex.stderr.strip() else ''}"
        return Candidate(
            id=cid, mode="code", raw_reply=call.reply, code=code, answer=answer, executions=[ex],
            call_index=index, error=error,
        )
