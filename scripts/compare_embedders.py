"""Retrieval quality of each packaged embedder, alone and fused with BM25, on the
calibration questions (evals/calibration.jsonl): hit@1 and MRR on the expected clause.
The README's comparison table comes from this script."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.documents.segment import corpus_fingerprint, load_corpus, load_glossary  # noqa: E402
from assistant.search.embeddings import PACKAGED_MODELS, load_embeddings  # noqa: E402
from assistant.search.index import ClauseIndex  # noqa: E402
from assistant.search.retrieval import HybridSearch, Variant  # noqa: E402
from assistant.search.text import Analyzer  # noqa: E402


def score(search: HybridSearch, rows: list[dict], variant: Variant) -> tuple[float, float]:
    hits, reciprocal = 0, 0.0
    for row in rows:
        ranked = [hit.clause.number for hit in search.search(row["q"], limit=14, variant=variant)]
        hits += bool(ranked) and ranked[0] == row["clause"]
        reciprocal += 1 / (ranked.index(row["clause"]) + 1) if row["clause"] in ranked else 0
    return hits / len(rows), reciprocal / len(rows)


def main() -> None:
    corpus = ROOT / "corpus"
    rows = [json.loads(line) for line in (ROOT / "evals" / "calibration.jsonl").read_text("utf-8").splitlines()]
    rows = [row for row in rows if row["clause"] is not None]
    documents, analyzer = load_corpus(corpus), Analyzer(load_glossary(corpus))
    print(f"{len(rows)} covered questions (zh and en)\n")
    print("| retrieval | hit@1 | MRR |\n|---|---|---|")
    lexical = HybridSearch(documents, analyzer, None)
    print("| BM25 (jieba + Snowball) | {:.2f} | {:.2f} |".format(*score(lexical, rows, Variant(True, False))))
    for name in PACKAGED_MODELS:
        embeddings = load_embeddings(name)
        with tempfile.TemporaryDirectory() as folder:
            index, _ = ClauseIndex.open(None, Path(folder), embeddings, corpus_fingerprint(corpus))
            index.ensure(documents)
            search = HybridSearch(documents, analyzer, index)
            print("| dense: {} | {:.2f} | {:.2f} |".format(name, *score(search, rows, Variant(False, True))))
            print("| hybrid: BM25 + {} (RRF) | {:.2f} | {:.2f} |".format(name, *score(search, rows, Variant())))
            del index


if __name__ == "__main__":
    main()
