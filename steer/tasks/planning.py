"""Planning tasks verified by simulation: Blocksworld and BoxLift.

Many plans are correct, so neither compares against a stored plan: the answer is executed step by step
against the rules, and the reference answer is produced by a solver (BFS for Blocksworld, a greedy
packer for BoxLift) only to prove the verifier accepts valid plans.
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

__all__ = ["BoxLift", "Blocksworld"]

State = tuple[tuple[str, ...], ...]


def _parse_state(block: str) -> State:
    stacks = []
    for line in block.strip().splitlines():
        if line.strip().startswith("stack"):
            stacks.append(tuple(line.split(":", 1)[1].split()))
    return tuple(stacks)


def _fmt(state: State) -> str:
    return "\n".join(f"stack{i + 1}: {' '.join(s)}" for i, s in enumerate(state))


def _moves(state: State) -> list[tuple[str, int, int, State]]:
    out = []
    for i, src in enumerate(state):
        if not src:
            continue
        for j in range(len(state)):
            if i != j:
                new = [list(s) for s in state]
                block = new[i].pop()
                new[j].append(block)
                out.append((block, i + 1, j + 1, tuple(tuple(s) for s in new)))
    return out


def _solve(start: State, goal: State) -> list[str]:
    seen = {start}
    queue: deque[tuple[State, list[str]]] = deque([(start, [])])
    while queue:
        state, plan = queue.popleft()
        if state == goal:
            return plan
        for block, i, j, nxt in _moves(state):
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*plan, f"Move {block} from {i} to {j}"]))
    raise ValueError("unsolvable blocksworld instance")


class Blocksworld(BaseTask):
    name = "blocksworld"
    description = "Blocksworld: move top blocks between stacks to reach the goal; verified by simulation"
    data_path = "Blocksworld_dataset"
    answer_format = ("Give the plan, one move per line, in the format <<<Move B from 2 to 1\nMove C from 3 to 2>>> "
                     "(only the top block of a stack can move; stacks are numbered from 1).")
    knobs: dict[str, JsonValue] = {"blocks": 4, "stacks": 3}

    @staticmethod
    def question(start: State, goal: State) -> str:
        return (f"Blocks are stacked on {len(start)} stacks (listed bottom to top). Rearrange them into the goal "
                f"state by moving one top block at a time.\n\nInitial State:\n{_fmt(start)}\n\nGoal State:\n"
                f"{_fmt(goal)}")

    def _sample(self, sid: str, start: State, goal: State, knobs: dict[str, Any]) -> Sample:
        return Sample(id=sid, task=self.name, prompt=f"{self.question(start, goal)}\n{self.answer_format}",
                      reference={"initial": [list(s) for s in start], "goal": [list(s) for s in goal]},
                      verifier=self.name, knobs=knobs)

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        n, k = int(knobs["blocks"]), int(knobs["stacks"])
        blocks = [chr(ord("A") + i) for i in range(n)]

        def deal() -> State:
            stacks: list[list[str]] = [[] for _ in range(k)]
            for b in rng.sample(blocks, n):
                stacks[rng.randrange(k)].append(b)
            return tuple(tuple(s) for s in stacks)

        start, goal = deal(), deal()
        while goal == start:
            goal = deal()
        s = self._sample("", start, goal, {})
        return self.question(start, goal), s.reference, {}

    def load(self, path: str | Path) -> list[Sample]:
        out = []
        for f in sorted(Path(path).glob("*/blocksworld_task.txt")):
            text = f.read_text()
            init, goal = text.split("Goal State:")
            start = _parse_state(init.replace("Initial State:", ""))
            goal_state = _parse_state(goal)
            goal_state = goal_state + ((),) * (len(start) - len(goal_state))
            out.append(self._sample(f"blocksworld-{f.parent.name}", start, goal_state,
                                    {"blocks": sum(map(len, start)), "stacks": len(start)}))
        return out

    def reference_answer(self, sample: Sample) -> str:
        ref = sample.reference
        assert isinstance(ref, dict)
        plan = _solve(tuple(map(tuple, ref["initial"])), tuple(map(tuple, ref["goal"])))
        return "\n".join(plan) if plan else "No moves are needed."

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        plan = self.reference_answer(sample).splitlines()
        return "\n".join(plan[:-1]) if len(plan) > 1 else "Move Z from 1 to 2"

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        state = [list(s) for s in ref["initial"]]
        moves = re.findall(r"move\s+([A-Za-z])\s+from\s+(?:stack\s*)?(\d+)\s+to\s+(?:stack\s*)?(\d+)", answer, re.I)
        if not moves and state != [list(s) for s in ref["goal"]]:
            return Verdict(correct=False, reason="no moves found")
        for n, (block, a, b) in enumerate(moves, 1):
            i, j = int(a) - 1, int(b) - 1
            if not (0 <= i < len(state) and 0 <= j < len(state)) or i == j:
                return Verdict(correct=False, reason=f"move {n}: no stack {a} or {b}")
            if not state[i] or state[i][-1] != block.upper():
                return Verdict(correct=False, reason=f"move {n}: {block} is not on top of stack {a}")
            state[j].append(state[i].pop())
        goal = [list(s) for s in ref["goal"]]
        if state != goal:
            return Verdict(correct=False, reason="the final state is not the goal")
        return Verdict(correct=True, reason=f"reaches the goal in {len(moves)} moves")


def _greedy(boxes: list[int], lifters: list[int]) -> list[list[tuple[int, list[int]]]] | None:
    """Heaviest box first, smallest set of free lifters that can hold it (greedy by capacity)."""
    if sum(lifters) < max(boxes, default=0):
        return None
    remaining = sorted(boxes, reverse=True)
    steps = []
    while remaining:
        free = sorted(range(len(lifters)), key=lambda i: -lifters[i])
        step, left = [], []
        for box in remaining:
            team, cap = [], 0
            for i in list(free):
                if cap >= box:
                    break
                team.append(i)
                cap += lifters[i]
            if cap >= box:
                step.append((box, team))
                free = [i for i in free if i not in team]
            else:
                left.append(box)
        if not step:
            return None
        steps.append(step)
        remaining = left
    return steps


class BoxLift(BaseTask):
    name = "boxlift"
    description = "BoxLift: lift every box with lifters whose capacities add up; simulated, within the step bound"
    data_path = "BoxLift_dataset"
    answer_format = ("Give the plan in the format <<<Step 1: [(weight, [lifter indices]), ...]\nStep 2: ...>>>, "
                     "lifters indexed from 0, each lifter used at most once per step.")
    knobs: dict[str, JsonValue] = {"boxes": 10, "lifters": 3}

    @staticmethod
    def question(boxes: list[int], lifters: list[int], bound: int) -> str:
        return (f"There are {len(boxes)} boxes with weights {boxes} and {len(lifters)} lifters with capacities "
                f"{lifters}. In each step, every lifter can help lift at most one box; several lifters can "
                f"lift one box together if their capacities add up to its weight. Lift all boxes in at most "
                f"{bound} steps.")

    def _sample(self, sid: str, boxes: list[int], lifters: list[int], knobs: dict[str, Any]) -> Sample:
        plan = _greedy(boxes, lifters)
        bound = len(plan) if plan else 0
        return Sample(id=sid, task=self.name, prompt=f"{self.question(boxes, lifters, bound)}\n{self.answer_format}",
                      reference={"boxes": boxes, "lifters": lifters, "max_steps": bound}, verifier=self.name,
                      knobs=knobs)

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        lifters = [rng.randint(40, 120) for _ in range(int(knobs["lifters"]))]
        boxes = [rng.randint(20, min(sum(lifters), 200)) for _ in range(int(knobs["boxes"]))]
        s = self._sample("", boxes, lifters, {})
        return self.question(boxes, lifters, s.reference["max_steps"]), s.reference, {}  # type: ignore[index]

    def load(self, path: str | Path) -> list[Sample]:
        out = []
        for f in sorted(Path(path).glob("*/*/BoxLift.json")):
            d = json.loads(f.read_text())
            out.append(self._sample(f"boxlift-{f.parent.parent.name}-{f.parent.name}", d["boxes"], d["lifters"],
                                    {"boxes": len(d["boxes"]), "lifters": len(d["lifters"])}))
        return out

    def reference_answer(self, sample: Sample) -> str | None:
        ref = sample.reference
        assert isinstance(ref, dict)
        plan = _greedy(ref["boxes"], ref["lifters"])
        return None if plan is None else "\n".join(f"Step {i}: {step}" for i, step in enumerate(plan, 1))

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        lines = (self.reference_answer(sample) or "").splitlines()
        return "\n".join(lines[:-1]) if len(lines) > 1 else "Step 1: []"

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        todo = sorted(ref["boxes"])
        lifters = ref["lifters"]
        steps = re.findall(r"Step\s*\d+\s*:\s*(\[.*?\])\s*(?=Step|\Z)", answer, re.S | re.I)
        if not steps:
            return Verdict(correct=False, reason="no steps found")
        if len(steps) > ref["max_steps"]:
            return Verdict(correct=False, reason=f"{len(steps)} steps > bound {ref['max_steps']}")
        lifted: list[int] = []
        for n, text in enumerate(steps, 1):
            step = ast.literal_eval(text.strip())
            used: set[int] = set()
            for box, team in step:
                if any(i in used or not 0 <= i < len(lifters) for i in team):
                    return Verdict(correct=False, reason=f"step {n}: a lifter is reused or does not exist")
                used |= set(team)
                if sum(lifters[i] for i in team) < box:
                    return Verdict(correct=False, reason=f"step {n}: lifters {team} cannot hold {box}")
                lifted.append(int(box))
        if sorted(lifted) != todo:
            return Verdict(correct=False, reason="the boxes lifted are not exactly the boxes given")
        return Verdict(correct=True, reason=f"all boxes lifted in {len(steps)} steps")


register("task", Blocksworld.name, Blocksworld.description)(Blocksworld)
register("task", BoxLift.name, BoxLift.description)(BoxLift)
