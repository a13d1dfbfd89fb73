"""The one entry point: `Assistant.ask(question, history) -> Answer`.

The answer path is a langchain runnable chain of typed steps over a `Turn`:
prepare (clean, language, intent, quantities, the document a question names, the
conversation state) → retrieve (hybrid search, optionally within the named document) →
decide (does any loaded document cover it? is it a follow-up of the topic in the state?)
→ compose (validity, issuers, calculation, clause, several documents, refusal). The
coverage decision comes first, before every kind of answer.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from datetime import date

from langchain_core.runnables import RunnableLambda

from assistant.answering import compose as c
from assistant.answering.calculate import (Calculation, Question, after_received, awards_within_cap, bracketed,
                                           caps_over, char_overlap,
                                           below_level, by_kind, choose_and_calculate, combine, counts_by_level,
                                           levels_met,
                                           measured_tier,
                                           ItemFloor, below_floor, growth_tier, has_levels, index_tier,
                                           base_words_fit, count_tier, fixed_and_share, item_floor, left_out,
                                           over_longest_span, over_longest_term, part_at_its_rate, per_unit_and_share,
                                           ranged_amount,
                                           with_round_figures,
                                           named_amount, named_rule, only_those_qualifying, paid_in_year, part_of_year,
                                           per_unit_sum,
                                           rates_by_year_of_use,
                                           referred_rules, condition_met, short_span, sum_of_amounts, unmet_conditions,
                                           upgrade_asked,
                                           upgrade_difference, with_add_on, with_amount_before, within_limit,
                                           within_loan_limit, within_total_cap, within_total_cap_over_periods, on_top_of,
                                           rates_by_year, shares_by_year, with_growth_award, within_holders_cap,
                                           within_item_caps)
from assistant.answering.coverage import KEYWORD_ONLY, CoverageModel
from assistant.documents.catalog import Catalog
from assistant.answering.llm import Grounding, LLMComposer, LLMSettings
from assistant.answering.quantities import (Count, Quantities, bare_number, groups, read_quantities,
                                           units_of_their_own)
from assistant.money import format_en, format_zh, plain_number
from assistant.answering.tiers import Definitions, Tier, definitions_of, names_a_tier, tier_of
from assistant.answering.question import (Intent, asks_a_count, asks_about_a_coming_year, asks_each_year,
                                         asks_if_still_allowed,
                                         asks_whole_term, facts_stated,
                                         asks_how_long_of_something_else, asks_how_much, asks_who,
                                         asks_yes_or_no,
                                         clause_reference, is_small_talk, part_named, read_intent, without_cues, without_denied,
                                         without_names, year_asked,
                                         year_named)
from assistant.documents.facts import facet_clause, facet_score
from assistant.documents.library import adopt_loose_files, document_folders, document_hash, load_corpus
from assistant.documents.rules import schedule_events
from assistant.errors import InvalidQuestionError
from assistant.models import Answer, Citation, Clause, Hit, MoneyRule, PolicyDocument, PolicyStatus
from assistant.search.embeddings import load_embeddings
from assistant.search.gloss import gloss, is_abroad, names_abroad_en
from assistant.search.index import ClauseIndex, IndexInfo, build_lock, generation, mark_generation
from assistant.search.retrieval import HYBRID, HybridSearch, SearchResult, Signals, Variant
from assistant.search.analysis import Lexicon, load_analyses
from assistant.search.vocabulary import Vocabulary, content_words
from assistant.search.text import CJK, Analyzer, agent_roots, clean_question, document_terms, tier_terms
from assistant.settings import Settings

# Words that name a document as such, not a topic (general nouns of official documents).
DOCUMENT_WORDS = re.compile(r"^(?:政策|文件|通知|办法|措施|意见|规定|细则|方案|条例|本办法|这个|该|现在|目前|如今|今年|今天|当前|policy|policies|notice|"
                            r"document|documents|measures?|rules?|regulations?|this|it|still|today|now|current|force|effect|valid|"
                            r"active|expired?)$",
                            re.IGNORECASE)
STATUS_ORDER = {"in_force": 0, "not_yet": 1, "unknown": 2, "expired": 3}
# A tier is computed for a question only when at least this share of its words are the clause's:
# a question about a student's monthly allowance shares 博士 with a clause's "具有博士学位的…N万元"
# tier and little else, and is not asking about it. Dev sets unchanged at 0.15 and 0.25 (the
# clause is quoted instead).
NAMED_TIER_MIN_MATCHED = 0.15
# characters a question and an event share that tell no event from another (项目…后, 每年各)
_EVENT_PLAIN = frozenset("的了后前之以个年月日每各此该其项目资金补助拨付发放兑现剩余再")
CLOSE_SCORES = 0.1  # two clauses within 10% of the fused score (chosen on dev, 0.02/0.05/0.1): offer both
# A question about the notice itself (when to apply, false claims) is answered this near the coverage
# threshold, when at most this share of its words is unknown to every document (签证什么时候能申请 is not)
FACET_PROBABILITY, FACET_UNKNOWN = 0.5, 0.25
# A noun the documents lack is said in other words when their nearest word is this close (measured
# over the nouns dev questions bring: 公司~企业 0.95, 芯片~集成电路 0.94; 房租 0.88, 公积金 0.91)
SAID_OTHERWISE = 0.94
NEAR_FOR_RULES = 0.05  # a question with quantities may go to a clause with a money rule this close to the top
MAX_HISTORY_TURNS = 4


@dataclass
class Turn:
    """What the chain carries from step to step for one question."""

    question: str
    history: list[dict]
    forced_language: str | None = None
    state: dict | None = None
    doc: str | None = None  # the one document the asker chose to ask (None: all)
    language: str = "zh"
    intent: Intent | None = None
    quantities: Quantities = field(default_factory=Quantities)
    named_doc: str | None = None
    history_left_out: int = 0  # earlier user messages not read to rebuild the topic (too old, or unreadable)
    search_text: str = ""  # the question as searched: simplified, without the words that name a document
    result: SearchResult | None = None
    hits: list[Hit] = field(default_factory=list)
    covered: bool = False
    probability: float = 0.0
    follow_up: bool = False
    clause_named: bool = False  # the question names its clause (第（十）条, a clarify button): no other is offered
    timings: dict[str, float] = field(default_factory=dict)
    answer: Answer | None = None
    grounding: Grounding | None = None


def with_tier(outcome, tier: Tier | None):
    """A calculation whose rule is for the category read from the document's definitions, with that
    reading as its first step (the working says why this tier); anything else as it is."""
    if not isinstance(outcome, Calculation) or not tier or tier.letter not in (outcome.rule or {}).get("beneficiary", ""):
        return outcome
    words = "、".join(tier.words)
    return replace(outcome, steps_zh=[f"按{tier.clause_label}的分类，问题所说的“{words}”属于{tier.letter}"] + outcome.steps_zh,
                   steps_en=[f"By the categories of {tier.clause_label}, “{words}” in the question falls in category "
                             f"{tier.letter[0]}"] + outcome.steps_en)


def named_by_text(rules: list[MoneyRule], question: str) -> list[MoneyRule]:
    """The one rule of several whose beneficiary the question writes out (A类, 二等奖), as a list;
    [] when none or more than one is named so."""
    lowered = question.lower()
    named = [r for r in rules if r.beneficiary and r.beneficiary.lower() in lowered]
    return named if len(named) == 1 else []


def prefer_a_clause_with_rules(hits: list[Hit], fits) -> list[Hit]:
    """Hits reordered for a question that states quantities ("3 postdocs for 18 months"): when
    the best clause has no money rule that fits them and one almost as close (within
    NEAR_FOR_RULES of its fused score) has, that one comes first, since only a clause with a
    fitting rule can compute (a span of time needs a rule paid per month or year)."""
    if not hits or fits(hits[0].clause):
        return hits
    for hit in hits[1:]:
        if hit.score < hits[0].score * (1 - NEAR_FOR_RULES):
            break
        if fits(hit.clause):
            return [hit] + [h for h in hits if h is not hit]
    return hits


def _own_words(beneficiary: str) -> str:
    """Who a rule is for, without the lead-in of a list it heads (…按实际支付的服务费用给予补贴：（1）小微企业…):
    the lead-in is every item's, and had made the first item the best fit for any question about the list."""
    return "" if beneficiary.rstrip().endswith(("：", ":")) else beneficiary


# asks for the most one can get: 最多能拿, 最高能拿, the most we can get
_THE_MOST = re.compile(r"最多|最高|\bthe most\b|\bat most\b|\bmaximum\b", re.IGNORECASE)
# where a rule's activity is held: abroad (赴境外举办, 在国外参展) or at home (在境内举办)
_HELD_ABROAD = re.compile(r"(?:赴|去|到|在|于)(?:境外|国外|海外|国（境）外)|(?:境外|国外|海外)(?:举办|召开|参加|参展|开展)")
_HELD_AT_HOME = re.compile(r"(?:在|于)(?:境内|国内)|(?:境内|国内)(?:举办|召开|参加|参展|开展)")


class Assistant:
    def __init__(self, settings: Settings, documents: list[PolicyDocument], analyzer: Analyzer,
                 search: HybridSearch, index_info: IndexInfo | None, today: date | None = None,
                 variant: Variant = HYBRID, composer: LLMComposer | None = None,
                 coverage: CoverageModel | None = None):
        self.settings = settings
        self.documents = documents
        self.analyzer = analyzer
        self.search = search
        self.index_info = index_info
        self._today = today
        self.variant = variant
        self.composer = composer
        self.coverage = coverage or CoverageModel.load(embedding_model=settings.embedding_model)
        self._keyword_coverage = CoverageModel.load(embedding_model=KEYWORD_ONLY)  # the dense index unreachable
        self._by_id = {d.meta.doc_id: d for d in documents}
        self._definitions: dict[str, Definitions | None] = {}  # doc id → the categories it defines
        self._facets: dict[tuple[str, str], int | None] = {}  # (doc id, facet) → the clause on it
        self._bars: dict[str, list[tuple[PolicyDocument, int]]] | None = None  # run of four → clauses on who is barred
        self.catalog = Catalog(documents)
        self.units = units_of_their_own(r.unit for d in documents for r in d.rules if r.kind == "per_unit")
        self.generation = 0  # the index generation this assistant was built from (see index.generation)
        self.answer_chain = (
            RunnableLambda(self._prepare, name="prepare")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._decide, name="decide")
            | RunnableLambda(self._compose_turn, name="compose")
        )
        self.chain = self.answer_chain | RunnableLambda(self._polish, name="llm")
        self._phrase_vectors: dict[str, list[float] | None] = {}
        self._rule_glosses: dict[str, set[str]] = {}  # a rule's words, glossed in English, by its text

    @classmethod
    def create(cls, settings: Settings, today: date | None = None, rebuild: bool = False,
               llm: LLMSettings | None = None, progress=None, embeddings=None) -> "Assistant":
        """Load the corpus, the embedding model and the index (re-embedding changed documents).
        `embeddings` replaces the model the settings name (benchmarks pass synthetic vectors)."""
        adopt_loose_files(settings.corpus_dir)
        documents = load_corpus(settings.corpus_dir, write_facts=True)
        hashes = {folder.name: document_hash(folder) for folder in document_folders(settings.corpus_dir)}
        analyzer = Analyzer(document_terms(cl.text_zh for d in documents for cl in d.clauses))
        embeddings = embeddings or load_embeddings(settings.embedding_model, threads=settings.embedding_threads)
        with build_lock(settings.index_dir):  # a second build waits for the first, then finds it current
            index, moved_aside = ClauseIndex.open(settings.chroma_url, settings.index_dir, embeddings)
            info = index.ensure(documents, hashes, force=rebuild, progress=progress)
            if info.rebuilt or info.removed_docs:
                mark_generation(settings.index_dir)
            seen = generation(settings.index_dir)
        if moved_aside:
            info = IndexInfo(**{**info.__dict__, "moved_aside": moved_aside})
        composer = LLMComposer(llm, analyzer) if llm else None
        analyses = load_analyses(documents, hashes, analyzer, settings.index_dir)
        lexicon = Lexicon(analyses)
        vocabulary = Vocabulary([w for a in analyses for w in a.content], lexicon, analyzer, embeddings,
                                cache_dir=settings.index_dir)
        search = HybridSearch(documents, analyzer, index, settings.rrf_k, vocabulary=vocabulary,
                              analyses=analyses, cache_dir=settings.index_dir, lexicon=lexicon,
                              usual_gaps=CoverageModel.usual_gaps(embedding_model=settings.embedding_model),
                              fusion=settings.fusion)
        assistant = cls(settings, documents, analyzer, search, info, today=today, composer=composer)
        assistant.generation = seen
        return assistant

    def with_variant(self, variant: Variant) -> "Assistant":
        """The same assistant with another retrieval design (the eval compares them)."""
        return Assistant(self.settings, self.documents, self.analyzer, self.search, self.index_info,
                         today=self._today, variant=variant, composer=self.composer, coverage=self.coverage)

    # -- the public entry point -------------------------------------------------
    def ask(self, question: str | bytes, history: list[dict] | None = None, language: str | None = None,
            state: dict | None = None, doc: str | None = None) -> Answer:
        """Answer one question; `language` ("zh"/"en") fixes the answer's language, else it follows
        the question. `state` is the previous answer's `state` (the edges pass it back); without
        it, the state is rebuilt from the history's user turns. `doc` (a document id) limits the
        search and the answer to that one document, as if the question named it."""
        started = time.perf_counter()
        answer: Answer = self.chain.invoke(self._turn(question, history, language, state, doc))
        answer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return answer

    def search_for(self, question: str, variant: Variant | None = None) -> SearchResult:
        """The search a question gets on the answer path (the document it names, the naming words
        taken out), without answering it: what the coverage model is fitted on."""
        turn = self._prepare(Turn(question=question, history=[]))
        return self.search.search(turn.search_text or turn.question, limit=self.settings.top_k,
                                  variant=variant or self.variant, doc=turn.named_doc)

    def stream(self, question: str | bytes, history: list[dict] | None = None, language: str | None = None,
               state: dict | None = None, doc: str | None = None):
        """Yields the answer text as an LLM writes it (str), then the final `Answer`, whose text
        is the LLM's only if it passed verification. `doc` as for `ask`."""
        started = time.perf_counter()
        turn: Turn = self.answer_chain.invoke(self._turn(question, history, language, state, doc))
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

    def _turn(self, question, history, language, state, doc=None) -> Turn:
        if language not in (None, "zh", "en"):
            raise InvalidQuestionError(f"language must be 'zh' or 'en', not {language!r}.")
        if doc is not None and doc not in self._by_id:
            raise InvalidQuestionError(f"no document {doc!r} to ask; choose one of: {', '.join(self._by_id)} "
                                       "(or none to ask them all).")
        if history and (not isinstance(history, (list, tuple)) or not all(isinstance(m, dict) for m in history)):
            raise InvalidQuestionError(
                'history must be a list of messages such as {"role": "user", "content": "…"}; '
                f"got {repr(history)[:60]}.")
        history = list(history or [])
        left_out = 0
        if state is None and history:
            state, left_out = self._state_from_history(history)
        if doc is not None and state and state.get("doc") not in (None, doc):
            state = None  # the previous topic is in another document than the one now asked
        return Turn(question=question, history=history, forced_language=language, state=state, doc=doc,
                    history_left_out=left_out)

    def _state_from_history(self, history: list[dict]) -> tuple[dict | None, int]:
        """Replay the last user turns (deterministic answers only) to know the topic; also how
        many earlier user messages were left out (older than the last few, or unreadable)."""
        users = tuple(m["content"] for m in history if m.get("role") == "user" and isinstance(m.get("content"), str))
        if not users:
            return None, 0
        state, unreadable = self._replay(users[-MAX_HISTORY_TURNS:])
        return state, max(0, len(users) - MAX_HISTORY_TURNS) + unreadable

    def _replay(self, users: tuple[str, ...]) -> tuple[dict | None, int]:
        state, unreadable = None, 0
        for text in users:
            try:
                turn = self.answer_chain.invoke(Turn(question=text, history=[], state=state))
            except Exception:
                unreadable += 1  # too long, not text…: it cannot say what the conversation is about
                continue
            if turn.answer and turn.answer.state:
                state = turn.answer.state
        return state, unreadable

    def today(self) -> date:
        return self._today or date.today()

    def document(self, doc_id: str) -> PolicyDocument:
        return self._by_id[doc_id]

    def policy_status(self, document: PolicyDocument) -> PolicyStatus:
        meta = document.meta
        status = meta.status(self.today())
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return PolicyStatus(doc=meta.doc_id, issued=iso(meta.issued), effective=iso(meta.effective),
                            expires=iso(meta.expires), status=status,
                            in_force=None if status == "unknown" else status == "in_force")

    # -- chain steps ------------------------------------------------------------
    def _prepare(self, turn: Turn) -> Turn:
        turn.question = clean_question(turn.question, self.settings.max_question_chars)
        turn.language = turn.forced_language or self.analyzer.detect_language(turn.question)
        simplified = self.analyzer.to_simplified(turn.question)
        turn.intent = read_intent(simplified)
        if turn.intent.facet is None and asks_if_still_allowed(simplified) and self._names_a_bar(simplified):
            turn.intent = replace(turn.intent, facet="exclusion")  # 被列入某某目录，还能报吗: the document's own bar
        turn.quantities = read_quantities(simplified, self.units)
        named, turn.search_text = self.catalog.find(simplified)
        if named is None and len(self.documents) > 1:
            named = self.search.document_named_by_place(simplified)
        turn.named_doc = turn.doc or named
        return turn

    def _retrieve(self, turn: Turn) -> Turn:
        started = time.perf_counter()
        turn.result = self.search.search(turn.search_text or self.analyzer.to_simplified(turn.question),
                                         limit=self.settings.top_k,
                                         variant=self.variant, doc=turn.named_doc)
        turn.hits = turn.result.hits
        turn.timings["retrieve"] = round((time.perf_counter() - started) * 1000, 2)
        return turn

    def _decide(self, turn: Turn) -> Turn:
        signals: Signals = turn.result.signals
        coverage = self.coverage if not turn.result.dense_failed else self._keyword_coverage
        turn.probability = round(coverage.probability(signals), 4) if turn.hits else 0.0
        turn.covered = bool(turn.hits) and coverage.covered(signals)
        if not turn.named_doc and self.catalog.names_unloaded(self.analyzer.to_simplified(turn.question)):
            turn.covered = False  # "the old 2019 policy" with no 2019 document loaded: not this library's
        named_clause = clause_reference(self.analyzer.to_simplified(turn.question))
        if named_clause is not None:
            doc = turn.named_doc or (turn.state or {}).get("doc") or (
                self.documents[0].meta.doc_id if len(self.documents) == 1 else None)
            if doc and any(cl.number == named_clause for cl in self.document(doc).clauses):
                clause = self.document(doc).clause(named_clause)
                turn.hits = [Hit(clause, 1.0, 0.0, 0.0)] + [h for h in turn.hits if h.clause.key != clause.key]
                turn.covered = turn.clause_named = True
                return turn
        state = turn.state or {}
        if state.get("doc") and not is_small_talk(turn.question) and self._follows_up(turn, state):
            try:
                clause = self.document(state["doc"]).clause(state["clause"])
            except KeyError:
                return turn
            turn.follow_up, turn.covered = True, True
            turn.hits = [Hit(clause, 1.0, 0.0, 0.0)] + [h for h in turn.hits if h.clause.key != clause.key]
            previous = read_quantities(state["question"], self.units) if state.get("question") else Quantities()
            bare = bare_number(self.analyzer.to_simplified(turn.question)) if not turn.quantities else None
            unit = next((r.unit for r in self.document(state["doc"]).rules_of(clause.number)
                         if r.kind == "per_unit"), None)
            if bare is not None and unit is not None:
                # "And with seven?": the count of what the clause pays per, the rest as before
                count = Count(bare, unit, plain_number(bare), "", True)
                turn.quantities = Quantities(previous.money, [count], previous.durations, previous.ignored)
            elif not turn.quantities and previous:
                turn.quantities = previous
            return turn
        if turn.quantities and turn.hits:
            over_time = bool(turn.quantities.durations)  # "for 18 months": a rule paid per month or year fits,
            # or a share of a yearly base (tuition a year × years); a one-off amount does not

            def fits(clause) -> bool:
                rules = self.document(clause.doc_id).rules_of(clause.number)
                return any(r.period or r.max_periods or r.cap_period or r.kind == "share" for r in rules) \
                    if over_time else bool(rules)

            turn.hits = prefer_a_clause_with_rules(turn.hits, fits)
        return turn

    def _follows_up(self, turn: Turn, state: dict) -> bool:
        """A follow-up changes only what it mentions: it brings at most one new content word
        (个人呢？ / And for a team? / Who handles it?) or only quantities; a question with
        topics of its own (a work visa for my team member?) is judged on its own."""
        previous = self.analyzer.to_simplified(state.get("question", ""))
        new_words = [w for w in content_words(self.analyzer.to_simplified(turn.question), self.analyzer)
                     if w not in previous and not any(vars(read_intent(w)).values())]  # 负责, department: kinds, not topics
        cue = turn.intent.follow_up_cue or turn.intent.responsible or turn.intent.validity or turn.intent.amount
        if not new_words:
            return True
        if len(new_words) == 1 and (cue or bool(turn.quantities) or not turn.covered):
            return True
        return len(new_words) == 2 and not turn.covered and (cue or bool(turn.quantities))

    # -- composing --------------------------------------------------------------
    def _compose(self, turn: Turn) -> Answer:
        intent, language, today = turn.intent, turn.language, self.today()
        if not intent.validity and asks_about_a_coming_year(turn.question, today):
            intent = replace(intent, validity=True, validity_strong=True)  # "2029年还能申报吗？"
        if intent.validity and not intent.validity_strong and (
                self._asks_a_benefits_duration(turn) or self._asks_how_long_of_a_topic(turn)):
            intent = replace(intent, validity=False)  # "how long can a PhD get the allowance?": the clause's limit
        if intent.validity and not intent.validity_strong and intent.facet in ("exclusion", "eligibility", "overlap"):
            intent = replace(intent, validity=False)  # "出过事故，还能申请吗？" asks who may apply, not whether it runs
        if is_small_talk(turn.question):
            return self._answer(turn, c.compose_greeting(self.documents, language, turn.question), False, [], None,
                                kind="greeting")

        if intent.issuer and not intent.validity and len(self.documents) > 1 and self._about_no_topic(turn):
            # "Who issued these measures?" with several documents loaded: each one's issuers.
            documents = sorted(self.documents, key=self._status_order)
            text = c.compose_issuer_list(documents, language, today)
            return self._answer(turn, text, False, [self._cite(d.clause(0)) for d in documents[:c.NAMED_IN_REFUSAL]],
                                documents[0], kind="list")

        if intent.validity and len(self.documents) > 1 and self._about_no_topic(turn):
            # "Is this policy still valid?" with several documents loaded: each one's status.
            documents = sorted(self.documents, key=self._status_order)
            clauses = [d.clause(d.meta.validity_clause if d.meta.validity_clause is not None else 0) for d in documents]
            text = c.compose_status_list(documents, language, today, year_named(turn.question, today))
            return self._answer(turn, text, False, [self._cite(clause) for clause in clauses], documents[0], kind="list")

        # "执照下个月到期，新认定的有没有奖励？有的话多少？" asks an amount (its answer notes the
        # document's validity anyway); "有效期多少年" asks a count of years, not an amount
        amount_asked = intent.amount and asks_how_much(self.analyzer.to_simplified(turn.question)) and not intent.issuer
        if (intent.validity or intent.issuer) and not amount_asked:
            document = self._document_for_facts(turn)
            if document is not None:
                meta = document.meta
                if intent.validity:
                    clause = document.clause(meta.validity_clause) if meta.validity_clause is not None else None
                    text = c.compose_validity_answer(meta, clause, today, language, year_named(turn.question, today))
                    citations = [self._cite(clause or document.clause(0))]
                    return self._answer(turn, text, False, citations, document, kind="validity")
                text = c.compose_issuer_answer(meta, language, today)
                return self._answer(turn, text, False, [self._cite(document.clause(0))], document, kind="issuer")

        if intent.facet == "interpretation" and len(self.documents) > 1 and self._about_no_topic(turn):
            # "以谁的解释为准？" with several documents loaded: each one's clause on who interprets it
            said = [(d, d.clause(number)) for d in sorted(self.documents, key=self._status_order)
                    if (number := self._facet_number(d, "interpretation")) is not None]
            if len(said) > 1:
                return self._list_answer(turn, said)
        found = self._facet_clause(turn) if intent.facet and not amount_asked else None
        if found is not None:  # "以谁的解释为准？" / "What if a claim turns out false?": the clause that says
            document, clause = found
            query_tokens = set(self.search.query_tokens(self.analyzer.to_simplified(turn.question)))
            text = c.compose_clause_answer(clause, document.meta, language, query_tokens, self.analyzer,
                                           wants_amount=False, wants_responsible=intent.responsible, today=today)
            return self._answer(turn, text, False, self._cited_first(clause, turn.hits), document, kind="clause")

        if not turn.covered or not turn.hits:
            return self._answer(turn, c.compose_refusal(self.documents, language, today), True, [], None,
                                kind="refusal")

        top = turn.hits[0]
        document = self.document(top.clause.doc_id)
        several = self._several_documents(turn)
        if several:  # notices this close both answer: each is listed, with the amount under it, none picked
            return self._list_answer(turn, several)
        # "这个补助找哪个部门？" names a payment but asks who handles it: no amount is worked out or asked for
        who_only = intent.responsible and asks_who(turn.question) \
            and not asks_how_much(self.analyzer.to_simplified(turn.question))
        outcome = None if who_only else self._stated_within_cap(turn, document) or self._several_measures(turn, document)
        if outcome is None and not who_only:
            outcome = self._amount(turn, document, top.clause)
        if isinstance(outcome, Calculation):
            return self._calculation_answer(turn, outcome, document)
        if isinstance(outcome, Question):
            text = (outcome.zh if language == "zh" else outcome.en) + "\n" + c.status_note(document.meta, today, language)
            return self._answer(turn, text, False, self._citations(turn.hits[:1]), document, kind="clarify")

        duty = c.assigned_duty(list(document.clauses), top.clause) \
            if who_only and not top.clause.responsible else None
        if duty is not None:  # 这个找哪个部门？ about a clause of a regulation that names its bodies in one article
            text = c.compose_duty_answer(duty, top.clause, document.meta, language, today)
            return self._answer(turn, text, False, self._cited_first(duty.clause, turn.hits), document, kind="clause")
        query_tokens = set(self.search.query_tokens(self.analyzer.to_simplified(turn.question)))
        text = c.compose_clause_answer(top.clause, document.meta, language, query_tokens, self.analyzer,
                                       wants_amount=intent.amount, wants_responsible=intent.responsible, today=today)
        missing = self._missing_topics(turn.question) if not turn.follow_up else []
        note = c.compose_partial_note(missing, language)
        answer = self._answer(turn, (note + "\n" + text) if note else text, False, self._citations(turn.hits),
                              document, kind="clause")
        answer.not_covered = "、".join(missing)
        if len(turn.hits) > 1 and not turn.follow_up and not turn.clause_named:
            second = turn.hits[1]
            if second.clause.key != top.clause.key and top.score - second.score <= CLOSE_SCORES * top.score:
                answer.clarify = [self._option(h, language) for h in turn.hits[:2]]
        return answer

    def _amount(self, turn: Turn, document: PolicyDocument, clause: Clause) -> Calculation | Question | None:
        """The amount a clause gives for the question, with its working: the sum of the tiers it
        names, a year's part of a sum paid over years, a calculation from its figures, a difference
        for an upgrade, or the one tier it names; a `Question` when a figure must be asked back;
        None when the clause is to be quoted instead."""
        intent = turn.intent
        # a multiple (考核为乙等的，按上述标准的60%) only for a question that meets its condition
        every, simplified = document.rules_of(clause.number), self.analyzer.to_simplified(turn.question)
        rules = [r for r in every if condition_met(r, simplified, self.analyzer.tokens, every, self._glossed_roots)]
        multiplied = {r.beneficiary.partition("：")[2] for r in rules if r.times}
        rules = [r for r in rules if r.times or r.beneficiary not in multiplied]  # the rules they multiply give way
        tier = self._tier(turn, document, rules) if not turn.follow_up else None
        # the question as the rules are chosen by: with the category its person falls in, when inferred
        asked = without_names(self.analyzer.to_simplified(turn.question)) + (f" {tier.name}" if tier else "")
        if rules and intent.total and not turn.follow_up and not turn.quantities.money and not turn.quantities.durations:
            # "两项加起来最多多少？", "两个基地，一个省级、一个区级，加起来多少？": the amounts of the rules
            # the question names, summed, when no count is of more than one of them
            named = referred_rules(rules, set(self.analyzer.tokens(turn.search_text or turn.question)),
                                   self.analyzer.tokens)
            counts = turn.quantities.counts
            if len(named) >= 2 and (all(count.classifier == "项" for count in counts)
                                    or max((count.value for count in counts), default=0) <= len(named)):
                return sum_of_amounts(named, document.meta.doc_id)

        year, when = year_asked(turn.question), ""
        events = schedule_events(clause.text_zh)
        if not year and events:  # 验收合格后能拿多少: the part paid upon what the question names
            year = part_named(self.analyzer.to_simplified(turn.question), events, self._event_fit)
            when = events[year - 1] if year else ""
        scheduled = [r for r in rules if r.schedule and r.amount_yuan and r.kind != "share"]
        if len(scheduled) > 1:  # A类、B类、C类分别…, paid over years: the one the question names
            scheduled = named_by_text(scheduled, asked) or scheduled
        # "每年到手多少？" about a sum paid in equal parts: any year's part is every year's
        each = not year and len(scheduled) == 1 and len(set(scheduled[0].schedule)) == 1 \
            and asks_each_year(turn.question)
        if (year or each) and len(scheduled) == 1 and (year or 1) <= len(scheduled[0].schedule) \
                and not turn.follow_up and not turn.quantities.counts and not turn.quantities.money \
                and not asks_a_count(turn.question):  # "how many are picked each year?" asks no amount
            # "第一年能到账多少？" about the one sum of a clause that is paid out over years
            return with_tier(paid_in_year(scheduled[0], year or 1, document.meta.doc_id, each, rules, turn.quantities,
                                          when), tier)

        if rules and not turn.follow_up and has_levels(rules):  # EEI不高于0.80的… with EEI 0.78: the level met
            expanded = self.search.expand_abbreviations(asked)  # 规上 → 规模以上, when the documents say that
            words = set(self.search.translated_tokens(turn.question) if turn.language == "en"
                        else self.analyzer.tokens(expanded))
            levelled = index_tier(rules, document.meta.doc_id, expanded, words, self.analyzer.tokens)
            if levelled is not None:
                return levelled
        # "两家都能领吗？" asks yes or no: the clause answers it, not an amount for two (one that
        # states an amount to check, 三个实验室能拿900万吗, is still computed)
        yes_or_no = asks_yes_or_no(turn.question) and not turn.quantities.money
        if turn.quantities and rules and not yes_or_no:
            outcome = self._calculate(turn, rules, document, asked)
            schedule = outcome.rule.get("schedule") if isinstance(outcome, Calculation) else None
            one_tier = outcome.kind == "tiers" and len(outcome.inputs["bases_yuan"]) == 1 \
                if isinstance(outcome, Calculation) else False
            if schedule and year and year <= len(schedule) and (outcome.kind in ("share", "per_unit", "fixed")
                                                                or one_tier):
                # "设备投资1.5亿，第一年能到账多少？": the sum, then the part of it that year
                outcome = part_of_year(outcome, MoneyRule(**outcome.rule), year, when=when)
            if isinstance(outcome, Question) and intent.amount and asks_how_much(turn.question):
                # 已拿过突破N万美元的奖励，今年做到M亿美元: no rate needs the dollars, a move up a tier does
                difference = upgrade_difference(rules, clause.text_zh, self.analyzer.to_simplified(turn.question),
                                                self._tier_tokens, document.meta.doc_id, turn.quantities)
                outcome = difference or outcome
            if isinstance(outcome, (Calculation, Question)):
                return with_tier(outcome, tier)

        if intent.amount and rules and not turn.follow_up and asks_how_much(turn.question):
            # "去年评上省级拿过奖励，今年升为国家级，还能拿多少？" where the clause pays the difference
            difference = upgrade_difference(rules, clause.text_zh, self.analyzer.to_simplified(turn.question),
                                            self._tier_tokens, document.meta.doc_id, turn.quantities)
            if difference is not None:
                return difference
            # "省级竞赛三等奖能拿多少？": the one tier of the clause the question names, with its working;
            # not for an upgrade whose earlier tier is not made out (what is paid is a difference)
            named = None if upgrade_asked(clause.text_zh, turn.question) else \
                named_rule(rules, asked, self._tier_tokens, self._roots if turn.language == "en" else None)
            # (a category read from the document's own definitions is evidence enough of which tier)
            if named is not None and (turn.result.signals.matched_share >= NAMED_TIER_MIN_MATCHED or tier):
                outcome = within_limit(named_amount(named, document.meta.doc_id), rules, turn.quantities)
                if intent.total and isinstance(outcome, Calculation):  # …这两样加起来: with the award for growth
                    outcome = with_growth_award(outcome, rules, turn.quantities)
                outcome = self._after_received(outcome, rules, document, turn)  # 今年已拿了N万 under a cap
                if year and year <= len(named.schedule):  # "评上B类，头一年能到账多少？"
                    outcome = part_of_year(outcome, named, year)
                return with_tier(outcome, tier)

        return None

    def _list_answer(self, turn: Turn, several: list[tuple[PolicyDocument, Clause]]) -> Answer:
        query_tokens = set(self.search.query_tokens(self.analyzer.to_simplified(turn.question)))
        text = c.compose_list_answer(several, turn.language, self.today(), query_tokens, self.analyzer,
                                     turn.intent.amount)
        if turn.intent.amount:
            # the amount under each of them, with its working: which one applies is the asker's to say
            results = [(d, outcome) for d, clause in several
                       if isinstance(outcome := self._amount(turn, d, clause), Calculation)
                       and not unmet_conditions(MoneyRule(**outcome.rule), self.analyzer.to_simplified(turn.question))]
            if results:
                text += "\n" + c.compose_amounts_by_document(results, turn.language)
        citations = [self._cite(clause, 1.0) for _, clause in several]
        return self._answer(turn, text, False, citations, several[0][0], kind="list")

    def _calculation_answer(self, turn: Turn, outcome: Calculation, document: PolicyDocument) -> Answer:
        unmet = unmet_conditions(MoneyRule(**outcome.rule), self.analyzer.to_simplified(turn.question)) \
            if outcome.rule else []
        if unmet:  # "34岁…合同两年" against 签订3年以上劳动合同: the condition, not an amount
            language, today = turn.language, self.today()
            note = " ".join(zh if language == "zh" else en for zh, en in unmet) + (
                "因此不计算金额，以下是原文。" if language == "zh" else " So no amount is computed; the clause follows.")
            query_tokens = set(self.search.query_tokens(self.analyzer.to_simplified(turn.question)))
            text = c.compose_clause_answer(turn.hits[0].clause, document.meta, language, query_tokens, self.analyzer,
                                           wants_amount=True, wants_responsible=turn.intent.responsible, today=today)
            return self._answer(turn, note + "\n" + text, False, self._citations(turn.hits), document, kind="clause")
        outcome = with_round_figures(outcome, turn.quantities)  # 70来万: computed as 70万, and the answer says so
        measures = outcome.inputs.get("clauses")  # a total over several clauses: each is cited, in the question's order
        text = c.compose_calculation_answer(outcome, document.clause(measures[0]) if measures else turn.hits[0].clause,
                                            document.meta, turn.language, self.today(),
                                            tuple(document.clause(n) for n in (measures or [])[1:]))
        capping = outcome.inputs.get("cap_clause")  # the clause whose cap decided the amount comes first
        citations = self._cited_first(document.clause(capping), turn.hits) if capping is not None \
            else self._citations(turn.hits)
        if measures:
            named = [self._cite(document.clause(n)) for n in dict.fromkeys(measures + ([capping] if capping is not None
                                                                                      else []))]
            citations = named + [ci for ci in self._citations(turn.hits) if (ci.doc, ci.clause) not in
                                 {(n.doc, n.clause) for n in named}]
        answer = self._answer(turn, text, False, citations, document, kind="calculation")
        answer.calculation = outcome.to_dict(turn.language)
        return answer

    def _calculate(self, turn: Turn, rules: list[MoneyRule], document: PolicyDocument, asked: str,
                   leave_out: bool = True):
        """One calculation, or the sum over the groups the question describes, each read alone;
        `asked` is the question the rules are chosen by. Amounts below the clause's floor for one
        item (单笔合同金额低于5万元的，不予补贴) are left out first, and the working says so."""
        longest = over_longest_term(rules, turn.quantities) \
            if not turn.follow_up and asks_whole_term(turn.question) else None
        if longest is None and not turn.follow_up and (asks_whole_term(turn.question)
                                                        or _THE_MOST.search(turn.question)):
            longest = over_longest_span(rules, turn.quantities)  # 每家每月…最长6个月 with 5家, 最多一共多少
        if longest is not None:  # 每年60万，最多能补几年、一共多少 with 累计不超过2年: over the two years
            outcome = self._calculate(replace(turn, quantities=longest), rules, document, asked, leave_out)
            if not isinstance(outcome, Calculation):
                return outcome
            months = longest.durations[0].months
            zh, en = (f"{plain_number(months / 12)}年", f"{plain_number(months / 12)} years") if months % 12 == 0 \
                else (f"{plain_number(months)}个月", f"{plain_number(months)} months")
            return replace(outcome, steps_zh=[f"本条最长支持{zh}：按{zh}计"] + outcome.steps_zh,
                           steps_en=[f"The clause pays for at most {en}: {en}"] + outcome.steps_en)
        bases = tuple(r.base for r in rules if r.kind == "share")
        floor = item_floor(document.clause(rules[0].clause).text_zh, bases) if bases else None
        leaving = left_out(document.clause(rules[0].clause).text_zh, bases) if bases and leave_out else None
        if leaving is not None:  # 场地租金等支出不计入…投资额 with 其中场地租金200万: off the base first
            quantities, zh, en = leaving.split(turn.quantities, self._gloss_fit)
            if zh:
                outcome = self._calculate(replace(turn, quantities=quantities), rules, document, asked, False)
                if not isinstance(outcome, Calculation):
                    return outcome
                return replace(outcome, steps_zh=zh + outcome.steps_zh, steps_en=en + outcome.steps_en)
        kept, below = floor.split(turn.quantities) if floor else (turn.quantities, [])
        if not below:
            outcome = self._calculate_kept(turn, rules, document, asked)
            # 两个月 against 驻外满4个月以上的，每人每月…: nothing, and why
            return short_span(outcome, document.clause(rules[0].clause).text_zh) \
                if isinstance(outcome, Calculation) else outcome
        if not kept.money:
            return below_floor(floor, below, rules, document.meta.doc_id)
        outcome = self._calculate_kept(replace(turn, quantities=kept), rules, document, asked, floor)
        if not isinstance(outcome, Calculation):
            return outcome
        zh, en = floor.steps(below)
        return replace(outcome, steps_zh=zh + outcome.steps_zh, steps_en=en + outcome.steps_en)

    def _calculate_kept(self, turn: Turn, rules: list[MoneyRule], document: PolicyDocument, asked: str,
                        floor: ItemFloor | None = None):
        relevance = lambda rule: self._rule_relevance(asked, rule)  # noqa: E731
        all_rules = rules  # (multiples whose condition the question does not meet are already out)

        def received(outcome):
            return self._after_received(outcome, all_rules, document, turn)

        short = below_level(rules, document.meta.doc_id, turn.quantities, self._gloss_fit)
        if short is not None:  # 年培训达到500人次以上的 with 450人次: nothing, and why
            return short
        counted = count_tier(rules, document.meta.doc_id, self.analyzer.to_simplified(turn.question),
                             turn.quantities, self._gloss_fit) if not turn.follow_up else None
        if counted is not None:  # 达到40家的…；达到80家及以上的… with 90家: the tier reached (and growth)
            return received(counted)
        grown = growth_tier(rules, document.meta.doc_id, turn.quantities)
        if grown is not None:  # 增幅在15%（含）至30%（不含）之间的，按增量的4%: the tier of the growth stated
            return received(grown) if isinstance(grown, Calculation) else grown
        ranged = ranged_amount(rules, document.meta.doc_id, turn.quantities)
        if ranged is not None:  # 注册资本N万元（含）至M万元的，奖励…: the tier the amount stated falls in
            return received(ranged)
        tiered = bracketed(rules, document.meta.doc_id, turn.quantities)  # 在N万元以下的按10%…: each amount its tier
        if isinstance(tiered, Calculation) and len(tiered.inputs["bases_yuan"]) == 1:
            tiered = within_total_cap(tiered, rules)  # 单个项目最高不超过N万元。: for the one project asked
        if tiered is not None:
            return tiered
        levelled = counts_by_level(rules, document.meta.doc_id, self.analyzer.to_simplified(turn.question),
                                   turn.quantities, self._similar)
        if levelled is not None:  # 6台超过500小时，10台在200到500小时之间: each count at its own tier, then the caps
            return received(within_total_cap(levelled, all_rules)) if isinstance(levelled, Calculation) else levelled
        rules = levels_met(rules, turn.quantities)  # 年产值不低于800万元的: by the amounts stated
        rules = measured_tier(rules, turn.quantities)  # 年节能量N吨以上的每吨…: by the quantity stated
        of_use = rates_by_year_of_use(rules, document.meta.doc_id, self.analyzer.to_simplified(turn.question),
                                      turn.quantities, self._similar) if not turn.follow_up else None
        if of_use is not None:  # 第一年每吨a元、第二年b元 with 头一年充了N度，第二年M度: each year at its rate
            return received(within_total_cap(of_use, [r for r in all_rules if r.period != "年"]))  # (yearly: each year)
        parts = groups(self.analyzer.to_simplified(turn.question)) if not turn.follow_up else []
        if len(parts) > 1:  # each group picks the rule its own words describe
            read = lambda part: floor.split(read_quantities(part, self.units))[0] if floor \
                else read_quantities(part, self.units)  # noqa: E731
            results = [choose_and_calculate(by_kind(rules, part, self._gloss_fit), document.meta.doc_id, read(part),
                                            lambda rule, part=part: self._rule_relevance(part, rule), self._similar,
                                            self._gloss_fit)
                       for part in parts]
            spent = any(m.spent for m in turn.quantities.money)  # each group's sum asked for under a cap, not a cost
            if all(isinstance(r, Calculation) and not (spent and r.kind == "cap") for r in results) \
                    and not self._a_group_off_the_base(parts, results) \
                    and len({r.rule.get("kind") for r in results}) == 1 \
                    and all(self._tier_named(part, MoneyRule(**r.rule), rules) for part, r in zip(parts, results)):
                combined = combine([within_item_caps(r, all_rules) for r in results])  # 每部作品最高N万元: each
                if results[0].kind in ("per_unit", "fixed"):
                    combined = within_total_cap(combined, all_rules)  # 单个主体年度补助最高不超过N万元。: for the sum
                return received(combined)
        by_year = shares_by_year(rules, document.meta.doc_id, turn.quantities,
                                 year_asked(turn.question) if not turn.follow_up else None,
                                 self.analyzer.to_simplified(turn.question) if not turn.follow_up else "")
        if by_year is not None:  # 前两年按收入的a%，第三年按b% with 第一年N万，第二年M亿: each year at its share
            return received(within_total_cap(by_year, all_rules))
        staged = rates_by_year(rules, document.meta.doc_id, turn.quantities, self._similar,
                               document.clause(all_rules[0].clause).text_zh,
                               year_asked(turn.question) if not turn.follow_up else None,
                               asks_whole_term(turn.question))
        if staged is not None:  # 第一年每平方米每月N元、第二年M元: each year of the span at its own rate
            return received(staged) if isinstance(staged, Calculation) else staged
        both = per_unit_and_share(rules, document.meta.doc_id, turn.quantities, self._similar) \
            if turn.intent.total and not turn.follow_up else None
        if both is not None:  # 每上架1个产品N万元 and 按销售额的K%, with 上架4个、卖了600万, asked together
            return received(both)
        both = fixed_and_share(rules, document.meta.doc_id, turn.quantities, self._similar,
                               lambda fixed, share: self._own_words_said(asked, fixed, share) >= 2) \
            if turn.intent.total and not turn.follow_up else None
        if both is not None:  # 首次通过认证奖励N万 and 咨询费的40%, with 首次通过了…咨询花了10万, asked together
            return received(both)
        split = part_at_its_rate(rules, document.meta.doc_id, turn.quantities, self._similar)
        if split is not None:  # 每人N元；取得技师证书的每人M元 with 30人，里面有10个是技师: each part at its rate
            return received(within_total_cap(split, all_rules))
        several = per_unit_sum(rules, document.meta.doc_id, turn.quantities, self._similar)
        if several is not None:  # 本地学员300人、境外学员50人 at their own rates: both, then the caps
            return received(within_total_cap(several, all_rules))
        outcome = choose_and_calculate(by_kind(rules, asked, self._gloss_fit), document.meta.doc_id, turn.quantities,
                                       relevance, self._similar, self._gloss_fit)
        if isinstance(outcome, Calculation) and not self._tier_named(asked, MoneyRule(**outcome.rule), rules):
            if outcome.kind != "share" or any(r.kind == "share" and self._tier_named(asked, r, rules) for r in rules):
                # 甲级、乙级、丙级 each so much a head, and the question names none; or a share whose base the
                # words by the amount fit while the question names another share's beneficiary (20% of a
                # maker's sales contract, 10% of a school's purchase): the clause is quoted, not guessed
                return None
        if isinstance(outcome, Calculation):  # 3个品种，其中1个…: what the clause pays again for that part
            outcome = within_holders_cap(outcome, all_rules)  # items each capped, then 同一承办方每年至多M万元
            outcome = with_add_on(outcome, all_rules, turn.quantities, self._similar)
            outcome = only_those_qualifying(outcome, turn.quantities, self._similar)  # …的只有25个: those alone
        outcome = with_amount_before(outcome, all_rules, asked)  # 开业补贴N元；每招用1人再给予M元: both
        if isinstance(outcome, Calculation) and turn.intent.total:  # 在享受第（一）项的基础上再…: both, asked together
            outcome = on_top_of(outcome, all_rules, turn.quantities, self._similar)
        if isinstance(outcome, Calculation) and (outcome.kind in ("per_unit", "fixed") or outcome.kind == "share"
                                                 and not outcome.rule.get("cap_yuan")):
            # 每家单位每年…总额不超过N: year by year; for a share with no cap of its own, the clause's cap
            outcome = within_total_cap_over_periods(outcome, all_rules)
        if isinstance(outcome, Calculation) and outcome.kind in ("fixed", "cap", "per_unit", "sum", "share"):
            outcome = within_limit(outcome, all_rules, turn.quantities)  # 装修补助总额不超过合同总价的40%
        outcome = within_loan_limit(outcome, all_rules)  # interest on a principal above the loan's size: asked
        if isinstance(outcome, Calculation) or outcome is None and all_rules:
            outcome = received(outcome)
        if isinstance(outcome, Calculation) and outcome.kind in ("fixed", "cap") and outcome.inputs.get("count") == 1:
            # "a university", "一家企业": one of them is the clause's own amount, for the beneficiary it
            # names; the clause is quoted rather than a rule picked for it (a master's got the PhD award)
            return None
        return outcome

    def _stated_within_cap(self, turn: Turn, document: PolicyDocument) -> Calculation | None:
        """Payments the asker states several items bring, summed and held to the one cumulative cap
        among the clauses found (同一企业每年获得…合计不超过N万元), for a question that asks the total
        or the most."""
        if turn.follow_up or not (turn.intent.total or _THE_MOST.search(turn.question)) or len(turn.quantities.money) < 2:
            return None
        labels, sections = {c.label: c.number for c in document.clauses}, {c.number: c.section for c in document.clauses}
        found = [hit.clause.number for hit in turn.hits[:3] if hit.clause.doc_id == document.meta.doc_id]
        if not found:
            return None
        # a cap over the clause found first, or one said in a clause found
        caps = {id(rule): rule for number in range(1, len(document.clauses))
                for rule in caps_over(list(document.rules), labels, number, sections)
                if rule.clause in found or number == found[0]}
        if len(caps) != 1:
            return None
        cap = next(iter(caps.values()))
        return awards_within_cap(turn.quantities.money, cap, document.clause(cap.clause).label, document.meta.doc_id)

    def _several_measures(self, turn: Turn, document: PolicyDocument) -> Calculation | None:
        """A total asked over several measures of one document (销售额N亿；区内投了M万建厂；还获评
        某奖。总共能拿多少？): each part of the question is answered from the clause it finds, alone,
        and the parts are added, within a cap the document sets on them together (同一企业每年获得
        第二项至第五项支持累计不超过N万元). None unless every part gives an amount from a clause
        of its own (the usual path then answers from one clause)."""
        if not turn.intent.total or turn.follow_up:
            return None
        parts = facts_stated(self.analyzer.to_simplified(turn.question))
        if len(parts) < 2:
            return None
        found: dict[int, Calculation] = {}
        for part in parts:
            part += "，能拿多少？" if turn.language == "zh" else ". How much is that?"  # each fact asked alone
            sub = self._decide(self._retrieve(self._prepare(Turn(question=part, history=[],
                                                                 forced_language=turn.language,
                                                                 doc=document.meta.doc_id))))
            if not sub.covered or not sub.hits:
                return None
            clause = sub.hits[0].clause
            outcome = self._amount(sub, document, clause)
            fixed = [r for r in document.rules_of(clause.number) if r.kind == "fixed" and r.amount_yuan]
            if outcome is None and len(fixed) == 1 and len(document.rules_of(clause.number)) == 1:
                outcome = named_amount(fixed[0], document.meta.doc_id)  # 首次认定…的，奖励N万元: the one sum it pays
            if not isinstance(outcome, Calculation) or outcome.clause in found:
                return None
            found[outcome.clause] = outcome
        if len(found) < 2:
            return None
        labels, sections = {c.label: c.number for c in document.clauses}, {c.number: c.section for c in document.clauses}
        over = [caps_over(list(document.rules), labels, number, sections) for number in found]
        together = [rule for rule in over[0] if all(any(rule is other for other in caps) for caps in over[1:])]
        parts_done = list(found.values())
        names = [(document.clause(p.clause).label, f"Clause {p.clause} ({document.clause(p.clause).label})")
                 for p in parts_done]
        total = combine(parts_done, names)
        inputs = {"parts": [p.inputs for p in parts_done], "clauses": list(found)}
        zh, en, cap, capped = total.steps_zh, total.steps_en, None, False
        if together:
            rule = min(together, key=lambda r: r.amount_yuan)
            cap, capping = rule.amount_yuan, document.clause(rule.clause)
            if total.result_yuan > cap:
                inputs["cap_clause"], capped = rule.clause, True
                zh = zh + [f"{capping.label}：各项合计不超过{format_zh(cap)}，按{format_zh(cap)}计"]
                en = en + [f"Clause {capping.number} ({capping.label}): the items together at most "
                           f"{format_en(cap)}, so {format_en(cap)}"]
        return replace(total, inputs=inputs, result_yuan=cap if capped else total.result_yuan, cap_yuan=cap,
                       capped=capped or total.capped, steps_zh=zh, steps_en=en)

    @staticmethod
    def _after_received(outcome, rules: list[MoneyRule], document: PolicyDocument, turn: Turn):
        """已获省级补助20万: taken off, or held to what is left of a cumulative cap: the clause's own,
        or one another clause sets over it (各单位每年享受本办法第X条至第Y条支持的总额累计不超过N万元)."""
        number = rules[0].clause
        over = caps_over(list(document.rules), {c.label: c.number for c in document.clauses}, number,
                         {c.number: c.section for c in document.clauses})
        outcome = after_received(outcome, rules + over, document.clause(number).text_zh, turn.quantities,
                                 document.meta.doc_id, number)
        if isinstance(outcome, Calculation) and outcome.inputs.get("cap_clause") is not None:
            capping = document.clause(outcome.inputs["cap_clause"])  # the step names where the cap is said
            outcome = replace(outcome, steps_zh=outcome.steps_zh[:-1] + [f"{capping.label}：{outcome.steps_zh[-1]}"],
                              steps_en=outcome.steps_en[:-1] + [f"Clause {capping.number} ({capping.label}): "
                                                                f"{outcome.steps_en[-1]}"])
        return outcome

    def _document_for_facts(self, turn: Turn) -> PolicyDocument | None:
        """Which document a validity or issuer question is about, or None when it is about none."""
        if turn.named_doc:
            return self.document(turn.named_doc)
        if turn.follow_up or (turn.state and turn.state.get("doc") and not turn.covered and not self.search.names_elsewhere(turn.question)):
            return self.document(turn.state["doc"]) if turn.state and turn.state.get("doc") else None
        if self.search.names_elsewhere(turn.question):
            return None
        if turn.covered and turn.hits:
            return self.document(turn.hits[0].clause.doc_id)
        if len(self.documents) == 1:
            return self.documents[0]
        return None

    def _facet_clause(self, turn: Turn) -> tuple[PolicyDocument, Clause] | None:
        """The clause answering a question about the notice itself (who interprets it, false claims,
        when to apply): a top hit that reads as that clause, else the document's own clause on it.
        Other than who interprets, the question must be about this library (covered, naming the
        document, with no topic of its own, or near the threshold with its words known):
        "偷税被查出来会怎样" is not this notice's penalty."""
        facet, document = turn.intent.facet, self._document_for_facts(turn)
        near = turn.probability >= FACET_PROBABILITY and turn.result.signals.unknown_share <= FACET_UNKNOWN or (
            # a Chinese question whose every word but its cues (啥时候能报, 补报) the documents use: about them
            bool(CJK.search(turn.question)) and not self._unknown_topic_words(turn.question)
            and not self.search.names_elsewhere(turn.question))
        no_topic = self._about_no_topic(turn)
        if facet != "interpretation" and not (turn.covered or turn.named_doc or near or no_topic):
            return None
        top = turn.hits[0].clause if turn.hits else None
        if facet == "application" and turn.covered and not no_topic and top is not None \
                and self.document(top.doc_id).rules_of(top.number) and not facet_score(facet, top.text_zh):
            return None  # 那件发明现在补报还能拿钱吗: the payment's own clause says how long it may be claimed
        for hit in turn.hits[:3]:
            if (document is None or hit.clause.doc_id == document.meta.doc_id) and facet_score(facet, hit.clause.text_zh):
                return self.document(hit.clause.doc_id), hit.clause
        if document is None:
            return None
        number = self._facet_number(document, facet)
        return (document, document.clause(number)) if number is not None else None

    def _names_a_bar(self, question: str) -> bool:
        """Whether a question names a situation that a loaded document's clause on who is barred lists
        (有下列情形之一的不予支持：…被列入某某目录未移出): a run of four characters that clause has
        and no other clause of its document."""
        if self._bars is None:  # once: the runs of every document's clause on who is barred
            self._bars = {}
            for document in self.documents:
                number = self._facet_number(document, "exclusion")
                for run in _runs_of_four(document.clause(number).text_zh) if number is not None else ():
                    self._bars.setdefault(run, []).append((document, number))
        # per question: its own runs looked up, and another clause of the document checked only on a hit
        return any(not any(run in clause.text_zh for clause in document.clauses if clause.number != number)
                   for run in _runs_of_four(question) for document, number in self._bars.get(run, ()))

    def _facet_number(self, document: PolicyDocument, facet: str) -> int | None:
        key = (document.meta.doc_id, facet)
        if key not in self._facets:
            self._facets[key] = facet_clause(facet, [(clause.number, clause.text_zh) for clause in document.clauses])
        return self._facets[key]

    def _asks_a_benefits_duration(self, turn: Turn) -> bool:
        """"How long…" about a benefit paid over time (the best clause has an amount per month or
        year, or a longest period), not about how long the document is in force."""
        if not turn.hits or self._about_no_topic(turn):
            return False
        clause = turn.hits[0].clause
        return any(r.period or r.max_periods for r in self.document(clause.doc_id).rules_of(clause.number))

    def _asks_how_long_of_a_topic(self, turn: Turn) -> bool:
        """"How long do we keep the receipts?": a topic, and no word for a document; the clause
        that says how long answers it, not the validity."""
        return asks_how_long_of_something_else(turn.question) and not self._about_no_topic(turn)

    def _tier(self, turn: Turn, document: PolicyDocument, rules: list[MoneyRule]) -> Tier | None:
        """The category (A类…) a question's person falls in by the document's own definitions, when
        the clause pays by category and the question names none (see `tiers.tier_of`)."""
        if not any(names_a_tier(r.beneficiary) for r in rules):
            return None
        words_of = lambda zh: gloss(zh, self.analyzer, by_character=False)  # noqa: E731
        if document.meta.doc_id not in self._definitions:
            self._definitions[document.meta.doc_id] = definitions_of(
                ((clause.number, clause.label, clause.text_zh) for clause in document.clauses),
                self.analyzer.tokens, words_of)
        text = self.search.expand_abbreviations(self.analyzer.to_simplified(turn.question))
        tier = tier_of(text, self._definitions[document.meta.doc_id], self.analyzer.tokens, words_of)
        return tier if tier and any(tier.letter in r.beneficiary for r in rules) else None

    def _about_no_topic(self, turn: Turn) -> bool:
        """The question names no document, carries no topic and has no foreign name: only
        question words and words for a document (政策, notice…) are left."""
        if turn.named_doc or turn.follow_up or self.search.names_elsewhere(turn.question):
            return False
        words = content_words(without_cues(self.analyzer.to_simplified(turn.question)), self.analyzer)
        return all(any(vars(read_intent(w)).values()) or DOCUMENT_WORDS.search(w) for w in words)

    def _tier_tokens(self, text: str) -> list[str]:
        """A text's words and the tiers it names (Level 4, 5-star), for matching tiers."""
        return self.analyzer.tokens(text) + tier_terms(text)

    def _roots(self, text: str) -> list[str]:
        """Words to match an English question with Chinese text by: the English stems of the
        question, a Chinese text's through its words' glosses (检测中心 ~ testing centre)."""
        return list(self._glossed_roots(text) if CJK.search(text) else agent_roots(self.analyzer.tokens(text)))

    def _unknown_topic_words(self, question: str) -> list[str]:
        """The words of a question, its cues (啥时候能报, 补报, who interprets…) aside, that no loaded
        document uses: 签证 in 签证什么时候能申请; none in 去年的奖励今年啥时候能报."""
        times = {word for word, flag in self.analyzer.pos_zh(question) if flag == "t"}  # 去年, 今年: no topic
        words = content_words(without_cues(self.analyzer.to_simplified(question)), self.analyzer)
        return [w for w in words if w not in times and not self.search.lexicon.contains(w)
                and not DOCUMENT_WORDS.search(w) and not any(vars(read_intent(w)).values())]

    def _missing_topics(self, question: str) -> list[str]:
        """Nouns of a Chinese question that occur in no loaded document and mean nothing the
        documents say in other words (公司 is their 企业, 芯片 their 集成电路; 房租 is nothing of
        theirs): what the answer cannot speak to."""
        if not CJK.search(question):
            return []
        question = without_cues(self.analyzer.to_simplified(question))  # 补报, 解释: what it asks, not about what
        absent = [word for word, flag in self.analyzer.pos_zh(question)
                  if flag in ("n", "nz", "vn") and len(word) >= 2 and not self.search.lexicon.contains(word)
                  and not any(self.search.lexicon.contains(part) for part in (word[:2], word[-2:]))
                  and not re.search(re.escape(word) + r"(?:多少|几|吗|么)", question)]  # 能奖多少: what is asked, no topic
        vocabulary = self.search.vocabulary
        if absent and vocabulary is not None:
            absent = [w for w, near in zip(absent, vocabulary.nearest(absent)) if near < SAID_OTHERWISE]
        return absent[:3]

    def _several_documents(self, turn: Turn) -> list[tuple[PolicyDocument, object]]:
        if turn.named_doc or turn.follow_up or turn.clause_named or len(self.documents) < 2:
            return []
        top = turn.hits[0]
        best: dict[str, Hit] = {}
        for hit in turn.hits:
            if hit.score >= top.score * (1 - CLOSE_SCORES):
                best.setdefault(hit.clause.doc_id, hit)
        if len(best) < 2:
            return []
        entries = [(self.document(d), h.clause) for d, h in best.items()]
        return sorted(entries, key=lambda e: self._status_order(e[0]))

    def _status_order(self, document: PolicyDocument) -> int:
        """In force first, then not yet in force, unknown, expired: the order lists are given in."""
        return STATUS_ORDER[document.meta.status(self.today())]

    def _similar(self, a: str, b: str) -> float:
        """How alike two short phrases are (shared characters for Chinese, embeddings across languages)."""
        if not a or not b:
            return 0.0
        if CJK.search(a) and CJK.search(b):
            return char_overlap(a, b)
        return self._cosine(a, b) - 0.8

    def _event_fit(self, phrase: str, event: str) -> float:
        """How well a question's words name the event a part of a sum is paid upon (验收后 ~
        项目验收合格后; "passes acceptance" through the glosses)."""
        if CJK.search(phrase):  # two characters in a row, so 投了 does not name 投产
            pairs = lambda text: {text[i:i + 2] for i in range(len(text) - 1)  # noqa: E731
                                  if not set(text[i:i + 2]) <= _EVENT_PLAIN}
            return float(len(pairs(phrase) & pairs(event)))
        return self._gloss_fit(phrase, event)

    def _gloss_fit(self, english: str, chinese: str) -> float:
        """How many of an English phrase's words a Chinese one's dictionary glosses have (guarantee fee ~ 担保费)."""
        return float(len(agent_roots(self.analyzer.tokens(english)) & self._glossed_roots(chinese)))

    def _cosine(self, a: str, b: str) -> float:
        va, vb = self._vector(a), self._vector(b)
        if va is None or vb is None:
            return 0.0
        return float(sum(x * y for x, y in zip(va, vb)))

    def _vector(self, text: str):
        if len(self._phrase_vectors) > 4096:  # a long-running server: keep the cache bounded
            self._phrase_vectors.clear()
        if text not in self._phrase_vectors:
            self._phrase_vectors[text] = self.search.embed(text)
        return self._phrase_vectors[text]

    def _rule_relevance(self, question: str, rule: MoneyRule) -> float:
        described = f"{_own_words(rule.beneficiary)}{rule.unit}{rule.base}{rule.funds}"
        question = without_denied(question)  # "not small or micro" names a tier the asker is not in
        if CJK.search(question):
            lexical = len(set(self.analyzer.tokens(question)) & set(self.analyzer.tokens(described)))
        else:  # an English question meets the rule's words in their dictionary glosses (lends ~ 出借方 lender)
            lexical = len(agent_roots(self.analyzer.tokens(question)) & self._glossed_roots(described))
        return lexical + self._cosine(question, described) + self._place_fit(question, rule)

    def _a_group_off_the_base(self, parts: list[str], results: list) -> bool:
        """Whether the groups are shares of one base where the words of some group's amount say
        nothing of the base while another's do (revenue last year, then 8.6 million of software
        bought): the former is the asker's situation, not a group to be paid a share of."""
        if not all(isinstance(r, Calculation) and r.kind == "share" for r in results) or len({
                r.rule.get("base") for r in results}) != 1:
            return False
        rule = MoneyRule(**results[0].rule)
        fits = [max((base_words_fit(rule, m, self._gloss_fit) for m in read_quantities(part, self.units).money),
                    default=0.0) for part in parts]
        return max(fits) > 0 and min(fits) <= 0

    def _own_words_said(self, question: str, rule: MoneyRule, other: MoneyRule) -> int:
        """How many of the words that say who `rule` is for, and that `other`'s do not say, the
        question says (in English: through the words' dictionary glosses)."""
        own, theirs = _own_words(rule.beneficiary), _own_words(other.beneficiary) + other.base
        words_of = self.analyzer.tokens if CJK.search(question) else self._roots
        words = set(words_of(own)) - set(words_of(theirs))
        return len(set(words_of(without_denied(question))) & words)

    def _place_fit(self, question: str, rule: MoneyRule) -> float:
        """A rule for what is held abroad (赴境外举办…) fits a question naming a place abroad (a fair
        in London, 在德国办的展会) by a word more, and one for what is held at home (在境内举办…)
        by a word less; 0 when the question names no place abroad or the rule says neither."""
        held = _HELD_ABROAD.search(rule.beneficiary) and "abroad" or _HELD_AT_HOME.search(rule.beneficiary) and "home"
        if not held:
            return 0.0
        if CJK.search(question):
            abroad = any(flag == "ns" and is_abroad(word) for word, flag in self.analyzer.pos_zh(question))
        else:
            abroad = names_abroad_en(question)
        return (1.0 if held == "abroad" else -1.0) if abroad else 0.0

    def _tier_named(self, question: str, rule: MoneyRule, rules: list[MoneyRule]) -> bool:
        """Whether a question names the tier a fixed amount, a rate or a share is for, when the clause
        has others of the same kind and unit (甲级、乙级、丙级 each so much a head; 20% to the maker,
        10% to the school that buys it): by a word of its own
        that the others lack (in English, through the glosses). True when it has no such others."""
        if rule.kind not in ("per_unit", "fixed", "share"):
            return True
        question = without_denied(question)
        others = [r for r in rules if r.kind == rule.kind and r.unit == rule.unit and r.period == rule.period
                  and (r.amount_yuan, r.share) != (rule.amount_yuan, rule.share)]
        if not others:
            return True
        narrowed = by_kind(rules, question, self._gloss_fit)
        if rule in narrowed and len(narrowed) < len(rules):
            return True  # 电动环卫车 for 纯电动环境卫生作业车: the kind the words describe best

        def own(words) -> set[str]:
            return words(_own_words(rule.beneficiary) + rule.funds) - set().union(
                *(words(_own_words(r.beneficiary) + r.funds) for r in others))

        chinese = lambda text: set(self.analyzer.tokens(text))  # noqa: E731
        if CJK.search(question):
            return bool(own(chinese) & chinese(question))
        return bool(own(chinese) & set(tier_terms(question))
                    or own(self._glossed_roots) & agent_roots(self.analyzer.tokens(question)))

    def _glossed_roots(self, described: str) -> set[str]:
        """A rule's Chinese words as English stems through their glosses, agent nouns at their verbs;
        kept per text (the library's rules are few, a question's words are not kept)."""
        if described not in self._rule_glosses:
            self._rule_glosses[described] = agent_roots(self.analyzer.tokens(gloss(described, self.analyzer,
                                                                                     by_character=False)))
        return self._rule_glosses[described]

    def _cite(self, clause, score: float = 1.0) -> Citation:
        return Citation.from_clause(clause, score, self.document(clause.doc_id).meta, self.today())

    def _cited_first(self, clause: Clause, hits: list[Hit]) -> list[Citation]:
        """The hits' citations with `clause` first: the clause that decided the answer."""
        return [self._cite(clause)] + [x for x in self._citations(hits) if (x.doc, x.clause) != (clause.doc_id,
                                                                                             clause.number)]

    def _citations(self, hits: list[Hit]) -> list[Citation]:
        seen, citations = set(), []
        for hit in hits:
            if hit.clause.key not in seen:
                seen.add(hit.clause.key)
                citations.append(self._cite(hit.clause, hit.score))
        return citations

    def _option(self, hit: Hit, language: str) -> dict:
        meta = self.document(hit.clause.doc_id).meta
        return {"doc": hit.clause.doc_id, "clause": hit.clause.number, "label": hit.clause.label,
                "title": c.cite_label(hit.clause, meta, language),
                "question": f"{c.cite_label(hit.clause, meta, 'zh')}" if language == "zh" else
                f"{hit.clause.label_en()} of {meta.name_en()}"}

    def _compose_turn(self, turn: Turn) -> Turn:
        turn.answer = self._compose(turn)
        if turn.result is not None and turn.result.dense_failed:
            turn.answer.degraded = (
                f"向量索引（{self.settings.chroma_url}）暂时无法连接，本次仅按关键词检索作答。"
                if turn.language == "zh" else
                f"The vector index at {self.settings.chroma_url} could not be reached; this answer used "
                "keyword search alone.")
            turn.answer.answer += "\n\n" + turn.answer.degraded
        if turn.history_left_out and not turn.answer.kind == "greeting":
            n = turn.history_left_out
            turn.answer.answer += "\n\n" + (
                f"（对话中有{n}条较早或无法读取的提问未用来确定话题：只读取最近{MAX_HISTORY_TURNS}条提问。）"
                if turn.language == "zh" else
                f"({n} earlier or unreadable question{'s' if n > 1 else ''} of the conversation "
                f"{'were' if n > 1 else 'was'} not read to find the topic: only the last {MAX_HISTORY_TURNS} are.)")
        if self.composer is not None and not turn.answer.refused and turn.answer.citations:
            clauses = [self.document(ci.doc).clause(ci.clause) for ci in turn.answer.citations]
            document = self.document(turn.answer.citations[0].doc)
            turn.grounding = Grounding(
                question=turn.question, language=turn.language, clauses=clauses,
                calculation=turn.answer.calculation,
                status_note=c.status_note(document.meta, self.today(), turn.language),
                deterministic_answer=turn.answer.answer,
                doc_numbers={ci.doc: self.document(ci.doc).meta.doc_number for ci in turn.answer.citations})
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
                document: PolicyDocument | None, kind: str) -> Answer:
        state = {}
        if citations and not refused:
            first = citations[0]
            previous_q = (turn.state or {}).get("question", "") if turn.follow_up and not turn.quantities else ""
            state = {"doc": first.doc, "clause": first.clause,
                     "question": turn.question if turn.quantities or not previous_q else previous_q}
        return Answer(
            question=turn.question, language=turn.language, answer=text, refused=refused, citations=citations,
            policy_status=self.policy_status(document) if document else None, kind=kind,
            timings_ms=dict(turn.timings), state=state,
            evidence={"coverage_probability": turn.probability, "signals": turn.result.signals.__dict__
                      if turn.result else None, "follow_up": turn.follow_up, "named_doc": turn.named_doc})


def _runs_of_four(text: str) -> set[str]:
    """Every run of four Chinese characters in a text."""
    runs = (text[i:i + 4] for i in range(len(text) - 3))
    return {run for run in runs if all(CJK.match(ch) for ch in run)}
