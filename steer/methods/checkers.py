"""The CodeSteer checkers: is the code really computing (symbolic check), and does the answer satisfy
the question (self-answer check, a model-written program run in the sandbox)?"""

from __future__ import annotations

import ast

from pydantic import BaseModel

from steer.extract import extract_code
from steer.methods.base import SolveContext
from steer.methods.prompts import prompt
from steer.records import Candidate, Message, Sample
from steer.tasks.base import Task

__all__ = ["SelfCheck", "SymbolicReport", "in_format", "self_check", "symbolic_check", "trusted_program"]

_SEARCH_MODULES = {"itertools", "math", "sympy", "numpy", "fractions", "collections", "functools", "heapq"}


class SymbolicReport(BaseModel):
    parsed: bool
    loops: int = 0
    comprehensions: int = 0
    functions: int = 0
    computed_ops: int = 0         # arithmetic/comparisons involving a variable or call
    search_imports: list[str] = []
    hardcoded_output: bool = False  # every print prints only literals
    computes: bool = False
    summary: str = ""


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and _is_literal(v.value))
                   for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant)
    return False  # an operation, even on literals (print(7563*2194)), is computation


def symbolic_check(code: str | None) -> SymbolicReport:
    """AST analysis: does the program derive its output, or print a constant it already 'knew'?"""
    if not code:
        return SymbolicReport(parsed=False, summary="no code")
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return SymbolicReport(parsed=False, summary=f"does not parse: {exc.msg} (line {exc.lineno})")
    r = SymbolicReport(parsed=True)
    prints = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While, ast.AsyncFor)):
            r.loops += 1
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            r.comprehensions += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            r.functions += 1
        elif isinstance(node, (ast.BinOp, ast.Compare, ast.BoolOp)) and not _is_literal(node):
            r.computed_ops += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            r.search_imports += [m.split(".")[0] for m in mods if m.split(".")[0] in _SEARCH_MODULES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            prints.append(node)
    r.hardcoded_output = bool(prints) and all(all(_is_literal(a) for a in p.args) for p in prints)
    r.computes = not r.hardcoded_output and (r.computed_ops > 0 or r.loops > 0 or r.comprehensions > 0)
    parts = [f"{r.loops} loops", f"{r.comprehensions} comprehensions", f"{r.functions} functions",
             f"{r.computed_ops} computed operations"]
    if r.search_imports:
        parts.append("uses " + ", ".join(sorted(set(r.search_imports))))
    verdict = ("the output is hard-coded: the program prints literals instead of computing the answer"
               if r.hardcoded_output else "the code computes its output" if r.computes
               else "the code does little computation; consider symbolic or search-based code")
    r.summary = f"{verdict} ({', '.join(parts)})"
    return r


class SelfCheck(BaseModel):
    ran: bool
    passed: bool = False
    report: str = ""


async def self_check(sample: Sample, answer: str | None, ctx: SolveContext, *, purpose: str) -> SelfCheck:
    """The model writes a checker for this answer; the sandbox runs it; 'Correct' means it passed."""
    if answer is None:
        return SelfCheck(ran=False, report="no answer to check")
    call = await ctx.generate([Message.user(prompt("self_check").format(answer=answer, question=sample.prompt))],
                              purpose=purpose)
    code = extract_code(call.reply)
    if code is None:
        return SelfCheck(ran=False, report="the checker reply had no code")
    ex = await ctx.execute(code)
    out = (ex.stdout.strip().splitlines() or [""])[-1]
    if ex.status != "ok":
        return SelfCheck(ran=True, report=f"checker failed: {ex.status} {ex.stderr.strip()[-200:]}")
    return SelfCheck(ran=True, passed=out.strip() == "Correct", report=out[:300] or "(no output)")


def in_format(c: Candidate, task: Task) -> bool:
    """Did the candidate give its answer the way the question asks? A program's answer falls back to
    its last printed line, which the verifier may not read (`Count: 1, Positions: [6]`)."""
    if c.answer is None:
        return False
    return c.mode == "text" or (bool(c.executions) and task.parse(c.executions[-1].stdout) is not None)


def trusted_program(c: Candidate, task: Task) -> bool:
    """Code that ran cleanly, printed its answer in the task's format, and computes it: the strongest
    evidence a candidate carries before any model-written check."""
    return c.mode == "code" and c.error is None and in_format(c, task) and symbolic_check(c.code).computes
