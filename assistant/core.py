"""The one entry point: `Assistant.ask(question, history) -> Answer`.

The answer path is a langchain runnable chain: prepare the question (clean, detect the
language, resolve a follow-up from the history) -> retrieve clauses (hybrid retriever)
-> decide whether the policy covers it -> compose a cited answer.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from langchain_core.runnables import RunnableLambda

from .compose import status_note, compose_calculation_answer, compose_clause_answer, compose_issuer_answer, compose_refusal, compose_validity_answer
from .corpus import corpus_fingerprint, load_corpus, load_glossary
from .embeddings import load_embeddings
from .evidence import EN_FRAME_WORDS, Coverage, assess_coverage, other_levels
from .index import ClauseIndex, IndexInfo
from .intents import Intent, clause_reference, read_intent
from .llm import Grounding, LLMComposer, LLMSettings
from .models import Answer, Citation, Hit, PolicyDocument, PolicyStatus
from .retrieval import HYBRID, HybridSearch, PolicyRetriever, Variant
from .routing import route
from .settings import Settings
from .errors import InvalidQuestionError
from .text import CJK, LATIN_WORD, Analyzer, clean_question

GENERIC_SHARE = 0.4  # a token in this share of clauses or more says nothing about the topic


@dataclass
class Turn:
    """What the chain carries from step to step for one question."""

    question: str
    history: list[dict]
    forced_language: str | None = None
    language: str = "zh"
    intent: Intent | None = None
    retrieval_query: str = ""
    hits: list[Hit] = field(default_factory=list)
    coverage: Coverage | None = None
    used_history: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    answer: Answer | None = None
    grounding: Grounding | None = None


class Assistant:
    def __init__(self, settings: Settings, documents: list[PolicyDocument], analyzer: Analyzer,
                 search: HybridSearch, index_info: IndexInfo | None, today: date | None = None,
                 variant: Variant = HYBRID, composer: LLMComposer | None = None):
        self.settings = settings
        self.documents = documents
        self.analyzer = analyzer
        self.search = search
        self.index_info = index_info
        self._today = today
        self.variant = variant
        self.composer = composer
        self.retriever = PolicyRetriever(search=search, k=settings.top_k, variant=variant)
        self.answer_chain = (
            RunnableLambda(self._prepare, name="prepare")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._compose_turn, name="compose")
        )
        self.chain = self.answer_chain | RunnableLambda(self._polish, name="llm")
        counts = Counter(t for tokens in search.lexical.token_sets.values() for t in tokens)
        share = GENERIC_SHARE * len(search.clauses)
        self._generic = {t for t, n in counts.items() if n >= share}
        for entry in analyzer.glossary:  # 在蓉高校 names the policy's audience, not a topic
            if sum(entry["zh"] in c.text_zh for c in search.clauses.values()) >= share:
                self._generic.add(entry["zh"])
        self._vocabulary = set(search.lexical.vocabulary)
        self._corpus_text = "".join(c.text_zh for c in search.clauses.values())
        self._corpus_text_en = " ".join(c.text_en for c in search.clauses.values())
        self._frame_stems = {stem for word in EN_FRAME_WORDS for stem in analyzer.tokens(word)}
        for entry in analyzer.glossary:
            for term in (entry["zh"], *entry.get("also_zh", ()), entry["en"], *entry.get("also_en", ())):
                self._vocabulary.update(analyzer.tokens(term))
                self._vocabulary.add(term)

    @classmethod
    def create(cls, settings: Settings, today: date | None = None, rebuild: bool = False,
               llm: LLMSettings | None = None) -> "Assistant":
        """Load the corpus, the embedding model and the index (building it when stale)."""
        documents = load_corpus(settings.corpus_dir)
        analyzer = Analyzer(load_glossary(settings.corpus_dir))
        embeddings = load_embeddings(settings.embedding_model, threads=settings.embedding_threads)
        index, moved_aside = ClauseIndex.open(settings.chroma_url, settings.index_dir, embeddings,
                                              corpus_fingerprint(settings.corpus_dir))
        info = index.ensure(documents, force=rebuild)
        if moved_aside:
            info = IndexInfo(**{**info.__dict__, "moved_aside": moved_aside})
        composer = LLMComposer(llm, analyzer) if llm else None
        return cls(settings, documents, analyzer, HybridSearch(documents, analyzer, index, settings.rrf_k),
                   info, today=today, composer=composer)

    def with_variant(self, variant: Variant) -> "Assistant":
        """The same assistant with another retrieval design (the eval compares them)."""
        return Assistant(self.settings, self.documents, self.analyzer, self.search, self.index_info,
                         today=self._today, variant=variant, composer=self.composer)

    # -- the public entry point -------------------------------------------------
    def ask(self, question: str | bytes, history: list[dict] | None = None, language: str | None = None) -> Answer:
        """Answer one question; `language` ("zh"/"en") fixes the answer's language, else it follows
        the question."""
        started = time.perf_counter()
        answer: Answer = self.chain.invoke(self._turn(question, history, language))
        answer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return answer

    def stream(self, question: str | bytes, history: list[dict] | None = None, language: str | None = None):
        """Yields the answer text as an LLM writes it (str), then the final `Answer`, whose text
        is the LLM's only if it passed verification."""
        started = time.perf_counter()
        turn: Turn = self.answer_chain.invoke(self._turn(question, history, language))
        answer = turn.answer
        if self.composer is not None and turn.grounding is not None:
            text = None
            try:
                for text in self.composer.stream(turn.grounding):
                    yield text
                accepted, reason = self.composer.check(text or "", turn.grounding)
            except Exception as error:  # the stream broke: fall back like compose() does
                accepted, reason = None, self.composer.safe_reason(error)[:300]
            self._apply_llm(answer, accepted, reason)
        answer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        yield answer

    @staticmethod
    def _turn(question: str | bytes, history: list[dict] | None, language: str | None) -> Turn:
        if language not in (None, "zh", "en"):
            raise InvalidQuestionError(f"language must be 'zh' or 'en', not {language!r}.")
        return Turn(question=question, history=list(history or []), forced_language=language)

    def today(self) -> date:
        return self._today or date.today()

    @property
    def primary(self) -> PolicyDocument:
        return self.documents[0]

    def document(self, doc_id: str) -> PolicyDocument:
        return next(d for d in self.documents if d.meta.doc_id == doc_id)

    def policy_status(self, document: PolicyDocument) -> PolicyStatus:
        meta, today = document.meta, self.today()
        expires = meta.expires
        return PolicyStatus(issued=meta.issued.isoformat(), expires=expires.isoformat() if expires else None,
                            in_force=None if expires is None else meta.issued <= today < expires)

    # -- chain steps ------------------------------------------------------------
    def _prepare(self, turn: Turn) -> Turn:
        turn.question = clean_question(turn.question, self.settings.max_question_chars)
        turn.language = turn.forced_language or self.analyzer.detect_language(turn.question)
        turn.intent = read_intent(self.analyzer.to_simplified(turn.question))
        return turn

    def _assess(self, question: str, hits: list[Hit]) -> Coverage:
        simplified = self.analyzer.to_simplified(question)
        evidence_tokens = set().union(*(self.search.lexical.token_sets[h.clause.key] for h in hits)) if hits else set()
        evidence_text = "".join(h.clause.text_zh + h.clause.text_en.lower() for h in hits)
        zh_words = [w for w in self.analyzer.cut_zh(simplified) if CJK.search(w)] if CJK.search(simplified) else []
        en_words = []
        for position, match in enumerate(LATIN_WORD.finditer(simplified)):
            stems = self.analyzer.tokens(match.group(0))
            before = simplified[: match.start()].rstrip()
            capitalised = match.group(0)[:1].isupper() and position > 0 and not before.endswith((".", "?", "!"))
            en_words.extend((stem, capitalised) for stem in stems)
        return assess_coverage(
            question_words=zh_words + [stem for stem, _ in en_words],
            glossary_hits=[t for t in self.analyzer.glossary_expansion(simplified) if CJK.search(t)],
            zh_nouns=self.analyzer.nouns_zh(simplified) if zh_words else [],
            en_words=en_words,
            frame_stems=self._frame_stems,
            in_evidence=lambda word: word in evidence_tokens or (
                CJK.search(word) is not None
                and (word in evidence_text or (len(word) >= 3 and word[:-1] in evidence_text))
            ),
            is_known=self._is_known,
            generic_tokens=self._generic,
            levels=other_levels(simplified, self._corpus_text + self._corpus_text_en),
        )

    def _is_known(self, word: str) -> bool:
        """A word of the corpus or glossary, or a compound of such words (培养人才)."""
        if word in self._vocabulary or (CJK.search(word) and word in self._corpus_text):
            return True
        if not CJK.search(word):
            return False
        known = lambda part: part in self._vocabulary or part in self._corpus_text  # noqa: E731
        if len(word) >= 3 and known(word[:-1]):  # a known word plus a suffix: 解释权, 资助额
            return True
        return any(known(word[:i]) and known(word[i:]) for i in range(2, len(word) - 1))

    def _retrieve(self, turn: Turn) -> Turn:
        started = time.perf_counter()
        turn.retrieval_query = turn.question
        turn.hits = self._hits(turn.question)
        turn.coverage = self._assess(turn.question, turn.hits[:1])
        named = clause_reference(self.analyzer.to_simplified(turn.question))
        named_hits = [h for h in self._all_hits(turn.question) if h.clause.number == named] if named is not None else []
        if named_hits:
            # "第（六）条的责任单位？" names its clause: put it first and answer from it.
            turn.hits = named_hits[:1] + [h for h in turn.hits if h.clause.number != named]
            turn.coverage = Coverage(True, (named_hits[0].clause.label,), (), "the question names the clause",
                                     "问题指明了条款")
            turn.timings["retrieve"] = round((time.perf_counter() - started) * 1000, 2)
            return turn
        previous = [m["content"] for m in turn.history if m.get("role") == "user" and m.get("content")]
        for query in self._follow_up_readings(turn, previous):
            if self._adopt(turn, query):
                break
        turn.timings["retrieve"] = round((time.perf_counter() - started) * 1000, 2)
        return turn

    def _follow_up_readings(self, turn: Turn, previous: list[str]):
        """Standalone readings of a question that may follow up an earlier one, best first."""
        if not previous:
            return
        if self.composer is not None:  # with an LLM: history-aware rewriting
            rewritten = self.composer.rewrite(turn.question, previous[-3:])
            if rewritten:
                yield self.analyzer.to_simplified(rewritten)
        if not turn.coverage.covered or turn.intent.follow_up_cue or len(turn.coverage.anchors) <= 1:
            # "负责部门是哪个？" is read together with the question it follows.
            yield f"{previous[-1]} {turn.question}"

    def _adopt(self, turn: Turn, query: str) -> bool:
        hits = self._hits(query)
        coverage = self._assess(query, hits[:1])
        if coverage.covered:
            turn.retrieval_query, turn.hits, turn.coverage, turn.used_history = query, hits, coverage, True
        return coverage.covered

    def _all_hits(self, query: str) -> list[Hit]:
        return self.search.search(self.analyzer.to_simplified(query), limit=len(self.search.clauses),
                                  variant=self.variant)

    def _hits(self, query: str) -> list[Hit]:
        documents = self.retriever.invoke(self.analyzer.to_simplified(query))
        return [doc.metadata["hit"] for doc in documents]

    def _compose(self, turn: Turn) -> Answer:
        intent = turn.intent
        if intent.validity:
            document = self.document(turn.hits[0].clause.doc_id) if turn.hits else self.primary
            meta = document.meta
            clause = document.clause(meta.validity_clause) if meta.validity_clause is not None else None
            text = compose_validity_answer(meta, clause, self.today(), turn.language)
            citations = [Citation.from_hit(Hit(clause, 1.0, 0.0, 0.0))] if clause else []
            return self._answer(turn, text, False, citations, document)

        if intent.issuer:
            document = self.document(turn.hits[0].clause.doc_id) if turn.hits else self.primary
            preamble = document.clause(0)
            text = compose_issuer_answer(document.meta, preamble, turn.language, self.today())
            return self._answer(turn, text, False, [Citation.from_hit(Hit(preamble, 1.0, 0.0, 0.0))], document)

        if not turn.hits or not turn.coverage.covered:
            document = self.primary
            sections = [(c.section_title_zh, c.section_title_en) for c in document.clauses if c.number and c.section]
            titles = list(dict.fromkeys(sections))
            text = compose_refusal(document.meta, turn.language, turn.coverage.reason_zh if turn.coverage else "",
                                   turn.coverage.reason if turn.coverage else "", titles)
            return self._answer(turn, text, True, [], document)

        top = turn.hits[0]
        document = self.document(top.clause.doc_id)
        context = " ".join(m["content"] for m in turn.history if m.get("role") == "user")
        calculation = route(self.analyzer.to_simplified(turn.question), context, top.clause.number, document)
        if calculation is not None:
            text = compose_calculation_answer(calculation, document.clause(calculation.clause), document.meta,
                                              turn.language, self.today())
            citations = [Citation.from_hit(h) for h in turn.hits if h.clause.number == calculation.clause]
            citations += [Citation.from_hit(h) for h in turn.hits if h.clause.number != calculation.clause]
            answer = self._answer(turn, text, False, citations, document)
            answer.calculation = calculation.to_dict(turn.language)
            return answer
        query_tokens = set(self.search.query_tokens(self.analyzer.to_simplified(turn.retrieval_query)))
        text = compose_clause_answer(top.clause, document.meta, turn.language, query_tokens, self.analyzer,
                                     wants_amount=intent.amount, wants_responsible=intent.responsible,
                                     today=self.today())
        citations = [Citation.from_hit(hit) for hit in turn.hits]
        return self._answer(turn, text, False, citations, document)

    def _compose_turn(self, turn: Turn) -> Turn:
        turn.answer = self._compose(turn)
        if self.composer is not None and not turn.answer.refused and turn.hits:
            clauses = [self.document(c.doc).clause(c.clause) for c in turn.answer.citations]
            document = self.document(turn.answer.citations[0].doc)
            turn.grounding = Grounding(
                question=turn.question, language=turn.language, clauses=clauses,
                calculation=turn.answer.calculation,
                status_note=status_note(document.meta, self.today(), turn.language),
                deterministic_answer=turn.answer.answer)
        return turn

    def _polish(self, turn: Turn) -> Answer:
        """With an LLM configured: its answer if it passes verification, else the deterministic one."""
        answer = turn.answer
        if self.composer is None or turn.grounding is None:
            return answer
        started = time.perf_counter()
        accepted, reason = self.composer.compose(turn.grounding)
        answer.timings_ms["llm"] = round((time.perf_counter() - started) * 1000, 2)
        self._apply_llm(answer, accepted, reason)
        return answer

    @staticmethod
    def _apply_llm(answer: Answer, accepted: str | None, reason: str | None) -> None:
        if accepted is not None:
            answer.answer, answer.composer, answer.fallback_reason = accepted, "llm", None
        else:
            answer.composer, answer.fallback_reason = "extractive", reason

    def _answer(self, turn: Turn, text: str, refused: bool, citations: list[Citation],
                document: PolicyDocument) -> Answer:
        return Answer(
            question=turn.question,
            language=turn.language,
            answer=text,
            refused=refused,
            citations=citations,
            policy_status=self.policy_status(document),
            timings_ms=dict(turn.timings),
            evidence={
                "coverage": turn.coverage.to_dict() if turn.coverage else None,
                "used_history": turn.used_history,
                "retrieval_query": turn.retrieval_query,
            },
        )
