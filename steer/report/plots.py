"""The paper's figures with matplotlib (Agg, files only): Pareto front, complexity curves, heat map."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from steer.records import SampleResult
from steer.report.tables import Row, complexity, method_task_matrix

__all__ = ["write_plots"]


def _plt():  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def pareto(rows: list[Row], path: Path) -> Path:
    """Accuracy vs tokens per sample, one point per method (averaged over tasks), front highlighted."""
    plt = _plt()
    per: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        per[r.method].append(r)
    pts = sorted((sum(x.tokens for x in rs) / len(rs), sum(x.accuracy for x in rs) / len(rs), m)
                 for m, rs in per.items())
    front, best = [], -1.0
    for tok, acc, m in pts:
        if acc > best:
            front.append((tok, acc))
            best = acc
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for tok, acc, m in pts:
        ax.scatter(tok, 100 * acc, s=40)
        ax.annotate(m, (tok, 100 * acc), textcoords="offset points", xytext=(4, 4), fontsize=8)
    if front:
        ax.plot([t for t, _ in front], [100 * a for _, a in front], "k--", lw=1, label="Pareto front")
        ax.legend()
    ax.set_xlabel("tokens per sample")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("accuracy vs cost per method")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def complexity_curves(records: list[SampleResult], path: Path) -> Path | None:
    """Accuracy and code-use rate vs task complexity, per task and method (the inverse-scaling figures)."""
    data: dict[str, dict[str, dict[float, list[SampleResult]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for r in records:
        c = complexity(r.knobs)
        if c is not None:
            data[r.task][r.method][c].append(r)
    tasks = [t for t, ms in data.items() if any(len(levels) > 1 for levels in ms.values())]
    if not tasks:
        return None
    plt = _plt()
    fig, axes = plt.subplots(2, len(tasks), figsize=(5 * len(tasks), 7), squeeze=False)
    for j, task in enumerate(sorted(tasks)):
        for method, levels in sorted(data[task].items()):
            xs = sorted(levels)
            axes[0][j].plot(xs, [100 * sum(r.correct for r in levels[x]) / len(levels[x]) for x in xs], "o-",
                            label=method)
            axes[1][j].plot(xs, [100 * sum(r.used_code for r in levels[x]) / len(levels[x]) for x in xs], "o-",
                            label=method)
        axes[0][j].set_title(task)
        axes[0][j].set_ylabel("accuracy (%)")
        axes[1][j].set_ylabel("code use (%)")
        axes[1][j].set_xlabel("complexity")
        axes[0][j].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def heatmap(rows: list[Row], path: Path) -> Path:
    plt = _plt()
    methods, tasks, cell = method_task_matrix(rows)
    grid = [[100 * cell.get((m, t), float("nan")) for t in tasks] for m in methods]
    fig, ax = plt.subplots(figsize=(1.2 * len(tasks) + 3, 0.45 * len(methods) + 2))
    im = ax.imshow(grid, cmap="viridis", vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(tasks)), tasks, rotation=45, ha="right")
    ax.set_yticks(range(len(methods)), methods)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v == v:
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", color="w" if v < 60 else "k", fontsize=8)
    fig.colorbar(im, ax=ax, label="accuracy (%)")
    ax.set_title("accuracy per method and task")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_plots(rows: list[Row], records: list[SampleResult], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [pareto(rows, out / "pareto.png"), heatmap(rows, out / "heatmap.png")]
    curve = complexity_curves(records, out / "complexity.png")
    return written + ([curve] if curve else [])
