"""CodeSteer: a steering model guides the task model over rounds, with checkers as evidence.

Differences from the anchor, on purpose: the task model sees its own execution output; the steering
decision is parsed from one `<<<...>>>` span, never by substring anywhere; a "return" needs evidence
(an answer the task can read, and a passing self-check or a program that computes it: a small steerer
returns anything, so an unverified text answer is retried in code and other refusals carry the error
or the checkers' report as guidance); when the checkers already agree (a clean program that computes
its answer, printed in format, and a passing self-check) the round returns without the steering
call, which is the largest prompt of the loop; and the final
answer is the best-evidenced answer of all rounds (self-check passed, then in format, then code that
really computes, then latest), not simply the last one. Round 0 uses the baselines' own prompts, so
CodeSteer's first attempt is exactly All Code's or All Text's.
"""

from __future__ import annotations

import re

from steer.extract import extract_answer
from steer.methods.base import Solution, SolveContext
from steer.methods.checkers import (
    SelfCheck,
    in_format,
    self_check,
    symbolic_check,
    trusted_program,
)
from steer.methods.combined import parse_choice
from steer.methods.interpreter import show_output
from steer.methods.prompts import prompt
from steer.records import Candidate, Message, Sample
from steer.registry import register

__all__ = ["CodeSteer", "parse_steer"]

def parse_steer(reply: str) -> tuple[str, str]:
    """('return'|'switch_code'|'switch_text'|'guide', guidance) from the steering reply's decision span."""
    span = (extract_answer(reply) or "").strip()
    low = re.sub(r"[^a-z ]", "", span.lower()).strip()
    if low in ("return answer", "terminate", "return", "stop"):
        return "return", ""
    if low.startswith("switch to code"):
        return "switch_code", ""
    if low.startswith("switch to text"):
        return "switch_text", ""
    guidance = re.sub(r"^\s*guidance\s*:\s*", "", span, flags=re.IGNORECASE) or reply.strip()[-500:]
    return "guide", guidance


class CodeSteer:
    name = "codesteer"

    def __init__(self, max_rounds: int | None = None, self_checks: bool = True,
                 retry_temperature: float = 0.7, trust_checkers: bool = True,
                 evidence_to_return: bool = True) -> None:
        self.max_rounds = max_rounds
        self.self_checks = self_checks
        self.retry_temperature = retry_temperature
        self.trust_checkers = trust_checkers
        self.evidence_to_return = evidence_to_return

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        steering = ctx.steering_model or ctx.model
        rounds_max = self.max_rounds or ctx.budget.max_rounds
        choice = await ctx.generate([Message.user(f"{prompt('choice')}\n\nQUESTION:\n{sample.prompt}")],
                                    purpose="steer-choice", model=steering, max_tokens=min(ctx.budget.max_tokens, 200))
        mode = parse_choice(choice.reply) or "code"
        history = [Message.user(f"{prompt('all_' + mode)}\n\n{sample.prompt}")]
        candidates: list[Candidate] = []
        evidence: list[tuple[bool, bool, bool, bool]] = []  # per round, what _choose ranks by
        rounds: list[dict] = []
        for r in range(rounds_max):
            # after a round with no readable answer, sample: a small model decodes the same failure again greedily
            failed = bool(rounds) and not rounds[-1]["in_format"]
            call = await ctx.generate(history, purpose=f"round-{r}",
                                      **({"temperature": self.retry_temperature} if failed else {}))
            cand = await ctx.code_candidate(call, f"{mode}-{r}") if mode == "code" else ctx.text_candidate(
                call, f"{mode}-{r}")
            candidates.append(cand)
            ex = cand.executions[-1] if cand.executions else None
            sym = symbolic_check(cand.code) if mode == "code" else None
            check = (await self_check(sample, cand.answer, ctx, purpose=f"self-check-{r}") if self.self_checks
                     else SelfCheck(ran=False, report="disabled"))
            readable, trusted = in_format(cand, ctx.task), trusted_program(cand, ctx.task)
            evidence.append((check.passed, readable, bool(sym and sym.computes), cand.error is None))
            record = {"round": r, "mode": mode, "answer": cand.answer, "error": cand.error,
                      "in_format": readable, "symbolic": sym.summary if sym else None,
                      "self_check": check.report, "self_check_passed": check.passed}
            rounds.append(record)
            if self.trust_checkers and check.passed and trusted:
                record["decision"] = "return (checkers agree)"
                break
            if r == rounds_max - 1:
                record["decision"] = "budget exhausted"
                break
            output = show_output(ex.stdout, ex.stderr, ex.status) if ex else "(text answer: nothing executed)"
            steer_call = await ctx.generate([Message.user(prompt("steer").format(
                question=sample.prompt, round=r, mode=mode, reply=call.reply or "(empty reply)", output=output,
                symbolic=sym.summary if sym else "(text answer)", selfcheck=check.report,
                modes=", ".join(x["mode"] for x in rounds)))], purpose=f"steer-{r}", model=steering)
            action, guidance = parse_steer(steer_call.reply)
            record["decision"] = action
            if action == "return" and (refusal := self._refuse_return(cand, check, readable, trusted, rounds)):
                action, guidance, why = refusal
                record["decision"] = f"{action} (return refused: {why})"
            if action == "return":
                break
            if action in ("switch_code", "switch_text"):
                mode = "code" if action == "switch_code" else "text"
                guidance = "Your previous attempt may be wrong; try the other way."
            record["guidance"] = guidance
            feedback = f"Execution output of your code:\n{output}\n\n" if ex else ""
            history = [*history, Message.assistant(call.reply), Message.user(
                feedback + prompt("guided_retry").format(guidance=guidance, mode_instruction=prompt("retry_" + mode)))]
        best = self._choose(candidates, evidence)
        final = candidates[best] if best is not None else None
        return Solution(
            candidates=candidates, final_answer=final.answer if final else None,
            final_mode=final.mode if final else None,
            decision={"initial_choice": mode if not rounds else rounds[0]["mode"], "rounds": rounds,
                      "chosen_round": best},
        )

    def _refuse_return(self, cand: Candidate, check: SelfCheck, readable: bool, trusted: bool,
                       rounds: list[dict]) -> tuple[str, str, str] | None:
        """A weak steerer says "return" to anything, so a return needs evidence: an answer the task can
        read, and (with `evidence_to_return`) a passing self-check or a program that computes it. An
        unverified text answer goes to code once; anything else gets the checkers' report as guidance."""
        if cand.answer is None:
            return "guide", f"Your attempt gave no answer ({cand.error}). Fix that and answer again.", "no answer"
        if not readable:
            return ("guide", f"Your answer {cand.answer!r} is not in the format the question asks for. Give the "
                    "final answer exactly in that format.", "not in the required format")
        if not self.evidence_to_return or check.passed or trusted:
            return None
        if cand.mode == "text" and all(x["mode"] == "text" for x in rounds):
            return "switch_code", "", "unverified text answer"
        return ("guide", f"The checks could not confirm the answer {cand.answer!r} ({check.report}). Check it "
                "against every constraint of the question and answer again.", "unverified")

    @staticmethod
    def _choose(cands: list[Candidate], evidence: list[tuple[bool, bool, bool, bool]]) -> int | None:
        """Best evidence wins: self-check passed, in format, code that computes, ran cleanly; ties → latest."""
        answered = [i for i, c in enumerate(cands) if c.answer is not None]
        return max(answered, key=lambda i: (*evidence[i], i), default=None)


register("method", "codesteer",
         "CodeSteer: steering rounds with symbolic and self-answer checkers; best-evidenced answer wins")(CodeSteer)
