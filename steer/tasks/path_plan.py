"""Path Plan: draw a path of waypoints through a map with walls and named rooms, entering some rooms and
avoiding others. SymBench has no data files for it (its 14 maps live in the anchor's runner code), so
steer generates maps and instructions from a seed, and verifies any path geometrically.
"""

from __future__ import annotations

import random
import re
from collections import deque
from typing import Any

from pydantic import JsonValue

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.base import BaseTask

__all__ = ["PathPlan"]

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


def _seg_hits_rect(p: Point, q: Point, r: Rect, steps: int = 64) -> bool:
    """Does segment pq pass through the interior of rectangle r? (sampled finely; maps are on a 0.5 grid)"""
    x0, y0, x1, y1 = r
    for k in range(steps + 1):
        t = k / steps
        x, y = p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t
        if x0 < x < x1 and y0 < y < y1:
            return True
    return False


def _ccw(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _segments_cross(p: Point, q: Point, a: Point, b: Point) -> bool:
    d1, d2, d3, d4 = _ccw(a, b, p), _ccw(a, b, q), _ccw(p, q, a), _ccw(p, q, b)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True

    def on(u: Point, v: Point, w: Point) -> bool:
        return min(u[0], v[0]) <= w[0] <= max(u[0], v[0]) and min(u[1], v[1]) <= w[1] <= max(u[1], v[1])

    return any(d == 0 and on(*seg, pt) for d, seg, pt in ((d1, (a, b), p), (d2, (a, b), q), (d3, (p, q), a),
                                                            (d4, (p, q), b)))


class PathPlan(BaseTask):
    name = "path_plan"
    description = "Path Plan: waypoints from start to goal, crossing no wall, entering/avoiding named rooms"
    answer_format = "Give the path as waypoints in the format <<<[(x1, y1), (x2, y2), ...]>>>."
    knobs: dict[str, JsonValue] = {"size": 10, "rooms": 4, "walls": 3}

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        size, n_rooms, n_walls = int(knobs["size"]), int(knobs["rooms"]), int(knobs["walls"])
        for _ in range(200):
            rooms: dict[str, Rect] = {}
            for name in [f"room {chr(65 + i)}" for i in range(n_rooms)]:
                w, h = rng.randint(1, 3), rng.randint(1, 3)
                x, y = rng.randint(0, size - w), rng.randint(0, size - h)
                rooms[name] = (x, y, x + w, y + h)
            walls = []
            for _ in range(n_walls):
                x, y, length = rng.randint(1, size - 1), rng.randint(1, size - 1), rng.randint(2, 4)
                walls.append(((x, y), (x + length, y)) if rng.random() < 0.5 else ((x, y), (x, y + length)))
            start = (rng.randint(0, size), rng.randint(0, size))
            goal = (rng.randint(0, size), rng.randint(0, size))
            names = list(rooms)
            rng.shuffle(names)
            enter, avoid = names[:1], names[1:2]
            ref = {"size": size, "rooms": {k: list(v) for k, v in rooms.items()},
                   "walls": [[list(a), list(b)] for a, b in walls], "start": list(start), "goal": list(goal),
                   "enter": enter, "avoid": avoid}
            if start != goal and self._plan(ref) is not None and not any(
                    _inside(start, rooms[a]) or _inside(goal, rooms[a]) for a in avoid):
                return self.question(ref), ref, {}
        raise ValueError("could not generate a solvable map")

    @staticmethod
    def question(ref: dict[str, Any]) -> str:
        rooms = "\n".join(f"- {k}: x from {v[0]} to {v[2]}, y from {v[1]} to {v[3]}" for k, v in ref["rooms"].items())
        walls = "\n".join(f"- from ({a[0]}, {a[1]}) to ({b[0]}, {b[1]})" for a, b in ref["walls"])
        return (f"A map spans x and y from 0 to {ref['size']}. It has these rectangular rooms:\n{rooms}\n"
                f"and these walls (line segments that no path may cross or touch):\n{walls}\n"
                f"Plan a path of straight segments from ({ref['start'][0]}, {ref['start'][1]}) to "
                f"({ref['goal'][0]}, {ref['goal'][1]}) that passes through the inside of "
                f"{', '.join(ref['enter'])} and never enters {', '.join(ref['avoid'])}, staying on the map.")

    def _plan(self, ref: dict[str, Any]) -> list[Point] | None:
        """BFS on the half-unit lattice: start → the entered rooms' centres → goal, avoiding walls/rooms."""
        size = ref["size"]
        avoid = [tuple(ref["rooms"][a]) for a in ref["avoid"]]
        walls = [(tuple(a), tuple(b)) for a, b in ref["walls"]]

        def ok(p: Point, q: Point) -> bool:
            return (0 <= q[0] <= size and 0 <= q[1] <= size and not any(_seg_hits_rect(p, q, r, 4) for r in avoid)
                    and not any(_segments_cross(p, q, a, b) for a, b in walls))

        def bfs(s: Point, t: Point) -> list[Point] | None:
            prev: dict[Point, Point | None] = {s: None}
            queue = deque([s])
            while queue:
                p = queue.popleft()
                if p == t:
                    path = [p]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])  # type: ignore[arg-type]
                    return path[::-1]
                for dx, dy in ((0.5, 0), (-0.5, 0), (0, 0.5), (0, -0.5)):
                    q = (p[0] + dx, p[1] + dy)
                    if q not in prev and ok(p, q):
                        prev[q] = p
                        queue.append(q)
            return None

        stops = [tuple(map(float, ref["start"]))]
        for room in ref["enter"]:
            x0, y0, x1, y1 = ref["rooms"][room]
            stops.append(((x0 + x1) / 2, (y0 + y1) / 2))
        stops.append(tuple(map(float, ref["goal"])))
        path: list[Point] = [stops[0]]  # type: ignore[list-item]
        for s, t in zip(stops, stops[1:]):
            leg = bfs(s, t)  # type: ignore[arg-type]
            if leg is None:
                return None
            path += leg[1:]
        return path

    def reference_answer(self, sample: Sample) -> str | None:
        path = self._plan(sample.reference)  # type: ignore[arg-type]
        return None if path is None else "[" + ", ".join(f"({x:g}, {y:g})" for x, y in path) + "]"

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        """The reference path with its last waypoint moved off the goal."""
        path = self._plan(sample.reference) or []  # type: ignore[arg-type]
        path[-1] = (path[-1][0] + 0.5, path[-1][1])
        return "[" + ", ".join(f"({x:g}, {y:g})" for x, y in path) + "]"

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        pts = [(float(x), float(y)) for x, y in re.findall(r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)", answer)]
        if len(pts) < 2:
            return Verdict(correct=False, reason="fewer than two waypoints")
        if pts[0] != tuple(ref["start"]) or pts[-1] != tuple(ref["goal"]):
            return Verdict(correct=False, reason="the path does not run from the start to the goal")
        size = ref["size"]
        if any(not (0 <= x <= size and 0 <= y <= size) for x, y in pts):
            return Verdict(correct=False, reason="a waypoint is off the map")
        segs = list(zip(pts, pts[1:]))
        for a, b in ref["walls"]:
            if any(_segments_cross(p, q, tuple(a), tuple(b)) for p, q in segs):
                return Verdict(correct=False, reason=f"the path crosses the wall {a}-{b}")
        for room in ref["avoid"]:
            if any(_seg_hits_rect(p, q, tuple(ref["rooms"][room])) for p, q in segs):
                return Verdict(correct=False, reason=f"the path enters {room}")
        for room in ref["enter"]:
            if not any(_seg_hits_rect(p, q, tuple(ref["rooms"][room])) for p, q in segs):
                return Verdict(correct=False, reason=f"the path never enters {room}")
        return Verdict(correct=True, reason="valid path")


def _inside(p: Any, r: Rect) -> bool:
    return r[0] < p[0] < r[2] and r[1] < p[1] < r[3]


register("task", PathPlan.name, PathPlan.description)(PathPlan)
