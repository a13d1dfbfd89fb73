"""Deterministic calculators for the policy's monetary rules.

Every figure a calculator uses comes from its clause's own text (the clause's parsed
amounts, the percentage it states); the arithmetic is integer/Decimal, never float and
never a language model. Each returns a `Calculation` that shows its working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .amounts import format_en, format_zh, to_decimal
from .errors import CalculationError
from .models import PolicyDocument

MAX_YUAN = 10**13  # anything larger is a typo, not a budget
MAX_COUNT = 10_000


@dataclass(frozen=True)
class Calculation:
    kind: str
    inputs: dict
    result_yuan: int
    cap_yuan: int | None
    capped: bool
    steps_zh: list[str]
    steps_en: list[str]
    clause: int
    doc: str
    caveats_zh: list[str] = field(default_factory=list)
    caveats_en: list[str] = field(default_factory=list)

    def to_dict(self, language: str = "zh") -> dict:
        return {"kind": self.kind, "inputs": self.inputs, "result_yuan": self.result_yuan,
                "cap_yuan": self.cap_yuan, "capped": self.capped,
                "steps": self.steps_zh if language == "zh" else self.steps_en,
                "clause": self.clause, "caveats": self.caveats_zh if language == "zh" else self.caveats_en}


# -- parsing amounts and counts a user writes ------------------------------------------
_CN_NUM = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_MONEY = re.compile(
    rf"(?P<prefix>RMB|CNY|¥|￥)?\s*(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN_NUM}]+)\s*"
    r"(?P<unit>亿元|万元|百万|千万|亿|万|元|k\b|K\b|thousand|million|mn\b|m\b|billion|bn\b|yuan|RMB|CNY)?",
    re.IGNORECASE,
)
_SCALE = {"亿元": 10**8, "亿": 10**8, "万元": 10**4, "万": 10**4, "百万": 10**6, "千万": 10**7, "元": 1,
          "k": 10**3, "thousand": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9,
          "bn": 10**9, "yuan": 1, "rmb": 1, "cny": 1}


def _number(text: str) -> Decimal:
    value = to_decimal(text)
    if value is None:
        raise CalculationError(f"{text!r} is not a number; write it as 45000, 4.5万 or 四万五千.")
    return value


def parse_amount(text: str) -> int:
    """'四万元', '4万', '40,000 yuan', '30k', '2 million', '2.5百万', '1.5亿', 'RMB 5 million', '¥80,000'
    -> integer yuan. A bare number is yuan."""
    text = text.strip()
    match = _MONEY.fullmatch(text)
    if not match:
        raise CalculationError(f"{text!r} is not an amount of money; write it as 45000元, 4.5万 or CNY 45,000.")
    scale = _SCALE.get((match.group("unit") or "元").lower(), 1)
    value = _number(match.group("num")) * scale
    return _whole_yuan(value, text)


def _whole_yuan(value: Decimal, original: str) -> int:
    if value < 0:
        raise CalculationError(f"{original!r}: an amount cannot be negative.")
    if value > MAX_YUAN:
        raise CalculationError(f"{original!r} is larger than any budget this policy deals with; check the figure.")
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_count(text: str) -> int:
    """'3个', '三个', '两个', '7', 'seven' -> a whole number of things."""
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12}
    cleaned = re.sub(r"[个家所项间座名位年\s]", "", text.strip().lower())
    if cleaned in words:
        return words[cleaned]
    value = _number(cleaned)
    if value != value.to_integral_value() or value <= 0 or value > MAX_COUNT:
        raise CalculationError(f"{text!r}: the count must be a whole number from 1 to {MAX_COUNT}.")
    return int(value)


def find_amounts_in_question(text: str) -> list[int]:
    """Every money amount a question states (numbers with a money unit or sign)."""
    amounts = []
    for match in _MONEY.finditer(text):
        if not (match.group("unit") or match.group("prefix")):
            continue
        unit = (match.group("unit") or "").lower()
        if unit in ("m",) and not match.group("prefix"):
            continue  # "4 m" is too ambiguous without a currency
        try:
            amounts.append(parse_amount(match.group(0)))
        except CalculationError:
            continue
    return amounts


# -- the rules ---------------------------------------------------------------------------
def _percent(text: str) -> Decimal:
    match = re.search(r"(\d+(?:\.\d+)?)%", text)
    if not match:
        raise CalculationError("the clause states no percentage")
    return Decimal(match.group(1)) / 100


def _positive(value: int, name: str) -> int:
    if not isinstance(value, int) or value <= 0:
        raise CalculationError(f"{name} must be a positive whole number of yuan, not {value!r}.")
    if value > MAX_YUAN:
        raise CalculationError(f"{name} {value:,} is larger than any budget this policy deals with.")
    return value


def state_key_labs(document: PolicyDocument, laboratories: int) -> Calculation:
    clause = document.clause(6)
    per_lab = clause.amounts_yuan[0]
    if not isinstance(laboratories, int) or not 1 <= laboratories <= MAX_COUNT:
        raise CalculationError(f"the number of laboratories must be a whole number from 1 to {MAX_COUNT}.")
    total = per_lab * laboratories
    return Calculation(
        "state_key_labs", {"laboratories": laboratories}, total, None, False,
        [f"每个实验室一次性配套{format_zh(per_lab)}", f"{laboratories}个 × {format_zh(per_lab)} = {format_zh(total)}"],
        [f"one-off matching funding of {format_en(per_lab)} per laboratory",
         f"{laboratories} × {format_en(per_lab)} = {format_en(total)}"],
        6, clause.doc_id,
        ["仅限科技部、财政部批准建设的省部共建国家重点实验室。"],
        ["Only for provincial-ministerial jointly built state key laboratories approved by MOST and MOF."],
    )


def part_time_tuition(document: PolicyDocument, tuition_per_year: int | None = None, years: int | None = None,
                      total_tuition: int | None = None) -> Calculation:
    clause = document.clause(8)
    share = _percent(clause.text_zh)
    if total_tuition is None:
        if tuition_per_year is None or years is None:
            raise CalculationError("give the tuition per year and the prescribed years, or the total tuition.")
        _positive(tuition_per_year, "the tuition per year")
        if not isinstance(years, int) or not 1 <= years <= 10:
            raise CalculationError("the prescribed length of study must be a whole number of years from 1 to 10.")
        total_tuition = tuition_per_year * years
        zh = [f"学费 {format_zh(tuition_per_year)}/年 × {years}年 = {format_zh(total_tuition)}"]
        en = [f"tuition {format_en(tuition_per_year)} a year × {years} years = {format_en(total_tuition)}"]
        inputs = {"tuition_per_year": tuition_per_year, "years": years}
    else:
        _positive(total_tuition, "the total tuition")
        zh, en, inputs = [], [], {"total_tuition": total_tuition}
    subsidy = int((Decimal(total_tuition) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    percent = f"{share * 100:.0f}%"
    zh.append(f"{format_zh(total_tuition)} × {percent} = {format_zh(subsidy)}")
    en.append(f"{format_en(total_tuition)} × {percent} = {format_en(subsidy)}")
    return Calculation(
        "part_time_tuition", inputs, subsidy, None, False, zh, en, 8, clause.doc_id,
        ["按规定学制计算，经审核后以后补助方式拨付；仅限在蓉科技型企业与双一流高校联合培养的非全日制博（硕）士。"],
        ["Counted over the prescribed length of study and paid afterwards (post-completion subsidy) after "
         "review; only for part-time doctoral/master's students jointly trained by Chengdu tech enterprises "
         "with Double First-Class universities."],
    )


@dataclass(frozen=True)
class CapRule:
    kind: str
    clause: int
    amount_index: int
    beneficiary_zh: str
    beneficiary_en: str
    funded_zh: str
    funded_en: str
    caveat_zh: str = ""
    caveat_en: str = ""


CAP_RULES = {
    rule.kind: rule
    for rule in (
        CapRule("discipline_adjustment", 2, 0, "在蓉高校", "universities in Chengdu",
                "根据成都产业急需调整学科设置", "adjusting discipline offerings to Chengdu's urgent industrial needs"),
        CapRule("professional_degree", 3, 0, "在蓉高校院所", "universities and institutes in Chengdu",
                "围绕主导产业增设专业学位硕（博）士点", "new professional-degree master's/doctoral programmes",
                "政策未写明200万元是按每个学位点还是按每所高校计算。",
                "The policy does not say whether the cap is per programme or per institution."),
        CapRule("joint_talent_training", 4, 0, "在蓉高校（科研院所）", "universities (institutes) in Chengdu",
                "与在蓉规模以上企业合作开展联合人才培养", "joint talent training with enterprises above designated size"),
        CapRule("training_base", 4, 1, "在蓉高校（科研院所）", "universities (institutes) in Chengdu",
                "合作建设学生实训（实习）基地", "jointly built student training (internship) bases"),
        CapRule("international_rnd", 5, 0, "符合条件的国际性研发机构", "eligible international R&D institutions",
                "研发经费资助（分两年给予）", "R&D funding, paid over two years",
                "上限是两年合计，政策未规定每年的分配。",
                "The cap is the two-year total; the policy gives no split between the years."),
        CapRule("rongpiao_individual", 7, 0, "高层次人才（个人）", "high-level talent (individual)",
                "“蓉漂计划”资金资助", "Rongpiao Programme funding"),
        CapRule("rongpiao_team", 7, 1, "高层次人才团队", "high-level talent team",
                "“蓉漂计划”资金资助", "Rongpiao Programme funding",
                "原文写作“团队最高500万”，未写“元”。", "The text writes \"500万\" for teams, without 元."),
    )
}


def capped_request(document: PolicyDocument, kind: str, requested_yuan: int) -> Calculation:
    """A requested amount against the clause's cap: the result is the smaller of the two."""
    if kind not in CAP_RULES:
        raise CalculationError(f"unknown calculator {kind!r}; choose one of: {', '.join(all_kinds())}.")
    rule = CAP_RULES[kind]
    _positive(requested_yuan, "the requested amount")
    clause = document.clause(rule.clause)
    cap = clause.amounts_yuan[rule.amount_index]
    result = min(requested_yuan, cap)
    capped = requested_yuan > cap
    verdict_zh = f"超过上限，按上限{format_zh(cap)}计" if capped else "未超过上限，按申请额计"
    verdict_en = f"above the cap, so {format_en(cap)}" if capped else "within the cap"
    return Calculation(
        kind, {"requested_yuan": requested_yuan}, result, cap, capped,
        [f"{rule.funded_zh}：最高{format_zh(cap)}", f"申请或问题中的金额{format_zh(requested_yuan)}：{verdict_zh}",
         f"可获最高 {format_zh(result)}"],
        [f"{rule.funded_en}: up to {format_en(cap)}", f"amount requested or named in the question, {format_en(requested_yuan)}: {verdict_en}",
         f"at most {format_en(result)}"],
        rule.clause, clause.doc_id,
        [c for c in (rule.caveat_zh,) if c], [c for c in (rule.caveat_en,) if c],
    )


def combined_caps(document: PolicyDocument, clause_number: int) -> Calculation:
    """The most one applicant can get from a clause that funds two things (（四）, （七）)."""
    rules = [rule for rule in CAP_RULES.values() if rule.clause == clause_number]
    if len(rules) < 2:
        raise CalculationError(f"clause {clause_number} does not fund two things.")
    clause = document.clause(clause_number)
    caps = [clause.amounts_yuan[rule.amount_index] for rule in rules]
    total = sum(caps)
    return Calculation(
        f"combined_clause_{clause_number}", {"clause": clause_number}, total, total, False,
        [*(f"{r.funded_zh}：最高{format_zh(c)}" for r, c in zip(rules, caps)),
         f"{' + '.join(format_zh(c) for c in caps)} = {format_zh(total)}"],
        [*(f"{r.funded_en}: up to {format_en(c)}" for r, c in zip(rules, caps)),
         f"{' + '.join(format_en(c) for c in caps)} = {format_en(total)}"],
        clause_number, clause.doc_id,
        ["两项分别设上限；政策未写明同一单位能否同时获得两项。"],
        ["Each item has its own cap; the policy does not say whether one applicant may receive both."],
    )


def all_kinds() -> list[str]:
    return ["state_key_labs", "part_time_tuition", *CAP_RULES, "combined_clause_4"]


@dataclass(frozen=True)
class CapRow:
    clause: int
    label: str
    beneficiary_zh: str
    beneficiary_en: str
    funded_zh: str
    funded_en: str
    cap_yuan: int | None
    unit_zh: str
    unit_en: str
    responsible: list[str]


def caps_table(document: PolicyDocument) -> list[CapRow]:
    rows = []
    for rule in CAP_RULES.values():
        clause = document.clause(rule.clause)
        rows.append(CapRow(rule.clause, clause.label, rule.beneficiary_zh, rule.beneficiary_en, rule.funded_zh,
                           rule.funded_en, clause.amounts_yuan[rule.amount_index], "最高", "up to",
                           list(clause.responsible)))
    labs = document.clause(6)
    rows.append(CapRow(6, labs.label, "省部共建国家重点实验室", "provincial-ministerial state key laboratories",
                       "一次性配套资助", "one-off matching funding", labs.amounts_yuan[0], "每个实验室",
                       "per laboratory", list(labs.responsible)))
    tuition = document.clause(8)
    rows.append(CapRow(8, tuition.label, "在蓉科技型企业", "tech enterprises in Chengdu",
                       "非全日制博（硕）士联合培养", "joint training of part-time doctoral/master's students",
                       None, f"规定学制学费的{_percent(tuition.text_zh) * 100:.0f}%（后补助）",
                       f"{_percent(tuition.text_zh) * 100:.0f}% of tuition for the prescribed length of study",
                       list(tuition.responsible)))
    return sorted(rows, key=lambda row: row.clause)


def run_calculator(document: PolicyDocument, kind: str, *, laboratories: str | None = None,
                   tuition_per_year: str | None = None, years: str | None = None,
                   total_tuition: str | None = None, requested: str | None = None) -> Calculation:
    """One entry for every calculator, taking what a person types (the CLI and the UI use it)."""
    def given(value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) and value.strip() else None

    if kind == "state_key_labs":
        if not given(laboratories):
            raise CalculationError("state_key_labs needs the number of laboratories.")
        return state_key_labs(document, parse_count(laboratories))
    if kind == "part_time_tuition":
        return part_time_tuition(
            document,
            tuition_per_year=parse_amount(tuition_per_year) if given(tuition_per_year) else None,
            years=parse_count(years) if given(years) else None,
            total_tuition=parse_amount(total_tuition) if given(total_tuition) else None)
    if kind == "combined_clause_4":
        return combined_caps(document, 4)
    if kind in CAP_RULES:
        if not given(requested):
            raise CalculationError(f"{kind} needs the requested amount.")
        return capped_request(document, kind, parse_amount(requested))
    raise CalculationError(f"unknown calculator {kind!r}; choose one of: {', '.join(all_kinds())}.")
