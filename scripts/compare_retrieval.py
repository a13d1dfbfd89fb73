"""Retrieval designs side by side on dev questions (coverage gate off): which clause comes first.

    python scripts/compare_retrieval.py [--fixtures]

Reads only dev data: the `dev` halves of evals/wild.jsonl and evals/fixtures_qa.jsonl and the
`tests` split of evals/qa.jsonl (answerable items without history). With --fixtures the
fictional notices of tests/fixtures (no English text) are loaded beside the seed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.edges.evaluate import load_items  # noqa: E402
from assistant.search.retrieval import (best_per_clause, distribution_fusion, ranking,  # noqa: E402
                                        reciprocal_rank_fusion)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", action="store_true")
    args = parser.parse_args()
    items = load_items(ROOT / "evals/wild.jsonl", split="dev") + load_items(ROOT / "evals/qa.jsonl", split="tests")
    work = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "corpus", work / "corpus")
    if args.fixtures:
        items += load_items(ROOT / "evals/fixtures_qa.jsonl", split="dev")
        for notice in sorted((ROOT / "tests/fixtures/notices").glob("*.txt")):
            (work / "corpus" / notice.stem).mkdir()
            shutil.copyfile(notice, work / "corpus" / notice.stem / "source.txt")
    items = [i for i in items if not i.get("history") and i["expect"].get("clauses") and not i["expect"].get("refusal")]
    a = Assistant.create(Settings(corpus_dir=work / "corpus", index_dir=work / "index"), today=date(2026, 11, 28))
    has_en = {k for k, c in a.search.clauses.items() if c.text_en}

    def dense(question, lang=None):
        vector = a.search.embed(question)
        found = []
        for one in ([lang] if lang else ["zh", "en"]):
            found += a.search.index.search(vector, limit=40, lang=one)
        return ranking(best_per_clause([(f"{m['doc']}#{m['clause']}", s) for m, s in found]))

    chinese = lambda q: any("\u4e00" <= ch <= "\u9fff" for ch in q)  # noqa: E731

    def dense_scores(question, lang):
        found = a.search.index.search(a.search.embed(question), limit=40, lang=lang)
        return best_per_clause([(f"{m['doc']}#{m['clause']}", s) for m, s in found])

    def calibrated(question):
        """English passages where a clause has them; elsewhere the Chinese passage's similarity
        raised by this question's own gap between English and Chinese passages of the same clauses."""
        zh, en = dense_scores(question, "zh"), dense_scores(question, "en")
        both = sorted(en[k] - zh[k] for k in en if k in zh)
        gap = max(0.0, both[len(both) // 2]) if both else 0.0
        merged = {k: s + gap for k, s in zh.items() if k not in has_en}
        merged.update(en)
        for k, s in zh.items():
            merged[k] = max(merged.get(k, 0.0), s if k in has_en else s + gap)
        return ranking(merged)

    def calibrated_sym_scores(question):
        """Passages in the question's language; the other language's similarity shifted by this
        question's median gap between the two languages over clauses that have both."""
        native, other = ("zh", "en") if chinese(question) else ("en", "zh")
        n, o = dense_scores(question, native), dense_scores(question, other)
        both = sorted(n[k] - o[k] for k in n if k in o)
        gap = both[len(both) // 2] if both else 0.0
        merged = dict(n)
        for k, s in o.items():
            merged[k] = max(merged.get(k, -1.0), s + gap)
        return merged

    def calibrated_sym(question):
        return ranking(calibrated_sym_scores(question))

    def three_votes(question):
        """BM25, then one dense vote per language: each language's similarities, a clause with no
        passage in it standing in with its other language's similarity moved by the median gap."""
        zh, en = dense_scores(question, "zh"), dense_scores(question, "en")
        both = sorted(en[k] - zh[k] for k in en if k in zh)
        gap = both[len(both) // 2] if both else 0.0
        en_full = {k: en.get(k, s + gap) for k, s in zh.items()}
        en_full.update(en)
        return fuse([bm25(question), ranking(zh), ranking(en_full)] if en else [bm25(question), ranking(zh)])

    # A second embedder, held in memory for this comparison: multilingual USE over the Chinese
    # passages (it was trained on translation pairs, so English questions meet Chinese text).
    from assistant.search.embeddings import load_embeddings
    from assistant.search.index import document_entries
    import numpy as np
    use = load_embeddings("use-multilingual-v3")
    zh_entries = [(f"{m['doc']}#{m['clause']}", text) for d in a.documents for _, text, m in document_entries(d)
                  if m["lang"] == "zh"]
    use_matrix = use.embed_batch([t for _, t in zh_entries], is_query=False)
    use_matrix = use_matrix / np.linalg.norm(use_matrix, axis=1, keepdims=True)

    def use_zh(question):
        q = use.embed_batch([question], is_query=True)[0]
        sims = use_matrix @ (q / np.linalg.norm(q))
        return ranking(best_per_clause([(k, float(s)) for (k, _), s in zip(zh_entries, sims)]))

    def bm25(question):
        return ranking(a.search.lexical.scores(a.search.query_tokens(question)), floor=0.0)

    def stand_in(zh, en):
        en_rank = {k: r for r, k in enumerate(en, 1)}
        extra = {k: 1 / (60 + en_rank.get(k, r)) for r, k in enumerate(zh, 1) if k in en_rank or k not in has_en}
        return extra

    def fuse(lists, extra=None):
        scores = reciprocal_rank_fusion(lists)
        for k, v in (extra or {}).items():
            scores[k] = scores.get(k, 0) + v
        return ranking(scores)

    designs = {
        "bm25 (with glosses)": lambda q: bm25(q),
        "dense mixed": lambda q: dense(q),
        "dense zh": lambda q: dense(q, "zh"),
        "bm25 + dense mixed": lambda q: fuse([bm25(q), dense(q)]),
        "bm25 + dense zh": lambda q: fuse([bm25(q), dense(q, "zh")]),
        "bm25 + zh + en": lambda q: fuse([bm25(q), dense(q, "zh"), dense(q, "en")]),
        "bm25 + zh + en stand-in": lambda q: fuse([bm25(q), dense(q, "zh")], stand_in(dense(q, "zh"), dense(q, "en"))),
    }
    designs["use zh"] = use_zh
    designs["dense calibrated"] = calibrated
    designs["bm25 + zh + en calibrated"] = three_votes
    designs["dense calibrated sym"] = calibrated_sym
    designs["bm25 + dense calibrated sym"] = lambda q: fuse([bm25(q), calibrated_sym(q)])

    def bm25_scores(question):
        return {k: v for k, v in a.search.lexical.scores(a.search.query_tokens(question)).items() if v > 0}

    designs["bm25 + dense calibrated sym, score fusion (DBSF, chosen)"] = lambda q: ranking(
        distribution_fusion([bm25_scores(q), calibrated_sym_scores(q)]))
    designs["bm25 + dense calibrated"] = lambda q: fuse([bm25(q), calibrated(q)])
    designs["bm25 + use zh"] = lambda q: fuse([bm25(q), use_zh(q)])
    designs["bm25 + dense zh + use zh"] = lambda q: fuse([bm25(q), dense(q, "zh"), use_zh(q)])

    def by_language(zh_design, en_design):
        return lambda q: designs[zh_design](q) if chinese(q) else designs[en_design](q)

    designs["zh: bm25+zh / en: bm25"] = by_language("bm25 + dense zh", "bm25 (with glosses)")
    designs["zh: bm25+zh / en: bm25+mixed"] = by_language("bm25 + dense zh", "bm25 + dense mixed")
    designs["zh: bm25+zh / en: bm25+zh+en stand-in"] = by_language("bm25 + dense zh", "bm25 + zh + en stand-in")
    designs["zh: bm25+zh+en / en: bm25+mixed"] = by_language("bm25 + zh + en", "bm25 + dense mixed")
    designs["zh: bm25+zh / en: bm25+zh"] = by_language("bm25 + dense zh", "bm25 + dense zh")
    designs["zh: bm25+zh / en: bm25+use"] = by_language("bm25 + dense zh", "bm25 + use zh")
    designs["zh: bm25+zh / en: bm25+zh+use"] = by_language("bm25 + dense zh", "bm25 + dense zh + use zh")
    designs["zh: bm25+zh+use / en: bm25+zh+use"] = by_language("bm25 + dense zh + use zh", "bm25 + dense zh + use zh")
    designs["zh: bm25+zh / en: bm25+calibrated"] = by_language("bm25 + dense zh", "bm25 + dense calibrated")
    designs["zh: bm25+zh+en / en: bm25+calibrated"] = by_language("bm25 + zh + en", "bm25 + dense calibrated")
    designs["zh: bm25+zh+en cal / en: bm25+cal sym"] = by_language("bm25 + zh + en calibrated", "bm25 + dense calibrated sym")
    print(f"{len(items)} answerable dev items" + (" (seed + fixtures loaded)" if args.fixtures else ""))
    for name, rank in designs.items():
        hits = defaultdict(list)
        for item in items:
            question = a.analyzer.to_simplified(item["question"])
            top = rank(question)[:1]
            wanted = {f"{item['expect'].get('doc') or 'chengdu-edu-2021-129'}#{n}" for n in item["expect"]["clauses"]}
            ok = bool(top) and top[0] in wanted
            hits[item["lang"]].append(ok)
            hits["seed" if (item["expect"].get("doc") or "chengdu-edu-2021-129") == "chengdu-edu-2021-129" else "fixtures"].append(ok)
        total = hits["en"] + hits["zh"]
        print(f"{name:<32} hit@1 {sum(total) / len(total):.3f}  " + "  ".join(
            f"{k} {sum(v) / len(v):.3f}" for k, v in sorted(hits.items()) if k not in ()))


if __name__ == "__main__":
    main()
