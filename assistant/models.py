"""Small named results passed from step to step: documents → search → answering → edges."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from assistant.money import Yuan, as_yuan, plain_number

PREAMBLE_LABEL = "通知及序言"


@dataclass(frozen=True)
class Clause:
    doc_id: str
    number: int  # 0 = the notice and its preamble; 1..N = numbered units in document order
    label: str  # as printed: "（七）", "第七条", "三、", "2."; PREAMBLE_LABEL for clause 0
    section: int  # 1.. for the heading (一、 / 第一章) the clause stands under; 0 for none
    section_title_zh: str
    section_title_en: str
    text_zh: str
    text_en: str  # "" when the document has no English text
    responsible: tuple[str, ...]
    amounts_yuan: tuple[Yuan, ...]

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.number}"

    def label_en(self) -> str:
        return "Notice and preamble" if self.number == 0 else f"Clause {self.number}"


@dataclass(frozen=True)
class MoneyRule:
    """One monetary rule of a clause, as data: what it pays, to whom, and its limits.

    kind: "fixed" (an amount), "cap" (up to an amount), "per_unit" (an amount per unit,
    optionally per period, with a limit on periods), "share" (a share of a base, optionally
    capped; with `period` 年, paid for each year, at most `max_periods` years: 按本金每年3个百分点的贴息),
    "limit" (not a payment: the clause's amounts may not exceed `share` of `base`,
    装修补助总额不超过合同总价的40%; or, with `amount_yuan` and `funds` 贷款额度, the size a loan may have,
    which interest is paid on at most), "step" (`amount_yuan` for each full `of_yuan` of the base, up to
    `cap_yuan`: 每增加200万元奖励15万元).
    """

    clause: int
    kind: str
    amount_yuan: Yuan | None = None  # fixed / per-unit amount, or the cap of a "cap" rule
    share: str | None = None  # "0.5" for 50% or 1:1 → "1"; a string so JSON keeps it exact
    cap_yuan: Yuan | None = None  # a cap on a share or per-unit rule
    unit: str = ""  # 个实验室, 人, 家企业: what "per" counts
    period: str = ""  # 月 / 年 when the amount is per month / per year
    max_periods: int | None = None  # 最长24个月
    max_units: int | None = None  # 每家每年最多N辆: at most this many units are paid
    cap_unit: str = ""  # what a share's cap is counted per: 吨 in 每吨每月最高N元, 家企业
    cap_period: str = ""  # 月 / 年 when a share's cap is per month / per year
    schedule: tuple[str, ...] = ()  # 分两年平均拨付 → ("0.5", "0.5"); 按5:3:2拨付 → ("0.5", "0.3", "0.2")
    times: str = ""  # 按上述标准的2倍 → "2": the amount is this multiple of another rule's …
    of_yuan: Yuan | None = None  # … amount
    base: str = ""  # what a share is taken of: 规定学制学费, 实际到位经费
    beneficiary: str = ""  # the words that say who or what gets it: 个人, 团队, 对…的
    funds: str = ""  # what it is called: 补贴, 配套资助
    text: str = ""  # the sentence it comes from, verbatim
    caveats: tuple[str, ...] = ()  # where the text is ambiguous, in Chinese
    caveats_en: tuple[str, ...] = ()

    def __post_init__(self):  # an amount below the yuan arrives as Decimal, or as its text from JSON
        for name in ("amount_yuan", "cap_yuan", "of_yuan"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, int):
                object.__setattr__(self, name, as_yuan(value))

    def to_dict(self) -> dict:
        """Plain data that JSON keeps exactly: an amount with fen is written as its text ("0.3")."""
        data = asdict(self)
        for name in ("amount_yuan", "cap_yuan", "of_yuan"):
            if isinstance(data[name], Decimal):
                data[name] = plain_number(data[name])
        return data


@dataclass(frozen=True)
class DocumentMeta:
    doc_id: str
    title_zh: str
    title_en: str
    doc_number: str
    doc_number_en: str
    issuers: tuple[str, ...]
    issuers_en: tuple[str, ...]
    issued: date | None
    effective: date | None = None  # first day in force (the issue date unless the text says)
    expires: date | None = None  # first day no longer in force; None = no end stated
    validity_text: str = ""  # the sentence that states the validity, verbatim
    validity_clause: int | None = None
    layout: str = ""
    source: str = ""  # file name of the original, e.g. source.pdf

    def status(self, today: date) -> str:
        """'in_force', 'not_yet', 'expired', or 'unknown' when the text gives no dates."""
        start = self.effective or self.issued
        if start is None:
            return "unknown"
        if today < start:
            return "not_yet"
        if self.expires is not None and today >= self.expires:
            return "expired"
        return "in_force"

    def name_zh(self) -> str:
        return self.doc_number or f"《{self.title_zh}》"

    def name_en(self) -> str:
        return self.doc_number_en or self.doc_number or self.title_en or self.title_zh

    def full_name_zh(self) -> str:
        """文号 and title (某府发〔2026〕9号《…》), or the title alone when the notice has no 文号."""
        return f"{self.doc_number}《{self.title_zh}》" if self.doc_number else f"《{self.title_zh}》"

    def title_after_name_en(self) -> str:
        """The title to show after `name_en()`, empty when that name is the title already."""
        title = self.title_en or self.title_zh
        return "" if self.name_en() == title else title


@dataclass(frozen=True)
class PolicyDocument:
    meta: DocumentMeta
    clauses: tuple[Clause, ...]
    rules: tuple[MoneyRule, ...] = ()

    def clause(self, number: int) -> Clause:
        for clause in self.clauses:
            if clause.number == number:
                return clause
        raise KeyError(number)

    def rules_of(self, number: int) -> list[MoneyRule]:
        return [rule for rule in self.rules if rule.clause == number]


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
    doc_number: str = ""
    status: str = ""

    @classmethod
    def from_clause(cls, clause: Clause, score: float = 1.0, meta: DocumentMeta | None = None,
                    today: date | None = None) -> "Citation":
        return cls(doc=clause.doc_id, clause=clause.number, label=clause.label, section=clause.section,
                   text_zh=clause.text_zh, text_en=clause.text_en, score=round(score, 6),
                   responsible=list(clause.responsible), doc_number=meta.doc_number if meta else "",
                   status=meta.status(today) if meta and today else "")

    @property
    def key(self) -> str:
        return f"{self.doc}#{self.clause}"


@dataclass(frozen=True)
class PolicyStatus:
    doc: str
    issued: str | None
    effective: str | None
    expires: str | None
    status: str  # in_force / not_yet / expired / unknown
    in_force: bool | None


@dataclass
class Answer:
    question: str
    language: str
    answer: str
    refused: bool
    citations: list[Citation]
    policy_status: PolicyStatus | None
    calculation: dict | None = None
    kind: str = "clause"  # clause, calculation, validity, issuer, list, clarify, greeting, refusal
    not_covered: str = ""  # what the documents do not say, for a partly covered question
    clarify: list[dict] = field(default_factory=list)  # options when two clauses are close
    timings_ms: dict[str, float] = field(default_factory=dict)
    composer: str = "extractive"  # or "llm" when an LLM answer passed verification
    degraded: str = ""  # why this answer used less than the full search (a Chroma server away)
    fallback_reason: str | None = None  # why an LLM answer was not shown
    # Why the answer was refused or which evidence it used; for maintainers, not the contract.
    evidence: dict = field(default_factory=dict)
    # The conversation state after this turn (topic, calculator inputs); the edges pass it back.
    state: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
