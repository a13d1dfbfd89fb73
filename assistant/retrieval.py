"""Hybrid clause retrieval: BM25 over jieba/English tokens plus dense vectors in Chroma,
fused by reciprocal rank fusion and deduplicated by clause."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from rank_bm25 import BM25Okapi

from .index import ClauseIndex
from .models import Clause, Hit, PolicyDocument
from .text import Analyzer


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Sum of 1/(k + rank) over the rankings a key appears in (rank starts at 1)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def best_per_clause(scored: list[tuple[str, float]]) -> dict[str, float]:
    """Highest score per clause key, from scores of its Chinese and English texts."""
    best: dict[str, float] = {}
    for key, score in scored:
        if key not in best or score > best[key]:
            best[key] = score
    return best


def ranking(scores: dict[str, float], floor: float | None = None) -> list[str]:
    keys = [key for key, score in scores.items() if floor is None or score > floor]
    return sorted(keys, key=lambda key: (-scores[key], key))


@dataclass(frozen=True)
class Variant:
    """Which sides of retrieval are used; the eval compares them."""

    lexical: bool = True
    dense: bool = True


HYBRID = Variant()


class LexicalIndex:
    def __init__(self, clauses: list[Clause], analyzer: Analyzer):
        self.analyzer = analyzer
        self.keys: list[str] = []
        self.token_sets: dict[str, set[str]] = {}
        corpus: list[list[str]] = []
        for clause in clauses:
            for text in (clause.text_zh, clause.text_en):
                tokens = analyzer.tokens(text)
                self.keys.append(clause.key)
                corpus.append(tokens)
                self.token_sets.setdefault(clause.key, set()).update(tokens)
        self.vocabulary = set().union(*self.token_sets.values())
        self.bm25 = BM25Okapi(corpus)

    def scores(self, query_tokens: list[str]) -> dict[str, float]:
        if not query_tokens:
            return {}
        raw = self.bm25.get_scores(query_tokens)
        return best_per_clause(list(zip(self.keys, (float(s) for s in raw))))


class HybridSearch:
    def __init__(self, documents: list[PolicyDocument], analyzer: Analyzer, index: ClauseIndex | None,
                 rrf_k: int = 60):
        self.clauses = {clause.key: clause for document in documents for clause in document.clauses}
        self.analyzer = analyzer
        self.index = index
        self.rrf_k = rrf_k
        self.lexical = LexicalIndex(list(self.clauses.values()), analyzer)

    def query_tokens(self, question: str) -> list[str]:
        expansion = " ".join(self.analyzer.glossary_expansion(question))
        return self.analyzer.tokens(question) + self.analyzer.tokens(expansion)

    def search(self, question: str, limit: int = 5, variant: Variant = HYBRID) -> list[Hit]:
        tokens = self.query_tokens(question)
        lexical = self.lexical.scores(tokens) if variant.lexical else {}
        dense: dict[str, float] = {}
        if variant.dense and self.index is not None and self.index.collection is not None:
            vector = self.index.embeddings.embed_query(self.analyzer.to_simplified(question))
            found = self.index.search(vector, limit=len(self.clauses) * 2)
            dense = best_per_clause([(f"{meta['doc']}#{meta['clause']}", sim) for meta, sim in found])
        rankings = []
        if variant.lexical:
            rankings.append(ranking(lexical, floor=0.0))
        if variant.dense and dense:
            rankings.append(ranking(dense))
        fused = reciprocal_rank_fusion(rankings, k=self.rrf_k)
        token_set = set(tokens)
        hits = [
            Hit(
                clause=self.clauses[key],
                score=score,
                dense_similarity=round(dense.get(key, 0.0), 6),
                lexical_score=round(lexical.get(key, 0.0), 6),
                matched_terms=tuple(sorted(token_set & self.lexical.token_sets[key])),
            )
            for key, score in fused.items()
        ]
        hits.sort(key=lambda hit: (-hit.score, -hit.dense_similarity, hit.clause.key))
        return hits[:limit]


class PolicyRetriever(BaseRetriever):
    """The hybrid search as a langchain retriever: one Document per clause, best first."""

    search: HybridSearch
    k: int = 3
    variant: Variant = HYBRID

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=hit.clause.text_zh,
                metadata={"doc": hit.clause.doc_id, "clause": hit.clause.number, "label": hit.clause.label,
                          "section": hit.clause.section, "score": hit.score, "hit": hit},
            )
            for hit in self.search.search(query, limit=self.k, variant=self.variant)
        ]
