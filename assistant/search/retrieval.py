"""Hybrid clause retrieval: BM25 over jieba/English tokens plus dense vectors in Chroma
(whole clauses and single sentences), fused by reciprocal rank fusion per clause.

Besides the ranking, a search returns the signals the coverage decision is fitted on
(`Signals`): how similar the best passage is, how far the best clause stands above the
others, and whether the two retrievers agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from rank_bm25 import BM25Okapi

from assistant.models import Clause, Hit, PolicyDocument
from assistant.search.index import ClauseIndex
from assistant.search.text import Analyzer

DENSE_CANDIDATES = 60
_CJK_TOKEN = re.compile(r"[\u4e00-\u9fff]")
_CAPITALISED = re.compile(r"(?<![.?!]\s)\b[A-Z][a-z]{3,}\b")  # passages asked of Chroma per question


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Sum of 1/(k + rank) over the rankings a key appears in (rank starts at 1)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def best_per_clause(scored: list[tuple[str, float]]) -> dict[str, float]:
    """Highest score per clause key, from the scores of its passages."""
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


@dataclass(frozen=True)
class Signals:
    """What the coverage decision reads (all floats, 0 when a side is off)."""

    dense_top: float  # best passage similarity (clause or sentence)
    dense_margin: float  # best clause minus the median clause among the candidates
    lexical_top: float  # best BM25 score, divided by the query's own maximum possible
    agree: float  # 1 when both retrievers put the same clause first
    matched_share: float  # share of the question's tokens found in the best clause
    unknown_share: float = 0.0  # share of the question's tokens that no loaded document uses
    foreign_name: float = 0.0  # 1 when the question names a place no loaded document mentions

    def as_list(self) -> list[float]:
        return [self.dense_top, self.dense_margin, self.lexical_top, self.agree, self.matched_share,
                self.unknown_share, self.foreign_name]


class LexicalIndex:
    def __init__(self, clauses: list[Clause], analyzer: Analyzer):
        self.analyzer = analyzer
        self.keys: list[str] = []
        self.token_sets: dict[str, set[str]] = {}
        corpus: list[list[str]] = []
        for clause in clauses:
            for text in (clause.text_zh, clause.text_en):
                if not text:
                    continue
                tokens = analyzer.tokens(text)
                self.keys.append(clause.key)
                corpus.append(tokens)
                self.token_sets.setdefault(clause.key, set()).update(tokens)
        self.vocabulary = set().union(*self.token_sets.values()) if self.token_sets else set()
        self.bm25 = BM25Okapi(corpus)

    def scores(self, query_tokens: list[str]) -> dict[str, float]:
        if not query_tokens:
            return {}
        raw = self.bm25.get_scores(query_tokens)
        return best_per_clause(list(zip(self.keys, (float(s) for s in raw))))

    def self_score(self, query_tokens: list[str]) -> float:
        """The BM25 score a passage made of exactly the query's known tokens would get (scale)."""
        known = [t for t in query_tokens if t in self.vocabulary]
        return sum(self.bm25.idf.get(t, 0.0) for t in set(known)) * (self.bm25.k1 + 1) / (self.bm25.k1 + 1) or 1.0


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    signals: Signals
    tokens: list[str]


class HybridSearch:
    def __init__(self, documents: list[PolicyDocument], analyzer: Analyzer, index: ClauseIndex | None,
                 rrf_k: int = 60):
        self.clauses = {clause.key: clause for document in documents for clause in document.clauses}
        self.analyzer = analyzer
        self.index = index
        self.rrf_k = rrf_k
        self.lexical = LexicalIndex(list(self.clauses.values()), analyzer)
        self._text_zh = "".join(c.text_zh for c in self.clauses.values())
        self._text_en = " ".join(c.text_en for c in self.clauses.values()).lower()
        self._all_english = all(c.text_en for c in self.clauses.values())

    def query_tokens(self, question: str) -> list[str]:
        return self.analyzer.tokens(question)

    def embed(self, text: str) -> list[float] | None:
        if self.index is None or self.index.collection is None:
            return None
        return self.index.embeddings.embed_query(self.analyzer.to_simplified(text))

    def search(self, question: str, limit: int = 5, variant: Variant = HYBRID, doc: str | None = None
               ) -> SearchResult:
        tokens = self.query_tokens(question)
        lexical = self.lexical.scores(tokens) if variant.lexical else {}
        if doc:
            lexical = {k: v for k, v in lexical.items() if self.clauses[k].doc_id == doc}
        dense: dict[str, float] = {}
        vector = self.embed(question) if variant.dense else None
        if vector is not None:
            found = self.index.search(vector, limit=DENSE_CANDIDATES, doc=doc)
            dense = best_per_clause([(f"{meta['doc']}#{meta['clause']}", sim) for meta, sim in found])
        rankings = []
        if variant.lexical:
            rankings.append(ranking(lexical, floor=0.0))
        if dense:
            rankings.append(ranking(dense))
        fused = reciprocal_rank_fusion(rankings, k=self.rrf_k)
        token_set = set(tokens)
        hits = [
            Hit(clause=self.clauses[key], score=score, dense_similarity=round(dense.get(key, 0.0), 6),
                lexical_score=round(lexical.get(key, 0.0), 6),
                matched_terms=tuple(sorted(token_set & self.lexical.token_sets.get(key, set()))))
            for key, score in fused.items() if key in self.clauses
        ]
        hits.sort(key=lambda hit: (-hit.score, -hit.dense_similarity, hit.clause.key))
        return SearchResult(hits[:limit], self._signals(hits, dense, lexical, tokens, question), tokens)

    def _signals(self, hits: list[Hit], dense: dict[str, float], lexical: dict[str, float],
                 tokens: list[str], question: str) -> Signals:
        dense_sorted = sorted(dense.values(), reverse=True)
        dense_top = dense_sorted[0] if dense_sorted else 0.0
        median = dense_sorted[len(dense_sorted) // 2] if dense_sorted else 0.0
        lexical_top = max(lexical.values(), default=0.0) / self.lexical.self_score(tokens) if tokens else 0.0
        first_dense = ranking(dense)[:1]
        first_lexical = ranking(lexical, floor=0.0)[:1]
        agree = 1.0 if first_dense and first_dense == first_lexical else 0.0
        matched = len(hits[0].matched_terms) / len(set(tokens)) if hits and tokens else 0.0
        # An English word cannot be judged unknown when some document has no English text.
        judged = [t for t in set(tokens) if self._all_english or _CJK_TOKEN.search(t)]
        unknown = len([t for t in judged if t not in self.lexical.vocabulary]) / len(judged) if judged else 0.0
        return Signals(round(dense_top, 4), round(dense_top - median, 4), round(min(lexical_top, 2.0), 4),
                       agree, round(matched, 4), round(unknown, 4), 1.0 if self._names_elsewhere(question) else 0.0)

    def _names_elsewhere(self, question: str) -> bool:
        """A place name (jieba's ns tag, or a capitalised English word) that no document mentions."""
        for word, flag in self.analyzer.pos_zh(question):
            if flag == "ns" and len(word) >= 2 and word not in self._text_zh:
                return True
        if not self._all_english:
            return False  # a document without English text: an English name may be in its Chinese
        for match in _CAPITALISED.finditer(question):
            if match.start() > 0 and match.group(0).lower() not in self._text_en:
                return True
        return False


class PolicyRetriever(BaseRetriever):
    """The hybrid search as a langchain retriever: one Document per clause, best first."""

    search: HybridSearch
    k: int = 3
    variant: Variant = HYBRID

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        result = self.search.search(query, limit=self.k, variant=self.variant)
        return [
            Document(page_content=hit.clause.text_zh,
                     metadata={"doc": hit.clause.doc_id, "clause": hit.clause.number, "label": hit.clause.label,
                               "score": hit.score, "hit": hit, "signals": result.signals})
            for hit in result.hits
        ]
