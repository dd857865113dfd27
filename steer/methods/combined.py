"""Methods that combine modes: Code+Text+Sum., Self-estimate Score, and the Code/Text Choice controller.

They compose the single-mode methods (`all_text`, `all_code` by default; any registered method by name)
rather than re-implementing them, and record the decision that picked the mode.
"""

from __future__ import annotations

import re

from steer.extract import extract_answer
from steer.methods.base import Solution, SolveContext
from steer.methods.prompts import prompt
from steer.records import Message, Sample
from steer.registry import lookup, register

__all__ = ["CodeTextChoice", "CodeTextSum", "SelfEstimate", "parse_choice", "parse_scores"]


def _method(name: str):  # noqa: ANN202
    return lookup("method", name)()


def parse_choice(reply: str) -> str | None:
    """'code' | 'text' from a reply; the `<<<...>>>` decision wins, then the last mention; else None."""
    span = (extract_answer(reply) or "").lower()
    for word in ("code", "text"):
        if word in span and ("text" if word == "code" else "code") not in span:
            return word
    mentions = re.findall(r"\b(code|text)\b", reply.lower())
    return mentions[-1] if mentions else None


def parse_scores(reply: str) -> tuple[float, float] | None:
    """(code, text) confidence scores 0-10 from 'Code: 8 / Text: 3' in any casing or punctuation."""
    found: dict[str, float] = {}
    for key, num in re.findall(r"\b(code|text)\b[^0-9\n]{0,20}?(\d+(?:\.\d+)?)", reply.lower()):
        found.setdefault(key, min(float(num), 10.0))
    if "code" in found and "text" in found:
        return found["code"], found["text"]
    return None


class CodeTextChoice:
    """The controller: one short call decides code or text for this question, then that mode answers."""

    name = "code_text_choice"

    def __init__(self, code: str = "all_code", text: str = "all_text", default: str = "code") -> None:
        self.code, self.text, self.default = code, text, default

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt('choice')}\n\nQUESTION:\n{sample.prompt}")],
                                  purpose="choice", max_tokens=min(ctx.budget.max_tokens, 200))
        parsed = parse_choice(call.reply)
        choice = parsed or self.default
        inner = await _method(self.code if choice == "code" else self.text).solve(sample, ctx)
        reason = call.reply.strip().split("<<<")[0].strip()[:300]
        return inner.model_copy(update={"decision": {"choice": choice, "parsed": parsed is not None,
                                                     "reason": reason, **inner.decision}})


class SelfEstimate:
    """The model scores its own chance by code and by text, then answers in the higher-scored mode."""

    name = "self_estimate"

    def __init__(self, code: str = "all_code", text: str = "all_text") -> None:
        self.code, self.text = code, text

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        call = await ctx.generate([Message.user(f"{prompt('self_estimate')}\n\nQUESTION:\n{sample.prompt}")],
                                  purpose="self-estimate", max_tokens=min(ctx.budget.max_tokens, 100))
        scores = parse_scores(call.reply)
        code_s, text_s = scores if scores else (1.0, 0.0)  # unparsable: code, the safer mode on SymBench
        choice = "code" if code_s >= text_s else "text"
        inner = await _method(self.code if choice == "code" else self.text).solve(sample, ctx)
        return inner.model_copy(update={"decision": {"choice": choice, "parsed": scores is not None,
                                                     "scores": {"code": code_s, "text": text_s}}})


class CodeTextSum:
    """Independent text and code answers, then a summarising call over both and the execution output."""

    name = "code_text_sum"

    def __init__(self, code: str = "all_code", text: str = "all_text") -> None:
        self.code, self.text = code, text

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        text = await _method(self.text).solve(sample, ctx)
        code = await _method(self.code).solve(sample, ctx)
        tc, cc = text.candidates[-1], code.candidates[-1]
        ex = cc.executions[-1] if cc.executions else None
        summary = await ctx.generate([Message.user(prompt("summarize").format(
            question=sample.prompt, text=tc.raw_reply or "(no reply)", code=cc.code or "(no code)",
            output=(f"{ex.stdout}\n{ex.stderr}".strip() if ex else "(not run)") or "(no output)"))],
            purpose="summarize")
        final = ctx.text_candidate(summary, "summary")
        answer = final.answer
        mode = "code" if answer is not None and answer == cc.answer else "text"
        return Solution(
            candidates=[tc, cc, final], final_answer=answer, final_mode=mode,
            decision={"text_answer": tc.answer, "code_answer": cc.answer, "agreed": tc.answer == cc.answer},
        )


register("method", "code_text_choice",
         "Code/Text Choice: the model decides code or text per question, then answers that way")(CodeTextChoice)
register("method", "self_estimate",
         "Self-estimate Score: the model rates code vs text confidence, answers in the higher (proposal)")(SelfEstimate)
register("method", "code_text_sum",
         "Code + Text + Sum.: text and code answers, then a summarising call decides (proposal)")(CodeTextSum)
