"""Exact, safe arithmetic over model-written expressions (Game 24, Combinatorial Calculation).

Model output is never `eval`ed: it is parsed with `ast` and only numbers, + - * /, unary minus and
parentheses are evaluated, with `Fraction`s so 8/(3-8/3) is exactly 24.
"""

from __future__ import annotations

import ast
from fractions import Fraction

__all__ = ["ArithError", "evaluate", "numbers_used"]

_MAX_ABS = 10**30


class ArithError(ValueError):
    pass


def _parse(expr: str) -> ast.expr:
    text = expr.strip().replace("×", "*").replace("÷", "/").replace("−", "-")
    if "=" in text:
        text = text.split("=")[0]  # "(1+2)*8 = 24" → the left side
    if len(text) > 2000:
        raise ArithError("expression too long")
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ArithError(f"not an arithmetic expression: {expr[:60]!r}") from exc


def _eval(node: ast.expr) -> Fraction:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return Fraction(str(node.value)) if isinstance(node.value, float) else Fraction(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        a, b = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Add):
            r = a + b
        elif isinstance(node.op, ast.Sub):
            r = a - b
        elif isinstance(node.op, ast.Mult):
            r = a * b
        else:
            if b == 0:
                raise ArithError("division by zero")
            r = a / b
        if abs(r.numerator) > _MAX_ABS or r.denominator > _MAX_ABS:
            raise ArithError("number too large")
        return r
    raise ArithError(f"disallowed syntax: {type(node).__name__}")


def evaluate(expr: str) -> Fraction:
    """The exact value of `expr`; ArithError for anything but + - * / on numbers and parentheses."""
    return _eval(_parse(expr))


def numbers_used(expr: str) -> list[Fraction]:
    """The literal numbers in `expr`, in order (unary minus on a literal is an operator, not a sign)."""
    consts = [n for n in ast.walk(_parse(expr)) if isinstance(n, ast.Constant)
              and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)]
    consts.sort(key=lambda n: (n.lineno, n.col_offset))  # ast.walk is breadth-first; we need reading order
    return [Fraction(str(n.value)) if isinstance(n.value, float) else Fraction(n.value) for n in consts]
