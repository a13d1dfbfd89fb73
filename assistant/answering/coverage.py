"""Whether the loaded documents cover a question: a logistic model over retrieval signals.

No word lists: the inputs are the `Signals` of a search (best passage similarity, how far
the best clause stands above the others, BM25 strength, whether the two retrievers agree,
the share of the question's tokens found in the best clause). The weights are fitted on
the `dev` half of evals/wild.jsonl by `scripts/fit_coverage.py` and kept as data in
coverage_model.json beside this file, with the model they were fitted for.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from assistant.search.retrieval import Signals

MODEL_FILE = Path(__file__).with_name("coverage_model.json")
KEYWORD_ONLY = "keyword-only"  # the model for searches that had BM25 alone (the dense index unreachable)
FEATURES = ["dense_top", "dense_margin", "lexical_top", "agree", "matched_share", "unknown_share", "foreign_name",
            "word_min", "word_mean", "cross_lingual"]


@dataclass(frozen=True)
class CoverageModel:
    weights: list[float]
    bias: float
    threshold: float = 0.5
    embedding_model: str = ""

    @classmethod
    def load(cls, path: Path = MODEL_FILE, embedding_model: str = "") -> "CoverageModel":
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            models = data.get("models", {})
            chosen = models.get(embedding_model) or models.get(data.get("default", ""))
            if chosen and len(chosen["weights"]) == len(FEATURES):
                return cls(chosen["weights"], chosen["bias"], chosen.get("threshold", 0.5), embedding_model)
        # Unfitted fallback: similarity alone, at the middle of e5's range.
        return cls([30.0] + [0.0] * (len(FEATURES) - 1), -30.0 * 0.84, 0.5, embedding_model)

    @staticmethod
    def usual_gaps(path: Path = MODEL_FILE, embedding_model: str = "") -> dict[str, float]:
        """The embedding model's usual gap between same-language and cross-language similarity,
        per question language, as `scripts/fit_coverage.py --gaps` measured it ({} if never)."""
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        chosen = data.get("models", {}).get(embedding_model) or data.get("models", {}).get(data.get("default", ""))
        return dict((chosen or {}).get("cross_lingual_gap", {}))

    def probability(self, signals: Signals) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, signals.as_list()))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def covered(self, signals: Signals) -> bool:
        return self.probability(signals) >= self.threshold


def fit_logistic(rows: list[list[float]], labels: list[int], l2: float = 0.01, steps: int = 4000,
                 rate: float = 0.5) -> tuple[list[float], float]:
    """Plain gradient-descent logistic regression (numpy), features standardised inside."""
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    w = np.zeros(z.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        grad_w = z.T @ (p - y) / len(y) + l2 * w
        grad_b = float(np.mean(p - y))
        w -= rate * grad_w
        b -= rate * grad_b
    weights = w / std  # back to raw feature units
    bias = b - float(np.sum(w * mean / std))
    return [round(float(v), 6) for v in weights], round(float(bias), 6)
