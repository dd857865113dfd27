"""`question`: a free-form question from a user, with no reference answer and so no verdict."""

from __future__ import annotations

import hashlib

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.base import BaseTask

__all__ = ["Question", "question_sample"]


class Question(BaseTask):
    name = "question"
    description = "A free-form question (used by Agent.solve); no reference, so it is never scored"
    synthetic = False

    def check(self, sample: Sample, answer: str) -> Verdict:
        return Verdict(correct=False, reason="free-form question: no reference answer to verify against")


def question_sample(text: str, answer_format: str = Question.answer_format) -> Sample:
    """A sample for a user's question; the id is a content hash so re-asking resumes from a log."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    prompt = text if "<<<" in text else f"{text}\n{answer_format}"
    return Sample(id=f"q-{digest}", task="question", prompt=prompt, verifier="none")


register("task", Question.name, Question.description)(Question)
