"""The task interface: make samples (seeded generator or data loader), parse answers, verify them.

Verification is exact and programmatic: never an LLM, never `eval` of model output in this process.
A malformed answer is a failed `Verdict` with a reason, never an exception.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from pydantic import JsonValue

from steer.errors import ConfigError, TaskError
from steer.extract import extract_answer
from steer.records import Sample, Verdict

__all__ = ["BaseTask", "Task", "rng_for"]


def rng_for(task: str, seed: int) -> random.Random:
    """A generator-private RNG: same task and seed give the same sample on every machine."""
    return random.Random(f"steer:{task}:{seed}")


@runtime_checkable
class Task(Protocol):
    name: str
    description: str
    answer_format: str
    synthetic: bool

    def generate(self, seed: int, **knobs: Any) -> Sample: ...

    def load(self, path: str | Path) -> list[Sample]: ...

    def parse(self, reply: str) -> str | None: ...

    def verify(self, sample: Sample, answer: str | None) -> Verdict: ...


class BaseTask:
    """Shared defaults. Subclasses set the class attributes and implement `make`/`check` (and `load`)."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    answer_format: ClassVar[str] = "Return your final answer in the format <<<answer>>>."
    synthetic: ClassVar[bool] = True
    knobs: ClassVar[dict[str, JsonValue]] = {}
    data_path: ClassVar[str | None] = None  # folder relative to a SymBench checkout

    def generate(self, seed: int, **knobs: Any) -> Sample:
        if not self.synthetic:
            raise ConfigError(f"task {self.name!r} has no generator; load it from data (--data DIR)")
        unknown = set(knobs) - set(self.knobs)
        if unknown:
            raise ConfigError(
                f"task {self.name!r} has no knob(s) {sorted(unknown)}; knobs: {sorted(self.knobs) or 'none'}"
            )
        merged = {**self.knobs, **knobs}
        question, reference, metadata = self.make(rng_for(self.name, seed), **merged)
        # Non-default knobs are part of the id, so a sweep's samples never collide on resume.
        tag = "" if merged == self.knobs else "-" + hashlib.sha256(
            json.dumps(merged, sort_keys=True).encode()).hexdigest()[:6]
        return Sample(
            id=f"{self.name}{tag}-s{seed}",
            task=self.name,
            prompt=f"{question}\n{self.answer_format}".strip(),
            reference=reference,
            verifier=self.name,
            seed=seed,
            knobs=merged,
            metadata=metadata,
        )

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        raise NotImplementedError

    def load(self, path: str | Path) -> list[Sample]:
        raise ConfigError(f"task {self.name!r} has no data loader")

    def parse(self, reply: str) -> str | None:
        return extract_answer(reply)

    def canonical(self, answer: str) -> str:
        """The key under which equal answers vote together: case, spacing, thousands separators and
        integral floats folded. Tasks with structured answers may override it."""
        text = " ".join(answer.strip().strip(".").split()).lower()
        plain = text.replace(",", "").replace("_", "")
        try:
            value = float(plain)
            if value.is_integer() and abs(value) < 2**53:
                return str(int(value))
        except ValueError:
            pass
        return text

    def reference_answer(self, sample: Sample) -> str | None:
        """The stored reference rendered as an answer string (None when the data has no reference)."""
        return None if sample.reference is None else str(sample.reference)

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        """A wrong answer derived from the reference, to prove the verifier rejects near misses."""
        ref = self.reference_answer(sample) or ""
        digits = [i for i, ch in enumerate(ref) if ch.isdigit()]
        if digits:
            i = rng.choice(digits)
            return ref[:i] + str((int(ref[i]) + 1) % 10) + ref[i + 1 :]
        return ref[:-1] if len(ref) > 1 else ref + "x"

    def verify(self, sample: Sample, answer: str | None) -> Verdict:
        if answer is None or not str(answer).strip():
            return Verdict(correct=False, reason="no answer")
        try:
            return self.check(sample, str(answer).strip())
        except TaskError:
            raise
        except Exception as exc:  # a verifier must turn any malformed answer into a verdict
            return Verdict(correct=False, reason=f"unparsable answer: {type(exc).__name__}: {exc}")

    def check(self, sample: Sample, answer: str) -> Verdict:
        raise NotImplementedError
