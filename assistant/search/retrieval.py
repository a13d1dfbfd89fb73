"""Hybrid clause retrieval: BM25 over jieba/English tokens plus dense vectors in Chroma
(whole clauses and single sentences), fused per clause by their score distributions, with a
small lean toward the notice whose whole text best matches the question.

Besides the ranking, a search returns the signals the coverage decision is fitted on
(`Signals`): how similar the best passage is, how far the best clause stands above the
others, and whether the two retrievers agree.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.models import Hit, PolicyDocument
from assistant.search.analysis import PLACE_SUFFIXES, DocumentAnalysis, Lexicon, load_analyses, spells_chinese_name
from assistant.search.gloss import (dictionary, gloss, is_abroad, may_name_a_chinese_place, place_senses, reverse_senses,
                                    translate_by_senses)
from assistant.search.index import ClauseIndex
from assistant.search.text import ZH_STOPWORDS, Analyzer

DENSE_CANDIDATES = 40  # passages asked of Chroma per question and language
_CJK_TOKEN = re.compile(r"[\u4e00-\u9fff]")
# a capitalised word, its pinyin syllables perhaps parted by an apostrophe (Huai'an, Xi'an; not Mianyang's)
_NAME_WORD = r"\b[A-Z][a-z]+(?:['’](?!s\b)[a-z]+)+\b|\b[A-Z][a-z]{3,}\b(?!['’](?!s\b)[a-z])"
_ANY_CAPITALISED = re.compile(_NAME_WORD)
_CAPITALISED = re.compile(rf"(?<![.?!]\s)(?:{_NAME_WORD})")  # not the first word of a sentence
# A Chinese place name as questions write it: two to four characters before 区/县/市/省/州/镇.
_PLACE_ZH = re.compile(rf"(?=([\u4e00-\u9fff]{{2,4}}[{''.join(sorted(PLACE_SUFFIXES))}]))")
LEXICAL_FOLDER = "bm25"
WHOLE_FOLDER = "documents"  # inside the BM25 folder: the index of whole documents
# How much a document's whole-text BM25 (best document = 1) adds to its clauses' fused scores.
# Chosen on dev questions with six notices loaded, coverage gate off (hit@1 over 251 questions):
# 0 → 0.773, 0.05 → 0.785, 0.1 → 0.793, 0.2 → 0.793; with five notices 0.820 → 0.828 at 0.1.
# Weighing documents by their translation instead of by their glosses: 0.785 at 0.1.
DOCUMENT_PRIOR = 0.1


def single_character_runs(words: list[str]) -> list[str]:
    """Runs of two or three single Chinese characters that jieba left apart, as one word: a name
    it does not know is cut into its characters (锦英 → 锦 / 英). Stop-words end a run."""
    runs, current = [], []
    for word in words + [""]:
        if len(word) == 1 and _CJK_TOKEN.match(word) and word not in ZH_STOPWORDS:
            current.append(word)
            continue
        if 2 <= len(current) <= 3:
            runs.append("".join(current))
        current = []
    return runs


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Sum of 1/(k + rank) over the rankings a key appears in (rank starts at 1)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def distribution_fusion(score_lists: list[dict[str, float]]) -> dict[str, float]:
    """Distribution-based score fusion: each retriever's scores over its own candidates scaled
    by their spread (mean - 3 sd → 0, mean + 3 sd → 1, clipped), then summed; a clause that a
    retriever did not return gets 0 from it. Unlike reciprocal ranks it keeps how far apart the
    scores are, so a clause BM25 puts far ahead is not outvoted by one the dense side puts a
    hair ahead (measured on dev by scripts/compare_retrieval.py)."""
    fused: dict[str, float] = {}
    for scores in score_lists:
        if not scores:
            continue
        values = list(scores.values())
        mean = sum(values) / len(values)
        spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
        for key, value in scores.items():
            scaled = min(1.0, max(0.0, (value - mean + 3 * spread) / (6 * spread))) if spread > 0 else 1.0
            fused[key] = fused.get(key, 0.0) + scaled
    return fused


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


def calibrated_dense(native: dict[str, float], other: dict[str, float], usual_gap: float = 0.0) -> dict[str, float]:
    """One dense score per clause, comparable across documents with and without a translation.

    `native` are the clauses' best similarities in the question's language, `other` in the
    other language. A cross-language similarity runs lower than a same-language one, so the
    other language's scores are moved by this question's median gap between the two, over the
    clauses that have both; a clause then scores its better language. Without this, an English
    question prefers any translated notice to an untranslated one that answers it (measured on
    dev by scripts/compare_retrieval.py: hit@1 0.779 → 0.822 with the fictional notices loaded).
    When no clause has both languages (no loaded notice has a translation), the model's usual
    gap, measured once on a translated notice, stands in (`usual_gap`)."""
    both = sorted(native[k] - other[k] for k in native if k in other)
    gap = both[len(both) // 2] if both else usual_gap
    merged = dict(native)
    for key, score in other.items():
        merged[key] = max(merged.get(key, -1.0), score + gap)
    return merged


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
    word_min: float = 1.0  # how close the question's most foreign word comes to any document word
    word_mean: float = 1.0  # the same, averaged over the question's content words
    cross_lingual: float = 0.0  # 1 when the best clause has no text in the question's language

    def as_list(self) -> list[float]:
        return [self.dense_top, self.dense_margin, self.lexical_top, self.agree, self.matched_share,
                self.unknown_share, self.foreign_name, self.word_min, self.word_mean, self.cross_lingual]


class LexicalIndex:
    """BM25 (bm25s, Robertson idf, scaled like the classic Okapi formula) over every clause's
    Chinese text and its English text, or its dictionary gloss when it has none (see
    `gloss.py`), so English words can still match it. Built from the documents' cached
    analyses and saved beside the dense index, keyed by them: a start loads it (memory-mapped)
    instead of tokenising the library again."""

    K1, B = 1.5, 0.75

    def __init__(self, keys: list[str], bm25, doc_ids: list[str], whole, candidates: int = 200):
        import numpy as np

        self.keys = keys
        self.bm25 = bm25
        self.doc_ids = doc_ids  # the documents of `whole`, in its order
        self.whole = whole  # BM25 over whole documents (see `document_scores`)
        self.candidates = candidates
        counts = np.diff(np.asarray(bm25.scores["indptr"]))  # passages per token id
        self._df = {t: int(counts[i]) for t, i in bm25.vocab_dict.items() if t and i < len(counts)}
        self._n = max(1, int(bm25.scores["num_docs"]))
        self.vocabulary = frozenset(t for t in bm25.vocab_dict if t)
        self._doc_rows = None  # document id → its passages' rows, made when a search names a document

    @classmethod
    def build(cls, analyses: list[DocumentAnalysis], cache_dir: Path | None = None) -> "LexicalIndex":
        import bm25s

        digest = hashlib.sha256("\n".join(a.digest for a in analyses).encode()).hexdigest()[:16]
        folder = Path(cache_dir) / f"{LEXICAL_FOLDER}-{digest}" if cache_dir else None
        if folder and (folder / "keys.json").is_file():
            try:
                keys = json.loads((folder / "keys.json").read_text(encoding="utf-8"))
                doc_ids = json.loads((folder / WHOLE_FOLDER / "keys.json").read_text(encoding="utf-8"))
                return cls(keys, bm25s.BM25.load(str(folder), mmap=True, show_progress=False), doc_ids,
                           bm25s.BM25.load(str(folder / WHOLE_FOLDER), mmap=True, show_progress=False))
            except (OSError, ValueError, KeyError):
                pass  # half written or from another version: build it again
        keys, corpus, wholes = [], [], []
        for analysis in analyses:
            passages, whole_tokens = analysis.tokens_and_whole()  # one read of a cached analysis
            for key, tokens in passages:
                keys.append(key)
                corpus.append(tokens or [""])
            wholes.append(whole_tokens)
        bm25 = bm25s.BM25(method="robertson", k1=cls.K1, b=cls.B)
        bm25.index(corpus or [[""]], show_progress=False)
        doc_ids = [a.doc_id for a in analyses]
        whole = bm25s.BM25(method="lucene", k1=cls.K1, b=cls.B)  # an idf above 0 even with two documents
        whole.index([tokens or [""] for tokens in wholes] or [[""]], show_progress=False)
        if folder:
            _save_lexical({"": (bm25, keys), WHOLE_FOLDER: (whole, doc_ids)}, folder)
        return cls(keys, bm25, doc_ids, whole)

    def scores(self, query_tokens: list[str], doc: str | None = None) -> dict[str, float]:
        """The best BM25 score per clause, over the top passages only (of one document, if given)."""
        import numpy as np

        known = [t for t in query_tokens if t in self.vocabulary]
        if not known:
            return {}
        raw = self.bm25.get_scores(known) * (self.K1 + 1)
        rows = self._rows_of(doc) if doc else np.arange(len(raw))
        if not len(rows):
            return {}
        values = raw[rows]
        top = rows[np.argpartition(-values, min(self.candidates, len(rows) - 1))[:self.candidates]]
        return best_per_clause([(self.keys[i], float(raw[i])) for i in top if raw[i] > 0])

    def document_scores(self, query_tokens: list[str]) -> dict[str, float]:
        """BM25 of each whole document (its Chinese and its dictionary gloss as one text) for
        the query, scaled so the best document scores 1; empty when no document matches. A
        question whose rarer words only one notice uses (a word of its trade) leans toward that notice
        even where its clause-level words are shared by several."""
        known = [t for t in query_tokens if t in self.whole.vocab_dict]
        if not known or len(self.doc_ids) < 2:
            return {}
        raw = self.whole.get_scores(known)
        best = float(raw.max()) if len(raw) else 0.0
        if best <= 0.0:
            return {}
        return {doc: float(raw[i]) / best for i, doc in enumerate(self.doc_ids) if raw[i] > 0}

    def _rows_of(self, doc: str):
        import numpy as np

        if self._doc_rows is None:
            rows: dict[str, list[int]] = {}
            for i, key in enumerate(self.keys):
                rows.setdefault(key.rsplit("#", 1)[0], []).append(i)
            self._doc_rows = {d: np.array(r) for d, r in rows.items()}
        return self._doc_rows.get(doc, np.array([], dtype=int))

    def idf(self, token: str) -> float:
        df = self._df.get(token, 0)
        return math.log(max(1.0, (self._n - df + 0.5) / (df + 0.5))) if df else 0.0

    def self_score(self, query_tokens: list[str]) -> float:
        """The BM25 score a passage made of exactly the query's known tokens would get (scale)."""
        return sum(self.idf(t) for t in set(query_tokens) if t in self.vocabulary) or 1.0


def _save_lexical(models: dict[str, tuple], folder: Path) -> None:
    """`models`: subfolder ("" for the folder itself) → (bm25s model, its keys). Written to a
    temporary folder and renamed, so a reader never loads half an index; older versions of
    the index are removed."""
    try:
        temporary = folder.with_name(folder.name + f".tmp-{os.getpid()}")
        shutil.rmtree(temporary, ignore_errors=True)
        for sub, (bm25, keys) in models.items():
            target = temporary / sub if sub else temporary
            bm25.save(str(target), show_progress=False)
            (target / "keys.json").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(temporary, ignore_errors=True)  # another process was first
        else:
            temporary.rename(folder)
        for old in folder.parent.glob(f"{LEXICAL_FOLDER}-*"):
            if old != folder and ".tmp-" not in old.name:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a read-only index folder: built again at the next start


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    signals: Signals
    tokens: list[str]
    dense_failed: str | None = None  # why the dense index could not be asked (keyword search only)


class HybridSearch:
    def __init__(self, documents: list[PolicyDocument], analyzer: Analyzer, index: ClauseIndex | None,
                 rrf_k: int = 60, vocabulary=None, analyses: list[DocumentAnalysis] | None = None,
                 cache_dir: Path | None = None, lexicon: Lexicon | None = None,
                 usual_gaps: dict[str, float] | None = None, fusion: str = "dbsf"):
        """`analyses` are the documents' cached analyses (made here, uncached, when not given);
        `cache_dir` is where the BM25 index is kept between starts; `usual_gaps` is the embedding
        model's usual similarity gap between a question's own and the other language, per
        question language (see `calibrated_dense`)."""
        self.usual_gaps = usual_gaps or {}
        self.clauses = {clause.key: clause for document in documents for clause in document.clauses}
        self._own_names = {d.meta.doc_id: "\n".join((*d.meta.issuers, d.meta.title_zh)) for d in documents}
        self._own_spellings: dict[str, frozenset[str]] = {}  # their pinyin, made when first asked
        self.vocabulary = vocabulary  # search.vocabulary.Vocabulary, or None (no dense model)
        self.analyzer = analyzer
        self.index = index
        self.rrf_k = rrf_k
        self.fusion = fusion
        if analyses is None:
            analyses = load_analyses(documents, {}, analyzer, None)
        self.lexical = LexicalIndex.build(analyses, cache_dir)
        self.lexicon = lexicon or Lexicon(analyses)
        glossed = {key for a in analyses for key in a.glosses}
        self._all_english = all(c.text_en or key in glossed for key, c in self.clauses.items())
        self._any_english = any(c.text_en for c in self.clauses.values())  # else no English passage to ask for
        self._clause_tokens: dict[str, frozenset[str]] = {}
        # the words of the documents' own English texts (not their dictionary glosses: 申 glosses as "old
        # name for Shanghai", which had made Shanghai a place the documents mention)
        self._english_words = frozenset(word for c in self.clauses.values() if c.text_en
                                        for word in re.findall(r"[a-z]+", c.text_en.lower()))
        self._reverse: dict[tuple[str, ...], tuple[str, ...]] | None = None  # made at the first English question

    def translated_tokens(self, question: str) -> list[str]:
        """An English question's stems as the Chinese words the documents use whose dictionary
        senses they say (dictionary query translation): BM25 then weighs the notices' own Chinese,
        which every notice has, beside their English text or gloss."""
        if _CJK_TOKEN.search(question):
            return []
        if self._reverse is None:
            words = [t for t in self.lexical.vocabulary if _CJK_TOKEN.search(t)]
            self._reverse = reverse_senses(words, self.analyzer)
        return translate_by_senses(self.analyzer.tokens(question), self._reverse)

    def query_tokens(self, question: str) -> list[str]:
        return self.analyzer.tokens(question)

    def embed(self, text: str) -> list[float] | None:
        if self.index is None or self.index.collection is None:
            return None
        return self.index.embeddings.embed_query(self.analyzer.to_simplified(text))

    def expand_abbreviations(self, question: str) -> str:
        """The question with each short Chinese word that no document and no dictionary uses
        (规上, 博后, 专硕) replaced by the document phrase it abbreviates, when exactly one fits
        (see `Lexicon.expand`)."""
        if not _CJK_TOKEN.search(question):
            return question
        words = self.analyzer.cut_zh(question)
        for word in dict.fromkeys(words + single_character_runs(words)):
            if word in self.lexical.vocabulary or self.analyzer.in_dictionary(word):
                continue
            expansion = self.lexicon.expand(word)
            if expansion:
                question = question.replace(word, expansion)
        return question

    def search(self, question: str, limit: int = 5, variant: Variant = HYBRID, doc: str | None = None
               ) -> SearchResult:
        question = self.expand_abbreviations(question)
        tokens = self.query_tokens(question)
        lexical = self.lexical.scores(tokens, doc=doc) if variant.lexical else {}
        dense_zh: dict[str, float] = {}
        dense_en: dict[str, float] = {}
        vector = self.embed(question) if variant.dense else None
        dense_failed = None
        if vector is not None:
            try:
                for lang, target in [("zh", dense_zh)] + ([("en", dense_en)] if self._any_english else []):
                    found = self.index.search(vector, limit=DENSE_CANDIDATES, doc=doc, lang=lang)
                    target.update(best_per_clause([(f"{m['doc']}#{m['clause']}", sim) for m, sim in found]))
            except Exception as error:  # a Chroma server that went away: BM25 still answers
                if not self.index.remote:
                    raise
                dense_zh.clear()
                dense_en.clear()
                dense_failed = f"{type(error).__name__}"
        language = "zh" if _CJK_TOKEN.search(question) else "en"
        native, other = (dense_zh, dense_en) if language == "zh" else (dense_en, dense_zh)
        dense = calibrated_dense(native, other, self.usual_gaps.get(language, 0.0))
        if self.fusion == "rrf":
            rankings = ([ranking(lexical, floor=0.0)] if variant.lexical else []) + ([ranking(dense)] if dense else [])
            fused = reciprocal_rank_fusion(rankings, k=self.rrf_k)
        else:
            positive = {key: score for key, score in lexical.items() if score > 0.0} if variant.lexical else {}
            fused = distribution_fusion([positive, dense])
        if doc is None and variant.lexical and self.fusion != "rrf":  # on the scale of score fusion
            # an English question weighs each notice also by the Chinese words its stems translate to:
            # every notice has its Chinese, not every one an English text (dev: passes equal, one
            # wrong amount fewer; the same words as a clause-level retriever: 970 and 955 of 1361
            # against 971 at weights 0.5 and 1, the translated notice's own English questions losing)
            prior = self.lexical.document_scores(tokens + self.translated_tokens(question))
            for key in fused:
                if key in self.clauses:
                    fused[key] += DOCUMENT_PRIOR * prior.get(self.clauses[key].doc_id, 0.0)
        token_set = set(tokens)
        order = sorted((key for key in fused if key in self.clauses),
                       key=lambda key: (-fused[key], -dense.get(key, 0.0), key))
        hits = [  # the words matched are worked out for the first clause only: the signals read them
            Hit(clause=self.clauses[key], score=fused[key], dense_similarity=round(dense.get(key, 0.0), 6),
                lexical_score=round(lexical.get(key, 0.0), 6),
                matched_terms=tuple(sorted(token_set & self.clause_tokens(key))) if rank == 0 else ())
            for rank, key in enumerate(order[:max(1, limit)])
        ]
        return SearchResult(hits[:limit], self._signals(hits, dense, lexical, tokens, question),
                            tokens, dense_failed)

    def clause_tokens(self, key: str) -> frozenset[str]:
        """The BM25 tokens of one clause (Chinese and English or gloss), worked out when asked."""
        found = self._clause_tokens.get(key)
        if found is None:
            clause = self.clauses[key]
            english = clause.text_en or gloss(clause.text_zh, self.analyzer)
            found = frozenset(self.analyzer.tokens(clause.text_zh) + (self.analyzer.tokens(english) if english else []))
            if len(self._clause_tokens) > 4096:  # a long-running server over a large library
                self._clause_tokens.clear()
            self._clause_tokens[key] = found
        return found

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
        english_question = not _CJK_TOKEN.search(question)
        cross = 1.0 if hits and english_question and not hits[0].clause.text_en else 0.0
        word_min, word_mean = self.vocabulary.closeness(question) if self.vocabulary is not None else (1.0, 1.0)
        return Signals(round(dense_top, 4), round(dense_top - median, 4), round(min(lexical_top, 2.0), 4),
                       agree, round(matched, 4), round(unknown, 4), 1.0 if self.names_elsewhere(question) else 0.0,
                       round(word_min, 4), round(word_mean, 4), cross)

    def document_named_by_place(self, question: str) -> str | None:
        """The one document a question points to by a place only that document mentions
        (锦江区, or Jinjiang spelled in pinyin); None when no name, or several documents, fit."""
        named: list[tuple[str, str]] = []  # (the place as the question says it, the one document naming it)
        for match in _PLACE_ZH.finditer(question):
            run = match.group(1)
            for start in range(0, len(run) - 2):  # 在锦江区 → 在锦江区, 锦江区
                docs = self.lexicon.documents_with(run[start:])
                if len(docs) == 1:
                    named.append((run[start:], next(iter(docs))))
                    break
        for match in _ANY_CAPITALISED.finditer(question):
            docs = self.lexicon.documents_with(_unparted(match.group(0)))
            if len(docs) == 1:
                named.append((_unparted(match.group(0)), next(iter(docs))))
        found = {doc for _, doc in named}
        if len(found) > 1:  # a city one notice's text mentions (its stock exchange), a district another is issued by
            found = {doc for place, doc in named if self._issued_in(doc, place)} or found
        return next(iter(found)) if len(found) == 1 else None

    def _issued_in(self, doc: str, place: str) -> bool:
        """Whether a place (Chinese, or its pinyin) is in the name of a body that issued the document,
        or in its title: the place the document is made for, not one its text mentions."""
        own = self._own_names.get(doc, "")
        if _CJK_TOKEN.search(place):
            return place in own
        if doc not in self._own_spellings:
            from pypinyin import lazy_pinyin

            syllables = lazy_pinyin(own)
            self._own_spellings[doc] = frozenset("".join(syllables[i:j]) for i in range(len(syllables))
                                                 for j in range(i + 2, min(len(syllables), i + 5) + 1))
        return place.lower() in self._own_spellings[doc]

    def _encloses_a_named_place(self, word: str) -> bool:
        """Whether a place the documents do not name holds one they do, as the dictionary tells (四川:
        "Sichuan province…, capital Chengdu 成都" for documents that name 成都): the province of a
        city's notices is where they apply, not another jurisdiction."""
        if _CJK_TOKEN.search(word):
            senses = dictionary().get(word, "") + " " + dictionary().get(word[:-1] if word[-1:] in PLACE_SUFFIXES else "", "")
        else:  # spelled in pinyin (Sichuan): the senses that give it as a place
            senses = place_senses(word)
        return any(self.lexicon.contains(name) for name in re.findall(r"[\u4e00-\u9fff]{2,}", senses))

    def names_elsewhere(self, question: str) -> bool:
        """A Chinese place that no document mentions: another jurisdiction, whose policies the
        documents do not speak for. In Chinese, a place name (jieba's ns tag, or a proper name
        ending in 区, 县…) other than one abroad (日本, 德国, 多伦多: a partner abroad is not a jurisdiction
        asked about); in English, a
        capitalised word that spells a Chinese name in pinyin (Shenzhen, not Oxford or MIT). A place
        a move starts or ends at (搬到资阳, 从眉山买, moving to Ziyang), or where the asker is
        (我们是眉山的一家企业), is where the asker goes, buys from or comes from, not a jurisdiction
        asked about."""
        simplified, offset = self.analyzer.to_simplified(question), 0
        situated_until = -1  # where a place the asker is at ends (注册在成都|高新区: the words of one place name)
        for word, flag in self.analyzer.pos_zh(question):  # Chinese words only, in order: found by search
            start = simplified.find(word, offset)
            offset = start + len(word) if start >= 0 else offset
            # jieba tags some district names as people's (some 区 names: nr): a proper name ending in a
            # place suffix is a place too (示范区, 开发区 are common nouns, n: kinds of zone, no name)
            place = flag == "ns" or (flag == "nr" and len(word) >= 3 and word[-1] in PLACE_SUFFIXES)
            if place and len(word) >= 2 and not self.lexicon.contains(word) and not is_abroad(word) \
                    and not self._run_on(word) \
                    and not self._encloses_a_named_place(word) \
                    and not _GENERIC_PLACE.fullmatch(word) and not (start >= 0 and _MOVED_ZH.search(simplified[:start])) \
                    and not (start >= 1 and simplified[start - 1] == "在"
                             and _DONE_THERE.match(simplified[start + len(word):])) \
                    and not (start >= 0 and (_DONE_AT.search(simplified[:start]) or start == situated_until)):
                return True
            if place and start >= 0 and (_DONE_AT.search(simplified[:start]) or start == situated_until):
                situated_until = start + len(word)
        for match in _CAPITALISED.finditer(question):
            word = _unparted(match.group(0)).lower()
            if match.start() > 0 and word not in self._english_words and word not in self.lexicon.romanised \
                    and not self.lexicon.spells_a_place(word) \
                    and spells_chinese_name(word) and may_name_a_chinese_place(word) \
                    and not self._encloses_a_named_place(word) \
                    and not _DONE_AT_EN.search(question[:match.start()]) \
                    and not (_AN_ARTICLE.search(question[:match.start()])
                             and _AN_ORGANISATION.match(question[match.end():])) \
                    and not (_MOVED_EN.search(question[:match.start()])
                                                           and not question[match.end():].startswith(("'s", "’s"))):
                return True
        return False


    def _run_on(self, word: str) -> bool:
        """A word jieba's guessing (not its dictionary) took for a place, that is a word the documents
        use run into one character beside it (a word of theirs + 加 in ‘…加SaaS’): the documents' word, not a
        place they do not mention. A name they do not use (另一个区名) stays a place."""
        if len(word) < 3 or self.analyzer.word_tag(word) == "ns" or word[-1] in PLACE_SUFFIXES:
            return False  # (某溪 + 区 is a district's full name)
        return self.lexicon.contains(word[:-1])


def _unparted(name: str) -> str:
    """Huai'an → Huaian: a pinyin name as the documents' romanised names are kept."""
    return re.sub(r"['’]", "", name)


# A move's start or end right before a place: 搬到, 迁往, 从, 来自 / moving to, from
_MOVED_ZH = re.compile(r"(?:从|到|往|至|来自|(?:我们?|咱们?|我司|公司|单位)(?:现在)?(?:是|在|位于))$")  # …and where the asker is
_MOVED_EN = re.compile(r"\b(?:from|to|into)\s+$", re.IGNORECASE)
# registered in Chongqing / based in Mianyang: where the asker is, their situation (eligibility), as 在X注册
_DONE_AT_EN = re.compile(r"\b(?:registered|incorporated|based|located|headquartered|taxed|(?:pay|pays|paying|paid) "
                         r"(?:our |its |their )?tax(?:es)?)\s+(?:in|at)\s+$", re.IGNORECASE)
# a Mianyang company / our Deyang-based supplier: who someone is, by where they are from, not a jurisdiction asked about
_AN_ARTICLE = re.compile(r"\b(?:a|an|our|the|their|its|my|his|her)\s+$", re.IGNORECASE)
_AN_ORGANISATION = re.compile(r"(?:-based)?\s+(?:[a-z]+\s+)?(?:company|companies|firm|firms|group|parent|head ?office|"
                              r"headquarters|HQ|university|supplier|client|customer|partner|subsidiary|factory|plant|"
                              r"manufacturer|maker|startup|enterprise)\b", re.IGNORECASE)
# 在绵阳交税 / 在绵阳注册的: what the asker does at a place, their own situation (eligibility), not its policies
_DONE_THERE = re.compile(r"(?:交|缴|纳税|报税|注册|登记|办公|经营|设立|落户|上班|工作|居住|住|生产|开办|成立)")
# 注册在成都某区 / 税交在X / 注册地是X: the same said the other way round, the place after the verb
_DONE_AT = re.compile(r"(?:" + _DONE_THERE.pattern[3:-1] + r")(?:地|关系)?(?:都|也|则)?(?:在|于|是)$")
# 镇里, 县城, 本市, 村上: a level of government or a kind of place said generically, not the name of one
_GENERIC_PLACE = re.compile(r"(?:本|我|咱|该|全|各|邻|外|隔壁)?(?:省|市|县|区|镇|乡|村|街道|社区|园区|城|县城|市区|城区|乡镇|镇上)"
                            r"(?:里头?|上|内|外|中|级|域|头)?")


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
