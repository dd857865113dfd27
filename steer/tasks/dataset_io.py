"""Task suites as Hugging Face `datasets` (JSONL or Parquet on disk; no hub needed)."""

from __future__ import annotations

import json
from pathlib import Path

from steer.errors import ConfigError
from steer.records import Sample

__all__ = ["export_samples", "import_samples"]

_JSON_FIELDS = ("reference", "knobs", "metadata")


def export_samples(samples: list[Sample], path: str | Path, fmt: str | None = None) -> Path:
    """Write samples as a `datasets.Dataset`; nested fields are JSON strings so any schema fits."""
    from datasets import Dataset

    out = Path(path)
    fmt = fmt or ("parquet" if out.suffix == ".parquet" else "jsonl")
    rows = []
    for s in samples:
        row = s.model_dump()
        for k in _JSON_FIELDS:
            row[k] = json.dumps(row[k])
        rows.append(row)
    ds = Dataset.from_list(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        ds.to_parquet(str(out))
    elif fmt == "jsonl":
        ds.to_json(str(out), lines=True)
    else:
        raise ConfigError(f"unknown export format {fmt!r}; use jsonl or parquet")
    return out


def import_samples(path: str | Path) -> list[Sample]:
    from datasets import Dataset

    p = Path(path)
    if not p.exists():
        raise ConfigError(f"dataset file {str(p)!r} not found")
    ds = Dataset.from_parquet(str(p)) if p.suffix == ".parquet" else Dataset.from_json(str(p))
    samples = []
    for row in ds:
        row = dict(row)
        for k in _JSON_FIELDS:
            row[k] = json.loads(row[k])
        samples.append(Sample.model_validate(row))
    return samples
