"""Would a small trained model beat the rules on real text? Cross-validated.

    python benchmarks/classify_model_cv.py [--folds 5] [--ngrams] [--l2 0.1]

Logistic regression per label, trained in plain Python (AdaGrad, 30 epochs,
seed 7) on the real English sets `benchmarks/data/real_dev`, `real_blind` and
`real_blind2` (never on the new blind set), with the rules' scores and labels,
whether the item names anything armed or a war, the lexicon categories it hits
and, with --ngrams, hashed word uni- and bigrams as features.  A label is given
when the model says so and the rules found evidence for it, so every label
keeps its "why it fired" spans.  Prints per-label P/R/F1 and macro-F1 of the
rules and of the model on the same held-out folds.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import zlib
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.classify import classify  # noqa: E402
from bot.classify.classifier import scan_item  # noqa: E402
from bot.classify.lexicon import LEXICON  # noqa: E402
from bot.classify.scan import _lookup  # noqa: E402
from bot.models import LABELS, Classification  # noqa: E402

SETS = ("real_dev.jsonl", "real_blind.jsonl", "real_blind2.jsonl")
TOKEN = re.compile(r"[a-z][a-z'-]*")
BUCKETS = 1 << 15
Features = dict[str, float]
Row = tuple[Features, Classification, frozenset[str]]
UNPENALISED = ("rule:", "given:", "ctx:")


def categories(title: str, summary: str) -> set[str]:
    found = set()
    for text in (title, summary):
        # the scanner reads the character before each term (see compile_scanner)
        for match in LEXICON.scanner.finditer(" " + text.lower()):
            term = match.group("t")
            category = None if term is None else _lookup(LEXICON, term)
            if category is not None:
                found.add(category.name)
    return found


def ngrams(text: str) -> set[str]:
    tokens = TOKEN.findall(text.lower())
    grams = tokens + [f"{a} {b}" for a, b in pairwise(tokens)]
    return {f"h{zlib.crc32(g.encode()) % BUCKETS}" for g in grams}


def features(title: str, summary: str, with_ngrams: bool) -> tuple[Features, Classification]:
    result = classify(title, summary)
    scans = scan_item(title, summary)
    found: Features = {f"rule:{label}": result.scores[label] for label in LABELS}
    found |= {f"given:{label}": float(label in result.labels) for label in LABELS}
    found["ctx:armed"] = float(any(s.armed for s in scans))
    found["ctx:war"] = float(any(s.strong for s in scans))
    for block in (
        categories(title, summary),
        ngrams(f"{title} . {summary}") if with_ngrams else set(),
    ):
        found |= {name: 1 / math.sqrt(len(block)) for name in block}
    return found, result


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def train(rows: Sequence[tuple[Features, float]], l2: float) -> tuple[Features, float]:
    weights: Features = {}
    squares: Features = {}
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(rows)))
    shuffle = random.Random(1)
    for _ in range(30):
        shuffle.shuffle(order)
        for j in order:
            x, y = rows[j]
            g = sigmoid(bias + sum(weights.get(k, 0.0) * v for k, v in x.items())) - y
            bias_square += g * g
            bias -= 0.2 * g / math.sqrt(bias_square)
            for k, v in x.items():
                penalty = 0.0 if k.startswith(UNPENALISED) else l2
                gk = g * v + penalty * weights.get(k, 0.0)
                squares[k] = squares.get(k, 1e-8) + gk * gk
                weights[k] = weights.get(k, 0.0) - 0.2 * gk / math.sqrt(squares[k])
    return weights, bias


def report(name: str, rows: Sequence[Row], predicted: Sequence[frozenset[str]]) -> None:
    print(name)
    f1s = []
    for label in LABELS:
        pairs = [
            (label in gold, label in got) for (_, _, gold), got in zip(rows, predicted, strict=True)
        ]
        tp = sum(g and p for g, p in pairs)
        fp = sum(p and not g for g, p in pairs)
        fn = sum(g and not p for g, p in pairs)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        print(f"  {label:<20} P={precision:.3f} R={recall:.3f} F1={f1:.3f} ({tp + fn} positives)")
    print(f"  macro-F1={sum(f1s) / len(f1s):.3f}")


def cross_validate(rows: Sequence[Row], folds: int, l2: float) -> list[frozenset[str]]:
    order = list(range(len(rows)))
    random.Random(7).shuffle(order)
    predicted: list[set[str]] = [set() for _ in rows]
    for fold in range(folds):
        held = set(order[fold::folds])
        for label in LABELS:
            train_rows = [(rows[i][0], float(label in rows[i][2])) for i in order if i not in held]
            weights, bias = train(train_rows, l2)
            for i in held:
                x, result, _ = rows[i]
                z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
                if sigmoid(z) >= 0.5 and result.scores[label] > 0:
                    predicted[i].add(label)
    return [frozenset(p) for p in predicted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--ngrams", action="store_true")
    parser.add_argument("--l2", type=float, default=0.1)
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in SETS:
        with (REPO / "benchmarks" / "data" / name).open(encoding="utf-8") as handle:
            for item in (json.loads(line) for line in handle if line.strip()):
                x, result = features(item["title"], item.get("summary") or "", args.ngrams)
                rows.append((x, result, frozenset(item["labels"])))
    report("rules", rows, [frozenset(r.labels) for _, r, _ in rows])
    report(
        f"model, {args.folds}-fold cross-validation",
        rows,
        cross_validate(rows, args.folds, args.l2),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
