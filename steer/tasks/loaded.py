"""Tasks loaded from fixed data: BIG-Bench-Hard (4), GSM-Hard, MATH Geometry and Counting & Probability.

No generators (the questions are human-written); verifiers are exact: BBH by option letter or yes/no,
GSM-Hard by numeric value, MATH by value through `mathval` (no LLM judge anywhere).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.base import BaseTask
from steer.tasks.mathval import boxed, equal, normalize

GSM_TOLERANCE = 1e-4  # relative, for non-integer targets only (integers must match exactly)

__all__ = ["BBHTask", "GSMHard", "MathTask"]


class BBHTask(BaseTask):
    synthetic = False
    answer_format = "Give your final answer in the format <<<answer>>> (an option like (B), or Yes/No)."
    file = ""

    def load(self, path: str | Path) -> list[Sample]:
        data = json.loads((Path(path) / "bbh" / f"{self.file}.json").read_text())
        return [Sample(id=f"{self.name}-{i}", task=self.name, prompt=f"{ex['input']}\n{self.answer_format}",
                       reference=ex["target"], verifier=self.name) for i, ex in enumerate(data["examples"])]

    @staticmethod
    def _key(text: str) -> str:
        t = text.strip()
        m = re.match(r"^\(?([A-Ra-r])\)(?:\s|$)|^\(?([A-Ra-r])\)?$", t)
        if m:
            return f"({(m.group(1) or m.group(2)).upper()})"
        low = t.lower().strip(".! ")
        if low.startswith("yes"):
            return "yes"
        if low.startswith("no"):
            return "no"
        return " ".join(low.split())

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        ref = str(sample.reference)
        if ref.lower() in ("yes", "no"):
            return "No" if ref.lower() == "yes" else "Yes"
        letter = self._key(ref)[1]
        return f"({'A' if letter != 'A' else 'B'})"

    def check(self, sample: Sample, answer: str) -> Verdict:
        got, want = self._key(answer), self._key(str(sample.reference))
        if got == want:
            return Verdict(correct=True, reason=f"matches {sample.reference}")
        return Verdict(correct=False, reason=f"{got!r} != {want!r}")


def _bbh(name: str, file: str, description: str) -> type[BBHTask]:
    cls = type(name, (BBHTask,), {"name": name, "file": file, "description": description,
                                  "data_path": "BIG-Bench-Hard"})
    register("task", name, description)(cls)
    return cls


_bbh("bbh_date", "date_understanding", "BBH Date Understanding (250, options); exact option match")
_bbh("bbh_web_of_lies", "web_of_lies", "BBH Web of Lies (250, Yes/No); exact match")
_bbh("bbh_logical_deduction", "logical_deduction_seven_objects",
     "BBH Logical Deduction, seven objects (250, options); exact option match")
_bbh("bbh_navigate", "navigate", "BBH Navigate (250, Yes/No); exact match")


def _number(text: str) -> float | None:
    t = re.sub(r"[$,\s]|dollars?|\\\$", "", text.strip().rstrip("."))
    m = re.fullmatch(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", t)
    return float(m.group()) if m else None


class GSMHard(BaseTask):
    name = "gsm_hard"
    description = "GSM-Hard (1,319 word problems, large numbers); integers exact, others within rel 1e-4"
    synthetic = False
    data_path = "gsmhardv2.jsonl"
    answer_format = "Give the final numeric answer in the format <<<answer>>>."

    def load(self, path: str | Path) -> list[Sample]:
        out = []
        for i, line in enumerate(Path(path).read_text().splitlines()):
            d = json.loads(line)
            out.append(Sample(id=f"gsm_hard-{i}", task=self.name, prompt=f"{d['input']}\n{self.answer_format}",
                              reference=d["target"], verifier=self.name))
        return out

    def reference_answer(self, sample: Sample) -> str:
        v = float(sample.reference)  # type: ignore[arg-type]
        return str(int(v)) if v.is_integer() else repr(v)

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        return repr(float(sample.reference) + 1 + abs(float(sample.reference)) * 0.01)  # type: ignore[arg-type]

    def check(self, sample: Sample, answer: str) -> Verdict:
        got = _number(answer)
        if got is None:
            return Verdict(correct=False, reason=f"not a number: {answer[:40]!r}")
        want = float(sample.reference)  # type: ignore[arg-type]
        if want.is_integer():
            ok = got == want
        else:
            ok = abs(got - want) <= GSM_TOLERANCE * abs(want)
        if ok:
            return Verdict(correct=True, reason="numeric match")
        return Verdict(correct=False, reason=f"{got} != {want}")


class MathTask(BaseTask):
    synthetic = False
    answer_format = "Give the final answer in the format <<<answer>>> (a number or a simplified expression)."
    folder = ""

    def load(self, path: str | Path) -> list[Sample]:
        out = []
        for f in sorted((Path(path) / "train" / self.folder).glob("*.json"), key=lambda p: int(p.stem)):
            d = json.loads(f.read_text())
            ref = boxed(d["solution"])
            out.append(Sample(id=f"{self.name}-{f.stem}", task=self.name, prompt=f"{d['problem']}\n{self.answer_format}",
                              reference=ref, verifier=self.name, metadata={"level": d.get("level")}))
        return out

    def parse(self, reply: str) -> str | None:
        return super().parse(reply) or boxed(reply)

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = str(sample.reference)
        inner = boxed(answer) or answer
        if equal(inner, ref):
            return Verdict(correct=True, reason="equal by value" if normalize(inner) != normalize(ref) else "same answer")
        return Verdict(correct=False, reason=f"{inner[:40]!r} != {ref[:40]!r}")


def _math(name: str, folder: str, description: str) -> None:
    cls = type(name, (MathTask,), {"name": name, "folder": folder, "description": description, "data_path": "MATH"})
    register("task", name, description)(cls)


_math("math_geometry", "geometry", "MATH Geometry (870); compared by value with sympy, no judge")
_math("math_counting", "counting_and_probability", "MATH Counting & Probability (771); compared by value")
register("task", GSMHard.name, GSMHard.description)(GSMHard)
