"""Typed records: the only things that pass between layers and the only things written to logs.

Every record is a frozen-by-convention pydantic v2 model that round-trips through JSON, so a run
directory can be re-read, re-scored and reported on without the code that produced it. `SCHEMA_VERSION`
is bumped whenever a field changes meaning; readers reject logs from a newer schema.
"""

from __future__ import annotations

import traceback as _tb
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

__all__ = [
    "SCHEMA_VERSION",
    "Candidate",
    "Cluster",
    "ErrorInfo",
    "Execution",
    "ExecStatus",
    "GenerateConfig",
    "GeneratedTest",
    "Message",
    "Mode",
    "ModelCall",
    "RunRecord",
    "Sample",
    "SampleResult",
    "Selection",
    "TestOutcome",
    "ToolCall",
    "Usage",
    "Verdict",
    "utcnow",
]

SCHEMA_VERSION = 1

Mode = Literal["text", "code"]
ExecStatus = Literal["ok", "error", "timeout", "memory", "output_limit", "sandbox_error"]
TestOutcome = Literal["pass", "fail", "error", "timeout"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class ErrorInfo(Record):
    """An exception stored as data, so a failed sample is a record, not a crash."""

    type: str
    message: str
    traceback: str = ""

    @classmethod
    def from_exception(cls, exc: BaseException) -> ErrorInfo:
        return cls(
            type=type(exc).__name__,
            message=str(exc),
            traceback="".join(_tb.format_exception(exc)),
        )


class ToolCall(Record):
    """A function call the model asked for through an endpoint's tool calling. `arguments` is the raw
    JSON text as sent, since a model may send malformed JSON and that must be recorded, not lost."""

    id: str
    name: str
    arguments: str


class Message(Record):
    role: Literal["system", "user", "assistant", "tool"]
    content: str
    tool_calls: list[ToolCall] = Field(default_factory=list)  # an assistant turn that called tools
    tool_call_id: str | None = None  # a tool turn: the call it answers

    @classmethod
    def system(cls, content: str) -> Message:
        return cls(role="system", content=content)

    @classmethod
    def user(cls, content: str) -> Message:
        return cls(role="user", content=content)

    @classmethod
    def assistant(cls, content: str, tool_calls: list[ToolCall] | None = None) -> Message:
        return cls(role="assistant", content=content, tool_calls=tool_calls or [])

    @classmethod
    def tool(cls, call_id: str, content: str) -> Message:
        return cls(role="tool", content=content, tool_call_id=call_id)


class GenerateConfig(Record):
    """Sampling parameters; part of the response-cache key, so every field changes the key."""

    temperature: float = 0.0
    max_tokens: int = 1024
    top_p: float = 1.0
    seed: int | None = 0
    stop: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)  # steer tools offered by name (`python`); see models.tools


class Usage(Record):
    """Token counts. `source` says where they came from: the API's usage fields, llama.cpp's own
    counts, or (labelled) a tokenizer/character estimate when the endpoint reported none."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    source: Literal["api", "llama.cpp", "estimate", "none"] = "api"

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        # "none" is the identity; mixing real sources keeps the first (sums are per-model in practice).
        src = other.source if self.source == "none" else self.source
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            source=src,
        )


class ModelCall(Record):
    """One model request as it happened: what was asked, what came back, what it cost."""

    model: str
    purpose: str = "answer"
    messages: list[Message]
    config: GenerateConfig = Field(default_factory=GenerateConfig)
    reply: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    cost_usd: float = 0.0
    cache_hit: bool = False
    retries: int = 0
    error: ErrorInfo | None = None


class Execution(Record):
    """One run of Python source in a sandbox. A crash, timeout or memory kill is a status here."""

    code: str
    stdin: str = ""
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    exit_code: int | None = None
    status: ExecStatus = "ok"
    timed_out: bool = False
    oom_killed: bool = False
    duration_s: float = 0.0
    backend: str = ""
    image: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Candidate(Record):
    """One proposed answer, from text reasoning or from executed code."""

    id: str
    mode: Mode
    raw_reply: str = ""
    code: str | None = None
    answer: str | None = None
    executions: list[Execution] = Field(default_factory=list)
    call_index: int | None = None
    scores: dict[str, float] = Field(default_factory=dict)
    error: str | None = None


class Verdict(Record):
    """The verifier's judgement of one answer: exact, programmatic, with a reason a human can read."""

    correct: bool
    reason: str = ""
    score: float | None = None


class Sample(Record):
    """One question with its reference, and everything needed to regenerate it."""

    id: str
    task: str
    prompt: str
    reference: JsonValue = None
    verifier: str = ""
    seed: int | None = None
    knobs: dict[str, JsonValue] = Field(default_factory=dict)
    metadata: dict[str, JsonValue] = Field(default_factory=dict)


class GeneratedTest(Record):
    """A model-written check of an answer's constraints (never the ground-truth verifier)."""

    id: str
    code: str
    call_index: int | None = None
    multiplicity: int = 1
    weight: float = 1.0
    valid: bool = True
    reason: str = ""


class Cluster(Record):
    key: str
    members: list[str]
    modes: list[Mode] = Field(default_factory=list)
    votes: float = 0.0
    tests_passed: float = 0.0
    score: float = 0.0


class Selection(Record):
    """Why the final answer was chosen among candidates; enough to recompute any selector offline."""

    rule: str
    tests: list[GeneratedTest] = Field(default_factory=list)
    matrix: dict[str, dict[str, TestOutcome]] = Field(default_factory=dict)
    clusters: list[Cluster] = Field(default_factory=list)
    winner: str | None = None
    tied: list[str] = Field(default_factory=list)
    tie_break: str = ""
    seed: int = 0
    expected_accuracy: float | None = None


class SampleResult(Record):
    """Everything one method did on one sample, with the verifier's verdict."""

    version: int = SCHEMA_VERSION
    sample_id: str
    task: str
    method: str
    model: str
    epoch: int = 0
    cell: str = ""
    knobs: dict[str, JsonValue] = Field(default_factory=dict)
    calls: list[ModelCall] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    final_answer: str | None = None
    final_mode: Mode | None = None
    selection: Selection | None = None
    decision: dict[str, JsonValue] = Field(default_factory=dict)
    verdict: Verdict | None = None
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float = 0.0
    wall_s: float = 0.0
    error: ErrorInfo | None = None

    @property
    def key(self) -> str:
        return f"{self.task}/{self.sample_id}/{self.method}/{self.model}/{self.epoch}"

    @property
    def correct(self) -> bool:
        return bool(self.verdict and self.verdict.correct)

    @property
    def used_code(self) -> bool:
        return self.final_mode == "code"


class RunRecord(Record):
    """The header of a run directory: what was run, with which versions, when, and how it ended."""

    version: int = SCHEMA_VERSION
    run_id: str
    config: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    seeds: list[int] = Field(default_factory=list)
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    status: Literal["running", "finished", "interrupted", "error"] = "running"
    error: ErrorInfo | None = None
