"""Accuracy of bot.classify on labelled JSON Lines files.

    python benchmarks/classify_accuracy.py [--errors] [FILES...]

Without FILES: the shared real-news, dev and multilingual sets, then every
benchmarks/data/real_*, own_* and ml_* (other languages) file. Items with a
`lang` field are also scored per language.
`--errors` never lists the items of a file whose name contains "blind" or
"heldout" (in any case, with or without a dash or underscore): such a set
is for a final score, and reading its errors would tune on it.  The first
sixteen real blind sets, the first fourteen multilingual ones and the hand-written
held-out and blind sets (`UNSEALED`) were scored once and are developed against
since, so their errors are listed.
Each line holds id, title, summary, labels, killed, wounded.  Per file it
prints per-label precision/recall/F1, macro-F1, exact label-set accuracy and
casualty-figure accuracy (over items whose gold or predicted killed/wounded
is non-null; right when both figures match exactly).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.classify import classify  # noqa: E402
from bot.models import LABELS, Classification  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
DEV_SET = SHARED / "dev.jsonl"
REAL_NEWS = SHARED / "realnews-dev.jsonl"
MULTILINGUAL = SHARED / "multilingual-dev.jsonl"
OWN_SETS = REPO / "benchmarks" / "data"
#: file-name parts that mark a set scored once and never inspected
SEALED_MARKS = ("blind", "heldout")
#: blind sets scored once and developed against since: their errors are listed
UNSEALED = frozenset(
    {
        "real_blind.jsonl",
        "real_blind2.jsonl",
        "real_blind3.jsonl",
        "real_blind4.jsonl",
        "real_blind5.jsonl",
        "real_blind6.jsonl",
        "real_blind7.jsonl",
        "real_blind8.jsonl",
        "real_blind9.jsonl",
        "real_blind10.jsonl",
        "real_blind11.jsonl",
        "real_blind12.jsonl",
        "real_blind13.jsonl",
        "real_blind14.jsonl",
        "real_blind15.jsonl",
        "real_blind16.jsonl",
        "ml_real_blind.jsonl",
        "ml_real_blind2.jsonl",
        "ml_real_blind3.jsonl",
        "ml_real_blind4.jsonl",
        "ml_real_blind5.jsonl",
        "ml_real_blind6.jsonl",
        "ml_real_blind7.jsonl",
        "ml_real_blind8.jsonl",
        "ml_real_blind9.jsonl",
        "ml_real_blind10.jsonl",
        "ml_real_blind11.jsonl",
        "ml_real_blind12.jsonl",
        "ml_real_blind13.jsonl",
        "ml_real_blind14.jsonl",
        "own_heldout.jsonl",
        "own_blind.jsonl",
        "own_blind2.jsonl",
    }
)


@dataclass(frozen=True)
class Scored:
    item: dict[str, Any]
    result: Classification

    @property
    def gold_labels(self) -> frozenset[str]:
        return frozenset(self.item.get("labels") or ())

    @property
    def labels_right(self) -> bool:
        return self.gold_labels == frozenset(self.result.labels)

    @property
    def has_figure(self) -> bool:
        values = (self.item.get("killed"), self.item.get("wounded"))
        return any(v is not None for v in (*values, self.result.killed, self.result.wounded))

    @property
    def figures_right(self) -> bool:
        return (self.item.get("killed"), self.item.get("wounded")) == (
            self.result.killed,
            self.result.wounded,
        )


def default_files() -> list[Path]:
    ours = [p for kind in ("real", "own", "ml") for p in sorted(OWN_SETS.glob(f"{kind}_*.jsonl"))]
    return [p for p in (REAL_NEWS, DEV_SET, MULTILINGUAL, *ours) if p.exists()]


def sealed(path: Path) -> bool:
    """Whether `path` is a set whose items must never be listed.

    Case, dashes and underscores are ignored, so "Held-Out" is caught too.
    """
    if path.name in UNSEALED:
        return False
    name = path.name.lower().replace("-", "").replace("_", "")
    return any(mark in name for mark in SEALED_MARKS)


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(items: Iterable[dict[str, Any]]) -> list[Scored]:
    return [Scored(item, classify(item["title"], item.get("summary") or "")) for item in items]


def prf(scored: Sequence[Scored], label: str) -> tuple[float, float, float]:
    tp = sum(label in s.gold_labels and label in s.result.labels for s in scored)
    fp = sum(label not in s.gold_labels and label in s.result.labels for s in scored)
    fn = sum(label in s.gold_labels and label not in s.result.labels for s in scored)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(path: Path, scored: Sequence[Scored], errors: bool) -> None:
    languages = sorted({str(s.item.get("lang", "")) for s in scored} - {""})
    if len(languages) > 1:
        for language in languages:
            part = [s for s in scored if s.item.get("lang") == language]
            report_part(f"{path} [{language}]", part, errors and not sealed(path))
    report_part(str(path), scored, errors)


def report_part(name: str, scored: Sequence[Scored], errors: bool) -> None:
    path = Path(name)
    print(f"== {name} ({len(scored)} items)")
    f1s = []
    for label in LABELS:
        p, r, f = prf(scored, label)
        f1s.append(f)
        print(f"  {label:<20} P={p:.3f} R={r:.3f} F1={f:.3f}")
    exact = sum(s.labels_right for s in scored) / max(1, len(scored))
    with_figures = [s for s in scored if s.has_figure]
    right = sum(s.figures_right for s in with_figures)
    print(f"  macro-F1={sum(f1s) / len(f1s):.3f}  exact label sets={exact:.3f}")
    share = right / len(with_figures) if with_figures else 1.0
    print(f"  casualty figures right={right}/{len(with_figures)} ({share:.3f})")
    if errors and sealed(path):
        print("  (errors of a blind or held-out set are not listed)")
    elif errors:
        print_errors(scored)


def print_errors(scored: Sequence[Scored]) -> None:
    for s in scored:
        if s.labels_right and (not s.has_figure or s.figures_right):
            continue
        gold = sorted(s.gold_labels)
        print(
            f"  - {s.item.get('id')}: gold {gold} k={s.item.get('killed')} "
            f"w={s.item.get('wounded')} | got {list(s.result.labels)} "
            f"k={s.result.killed} w={s.result.wounded}"
        )
        print(f"      {s.item['title']!r}")
        if s.item.get("summary") and s.item["summary"] != s.item["title"]:
            print(f"      {s.item['summary']!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list misclassified items")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    if not files:
        print("no data files found", file=sys.stderr)
        return 1
    for path in files:
        report(path, score(load(path)), args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
