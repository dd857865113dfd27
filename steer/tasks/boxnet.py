"""BoxNet: agents (one per grid cell) move coloured boxes to matching targets; verified by simulation.

A plan is a list of steps; each step maps agents to one action:
    [{"Agent[0.5, 0.5]": "move(box_red, square[0.5, 1.5])"}, {"Agent[0.5, 1.5]": "move(box_red, target_red)"}]
An agent may move a box in its own cell to an adjacent cell, or onto a same-colour target in its cell
(which clears both). The plan is correct when every box is on a target at the end.
"""

from __future__ import annotations

import ast
import json
import random
import re
from collections import deque
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.base import BaseTask

__all__ = ["BoxNet"]

_ACTION = re.compile(r"move\((box_\w+),\s*(square\[\s*([\d.]+),\s*([\d.]+)\s*\]|target_\w+)\)")


def _key(x: float, y: float) -> str:
    return f"{x:g}_{y:g}"


def _adjacent(a: str, b: str) -> bool:
    ax, ay = map(float, a.split("_"))
    bx, by = map(float, b.split("_"))
    return abs(ax - bx) + abs(ay - by) == 1


class BoxNet(BaseTask):
    name = "boxnet"
    description = "BoxNet: grid agents move boxes to same-colour targets; the plan is simulated"
    data_path = "BoxNet1_dataset"
    answer_format = ('Give the plan as a list of steps in the format <<<[{"Agent[0.5, 0.5]": '
                     '"move(box_red, square[0.5, 1.5])"}, {"Agent[0.5, 1.5]": "move(box_red, target_red)"}]>>>.')
    knobs: dict[str, JsonValue] = {"rows": 2, "cols": 2, "boxes": 2}

    @staticmethod
    def question(grid: dict[str, list[str]]) -> str:
        cells = "\n".join(f"- square[{k.replace('_', ', ')}]: {', '.join(v) or 'empty'}" for k, v in grid.items())
        return ("Each square of the grid below has one agent, Agent[x, y]. In one step, every agent may do one "
                "action: move a box in its square to an adjacent square (up, down, left or right), or onto a "
                "target of the same colour in its square, which clears both. Plan steps so that every box "
                f"ends on a matching target.\n{cells}")

    def _sample(self, sid: str, grid: dict[str, list[str]], knobs: dict[str, Any]) -> Sample:
        return Sample(id=sid, task=self.name, prompt=f"{self.question(grid)}\n{self.answer_format}",
                      reference={"grid": grid}, verifier=self.name, knobs=knobs)

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        rows, cols, n = int(knobs["rows"]), int(knobs["cols"]), int(knobs["boxes"])
        cells = [_key(x + 0.5, y + 0.5) for x in range(rows) for y in range(cols)]
        grid: dict[str, list[str]] = {c: [] for c in cells}
        for i in range(n):
            colour = ["red", "blue", "green", "purple", "orange"][i % 5]
            grid[rng.choice(cells)].append(f"box_{colour}")
            grid[rng.choice(cells)].append(f"target_{colour}")
        return self.question(grid), {"grid": grid}, {}

    def load(self, path: str | Path) -> list[Sample]:
        out = []
        for f in sorted(Path(path).glob("*/*/*.json")):
            grid = json.loads(f.read_text())
            out.append(self._sample(f"boxnet-{f.parent.parent.name}-{f.parent.name}", grid,
                                    {"cells": len(grid)}))
        return out

    def reference_answer(self, sample: Sample) -> str:
        """One box at a time along a shortest route to the nearest free matching target."""
        grid = {k: list(v) for k, v in sample.reference["grid"].items()}  # type: ignore[index]
        steps: list[dict[str, str]] = []
        while boxes := [(c, item) for c, items in grid.items() for item in items if item.startswith("box_")]:
            cell, box = boxes[0]
            colour = box[4:]
            prev: dict[str, str | None] = {cell: None}
            queue = deque([cell])
            found = None
            while queue:
                c = queue.popleft()
                if f"target_{colour}" in grid[c]:
                    found = c
                    break
                for nb in grid:
                    if nb not in prev and _adjacent(c, nb):
                        prev[nb] = c
                        queue.append(nb)
            if found is None:
                raise ValueError(f"no target for {box}")
            route = [found]
            while prev[route[-1]] is not None:
                route.append(prev[route[-1]])  # type: ignore[arg-type]
            route.reverse()
            for a, b in zip(route, route[1:]):
                steps.append({f"Agent[{a.replace('_', ', ')}]": f"move({box}, square[{b.replace('_', ', ')}])"})
            steps.append({f"Agent[{found.replace('_', ', ')}]": f"move({box}, target_{colour})"})
            grid[cell].remove(box)
            grid[found].remove(f"target_{colour}")
        return json.dumps(steps)

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        steps = json.loads(self.reference_answer(sample))
        return json.dumps(steps[:-1])  # the last box is never placed

    def check(self, sample: Sample, answer: str) -> Verdict:
        grid = {k: list(v) for k, v in sample.reference["grid"].items()}  # type: ignore[index]
        text = answer.strip()
        try:
            steps = json.loads(text)
        except ValueError:
            steps = ast.literal_eval(text)
        if not isinstance(steps, list):
            return Verdict(correct=False, reason="the plan is not a list of steps")
        for n, step in enumerate(steps, 1):
            if not isinstance(step, dict):
                return Verdict(correct=False, reason=f"step {n} is not a mapping of agents to actions")
            moves = []
            for agent, action in step.items():
                m = re.fullmatch(r"Agent\[\s*([\d.]+),\s*([\d.]+)\s*\]", str(agent).strip())
                a = _ACTION.fullmatch(str(action).strip())
                if not m or not a:
                    return Verdict(correct=False, reason=f"step {n}: cannot read {agent}: {action}")
                cell = _key(float(m.group(1)), float(m.group(2)))
                if cell not in grid or a.group(1) not in grid[cell]:
                    return Verdict(correct=False, reason=f"step {n}: {a.group(1)} is not in {agent}'s square")
                moves.append((cell, a))
            for cell, a in moves:  # agents act simultaneously on the state at the start of the step
                box, dest = a.group(1), a.group(2)
                if dest.startswith("target_"):
                    if dest[7:] != box[4:] or dest not in grid[cell]:
                        return Verdict(correct=False, reason=f"step {n}: no {dest} for {box} in that square")
                    grid[cell].remove(dest)
                else:
                    to = _key(float(a.group(3)), float(a.group(4)))
                    if to not in grid or not _adjacent(cell, to):
                        return Verdict(correct=False, reason=f"step {n}: {to} is not adjacent to {cell}")
                    grid[to].append(box)
                if box not in grid[cell]:
                    return Verdict(correct=False, reason=f"step {n}: {box} moved twice")
                grid[cell].remove(box)
        left = [i for items in grid.values() for i in items if i.startswith("box_")]
        if left:
            return Verdict(correct=False, reason=f"{len(left)} box(es) not on a target")
        return Verdict(correct=True, reason=f"all boxes placed in {len(steps)} steps")


register("task", BoxNet.name, BoxNet.description)(BoxNet)
