"""Letters: count a letter in a word and give its positions. Trivial for code, hard for tokenised text.

The answer format is `<<<count, [positions]>>>` with 1-based positions; the verifier recomputes both
from the word, so no stored answer can be wrong.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from pydantic import JsonValue

from steer.records import Sample, Verdict
from steer.registry import register
from steer.tasks.base import BaseTask

__all__ = ["Letters"]

_SYLLABLES = ["ra", "ber", "ston", "li", "qua", "ment", "ex", "tri", "pol", "an", "dor", "sis", "ly", "cro",
              "vin", "gel", "mo", "tur", "es", "ca", "ph", "ny", "ol", "zi", "ward", "ing", "ble", "re", "un"]


class Letters(BaseTask):
    name = "letters"
    description = "Count a letter in a word and list its 1-based positions; recomputed from the word"
    answer_format = "Return the count and the positions in the format <<<count, [positions]>>>, e.g. <<<2, [3, 7]>>>."
    knobs: dict[str, JsonValue] = {"length": [10, 15]}
    data_path = "Letters"

    @staticmethod
    def question(word: str, letter: str) -> str:
        return (f'How many times does the letter "{letter}" appear in the word "{word}", and at which '
                f"positions (counting from 1)?")

    @staticmethod
    def truth(word: str, letter: str) -> tuple[int, list[int]]:
        pos = [i + 1 for i, ch in enumerate(word.lower()) if ch == letter.lower()]
        return len(pos), pos

    def make(self, rng: random.Random, **knobs: Any) -> tuple[str, JsonValue, dict[str, JsonValue]]:
        lo, hi = (int(x) for x in knobs["length"])
        length = rng.randint(lo, hi)
        word = ""
        while len(word) < length:
            word += rng.choice(_SYLLABLES)
        word = word[:length]
        letter = rng.choice(sorted(set(word)))
        count, pos = self.truth(word, letter)
        return self.question(word, letter), {"word": word, "letter": letter, "count": count, "positions": pos}, {}

    def load(self, path: str | Path) -> list[Sample]:
        """`Letters/Letters_dataset_min_length_A_max_length_B/<letter>_<count>_<k>/test_words.json`."""
        samples = []
        for f in sorted(Path(path).glob("*/*/test_words.json")):
            word = json.loads(f.read_text())
            letter = f.parent.name.split("_")[0]
            count, pos = self.truth(word, letter)
            m = re.search(r"min_length_(\d+)_max_length_(\d+)", f.parent.parent.name)
            samples.append(Sample(
                id=f"letters-{f.parent.parent.name.replace('Letters_dataset_', '')}-{f.parent.name}", task=self.name,
                prompt=f"{self.question(word, letter)}\n{self.answer_format}",
                reference={"word": word, "letter": letter, "count": count, "positions": pos}, verifier=self.name,
                knobs={"length": [int(m.group(1)), int(m.group(2))]} if m else {},
            ))
        return samples

    def reference_answer(self, sample: Sample) -> str:
        ref = sample.reference
        assert isinstance(ref, dict)
        return f"{ref['count']}, {ref['positions']}"

    def corrupt(self, sample: Sample, rng: random.Random) -> str:
        ref = sample.reference
        assert isinstance(ref, dict)
        pos = list(ref["positions"])
        return f"{ref['count']}, {pos[:-1] + [pos[-1] + 1] if pos else [1]}"

    def check(self, sample: Sample, answer: str) -> Verdict:
        ref = sample.reference
        assert isinstance(ref, dict)
        count, pos = self.truth(str(ref["word"]), str(ref["letter"]))
        nums = [int(x) for x in re.findall(r"-?\d+", answer)]
        if not nums:
            return Verdict(correct=False, reason="no numbers in the answer")
        got_count, got_pos = nums[0], nums[1:]
        if got_count != count:
            return Verdict(correct=False, reason=f"count {got_count} != {count}")
        if got_pos != pos:
            return Verdict(correct=False, reason=f"positions {got_pos} != {pos}")
        return Verdict(correct=True, reason="count and positions match the word")


register("task", Letters.name, Letters.description)(Letters)
