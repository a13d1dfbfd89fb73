"""Small named results passed between the core and its edges."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Clause:
    doc_id: str
    number: int  # 0 = notice and preamble, 1..13 = （一）..（十三）
    label: str  # "（七）", or "通知及序言" for clause 0
    section: int  # 1..6 for 一、..六、; 0 for the preamble
    section_title_zh: str
    section_title_en: str
    text_zh: str
    text_en: str
    responsible: tuple[str, ...]
    amounts_yuan: tuple[int, ...]

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.number}"

    def label_en(self) -> str:
        return "Notice and preamble" if self.number == 0 else f"Clause {self.number}"


@dataclass(frozen=True)
class DocumentMeta:
    doc_id: str
    title_zh: str
    title_en: str
    doc_number: str
    doc_number_en: str
    issuers: tuple[str, ...]
    issuers_en: tuple[str, ...]
    issued: date
    validity_years: int | None
    validity_clause: int | None  # the clause that states the validity

    @property
    def expires(self) -> date | None:
        """First day on which the document is no longer in force."""
        if self.validity_years is None:
            return None
        from dateutil.relativedelta import relativedelta

        return self.issued + relativedelta(years=self.validity_years)


@dataclass(frozen=True)
class PolicyDocument:
    meta: DocumentMeta
    clauses: tuple[Clause, ...]

    def clause(self, number: int) -> Clause:
        for clause in self.clauses:
            if clause.number == number:
                return clause
        raise KeyError(number)


@dataclass(frozen=True)
class Hit:
    """One clause as retrieval ranked it."""

    clause: Clause
    score: float  # fused score (reciprocal rank fusion)
    dense_similarity: float
    lexical_score: float
    matched_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    doc: str
    clause: int
    label: str
    section: int
    text_zh: str
    text_en: str
    score: float
    responsible: list[str]

    @classmethod
    def from_hit(cls, hit: Hit) -> "Citation":
        c = hit.clause
        return cls(
            doc=c.doc_id,
            clause=c.number,
            label=c.label,
            section=c.section,
            text_zh=c.text_zh,
            text_en=c.text_en,
            score=round(hit.score, 6),
            responsible=list(c.responsible),
        )


@dataclass(frozen=True)
class PolicyStatus:
    issued: str
    expires: str | None
    in_force: bool | None


@dataclass
class Answer:
    question: str
    language: str
    answer: str
    refused: bool
    citations: list[Citation]
    policy_status: PolicyStatus
    calculation: dict | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    composer: str = "extractive"  # or "llm" when an LLM answer passed verification
    fallback_reason: str | None = None  # why an LLM answer was not shown
    # Why the composer refused or which evidence it used; for maintainers, not the contract.
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
