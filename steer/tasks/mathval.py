"""Math answers compared by value, safely: LaTeX → a whitelisted expression tree → sympy.

No LLM judge and no eval: `\\boxed{}` is extracted, units and `\\text{}` are stripped, LaTeX is rewritten
to plain arithmetic, parsed with `ast`, and only numbers, + - * / ^, sqrt, pi and parentheses become a
sympy expression. Rational values must be equal exactly; any other value must agree within a relative
tolerance of 1e-9 (so 3.1416 is not pi); tuples compare element by element; anything unparsable falls
back to exact normalised text.
"""

from __future__ import annotations

import ast
import re

import sympy

__all__ = ["TOLERANCE", "boxed", "equal", "normalize", "to_sympy"]

TOLERANCE = 1e-9
_NAMES = {"pi": sympy.pi, "e": sympy.E}
_FUNCS = {"sqrt": sympy.sqrt}


def boxed(text: str) -> str | None:
    """The content of the last \\boxed{...} (or \\fbox{...}), braces balanced."""
    start = max(text.rfind("\\boxed"), text.rfind("\\fbox"))
    if start < 0:
        return None
    i = text.find("{", start)
    if i < 0:
        return None
    depth = 0
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1 : j].strip()
    return None


def normalize(answer: str) -> str:
    s = answer.strip().strip("$").strip()
    s = re.sub(r"\\text\{[^}]*\}", "", s)               # units and words
    s = re.sub(r"\\(mbox|mathrm)\{[^}]*\}", "", s)
    s = re.sub(r"\^\s*\{?\\circ\}?|°|\\%|%|\\\$|\$", "", s)
    s = s.replace("\\left", "").replace("\\right", "").replace("\\!", "").replace("\\,", "").replace("\\ ", "")
    s = s.replace("dfrac", "frac").replace("tfrac", "frac").replace("\\displaystyle", "")
    s = re.sub(r"(?i)\b(units?|cm|meters?|inches|feet|degrees|dollars|square|sq)\b", "", s)
    return " ".join(s.split()).rstrip(".")


def _latex_to_py(s: str) -> str:
    s = normalize(s)
    for _ in range(5):  # nested fractions and roots
        s = re.sub(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"((\1)/(\2))", s)
        s = re.sub(r"\\frac\s*(\d)\s*(\d)", r"((\1)/(\2))", s)
        s = re.sub(r"\\sqrt\s*\[([^\]]*)\]\s*\{([^{}]*)\}", r"((\2)**(1/(\1)))", s)
        s = re.sub(r"\\sqrt\s*\{([^{}]*)\}", r"sqrt(\1)", s)
        s = re.sub(r"\\sqrt\s*(\d+)", r"sqrt(\1)", s)
    s = s.replace("\\pi", "pi").replace("\\cdot", "*").replace("\\times", "*").replace("^", "**")
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # thousands separators (tuples were split before)
    s = s.replace("{", "(").replace("}", ")")
    s = re.sub(r"(\d)\s*(pi|sqrt|\()", r"\1*\2", s)
    s = re.sub(r"\)\s*(\d|pi|sqrt|\()", r")*\1", s)
    s = re.sub(r"(pi)\s*(\d|sqrt|\()", r"\1*\2", s)
    return s


def _build(node: ast.AST) -> sympy.Expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return sympy.nsimplify(node.value) if isinstance(node.value, float) else sympy.Integer(node.value)
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _build(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
        a, b = _build(node.left), _build(node.right)
        if isinstance(node.op, ast.Pow) and (abs(b) > 100 if b.is_number else True):
            raise ValueError("exponent too large")
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise ValueError("division by zero")
            return a / b
        return a**b
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS and len(node.args) == 1:
        return _FUNCS[node.func.id](_build(node.args[0]))
    raise ValueError(f"not allowed in a math answer: {type(node).__name__}")


def to_sympy(answer: str) -> sympy.Expr | None:
    try:
        return _build(ast.parse(_latex_to_py(answer), mode="eval").body)
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, RecursionError):
        return None


def _split_tuple(s: str) -> list[str] | None:
    t = normalize(s)
    if len(t) > 2 and t[0] in "([" and t[-1] in ")]" and "," in t:
        return [x.strip() for x in t[1:-1].split(",")]
    return None


def equal(answer: str, reference: str) -> bool:
    a_parts, r_parts = _split_tuple(answer), _split_tuple(reference)
    if a_parts is not None or r_parts is not None:
        return a_parts is not None and r_parts is not None and len(a_parts) == len(r_parts) and all(
            equal(x, y) for x, y in zip(a_parts, r_parts))
    a, r = to_sympy(answer), to_sympy(reference)
    if a is not None and r is not None:
        if a.is_Rational and r.is_Rational:
            return bool(a == r)
        try:
            av, rv = complex(sympy.N(a)), complex(sympy.N(r))
        except (TypeError, ValueError):
            return False
        return abs(av - rv) <= TOLERANCE * max(abs(rv), 1e-12)
    return normalize(answer).replace(" ", "") == normalize(reference).replace(" ", "")
