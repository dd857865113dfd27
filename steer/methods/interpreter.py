"""Code Interpreter (multi-turn): the model runs code, sees the output, and decides when it is done.

Fenced code blocks are the tool protocol, so every endpoint (including the embedded model, which has no
tool-calling template) behaves alike. Code Interpreter+ is the paper's proposal that pushes harder
toward code: a system prompt that insists on computation and one nudge when a round answers without code.
"""

from __future__ import annotations

from steer.extract import extract_code
from steer.methods.base import Solution, SolveContext
from steer.methods.prompts import prompt
from steer.records import Candidate, Message, Sample
from steer.registry import register

__all__ = ["CodeInterpreter", "CodeInterpreterPlus"]

OUTPUT_CHARS = 4000  # output shown back to the model per round; the full capture stays in the record


def show_output(stdout: str, stderr: str, status: str) -> str:
    text = stdout if not stderr else f"{stdout}\n[stderr]\n{stderr}"
    if len(text) > OUTPUT_CHARS:
        text = text[: OUTPUT_CHARS // 2] + "\n...[output shortened]...\n" + text[-OUTPUT_CHARS // 2 :]
    suffix = "" if status == "ok" else f"\n[the program ended with status: {status}]"
    return f"```\n{text.strip()}\n```{suffix}"


class CodeInterpreter:
    name = "code_interpreter"
    system_prompt = "interpreter"
    nudges = 0

    def __init__(self, max_rounds: int | None = None) -> None:
        self.max_rounds = max_rounds

    async def solve(self, sample: Sample, ctx: SolveContext) -> Solution:
        rounds = self.max_rounds or ctx.budget.max_rounds
        messages = [Message.system(prompt(self.system_prompt)), Message.user(sample.prompt)]
        candidates: list[Candidate] = []
        final: Candidate | None = None
        nudges_left = self.nudges
        stop = "rounds exhausted"
        for r in range(rounds):
            call = await ctx.generate(messages, purpose=f"round-{r}")
            if call.error:
                stop = f"model error: {call.error.message}"
                break
            messages = [*messages, Message.assistant(call.reply)]
            if extract_code(call.reply) is None:
                if nudges_left > 0 and not any(c.mode == "code" for c in candidates):
                    nudges_left -= 1
                    messages.append(Message.user(prompt("interpreter_nudge")))
                    continue
                final = ctx.text_candidate(call, f"final-{r}")
                stop = "final answer"
                break
            cand = await ctx.code_candidate(call, f"code-{r}")
            candidates.append(cand)
            ex = cand.executions[-1] if cand.executions else None
            if ex is None:
                break
            messages.append(Message.user(prompt("interpreter_output").format(
                output=show_output(ex.stdout, ex.stderr, ex.status))))
        used_code = any(c.mode == "code" and c.executions for c in candidates)
        if final is not None:
            candidates.append(final)
        # The final answer is the model's closing statement; failing that, the last code run's output.
        answer = final.answer if final and final.answer else next(
            (c.answer for c in reversed(candidates) if c.mode == "code" and c.answer), None)
        return Solution(
            candidates=candidates,
            final_answer=answer,
            final_mode="code" if used_code else "text",
            decision={"rounds": len([c for c in candidates if c.mode == "code"]) + (final is not None),
                      "stopped": stop, "used_code": used_code},
        )


class CodeInterpreterPlus(CodeInterpreter):
    name = "code_interpreter_plus"
    system_prompt = "interpreter_plus"
    nudges = 1


register("method", "code_interpreter", "Code Interpreter: multi-turn run-code-see-output loop (baseline)")(
    CodeInterpreter
)
register("method", "code_interpreter_plus",
         "Code Interpreter+: the interpreter loop pushed explicitly toward code (paper proposal)")(CodeInterpreterPlus)
