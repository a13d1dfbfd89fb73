"""One calculation engine over the money rules of any document (see `MoneyRule`).

Amounts never come from a language model: each comes from a rule read from the clause
(fixed, cap, per unit with periods, share of a base with a cap) and the quantities the
user stated, in integer yuan / Decimal. A `Calculation` shows its working, the cap and
whether it applied, the document and the clause. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from assistant.answering.quantities import (COUNT_CLASSIFIERS, EACH, MEASURES, Count, Duration, Money, Quantities,
                                           counts_people, dated_by_their_list, in_measure, items_of, measure_of, number, year_of_index,
                                           year_said_around)
from assistant.errors import CalculationError
from assistant.models import MoneyRule
from assistant.money import FEN, Yuan, as_yuan, find_money_zh, format_en, format_zh, plain_number, to_decimal
from assistant.search.gloss import unit_in_english
from assistant.search.text import CJK, agent_roots

MAX_YUAN = 10**13


@dataclass(frozen=True)
class Calculation:
    doc: str
    clause: int
    kind: str
    inputs: dict
    result_yuan: Yuan
    cap_yuan: Yuan | None
    capped: bool
    steps_zh: list[str]
    steps_en: list[str]
    caveats_zh: list[str] = field(default_factory=list)
    caveats_en: list[str] = field(default_factory=list)
    rule: dict = field(default_factory=dict)

    def to_dict(self, language: str = "zh") -> dict:
        def plain(yuan):  # JSON keeps an amount with fen exactly as its text
            return plain_number(yuan) if isinstance(yuan, Decimal) else yuan
        inputs = {k: [plain(x) for x in v] if isinstance(v, list) else plain(v) for k, v in self.inputs.items()}
        return {"doc": self.doc, "clause": self.clause, "kind": self.kind, "inputs": inputs,
                "result_yuan": plain(self.result_yuan), "cap_yuan": plain(self.cap_yuan), "capped": self.capped,
                "steps": self.steps_zh if language == "zh" else self.steps_en,
                "caveats": self.caveats_zh if language == "zh" else self.caveats_en, "rule": self.rule}


@dataclass(frozen=True)
class Question:
    """What the engine needs to ask back instead of guessing."""

    zh: str
    en: str


def _yuan(value: Decimal) -> Yuan:
    """A computed amount to the fen: whole yuan as int, 3703.5 as Decimal (never rounded to the yuan)."""
    return as_yuan(Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP))


class _AskBack(Exception):
    def __init__(self, question: Question):
        super().__init__(question.en)
        self.question = question


def _whole(count: Decimal, what: str, text: str = "") -> int:
    """A count of things must be a whole positive number: 2.5 laboratories are asked back, never multiplied."""
    if count <= 0 or count != count.to_integral_value():
        stated, value = text or str(plain_number(count)), plain_number(count)
        thing = _plain_unit(what) if re.search(r"[\u4e00-\u9fff]", what) else ""
        raise _AskBack(Question(
            f"“{stated}”不是整数：{thing}数量须为正整数，不能按{value}计算。请说明实际数量。",
            f"“{stated}” is not a whole number: a count must be a whole positive number, so {value} is not "
            f"multiplied. Please state the actual number."))
    return int(count)


def _plain_unit(unit: str) -> str:
    """个实验室 → 实验室 (the classifier aside), for a reply in either language."""
    return unit[1:] if unit[:1] in _CLASSIFIERS and len(unit) > 1 else unit


_CLASSIFIERS = set("个家所名位项的")
_PERIOD_ZH = {"月": "个月", "年": "年", "天": "天"}  # a rule's period as a span is said
_PERIOD_EN = {"月": "month", "年": "year", "天": "day"}


def char_overlap(a: str, b: str) -> float:
    """Share of the characters of `b` (classifiers aside) that `a` has too: 个实验室 ~ 实验室."""
    wanted = set(b) - _CLASSIFIERS
    return len((set(a) & wanted)) / max(1, len(wanted))


def total_count(counts: list[Count], unit: str, similar: Callable[[str, str], float], same_kind: bool = True,
                must_resemble: bool = False) -> tuple[Decimal, str] | None:
    """The count that matches the rule's unit; parts of one count are added (2 this year + 3 next).
    With `same_kind`, people are never counted for a unit of things or the other way round
    (`unit` is then a real unit such as 个实验室, not a description of the beneficiary). With
    `must_resemble`, a count whose noun is nothing like the unit is not taken even when it is
    the only one (两件专利 for a cap per 每家单位)."""
    if unit and not measure_of(unit):  # 3台28吨的货车 for an amount 每辆: three of them, not 84 tonnes
        counts = [items_of(c) or c if _a_measure(c) else c for c in counts]
    if not same_kind or not unit or not measure_of(unit):
        counts = [c for c in counts if not _a_measure(c)]  # so many beneficiaries or things: never so many tonnes
    if not counts:
        return None
    if not unit:
        return (counts[0].value, counts[0].text) if len(counts) == 1 else None
    if same_kind and (measure := measure_of(unit)):  # 每公斤: only a quantity in that measure, or one converted to it
        counts = [converted for c in counts if (converted := in_measure(c, measure)) is not None]
        if not counts:
            return None
    counts = [c for c in counts if not c.part_of] or counts  # 其中1个: already in the count before
    groups: list[list[Count]] = []
    for count in counts:
        bare = bool(count.classifier) and count.noun.strip() == count.classifier
        continues = (bare and bool(groups) and groups[-1][0].classifier == count.classifier) or \
            count.noun.lower().startswith(("more", "additional", "another", "other"))
        if continues and groups:
            groups[-1].append(count)
        else:
            groups.append([count])

    def likeness(group: list[Count]) -> float:
        noun = group[0].noun.strip()
        if group[0].classifier and noun == group[0].classifier:  # a bare "2个": of the kind its classifier says
            return 0.5 if unit.startswith(noun) else 0.0
        return similar(noun, unit)

    best = max(groups, key=likeness)
    if (len(groups) > 1 or must_resemble) and likeness(best) <= 0:
        return None
    if best[0].part_of == EACH and likeness(best) <= 0:
        return None  # 各卖了2500张票 for an amount 每场: the size of each show, not so many shows
    if sum(1 for group in groups if likeness(group) == likeness(best)) > 1:
        return None  # 住一晚的1800人次，住两晚的700人次: two counts fit alike; one of them is not the answer
    same_word = any({best[0].classifier, unit[:1]} <= family for family in _CLASSIFIER_FAMILIES) \
        or best[0].classifier in (unit[:1], "个")
    if likeness(best) <= 0 and best[0].classifier and unit[:1] in _THING_CLASSIFIERS and not same_word:
        return None  # 一家企业 for an amount 每座: counted by another word, and nothing alike
    people, per_people = counts_people(best[0].noun), counts_people(unit)
    if same_kind and people is not None and per_people is not None and people != per_people:
        return None  # 3名博士后 are not laboratories: a per-laboratory amount is not multiplied by them
    if not all(c.exact for c in best):
        stated = "、".join(c.text for c in best)
        raise _AskBack(Question(f"“{stated}”是一个范围，不是确切数量；请说明实际数量。",
                                f"“{stated}” is a range, not a number; please state the actual count."))
    value = sum((c.value for c in best), Decimal(0))
    how = " + ".join(str(plain_number(c.value)) for c in best)
    return value, (f"{plain_number(value)} = {how}" if len(best) > 1 else best[0].text)


_THING_CLASSIFIERS = frozenset("个名位家所项辆台套件张种款次批座条人")
_BARE_THINGS = frozenset("辆座项个家台套件所间部栋艘架")  # a unit that is a classifier alone: its kind says what
_ITEM_HEAD = re.compile(r"^\s*(?:\d+\s*[．.、]|[（(](?:\d+|[一二三四五六七八九十]+)[）)])?\s*(?P<head>[^，,。；;：:]{1,8})[：:]")


def _item_head(text: str) -> str:
    """3．某某站：建成投运的，每座… → 某某站: the name an item of a list gives what it pays for."""
    found = _ITEM_HEAD.match(text)
    return found.group("head") if found else ""
# classifiers that count the same things: people (名/位/人), vehicles and machines (辆/台/部)
_CLASSIFIER_FAMILIES = (frozenset("人名位"), frozenset("辆台部"))
# units a rule may be paid per and ranged by that are no measure a question states in them (每公里, 每小时):
# the measures themselves come from quantities.MEASURES
_OTHER_RANGED_UNITS = ("公里", "小时", "度")


def _a_measure(count: Count) -> bool:
    """三千吨, 800千瓦: an amount of something measured, not a number of beneficiaries."""
    return bool(measure_of(count.noun))


def calculate(rule: MoneyRule, doc: str, q: Quantities, similar: Callable[[str, str], float],
              glossed: Callable[[str, str], float] | None = None) -> Calculation | Question | None:
    """The amount under `rule` for the quantities stated; a `Question` when a quantity cannot
    be read safely; None when they do not apply to it. `similar` tells how alike two phrases are,
    `glossed` how many English words a Chinese phrase's glosses share (None: English is not matched)."""
    try:
        return _calculate(rule, doc, q, similar, glossed)
    except _AskBack as ask:
        return ask.question
    except CalculationError as error:
        return Question(f"无法计算：{error}请重新说明数量。", f"Cannot calculate: {error} Please restate it.")


# The ways a currency other than the yuan is written, by the name a clause pays per (每美元人民币N元)
_CURRENCIES = {"美元": re.compile(r"US\$|\$|\bUSD\b|美元|美金|\bdollars?\b", re.IGNORECASE),
               "欧元": re.compile(r"€|\bEUR\b|欧元|\beuros?\b", re.IGNORECASE),
               "港元": re.compile(r"HK\$|\bHKD\b|港元|港币", re.IGNORECASE)}


def _counted_in_currency(rule: MoneyRule, q: Quantities) -> Quantities:
    """A clause that pays so much per unit of a currency (每美元人民币N元) counts the question's
    amounts in that currency as units: $M million is M million dollars to pay for, no rate of
    exchange involved. Other quantities unchanged."""
    written = _CURRENCIES.get(rule.unit) if rule.kind == "per_unit" else None
    if written is None:
        return q
    counted = [m for m in q.money if m.foreign and written.search(m.text) and not (m.received or m.payout)]
    if len(counted) == 2 and _INCREMENT.search(rule.beneficiary + rule.base):
        # 按某某增量每美元…: from $M million last year to $K million, the increase is paid for
        earlier = [m for m in counted if _LAST_YEAR.search(m.said_of[-8:] + " " + m.said_after[:14])]
        if len(earlier) != 1:
            return q
        later = next(m for m in counted if m is not earlier[0])
        rise = Decimal(later.yuan) - Decimal(earlier[0].yuan)
        growth = _GROWTH_LEVEL.search(rule.text)  # 同比增长10%以上: a rise below it is not paid for
        if rise <= 0 or growth and rise * 100 < Decimal(growth.group(1)) * Decimal(earlier[0].yuan) \
                or not _level_in_currency_met(rule, Decimal(later.yuan)):
            return q
        count = Count(rise, rule.unit, f"{later.text} − {earlier[0].text}", rule.unit, True)
        return replace(q, money=[m for m in q.money if m not in counted], counts=[count] + list(q.counts))
    if len(counted) != 1 or not _level_in_currency_met(rule, Decimal(counted[0].yuan)):
        return q  # the level not reached is asked back, never paid
    said = counted[0]
    count = Count(Decimal(said.yuan), rule.unit, said.text, rule.unit, True)
    return replace(q, money=[m for m in q.money if m is not said], counts=[count] + list(q.counts))


_GROWTH_LEVEL = re.compile(r"增长\s*(\d+(?:\.\d+)?)\s*[%％]\s*(?:以上|及以上)")
_LEVEL_IN_CURRENCY = re.compile(r"(?:达到|超过|突破|不低于|在)\s*(\d+(?:\.\d+)?)\s*(万|亿)?\s*(美元|欧元|港元)")


def _short_of_currency_level(rule: MoneyRule, q: Quantities) -> tuple[str, str] | None:
    """(the amount stated, the condition) when the one amount in the clause's currency a question
    states falls short of the level the clause sets in it; else None."""
    written = _CURRENCIES.get(rule.unit) if rule.kind == "per_unit" else None
    counted = [m for m in q.money if m.foreign and written and written.search(m.text) and not (m.received or m.payout)]
    if len(counted) != 1 or _level_in_currency_met(rule, Decimal(counted[0].yuan)):
        return None
    return counted[0].text, _LEVEL_IN_CURRENCY.search(rule.text).group(0)


# 外销额在200万美元以下的 / 不足N万美元 / 达到N万美元以上: a bound in a currency on who a rule is for
_BOUND_IN_CURRENCY = re.compile(r"(?P<under>不足|低于|未达到?)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<scale>万|亿)?\s*"
                                r"(?P<currency>美元|欧元|港元)\s*(?P<side>以下|以内|及以下|以上|及以上)?")


def _currency_bound_met(rule: MoneyRule, q: Quantities) -> bool | None:
    """For a share or rate whose own sentence bounds who it is for by an amount in a currency
    (去年外销额不到N万美元的…比例提高为70%), whether the one amount the question states in
    that currency is within the bound; None when there is no such bound or amount."""
    if rule.kind not in ("share", "per_unit"):
        return None
    found = [b for b in _BOUND_IN_CURRENCY.finditer(rule.text) if b.group("under") or b.group("side")]
    if len(found) != 1:
        return None
    bound = found[0]
    stated = [m for m in q.money if m.foreign and _CURRENCIES[bound.group("currency")].search(m.text)
              and not (m.received or m.payout)]
    if len(stated) != 1:
        return None
    level = Decimal(bound.group("n")) * {"万": 10_000, "亿": 100_000_000}.get(bound.group("scale") or "", 1)
    value = Decimal(stated[0].yuan)
    if bound.group("under") or bound.group("side") in ("以下", "以内", "及以下"):
        return value < level or value == level and bound.group("side") in ("以内", "及以下")
    return value >= level


def _level_in_currency_met(rule: MoneyRule, stated: Decimal) -> bool:
    """Whether an amount in the clause's currency reaches the level its condition sets in that
    currency (年度某某额达到N万美元的); True when it sets none."""
    level = _LEVEL_IN_CURRENCY.search(rule.text)
    if level is None or level.group(3) != rule.unit:
        return True
    needed = Decimal(level.group(1)) * {"万": 10_000, "亿": 100_000_000}.get(level.group(2) or "", 1)
    return stated >= needed


# …增量 / 增加额 / 增长部分: a rule paid on the rise over a year, not on the level
_INCREMENT = re.compile(r"增量|增加额|增长额|增长部分|新增部分|增加部分")
# 去年50家 / last year 50 firms: an amount or count said for the year before the one asked about
_LAST_YEAR = re.compile(r"去年|上年|上一年|前一年|上个年度|last year|previous year|the year before|prior year", re.IGNORECASE)


def _calculate(rule: MoneyRule, doc: str, q: Quantities, similar: Callable[[str, str], float],
               glossed: Callable[[str, str], float] | None = None) -> Calculation | Question | None:
    q = _counted_in_currency(rule, q)
    short = _short_of_currency_level(rule, q)
    if short is not None:  # M万美元 against 达到N万美元的 (M < N): nothing is paid, and it says why
        said, level = short
        return Calculation(doc, rule.clause, "below_level", {"stated": said, "level": level}, 0, None, False,
                           [f"条件：{level}", f"问题中的数额：{said}，未达到条件，本项不予奖补（0元）"],
                           [f"Condition: {level}", f"Stated: {said}, below the condition, so nothing is paid under "
                                                   f"this clause (CNY 0)"],
                           list(rule.caveats), list(rule.caveats_en), rule.to_dict())
    bound = _currency_bound_met(rule, q)
    if bound is False:
        return None  # 外销额在N万美元以下的 with more than N: this rule is not the asker's
    if bound and any(not m.foreign for m in q.money):  # the amount in dollars met the rule's condition: the rest pays
        q = replace(q, money=[m for m in q.money if not m.foreign])
    foreign = [m.text for m in q.money if m.foreign]
    if foreign:
        stated = "、".join(foreign)
        if any(pattern.search(rule.text) for pattern in _CURRENCIES.values()):  # the clause's levels are in it
            return Question(f"问题中的金额（{stated}）不是人民币：本条以外币计的只是条件或档次，所付金额以人民币计，"
                            f"这里不做汇率换算；请说明达到的档次或可计的人民币金额。",
                            f"The amount in the question ({', '.join(foreign)}) is not in yuan: this clause states "
                            f"only its conditions or levels in that currency and pays in yuan, and no exchange rate "
                            f"is applied here; please say which level was reached, or the amount in yuan.")
        return Question(f"问题中的金额（{stated}）不是人民币。本政策的金额均以人民币（元）计，这里不做汇率换算；"
                        f"请用人民币金额提问。",
                        f"The amount in the question ({', '.join(foreign)}) is not in yuan. This policy's amounts are "
                        f"all in yuan (CNY), and no exchange rate is applied here; please state the amount in yuan.")
    negative = [m.text for m in q.money if m.yuan < 0] + [c.text for c in q.counts if c.value < 0]
    if negative:
        return Question(f"“{'、'.join(negative)}”是负数：数量和金额不能为负，请说明实际数量。",
                        f"“{', '.join(negative)}” is negative: counts and amounts cannot be; please state the actual "
                        f"number.")
    money = [m for m in q.money if 0 < m.yuan <= MAX_YUAN and not m.payout  # 能拿90万吗 is no base
             and not m.received]  # 已获省级补助20万: taken off afterwards where the clause says so (after_received)
    caveats_zh, caveats_en = list(rule.caveats), list(rule.caveats_en)
    if q.ignored:
        stated = "；".join(q.ignored)
        caveats_zh.append(f"问题中的“{stated}”未采用：提问不能改变政策规定的金额，计算按条款原文。")
        caveats_en.append(f"Not used: “{'; '.join(q.ignored)}”. A question cannot change the policy's figures; "
                          f"the amount follows the clause as written.")
    rule_data = rule.to_dict()

    def done(kind, inputs, result, cap, capped, zh, en):
        return Calculation(doc, rule.clause, kind, inputs, _yuan(Decimal(result)), cap, capped, zh, en,
                           caveats_zh, caveats_en, rule_data)

    if rule.kind == "step" and rule.amount_yuan and rule.of_yuan:
        return _per_block(rule, [m for m in money if not m.per_measure], done) if money else None
    if rule.kind == "share" and money and _RATE_BASE.search(rule.base):
        # 按贷款市场报价利率的50%贴息: a share of a rate, paid on the loan at the rate the asker states;
        # quoted when the loan or that rate cannot be told
        return _share_of_a_rate(rule, money, q, done)
    if rule.kind == "share" and money and _INTEREST_BASE.search(rule.base) and q.rates:
        interest = _share_of_interest(rule, money, q, done)  # borrowed N at r% a year: the interest is worked out
        if interest is not None:
            return interest
    if rule.kind == "share" and money and _INTEREST_BASE.search(rule.base) and all(map(_of_a_loan, money)):
        # a loan is no interest: 贷了3000万 with no rate says nothing of the interest paid
        return Question(f"这一项按{rule.base}计算：请说明实际支付的利息金额，或贷款的年利率和已付息的期限。",
                        f"This is a share of “{rule.base}” (the interest actually paid): please give the interest "
                        f"paid, or the loan's yearly rate and for how long it has been paid.")
    if rule.kind == "share" and money and _RETAINED_BASE.search(rule.base) and not any(
            _RETAINED_BASE.search(m.said_of) for m in money):
        stated = "、".join(m.text for m in money)
        return Question(f"这一项按{rule.base}计算：问题中的{stated}是缴纳的总额，还是{rule.base}本身？请说明后者的金额。",
                        f"This is a share of “{rule.base}” (the part of the tax kept locally): is {stated} the whole "
                        f"tax paid, or that part? Please give that part.")
    excluded = _EXCLUDED_PART.search(rule.text) if rule.kind == "share" and money else None
    if excluded and not _EXCESS_BASE.search(rule.base):
        said = excluded.group(0).strip()
        within = _within_rate_limit(rule, said, money, q, glossed, done, (caveats_zh, caveats_en))
        if within is not None:
            return within
        return Question(f"原文规定“{said}”：问题中的金额是否已扣除这一部分？请说明可计入补贴的{rule.base or '基数'}。",
                        f"The clause says “{said}” (a part above a limit is not paid for): has that part been taken "
                        f"out of the amount stated? Please give the {rule.base or 'base'} that counts.")
    if rule.kind == "share" and rule.period == "年" and money:
        return _share_each_year(rule, money, q, done)  # 按贷款本金给予每年N个百分点的贴息，最长M年
    if rule.kind == "share" and money:
        share = Decimal(rule.share or "0")
        if rule.cap_yuan and rule.cap_unit and measure_of(rule.cap_unit):
            # 每平方米每月最高N元: a share of a rate, capped per measure; a cap per holder or per occasion
            # (每家企业, 每人每次, 每场, 每部) bounds the share of the sum stated
            return _capped_rate(rule, q, money, done)
        money = [m for m in money if not m.per_measure] or _rate_times_quantity(money, q, similar)
        if not money:  # 每平米60元 is a rate, not the base of a share, unless the quantity it is paid for is stated
            return None
        if any(m.per_month for m in money) and rule.cap_period != "年":
            return _monthly_share(rule, q, [m for m in money if m.per_month][0], done, similar)
        if _INCREASE_BASE.search(rule.base):
            return _share_of_increase(rule, money, done)
        if _EXCESS_BASE.search(rule.base):
            return _share_of_excess(rule, money, done)
        per_year = [m for m in money if m.per_year or m.year_index]
        said = the_base(rule, money, glossed) if per_year and len({m.yuan for m in money}) > 1 else None
        if said is not None and not (said.per_year or said.year_index):
            money, per_year = [said], []  # a yearly salary beside the base its words name: the base alone
        listed = _listed_amounts(money)
        if listed and not per_year and all(d.months <= 12 for d in q.durations):
            return _share_of_list(rule, listed, done)  # 两笔合同分别是600万、900万
        if rule.cap_yuan and rule.cap_period == "年" and any(d.months > 12 for d in q.durations):
            return _yearly_cap(rule, q, per_year, done, money)  # capped each year, for the years the clause pays
        lengths = sorted({d.months for d in q.durations})
        if per_year and len(per_year) == 1 and len(lengths) > 1:
            stated = "、".join(d.text for d in q.durations)
            return Question(f"问题里有几个时长（{stated}），按哪一个计算{rule.base or '基数'}？",
                            f"Several durations are stated ({', '.join(d.text for d in q.durations)}): which one "
                            f"does the {rule.base or 'base'} of this clause use?")
        years = next((d.months / 12 for d in q.durations), None)
        people = total_count(q.counts, "人名位学生", similar)
        heads = _whole(people[0], "学生", people[1]) if people else 1
        if len(per_year) > 1:
            base = sum((m.yuan for m in per_year), 0)
            how_zh = " + ".join(format_zh(m.yuan) for m in per_year)
            how_en = " + ".join(format_en(m.yuan) for m in per_year)
        elif per_year and years:
            base = Decimal(per_year[0].yuan) * years
            how_zh = f"{format_zh(per_year[0].yuan)}/年 × {plain_number(years)}年"
            how_en = f"{format_en(per_year[0].yuan)} a year × {plain_number(years)} years"
        elif per_year and not years and not any(m.total for m in money) and per_year[0].per_year:
            return Question(f"计算需要年限：{per_year[0].text}是每年的金额，共几年？",
                            f"{per_year[0].text} is a yearly amount: for how many years?")
        elif (left := _less_excluded(rule, money, glossed)) is not None:
            whole, part, inside = left  # 总共花了N万，其中某项占M万 for 实际投资额（不含某项费用）
            base = Decimal(whole.yuan - part.yuan) if inside else Decimal(whole.yuan)
            how_zh = (f"{format_zh(whole.yuan)} − {format_zh(part.yuan)}（{_LEFT_OUT.search(rule.base).group(0).strip('（）()')}）"
                      if inside else f"{format_zh(whole.yuan)}（{format_zh(part.yuan)}另计，不在基数内）")
            how_en = (f"{format_en(whole.yuan)} − {format_en(part.yuan)} (left out of the base)" if inside
                      else f"{format_en(whole.yuan)} ({format_en(part.yuan)} is outside the base)")
        else:
            chosen = the_base(rule, money, glossed)
            items = _items_each_a_base(rule, money) if chosen is None else []
            if items:  # 单个活动最高N万 with 美食节花了40万，购物节花了70万: each its own base, each capped
                zh, en, parts, capped = _capped_each(rule, items, ("第{}项", "单项"), ("Item {}", "the cap on each"))
                return _summed(rule, items, zh, en, parts, capped, done)
            if chosen is None:
                stated = "、".join(dict.fromkeys(m.text for m in money))
                return Question(f"问题里有几个金额（{stated}），哪一个是这一项的计算基数（{rule.base or '基数'}）？",
                                f"The question states several amounts ({stated}): which of them is this clause's "
                                f"base (“{rule.base or 'base'}”)?")
            base = Decimal(chosen.yuan)
            how_zh, how_en = f"{format_zh(chosen.yuan)}", f"{format_en(chosen.yuan)}"
        if heads > 1:
            base *= heads
            how_zh += f" × {heads}人"
            how_en += f" × {heads} people"
        base_yuan = _yuan(Decimal(base))
        raw = Decimal(base_yuan) * share
        cap = rule.cap_yuan
        result = min(raw, Decimal(cap)) if cap else raw
        zh = [f"基数（{rule.base or '基数'}）：{how_zh} = {format_zh(base_yuan)}",
              f"{format_zh(base_yuan)} × {plain_number(share)} = {format_zh(_yuan(raw))}"]
        en = [f"Base ({rule.base or 'base'}): {how_en} = {format_en(base_yuan)}",
              f"{format_en(base_yuan)} × {plain_number(share)} = {format_en(_yuan(raw))}"]
        if cap:
            yearly_zh, yearly_en = ("每年", " a year") if rule.cap_period == "年" else ("", "")
            zh.append(f"上限{yearly_zh}{format_zh(cap)}：" + ("超过上限，按上限计" if raw > cap else "未超过上限"))
            en.append(f"Cap {format_en(cap)}{yearly_en}: "
                      + ("above the cap, so the cap applies" if raw > cap else "within the cap"))
        return done("share", {"base_yuan": base_yuan, "share": str(share), "people": heads}, result, cap,
                    bool(cap and raw > cap), zh, en)

    if rule.kind == "per_unit" and rule.amount_yuan:
        found = total_count(q.counts, rule.unit, similar)
        kind = _item_head(rule.text) or rule.beneficiary
        if found is not None and glossed and rule.unit in _BARE_THINGS and kind \
                and not CJK.search(found[1]) and glossed(found[1], kind) <= 0:
            return None  # 8 DC chargers for an amount 每座 paid for swap stations: not what the rule counts
        daily = rule.period == "天"  # 每人每天: the span is counted in days (待了10天, two weeks)
        months = q.durations[-1].months if q.durations else None  # the span asked comes last (干了三个月…两年一共能领多少)
        if daily:
            months = q.days[-1].count if q.days else None
        if found is None and (months is None or q.counts or not rule.period):
            return None  # nothing to count, or counts of something else than what the rule pays per
        if found is None and not one_implied(rule.unit):  # 每平方米每月N元 for two years: how many square metres?
            return Question(f"请说明数量（多少{_plain_unit(rule.unit) or rule.unit}）。",
                            f"Please state how many ({unit_in_english(rule.unit)}): the clause pays per "
                            f"{unit_in_english(rule.unit)}.")
        units = _whole(found[0], rule.unit or "count", found[1]) if found else 1
        zh = [f"每{rule.unit or '单位'}{format_zh(rule.amount_yuan)}" + (f"每{rule.period}" if rule.period else ""),
              f"数量：{found[1] if found else '1'}"]
        en = [f"{format_en(rule.amount_yuan)} per {unit_in_english(rule.unit)}"
              + (f" per {_PERIOD_EN.get(rule.period, 'year')}" if rule.period else ""),
              f"Count: {found[1] if found else '1'}"]
        periods, capped = Decimal(1), False
        if rule.max_units and units > rule.max_units:
            zh.append(f"最多{rule.max_units}{_plain_unit(rule.unit)[:1] or '个'}：{units}按{rule.max_units}计"
                      + ("（原文为每年上限）" if "每年" in rule.text else ""))
            en.append(f"At most {rule.max_units} are paid: {units} counts as {rule.max_units}"
                      + (" (a yearly limit in the text)" if "每年" in rule.text else ""))
            units, capped = rule.max_units, True
        if rule.period:
            if months is None:
                return Question("请说明天数。", "For how many days?") if daily else \
                    Question("请说明时长（几个月或几年）。", "For how long (months or years)?")
            periods = months if rule.period in ("月", "天") else months / 12
            if daily:
                zh.append(f"天数：{q.days[-1].text}")
                en.append(f"Days: {q.days[-1].text}")
            if rule.max_periods and periods > rule.max_periods:
                zh.append(f"最长{rule.max_periods}{_PERIOD_ZH.get(rule.period, '年')}：{plain_number(periods)}按{rule.max_periods}计")
                en.append(f"At most {rule.max_periods} {_PERIOD_EN.get(rule.period, 'year')}s: "
                          f"{plain_number(periods)} counts as {rule.max_periods}")
                periods, capped = Decimal(rule.max_periods), True
        result = Decimal(rule.amount_yuan) * units * periods
        zh.append(f"{format_zh(rule.amount_yuan)} × {units}" + (f" × {plain_number(periods)}" if rule.period else "")
                  + f" = {format_zh(_yuan(result))}")
        en.append(f"{format_en(rule.amount_yuan)} × {units}" + (f" × {plain_number(periods)}" if rule.period else "")
                  + f" = {format_en(_yuan(result))}")
        return done("per_unit", {"count": units, "periods": str(plain_number(periods))}, result, None, capped, zh, en)

    if rule.kind == "cap" and rule.amount_yuan:
        cap = rule.amount_yuan
        if any(m.spent or _LOAN.search(m.said_of[-12:] + " " + m.said_after[:20]) for m in money):
            money = []  # 花了800万 / we put in 12 million / 贷了450万: spent or borrowed, not a sum asked for under the cap
        requests = [m for m in money if not m.per_year]
        yearly = [m for m in money if m.per_year]
        spans = sorted({d.months for d in q.durations})
        if not requests and len(yearly) == 1 and len(spans) == 1 and not rule.period:
            # "1.2 million in each of two years" against a cap for the whole: what is asked in all
            years = spans[0] / 12
            asked = _yuan(Decimal(yearly[0].yuan) * years)
            zh_how = [f"每年{format_zh(yearly[0].yuan)} × {plain_number(years)}年 = 申请{format_zh(asked)}"]
            en_how = [f"{format_en(yearly[0].yuan)} a year × {plain_number(years)} years = {format_en(asked)} requested"]
        elif requests:
            asked, zh_how, en_how = requests[0].yuan, [], []
        else:
            asked = None
        if asked is not None:
            result = min(asked, cap)
            zh = zh_how + [f"申请{format_zh(asked)}，上限{format_zh(cap)}",
                           "超过上限，最多按上限" + format_zh(cap) if asked > cap else f"未超过上限，最多{format_zh(asked)}"]
            en = en_how + [f"Requested {format_en(asked)}; cap {format_en(cap)}",
                           f"Above the cap: at most {format_en(cap)}" if asked > cap else f"Within the cap: up to {format_en(asked)}"]
            return done("cap", {"requested_yuan": asked}, result, cap, asked > cap, zh, en)
        # a cap times a count only when the count is of what the cap is for (3个实验室 for 每个实验室最高…)
        found = total_count(q.counts, rule.unit or rule.beneficiary, similar, same_kind=bool(rule.unit),
                            must_resemble=True)
        if found:
            units = _whole(found[0], rule.unit or rule.beneficiary, found[1])
            caveats_zh.append("原文未写明上限是否按每个分别计算；此处按每个分别计。")
            caveats_en.append("The text does not say the cap applies to each one separately; this assumes it does.")
            return done("cap", {"count": units}, cap * units, cap, False,
                        [f"每个最高{format_zh(cap)}", f"数量：{found[1]}", f"{format_zh(cap)} × {units} = {format_zh(cap * units)}"],
                        [f"Up to {format_en(cap)} each", f"Count: {found[1]}", f"{format_en(cap)} × {units} = {format_en(cap * units)}"])
        return None

    if rule.kind == "fixed" and rule.amount_yuan:
        if not rule.unit and _levels_in(rule.beneficiary):
            return None  # 仓库面积N平方米以上的，补助M万元: an amount for a level, never so many times over
        found = total_count(q.counts, rule.unit or rule.beneficiary, similar, same_kind=bool(rule.unit))
        if not found:
            return None
        if _counted_as_condition(rule, found[1]):
            return None  # 吸纳10人以上的，奖励2万元 with 12人: a level the count reaches, not 12 × 2万
        units = _whole(found[0], rule.unit or rule.beneficiary, found[1])
        result = rule.amount_yuan * units
        return done("fixed", {"count": units}, result, None, False,
                    [f"每个{format_zh(rule.amount_yuan)}", f"数量：{found[1]}",
                     f"{format_zh(rule.amount_yuan)} × {units} = {format_zh(result)}"],
                    [f"{format_en(rule.amount_yuan)} each", f"Count: {found[1]}",
                     f"{format_en(rule.amount_yuan)} × {units} = {format_en(result)}"])
    return None


# 吸纳3人以上 / 达到5家及以上 / 不少于10名: a number of things that is a condition of the award
_COUNT_CONDITION = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)\s*(?P<cls>[人名个家项件头只台套所])(?:及?以上|以下|（含）以上)|"
                              r"(?:不少于|不低于|达到|超过)\s*(?:\d+|[一二两三四五六七八九十百千]+)\s*(?P<cls2>[人名个家项件头只台套所])")


def _counted_as_condition(rule: MoneyRule, stated: str) -> bool:
    """Whether the rule's own sentence sets a threshold in the kind of thing the question counts,
    so the count chooses the level rather than multiplying the amount."""
    said = rule.text[:rule.text.find(f"{plain_number(Decimal(rule.amount_yuan))}")] if rule.amount_yuan else rule.text
    kinds = {m.group("cls") or m.group("cls2") for m in _COUNT_CONDITION.finditer(said)}
    people = set("人名")
    return any(k in stated or (k in people and (people & set(stated) or counts_people(stated))) for k in kinds)


# A level a rule's condition sets in a count or a measure, below which it pays nothing
# (年培训达到N人次以上的, 不少于N家, N平方米以上不足M平方米的): a word that says "at least" before the
# number, or 以上 after its unit. Its unit is a measure, or a classifier with the one character that
# may complete it (人次, 场次); time (N天, N年) is left to the durations.
_LEVEL_UNIT = ("|".join(f"(?:{pattern})" for pattern in MEASURES.values())
               + f"|[{COUNT_CLASSIFIERS}户场批](?:(?![以及或的])[\u4e00-\u9fff])?")
_COUNT_LEVEL = re.compile(rf"(?P<what>[^，。；：,;:、（）()]*?)(?P<at_least>达到|不少于|不低于|满|超过)?\s*(?P<n>\d+(?:\.\d+)?)\s*"
                          rf"(?P<wan>万)?\s*(?P<unit>{_LEVEL_UNIT})\s*(?:[（(]含[）)])?\s*(?P<above>及以上|或以上|以上)?")
_AMOUNT_SAID = re.compile(r"\d+(?:\.\d+)?\s*[万亿]?元")


@dataclass(frozen=True)
class Level:
    value: Decimal
    unit: str  # 人次, 家, 平方米 (a measure by its name in quantities.MEASURES)
    what: str  # the words before the number: what is counted or measured (年培训, 入驻企业)
    strict: bool  # 超过: the level itself does not reach it
    said: str  # as the clause says it


def levels_of(rule: MoneyRule) -> list[Level]:
    """The levels the rule's condition sets: read from its text up to the first amount of money
    it pays (the condition comes before what is paid)."""
    amount = _AMOUNT_SAID.search(rule.text)
    condition = rule.text[:amount.start()] if amount else rule.text
    condition = re.sub(r"[（(][^（）()]*[）)]", "", condition)  # 学员（含线上学员）达到N人次: what is counted, the aside out
    return _levels_in(condition)


def _levels_in(text: str) -> list[Level]:
    """The levels a text states; a number with neither an "at least" word nor 以上 is none (不足1万平方米
    bounds from above)."""
    found = []
    for match in _COUNT_LEVEL.finditer(text):
        if not (match.group("at_least") or match.group("above")):
            continue
        unit = measure_of(match.group("unit")) or match.group("unit")
        value = Decimal(match.group("n")) * (10_000 if match.group("wan") or match.group("unit").startswith("万") else 1)
        found.append(Level(value, unit, match.group("what").strip(), match.group("at_least") == "超过",
                           match.group(0).strip()))
    return found


def _level_count(level: Level, counts: list[Count], glossed: Callable[[str, str], float] | None) -> Count | None:
    """The question's count of what a level is set in: the same measure (converted), the same
    unit word (450人次), a bare classifier of it (80家), a noun that shares characters with what
    is counted, or in English a noun whose words the glosses of what is counted have. Counts of
    it in parts (国内学员300人、境外学员50人 for 学员（含境外学员）达到N人次) are added."""
    found: list[Count] = []
    for count in counts:
        if level.unit in MEASURES:
            converted = in_measure(count, level.unit)
            if converted is not None:
                return converted
            continue
        noun = count.noun.strip()
        if not noun or count.part_of:
            continue
        if CJK.search(noun):
            named = noun[len(count.classifier):] if noun.startswith(count.classifier) else noun
            if noun == level.unit or (len(level.unit) > 1 and level.unit in noun) or (
                    count.classifier and level.unit.startswith(count.classifier)
                    and (not named or char_overlap(level.what, named) >= 0.5)):
                found.append(count)
        elif glossed is not None and glossed(noun, level.what + level.unit) >= 1:
            found.append(count)
    if len(found) <= 1:
        return found[0] if found else None
    total = sum((c.value for c in found), Decimal(0))
    return Count(total, found[0].noun, " + ".join(c.text for c in found), found[0].classifier,
                 all(c.exact for c in found))




_A_RISE = re.compile(r"多了|多出|增加|增长了|涨了|\bmore\b|\bincrease|\bup by\b|\bgrew by\b", re.IGNORECASE)


def count_tier(rules: list[MoneyRule], doc: str, question: str, q: Quantities,
               glossed: Callable[[str, str], float] | None = None) -> Calculation | None:
    """Amounts tiered by a count (数量达到50家的，奖励A；达到100家及以上的，奖励B) and a question that
    states that count: the highest tier it reaches, with its working. When it states last year's
    count too (去年50家，今年70家), this year's is the one the tiers read, and the clause's further
    amount for growth (比上年增长N%以上的，再给予M) is worked out from the two. None when the clause
    has no such tiers or the count cannot be told (the other paths then read the question)."""
    tiers = [(r, levels[0]) for r in rules if r.kind == "fixed" and r.amount_yuan
             and len(levels := levels_of(r)) == 1]
    if len(tiers) < 2 or len({level.unit for _, level in tiers}) != 1 \
            or any(not (m.received or m.payout) for m in q.money):  # (已拿了280万: taken off afterwards)
        return None
    counts = [c for c in q.counts if c.exact and _level_count(tiers[0][1], [c], glossed) is not None]
    if not counts or len(counts) > 2:
        return None

    def said_at(count: Count) -> int:  # where the count's number is said (its text may add the noun said before it)
        lead = re.match(r"[\d.,零〇一二两三四五六七八九十百千]+", count.text)
        return question.find(lead.group(0) if lead else count.text)

    def said_before(count: Count) -> str:  # the words since the last stop or the count said before it
        at = said_at(count)
        start = max([said_at(c) + 1 for c in counts if 0 <= said_at(c) < at], default=0)
        return re.split(r"[，,；;。]", question[start:at])[-1] if at >= 0 else ""

    if any(_A_RISE.search(said_before(c)) for c in counts):
        return None  # 比去年多了30家: a rise, not last year's count
    before = [c for c in counts if _LAST_YEAR.search(said_before(c))]
    if len(counts) == 2 and len(before) != 1:
        return None  # two counts, neither said for last year: not for this reading
    now = next(c for c in counts if c not in before)
    reached = [(r, level) for r, level in tiers
               if now.value > level.value or (now.value == level.value and not level.strict)]
    if not reached:
        return None  # below every tier: `below_level` says so
    rule, level = max(reached, key=lambda pair: pair[1].value)
    stated = plain_number(now.value)
    zh = [f"问题中的数量：{now.text}", f"{stated}{level.unit}：属于“{level.said}”一档，{format_zh(rule.amount_yuan)}"]
    en = [f"Stated: {now.text}", f"{stated}: reaches the tier “{level.said}”, {format_en(rule.amount_yuan)}"]
    outcome = Calculation(doc, rule.clause, "named", {"count": str(stated), "level": str(level.value)},
                          rule.amount_yuan, None, False, zh, en, list(rule.caveats), list(rule.caveats_en),
                          rule.to_dict())
    return with_growth_award(outcome, rules, q, (before[0], now)) if before else outcome


_A_CLASSIFIER = re.compile(r"^(?:每)?[个家名位人户所项台套条部支间张座只头]")


def one_implied(unit: str) -> bool:
    """Whether an amount per `unit` and period is paid for one when the question counts none: one
    person, body or thing (每人每月, 每家企业每年: the asker's own), never one of a measure
    (每平方米每月, 每分钟), whose size the question must state."""
    return not unit or bool(_A_CLASSIFIER.match(unit))


def below_level(rules: list[MoneyRule], doc: str, q: Quantities,
                glossed: Callable[[str, str], float] | None = None) -> Calculation | None:
    """Nothing is paid when every rule of the clause that pays an amount sets a level in one
    count or measure and the question states that count below the lowest of them (450人次 against
    年培训达到500人次以上的): the working says so. None when no such level is short."""
    paying = [r for r in rules if r.kind in ("fixed", "per_unit") and r.amount_yuan]
    if not paying or not q.counts:
        return None
    per_rule = [levels_of(r) for r in paying]
    for level in per_rule[0]:
        same = [[other for other in levels if other.unit == level.unit] for levels in per_rule]
        if not all(same):
            continue
        lowest = min((min(levels, key=lambda x: x.value) for levels in same), key=lambda x: x.value)
        count = _level_count(lowest, q.counts, glossed)
        if count is None or not count.exact:
            continue
        if count.value > lowest.value or (count.value == lowest.value and not lowest.strict):
            continue
        rule = next(r for r, levels in zip(paying, same) if lowest in levels)
        stated = plain_number(count.value)
        unit_en = unit_in_english(lowest.unit) if CJK.search(lowest.unit) else lowest.unit
        zh = [f"条件：{lowest.said}", f"问题中的数量：{count.text}",
              f"{stated}{'不超过' if lowest.strict and count.value == lowest.value else '低于'}{plain_number(lowest.value)}"
              f"{lowest.unit}：未达到条件，本项不予补助（0元）"]
        en = [f"Condition: {lowest.said}", f"Stated: {count.text}",
              f"{stated} {'does not exceed' if lowest.strict and count.value == lowest.value else 'is below'} "
              f"{plain_number(lowest.value)} ({unit_en}): the condition is not met, so nothing is paid under this "
              f"clause (CNY 0)"]
        return Calculation(doc, rule.clause, "below_level", {"count": str(stated), "level": str(lowest.value)},
                           _yuan(Decimal(0)), None, False, zh, en, list(rule.caveats), list(rule.caveats_en),
                           rule.to_dict())
    return None


_YEAR_OF_TERM = re.compile(r"第(?P<n>[一二三四五六七八九十]|\d+)(?:个)?年")
# 前三年 / 第1至3年 / 第四年至第五年: the years of the term a rate is for, as a run
_YEARS_OF_TERM = re.compile(r"(?:前(?P<first>[两二三四五六七八九十]|\d+)(?:个)?年)|(?:第(?P<a>[一二三四五六七八九十]|\d+)(?:个)?年?"
                            r"\s*(?:至|到|[-－~～—])\s*第?(?P<b>[一二三四五六七八九十]|\d+)(?:个)?年)")


def years_of_term(words: str) -> list[int]:
    """The years of the term a rule's words name: 前三年 → 1, 2, 3; 第四年、第五年 → 4, 5;
    第1至3年 → 1, 2, 3; [] when they name none."""
    years: set[int] = set()
    for run in _YEARS_OF_TERM.finditer(words):
        if run.group("first"):
            years.update(range(1, int(to_decimal(run.group("first"))) + 1))
        else:
            years.update(range(int(to_decimal(run.group("a"))), int(to_decimal(run.group("b"))) + 1))
    rest = _YEARS_OF_TERM.sub("", words)
    years.update(int(to_decimal(said.group("n"))) for said in _YEAR_OF_TERM.finditer(rest))
    return sorted(years)


# 实际租金低于补贴标准的，按实际租金给予补贴: a rate paid at most at the price the asker pays
_AT_MOST_THE_PRICE = re.compile(r"实际[\u4e00-\u9fff]{0,6}低于[\u4e00-\u9fff]{0,6}标准的?[，,]?\s*按实际")


def rates_by_year(rules: list[MoneyRule], doc: str, q: Quantities, similar: Callable[[str, str], float],
                  clause_text: str = "", year: int | None = None, whole_term: bool = False
                  ) -> Calculation | Question | None:
    """Amounts per unit and month that change with the year of the term (第一年按每平方米每月N元、
    第二年按每平方米每月M元，…最长不超过K个月): each year of the span stated is paid at its own
    rate, within the clause's longest span and most units, and the years are added; at the price
    the asker states per unit and month where that is lower and the clause pays no more than the
    price (`clause_text`: 实际租金低于补贴标准的，按实际租金). None when the clause has no such
    rates, or the question states no span (the usual path then asks); a `Question` when the count
    cannot be read safely (a range, a fraction of a thing). With no span stated, `year` (第四年能拿
    多少) is paid alone, and `whole_term` (a total asked for) takes every year the clause pays.
    A rate held to a share of the price (补贴标准不超过实际租金单价的50%) is held to it at the price
    stated, and said to be when no price is stated."""
    try:
        return _rates_by_year(rules, doc, q, similar, clause_text, year, whole_term)
    except _AskBack as ask:
        return ask.question


def _rates_by_year(rules: list[MoneyRule], doc: str, q: Quantities, similar: Callable[[str, str], float],
                   clause_text: str, year_asked: int | None, whole_term: bool) -> Calculation | None:
    staged: dict[int, MoneyRule] = {}
    for rule in rules:
        if rule.kind == "per_unit" and rule.amount_yuan and rule.period in ("月", "年"):
            for said in years_of_term(rule.beneficiary):
                staged.setdefault(said, rule)
    if len(set(map(id, staged.values()))) < 2 or len({(r.unit, r.period) for r in staged.values()}) > 1:
        return None
    if not q.durations and not (year_asked in staged or whole_term):
        return None
    first = staged[min(staged)]
    found = total_count(q.counts, first.unit, similar)
    if found is None and (q.counts or not one_implied(first.unit)):
        return None  # the usual path asks how many
    units = _whole(found[0], first.unit or "count", found[1]) if found else 1
    zh, en = [f"数量：{found[1] if found else '1'}"], [f"Count: {found[1] if found else '1'}"]
    if q.durations:
        months = q.durations[-1].months
        zh.append(f"时长：{q.durations[-1].text}")
        en.append(f"Span: {q.durations[-1].text}")
    elif year_asked:
        months = Decimal(12)
        zh.append(f"所问：第{year_asked}年")
        en.append(f"Asked: year {year_asked}")
    else:
        months = Decimal(12 * max(staged))
        zh.append(f"本条补贴的全部年限：{max(staged)}年")
        en.append(f"Every year the clause pays: {max(staged)} years")
    capped = False
    longest = max((r.max_periods or 0) for r in staged.values())
    limit = Decimal(longest) * (12 if first.period == "年" else 1) if longest else None
    if limit is not None and months > limit:
        zh.append(f"最长{plain_number(limit)}个月：{plain_number(months)}个月按{plain_number(limit)}个月计")
        en.append(f"At most {plain_number(limit)} months: {plain_number(months)} count as {plain_number(limit)}")
        months, capped = limit, True
    most = max((r.max_units or 0) for r in staged.values())
    if most and units > most:
        zh.append(f"最多{most}{_plain_unit(first.unit)}：{units}按{most}计")
        en.append(f"At most {most} {unit_in_english(first.unit)}: {units} counts as {most}")
        units, capped = most, True
    prices = [m for m in q.money if m.per_measure and m.per_measure == measure_of(first.unit) and m.per_month
              and first.period == "月"] if _AT_MOST_THE_PRICE.search(clause_text) else []
    price = Decimal(prices[0].yuan) if len(prices) == 1 else None
    # 补贴标准不超过实际租金单价的50%: the rate held to a share of the price paid per unit
    held = next((r for r in rules if r.kind == "limit" and r.share and _UNIT_PRICE.search(r.base)), None)
    stated = [m for m in q.money if m.per_measure and m.per_measure == measure_of(first.unit)
              and (m.per_month or first.period != "月")]
    held_price = Decimal(stated[0].yuan) if held and len(stated) == 1 else None
    caveats_zh, caveats_en = list(first.caveats), list(first.caveats_en)
    if held and held_price is None:
        caveats_zh.append(f"补贴标准不超过{held.base}的{plain_number(Decimal(held.share) * 100)}%：问题未给出该单价，"
                          f"以上按标准计；单价较低时补贴相应减少。")
        caveats_en.append(f"The rate may not exceed {plain_number(Decimal(held.share) * 100)}% of the price paid per "
                          f"unit ({held.base}); no price was stated, so the standard rate is used and a lower "
                          f"price would lower it.")
    total = Decimal(0)
    for year in range(1, max(staged) + 1):
        within = min(Decimal(12), max(Decimal(0), months - 12 * (year - 1)))
        if year_asked and not q.durations:
            within = Decimal(12) if year == year_asked else Decimal(0)
            if year < year_asked:
                continue
        if not within:
            break
        rule = staged.get(year)
        if rule is None:
            return None  # a year between the ones the clause names: not read
        periods = within if rule.period == "月" else within / 12
        rate = Decimal(rule.amount_yuan)
        if price is not None and rule.times and rule.of_yuan and price < rule.of_yuan:
            # a price below the standard is paid instead of it (按实际租金), and a later year's part of the
            # standard (第四年起按前述标准的60%) is then a part of the price
            part_rate = price * Decimal(rule.times)
            zh.append(f"第{year}年：实际{prices[0].text}低于标准{format_zh(rule.of_yuan)}，按实际计："
                      f"{format_zh(price)} × {plain_number(Decimal(rule.times) * 100)}% = {format_zh(_yuan(part_rate))}")
            en.append(f"Year {year}: the price paid ({prices[0].text}) is below the rate {format_en(rule.of_yuan)}, "
                      f"so the price is taken: {format_en(price)} × {plain_number(Decimal(rule.times) * 100)}% "
                      f"= {format_en(_yuan(part_rate))}")
            rate = part_rate
        elif price is not None and price < rate:
            zh.append(f"第{year}年：实际{prices[0].text}低于标准{format_zh(rate)}，按实际计")
            en.append(f"Year {year}: the price paid ({prices[0].text}) is below the rate {format_en(rate)}, "
                      "so the price is paid")
            rate = price
        if held_price is not None and held_price * Decimal(held.share) < rate:
            limit = held_price * Decimal(held.share)
            zh.append(f"第{year}年：标准{format_zh(rate)}超过{held.base}{stated[0].text}的"
                      f"{plain_number(Decimal(held.share) * 100)}%，按{format_zh(_yuan(limit))}计")
            en.append(f"Year {year}: the rate {format_en(rate)} is above {plain_number(Decimal(held.share) * 100)}% "
                      f"of the price paid ({stated[0].text}), so {format_en(_yuan(limit))}")
            rate = limit
        part = rate * units * periods
        total += part
        zh.append(f"第{year}年：{format_zh(_yuan(rate))} × {units} × {plain_number(periods)} = {format_zh(_yuan(part))}")
        en.append(f"Year {year}: {format_en(_yuan(rate))} × {units} × {plain_number(periods)} "
                  f"= {format_en(_yuan(part))}")
    beyond = months - 12 * max(staged)
    if beyond > 0:
        zh.append(f"第{max(staged)}年之后的{plain_number(beyond)}个月：本条未定标准，不计")
        en.append(f"The {plain_number(beyond)} months after year {max(staged)}: the clause sets no rate, not counted")
    zh.append(f"合计：{format_zh(_yuan(total))}")
    en.append(f"Total: {format_en(_yuan(total))}")
    return Calculation(doc, first.clause, "per_unit", {"count": units, "months": str(plain_number(months))},
                       _yuan(total), None, capped, zh, en, caveats_zh, caveats_en, first.to_dict())


_UNIT_PRICE = re.compile(r"单价|每平方米|租金标准|价格")


def rates_by_year_of_use(rules: list[MoneyRule], doc: str, question: str, q: Quantities,
                         similar: Callable[[str, str], float]) -> Calculation | None:
    """Amounts per unit that change with the year of use (投用第一年每吨a元，第二年b元，第三年c元),
    and quantities the question dates to those years (头一年充了N度，第二年M度): each year's
    quantity at its year's rate, held to a cap per year, and the years added. None unless the
    clause has such rates and every quantity of their unit is dated to a year they price."""
    staged: dict[int, MoneyRule] = {}
    for rule in rules:
        if rule.kind == "per_unit" and rule.amount_yuan and rule.unit and rule.period not in ("月", "年"):
            for year in years_of_term(rule.beneficiary):
                staged.setdefault(year, rule)
    if len(set(map(id, staged.values()))) < 2 or len({r.unit for r in staged.values()}) > 1:
        return None
    unit, dated, cursor = staged[min(staged)].unit, {}, 0
    for count in q.counts:
        at = question.find(count.text, cursor)
        if at < 0:
            return None
        cursor = at + len(count.text)
        if total_count([count], unit, similar) is None:
            continue  # not a quantity of what the rates are paid per
        year = year_said_around(question, at, cursor)
        if year is None or year in dated or year not in staged:
            return None
        dated[year] = count
    if not dated:
        return None
    yearly_caps = [r for r in rules if r.kind == "cap" and r.period == "年"]
    parts = []
    for year in sorted(dated):
        part = calculate(staged[year], doc, Quantities(counts=[dated[year]]), similar)
        if not isinstance(part, Calculation):
            return None
        parts.append(within_total_cap(part, yearly_caps))
    return combine(parts, [(f"第{year}年", f"Year {year}") for year in sorted(dated)]) if len(parts) > 1 else parts[0]


def shares_by_year(rules: list[MoneyRule], doc: str, q: Quantities, year_asked: int | None = None,
                   question: str = "") -> Calculation | None:
    """Shares of one base that change with the year of the term (前两年按营业收入的a%，第三年按b%，
    每年最高N万元): each year's amount the question states (第一年N万，第二年M亿) at that
    year's share, each held to the yearly cap, and the years added; or one amount with the year
    asked (第三年能拿多少) at that year's share. None when the clause has no such shares, the question
    dates no amount, or an amount falls in a year the clause sets no share for."""
    staged: dict[int, MoneyRule] = {}
    for rule in rules:
        if rule.kind == "share" and rule.share:
            for year in years_of_term(rule.base):
                staged.setdefault(year, rule)
    if len(set(map(id, staged.values()))) < 2:
        return None
    usable = [m for m in q.money if not (m.received or m.payout or m.foreign)]
    if question and not any(m.year_index for m in usable):  # 头三年…分别是A、B、C: one for each year
        usable = dated_by_their_list(question, usable)
    dated = {year: m for m in usable if m.year_index and (year := year_of_index(m.year_index))}
    if not dated and year_asked in staged and len({m.yuan for m in usable}) == 1:
        dated = {year_asked: usable[0]}
    elif len(dated) != len(usable):  # an amount with no year, or two for one year: which is which is not read
        return None
    if not dated or any(year not in staged for year in dated):
        return None
    total, capped, zh, en = Decimal(0), False, [], []
    for year in sorted(dated):
        rule, said = staged[year], dated[year]
        raw = Decimal(said.yuan) * Decimal(rule.share)
        paid = min(raw, Decimal(rule.cap_yuan)) if rule.cap_yuan and rule.cap_period == "年" else raw
        capped = capped or paid < raw
        over_zh = f"，超过每年上限，按{format_zh(rule.cap_yuan)}计" if paid < raw else ""
        over_en = f", above the yearly cap, so {format_en(rule.cap_yuan)}" if paid < raw else ""
        zh.append(f"第{year}年：{said.text} × {plain_number(Decimal(rule.share) * 100)}% = {format_zh(_yuan(raw))}{over_zh}")
        en.append(f"Year {year}: {said.text} × {plain_number(Decimal(rule.share) * 100)}% = {format_en(_yuan(raw))}{over_en}")
        total += paid
    if len(dated) > 1:
        zh.append(f"合计：{format_zh(_yuan(total))}")
        en.append(f"Total: {format_en(_yuan(total))}")
    first = staged[min(dated)]
    yearly_cap = first.cap_yuan if first.cap_period == "年" else None
    return Calculation(doc, first.clause, "share", {"years": [str(y) for y in sorted(dated)]}, _yuan(total),
                       yearly_cap, capped, zh, en, list(first.caveats), list(first.caveats_en), first.to_dict())


def per_unit_sum(rules: list[MoneyRule], doc: str, q: Quantities, similar: Callable[[str, str], float]
                 ) -> Calculation | None:
    """Two or more amounts per unit of one clause, each for its own kind (每接待1名本地学员N元、每接待1名
    境外学员M元), and a count of each kind in the question (本地学员300人、境外学员50人): each count
    paid at its own rate and the parts added, when every such rule's best count is a different
    one and is that count's best rule. None otherwise (the usual path then chooses one rule)."""
    per_unit = [r for r in rules if r.kind == "per_unit" and r.amount_yuan and r.unit and not r.times]
    counts = [c for c in q.counts if not c.part_of and c.noun.strip() != c.classifier and CJK.search(c.noun)]
    if len(per_unit) < 2 or len(counts) < 2 or len({r.period for r in per_unit}) != 1:
        return None
    like = [[char_overlap(c.noun, r.unit) for c in counts] for r in per_unit]
    pairs = []
    for i, rule in enumerate(per_unit):
        best = max(range(len(counts)), key=lambda j: like[i][j])
        if like[i][best] <= 0 or max(range(len(per_unit)), key=lambda k: like[k][best]) != i:
            continue
        if sorted(like[i], reverse=True)[1:2] == [like[i][best]]:
            return None  # two counts fit the rule as well: which is whose cannot be told
        pairs.append((rule, counts[best]))
    if len(pairs) < 2:
        return None
    parts = [calculate(rule, doc, Quantities(counts=[count], durations=q.durations), similar) for rule, count in pairs]
    if not all(isinstance(part, Calculation) for part in parts):
        return None
    return combine(parts)


def part_at_its_rate(rules: list[MoneyRule], doc: str, q: Quantities, similar: Callable[[str, str], float]
                     ) -> Calculation | None:
    """Two amounts per unit of one clause for the same unit, one for those that meet a further
    condition (每人1500元；取得技师证书的，每人2500元), and a count with a part of it said to meet it
    (30人，里面有10个是技师): the part at its rate, the rest at the other, added. None unless the part's
    own words fit one rule's condition better than the other's."""
    per_unit = [r for r in rules if r.kind == "per_unit" and r.amount_yuan and r.unit and not r.times]
    wholes = [c for c in q.counts if not c.part_of]
    parts = [c for c in q.counts if c.part_of and c.part_of != EACH]
    if len(per_unit) != 2 or len({(r.unit, r.period) for r in per_unit}) != 1 or len(wholes) != 1 or len(parts) != 1 \
            or any(_PAID_AGAIN.search(r.text) for r in per_unit):
        return None  # (每个再给予N万元 is paid on top, not instead: `with_add_on`)
    whole, part = wholes[0], parts[0]
    said = re.sub(r"^[\d.,零〇一二两三四五六七八九十百千]+\s*\S?", "", part.part_of)  # 10个是技师: 是技师
    fits = [len(set(said) & (set(r.beneficiary) - _PLAIN_CHARS)) for r in per_unit]
    if max(fits) < 2 or fits[0] == fits[1] or part.value >= whole.value:
        return None
    special = per_unit[fits.index(max(fits))]
    general = next(r for r in per_unit if r is not special)
    rest = Count(whole.value - part.value, whole.noun, f"{whole.text} − {part.text}", whole.classifier, whole.exact)
    part = Count(part.value, whole.noun, part.text, whole.classifier, part.exact)  # so many of the whole's kind
    done = [calculate(general, doc, Quantities(counts=[rest], durations=q.durations), similar),
            calculate(special, doc, Quantities(counts=[part], durations=q.durations), similar)]
    if not all(isinstance(d, Calculation) for d in done):
        return None
    return combine(done, [(f"其余{plain_number(rest.value)}", f"The other {plain_number(rest.value)}"),
                          (f"其中{plain_number(part.value)}", f"Of them {plain_number(part.value)}")])


def kind_fit(words: str, kind: str, glossed: Callable[[str, str], float] | None = None) -> tuple[float, float]:
    """How well a question's words describe the kind a rate is for (电动环卫车 ~ 纯电动环境卫生作业车;
    "electric street sweepers" ~ 电动清扫车 through its glosses): (how much they share, that
    as a share of the kind's own words). Chinese counts shared characters and pairs of characters
    beyond the plainest; English the kind's glosses it has."""
    own = kind_words(kind)
    described = re.sub(r"[（(][^）)]*[）)]", "", kind)
    if not own:
        return 0.0, 0.0
    if CJK.search(words):
        pairs = lambda text: {text[i:i + 2] for i in range(len(text) - 1) if CJK.match(text[i:i + 2])}  # noqa: E731
        shared = len(set(words) & own) + len(pairs(words) & pairs(described))
        return float(shared), len(set(words) & own) / len(own)
    shared = glossed(words, described) if glossed else 0.0
    return float(shared), shared / len(own)


_ADDED_TO = re.compile(r"另(?:行)?增加|再增加|额外增加|标准基础上")


def _says_apart(words: str, kind: str, other: str) -> bool:
    """Whether words say a character of `kind` that `other` lacks; a numeral only with the character
    after it in `kind` (一星 for 一星级: the 一 of 一家养老院 names no level)."""
    for char in kind_words(kind) - kind_words(other):
        if char not in words:
            continue
        if char not in _NUMERALS:
            return True
        at = kind.find(char)
        if kind[at:at + 2] in words:
            return True
    return False


_NUMERALS = frozenset("一二三四五六七八九十两")


def kind_words(kind: str) -> set[str]:
    """The characters that name a kind a rate is for, beyond the plainest (一 of 一星级 names it)."""
    described = re.sub(r"[（(][^）)]*[）)]", "", kind)  # （总质量12吨以上）: a condition, not the kind's name
    return set(CJK.findall(described)) - (_PLAIN_CHARS - set("一"))


def by_kind(rules: list[MoneyRule], words: str, glossed: Callable[[str, str], float] | None = None
            ) -> list[MoneyRule]:
    """A clause's rates for kinds of one unit (甲类车每辆N元；乙类车每辆M元…) narrowed to
    the one the words describe best, when one is best; the other rules stay. Unchanged when the
    clause has no such rates or two fit as well."""
    rates = [r for r in rules if r.kind == "per_unit" and r.amount_yuan and r.unit and r.beneficiary
             and not _ADDED_TO.search(r.text)]  # 每床每月另增加N元: an amount on top of the kinds, not one of them
    siblings = [r for r in rates if sum(1 for o in rates if (o.unit, o.period) == (r.unit, r.period)
                                        and o.beneficiary != r.beneficiary) > 0]
    if len(siblings) < 2:
        return rules
    chosen = _best_kind(siblings, [r.beneficiary for r in siblings], words, glossed)
    if chosen is None and len({r.text for r in siblings}) == len(siblings):
        # each kind in a sentence of its own, whose last words before the rate do not say which kind it is
        # (组织境外游客来本区，团队不少于5人，并在本区住宿1晚及以上的，按每人次N元): the whole condition
        # (long conditions: the one sharing most of its own words, by a clear margin, not the shortest)
        chosen = _best_kind(siblings, [_condition_of(r) for r in siblings], words, glossed, margin=2)
    if chosen is None:
        return rules
    return [r for r in rules if r is chosen or not (r in siblings and (r.unit, r.period) == (chosen.unit, chosen.period))]


def _condition_of(rule: MoneyRule) -> str:
    """A rule's sentence up to the words that name who it pays: every condition it is paid on, after
    any lead-in that ends in a colon (对养老机构给予补贴：一星级每床…), which all the kinds share."""
    end = rule.text.find(rule.beneficiary)
    if not rule.beneficiary or end < 0:
        return rule.beneficiary
    said = rule.text[:end + len(rule.beneficiary)]
    return re.split(r"[：:]", said)[-1]


def _best_kind(siblings: list[MoneyRule], kinds: list[str], words: str,
               glossed: Callable[[str, str], float] | None, margin: float = 0) -> MoneyRule | None:
    """The rate whose kind (`kinds`, one per rate) the words describe best, or None when none or two do.
    With a `margin`, the kind sharing most words beyond what all share, by at least that many more
    than the next."""
    raw = [kind_fit(words, kind, glossed) for kind in kinds]
    common = min(shared for shared, _ in raw)  # what every kind shares (车 of 几辆车) tells none from another
    if margin:
        ranked = sorted(((shared - common, i) for i, (shared, _) in enumerate(raw)), reverse=True)
        (best, index), (second, other) = ranked[0], ranked[1]
        if best - second < margin or (CJK.search(words) and not _says_apart(words, kinds[index], kinds[other])):
            return None
        return siblings[index]
    # the kind most of whose own words are said first (中级证 names 取得中级证书 better than a longer kind
    # that shares the clause's topic word), then the one sharing most
    fits = sorted((((share, shared - common), i) for i, (shared, share) in enumerate(raw)), reverse=True)
    (best, index), (second, other) = fits[0], fits[1]
    if best[1] <= 0 or best == second or second[1] > 0 and second[0] >= 1:
        return None  # none fits, two fit alike, or the words name another kind wholly too (银奖 and 一等奖)
    if CJK.search(words) and not _says_apart(words, kinds[index], kinds[other]):
        return None  # 一星级 against 二星级 with neither 一星 nor 二星 said: nothing tells them apart
    return siblings[index]


def _period_words(period: str) -> tuple[str, str, str]:
    return ("个月", "month", "months") if period == "月" else ("年", "year", "years")


def _capped_rate(rule: MoneyRule, q: Quantities, money: list, done) -> Calculation | Question | None:
    """按实际租金的N%补贴，每平方米每月最高M元，面积不超过K平方米，连续支持J年: the share of the
    user's rate per measure, capped, times the measure paid for, times the periods paid."""
    measure = measure_of(rule.cap_unit)
    if not measure:
        return None  # a cap per something that is not a measure the questions can state: quoted
    rates = [m for m in money if m.per_measure == measure]
    areas = [c for c in q.counts if c.noun == measure]
    if not rates and not areas:
        return None
    word_zh, word_en, words_en = _period_words(rule.cap_period)
    if not rates:
        return Question(f"请说明每{measure}的单价（每{word_zh.lstrip('个')}多少元）。",
                        f"What is the price per {unit_in_english(measure)} (yuan per {word_en})?")
    if not areas:
        return Question(f"请说明面积或数量（多少{measure}）。", f"How many {unit_in_english(measure)} is it?")
    spans = sorted({d.months for d in q.durations})
    if rule.cap_period and not spans:
        return Question("请说明时长（几个月或几年）。", "For how long (months or years)?")
    if len(spans) > 1 or len(rates) > 1 or len(areas) > 1:
        return Question("问题里有几个不同的数量，请说明按哪一个计算。", "Several different figures are stated: which one applies?")
    rate, area, months = Decimal(rates[0].yuan), areas[0].value, spans[0] if spans else Decimal(1)
    share = Decimal(rule.share or "0")
    per = rate * share
    paid = min(per, Decimal(rule.cap_yuan))
    zh = [f"每{measure}{'每月' if rule.cap_period == '月' else '每年' if rule.cap_period else ''}："
          f"{plain_number(rate)}元 × {plain_number(share)} = {plain_number(per)}元"
          + (f"，超过上限{format_zh(rule.cap_yuan)}，按上限计" if per > rule.cap_yuan else f"，未超过上限{format_zh(rule.cap_yuan)}")]
    en = [f"Per {unit_in_english(measure)}{' per ' + word_en if rule.cap_period else ''}: "
          f"CNY {plain_number(rate)} × {plain_number(share)} = CNY {plain_number(per)}"
          + (f", above the cap of {format_en(rule.cap_yuan)}, so the cap applies" if per > rule.cap_yuan
             else f", within the cap of {format_en(rule.cap_yuan)}")]
    units, capped = area, per > rule.cap_yuan
    if rule.max_units and area > rule.max_units:
        zh.append(f"最多{rule.max_units}{measure}：{plain_number(area)}按{rule.max_units}计")
        en.append(f"At most {rule.max_units} {unit_in_english(measure)}: {plain_number(area)} counts as {rule.max_units}")
        units, capped = Decimal(rule.max_units), True
    periods = months if rule.cap_period == "月" else months / 12 if rule.cap_period == "年" else Decimal(1)
    if rule.max_periods and periods > rule.max_periods:
        zh.append(f"最长{rule.max_periods}{word_zh}：{plain_number(periods)}按{rule.max_periods}计")
        en.append(f"At most {rule.max_periods} {words_en}: {plain_number(periods)} counts as {rule.max_periods}")
        periods, capped = Decimal(rule.max_periods), True
    result = paid * units * periods
    zh.append(f"{plain_number(paid)}元 × {plain_number(units)}{measure}"
              + (f" × {plain_number(periods)}{word_zh}" if rule.cap_period else "") + f" = {format_zh(_yuan(result))}")
    en.append(f"CNY {plain_number(paid)} × {plain_number(units)} {unit_in_english(measure)}"
              + (f" × {plain_number(periods)} {words_en}" if rule.cap_period else "") + f" = {format_en(_yuan(result))}")
    return done("rate", {"rate_yuan": str(plain_number(rate)), "measure": str(plain_number(units)),
                         "periods": str(plain_number(periods))}, result, rule.cap_yuan, capped, zh, en)


def _yearly_cap(rule: MoneyRule, q: Quantities, per_year: list, done, money: list = ()) -> Calculation | None:
    """A share capped per year (每家企业每年最高30万元，连续支持不超过2年) of a yearly base over several
    years: each year's share, capped, for the years stated and the clause pays; or of each year's
    own base when the question gives one amount per year (两年利息分别是40万、70万)."""
    spans = sorted({d.months for d in q.durations})
    if not per_year and len(spans) == 1 and len(money) >= 2 and spans[0] == 12 * len(money):
        return _capped_each_year(rule, list(money), done)
    if len(per_year) != 1 or len(spans) != 1:
        return None  # a total over several years cannot be split into years: the clause is quoted
    yearly, years = Decimal(per_year[0].yuan), spans[0] / 12
    share, cap = Decimal(rule.share or "0"), Decimal(rule.cap_yuan)
    each = yearly * share
    paid = min(each, cap)
    zh = [f"每年：{format_zh(_yuan(yearly))} × {plain_number(share)} = {format_zh(_yuan(each))}"
          + (f"，超过每年上限{format_zh(rule.cap_yuan)}，按上限计" if each > cap else f"，未超过每年上限{format_zh(rule.cap_yuan)}")]
    en = [f"Each year: {format_en(_yuan(yearly))} × {plain_number(share)} = {format_en(_yuan(each))}"
          + (f", above the cap of {format_en(rule.cap_yuan)} a year, so the cap applies" if each > cap
             else f", within the cap of {format_en(rule.cap_yuan)} a year")]
    capped = each > cap
    if rule.max_periods and years > rule.max_periods:
        zh.append(f"最多支持{rule.max_periods}年：{plain_number(years)}年按{rule.max_periods}年计")
        en.append(f"Paid for at most {rule.max_periods} years: {plain_number(years)} count as {rule.max_periods}")
        years, capped = Decimal(rule.max_periods), True
    result = paid * years
    zh.append(f"{format_zh(_yuan(paid))} × {plain_number(years)}年 = {format_zh(_yuan(result))}")
    en.append(f"{format_en(_yuan(paid))} × {plain_number(years)} years = {format_en(_yuan(result))}")
    return done("share", {"base_yuan": _yuan(yearly), "share": str(share), "years": str(plain_number(years))},
                result, rule.cap_yuan, capped, zh, en)


def _capped_each_year(rule: MoneyRule, yearly: list, done) -> Calculation:
    """Each year's share of its own amount, capped per year, for the years the clause pays."""
    paid_years = yearly[:rule.max_periods] if rule.max_periods else yearly
    zh, en, parts, capped = _capped_each(rule, paid_years, ("第{}年", "每年"), ("Year {}", "the yearly cap"))
    if len(paid_years) < len(yearly):
        zh.append(f"最多支持{rule.max_periods}年：第{rule.max_periods + 1}年起不计")
        en.append(f"Paid for at most {rule.max_periods} years: later years do not count")
        capped = True
    return _summed(rule, yearly, zh, en, parts, capped, done)


def _capped_each(rule: MoneyRule, amounts: list, zh_names: tuple[str, str], en_names: tuple[str, str]
                 ) -> tuple[list[str], list[str], list[Decimal], bool]:
    """The rule's share of each amount, each held to the cap; the working names each by
    `zh_names`/`en_names` (its label with {} for its number, and what the cap is counted per)."""
    share, cap = Decimal(rule.share or "0"), Decimal(rule.cap_yuan)
    zh, en, parts, capped = [], [], [], False
    for index, amount in enumerate(amounts, 1):
        each = Decimal(amount.yuan) * share
        parts.append(min(each, cap))
        capped = capped or each > cap
        zh.append(f"{zh_names[0].format(index)}：{format_zh(amount.yuan)} × {plain_number(share)} = "
                  f"{format_zh(_yuan(each))}" + (f"，超过{zh_names[1]}上限，按{format_zh(rule.cap_yuan)}计"
                                                 if each > cap else ""))
        en.append(f"{en_names[0].format(index)}: {format_en(amount.yuan)} × {plain_number(share)} = "
                  f"{format_en(_yuan(each))}" + (f", above {en_names[1]}, so {format_en(rule.cap_yuan)}"
                                                 if each > cap else ""))
    return zh, en, parts, capped


def _summed(rule: MoneyRule, amounts: list, zh: list[str], en: list[str], parts: list[Decimal], capped: bool,
            done) -> Calculation:
    """The parts computed one by one (`_capped_each`), added up, with that line of the working."""
    total = sum(parts, Decimal(0))
    zh.append("合计：" + " + ".join(format_zh(_yuan(p)) for p in parts) + f" = {format_zh(_yuan(total))}")
    en.append("Total: " + " + ".join(format_en(_yuan(p)) for p in parts) + f" = {format_en(_yuan(total))}")
    return done("share", {"bases_yuan": [m.yuan for m in amounts], "share": str(rule.share or "0")}, total,
                rule.cap_yuan, capped, zh, en)


def choose_and_calculate(rules: list[MoneyRule], doc: str, q: Quantities, relevance: Callable[[MoneyRule], float],
                         similar: Callable[[str, str], float], glossed: Callable[[str, str], float] | None = None
                         ) -> Calculation | Question | None:
    """Try the clause's rules, most relevant to the question first; the first that applies wins.
    `glossed` tells how many English words a Chinese phrase's glosses share (see `the_base`)."""
    if not q or not rules:
        return None
    if _listed_amounts(q.money):  # 分别亏了N万、M万 under 每个项目最高…，同一主体全年最高…: each item its own base
        each = {r.share for r in rules if r.kind == "share" and r.cap_yuan and _EACH_ITEM.search(r.beneficiary)}
        rules = [r for r in rules if not (r.kind == "share" and r.share in each and _HOLDER.match(r.beneficiary)
                                          and not _EACH_ITEM.search(r.beneficiary))] or rules
    scored = sorted(((relevance(r) + base_fit(r, q), i, r) for i, r in enumerate(rules)), key=lambda s: (-s[0], s[1]))
    results: dict[int, Calculation | Question | None] = {}

    def result_of(rule: MoneyRule):  # each rule worked out once, and only when needed
        if id(rule) not in results:
            results[id(rule)] = calculate(rule, doc, q, similar, glossed)
        return results[id(rule)]

    tied = [r for score, _, r in scored if score == scored[0][0]]
    if len(tied) > 1 and all(r.kind == "fixed" for r in tied) and len({r.amount_yuan for r in tied}) > 1:
        return None  # 全球首店100万、全国首店50万… and a question that names none of them: no tier is picked for it
    top = None  # the score of the first rule not passed over: a rule skipped below sets no bar for a rate
    # paid per a measure the question states (N度 for 每千瓦时a元 after a cap 单个…每年M万)
    for score, _, rule in scored:
        result = result_of(rule)
        if isinstance(result, Calculation) and rule.kind == "fixed" and result.inputs.get("count", 1) > 1 and any(
                isinstance(result_of(other), Calculation) for other in rules if other.kind == "per_unit"):
            continue  # 一次性补贴N元；每招用1人再给予M元 with 3人: the people are the per-unit rule's, not N × 3
        if isinstance(result, Calculation) and rule.kind == "cap" and result.inputs.get("count", 1) > 1 and any(
                other.kind == "per_unit" for other in rules):
            continue  # 每人次N元，每批次最高M万元 with 300 pupils: what the rate is paid per, not M × 300
        if isinstance(result, Calculation) and "requested_yuan" in result.inputs and any(
                other.kind in ("per_unit", "share") for other in rules):
            continue  # 每张N元，单个机构最高M万元 with a rent of 50万 a year: the cap bounds what the rates
            # give; an amount the question states is not a sum asked for under it
        top = score if top is None else top
        bar = top if _per_measure_stated(rule, result) else scored[0][0]
        if result is not None:
            if rule.kind == "fixed" and score < bar:
                return None  # the rule the question describes needs what it does not say: not another's fixed amount
            if rule.kind in ("share", "per_unit") and score < bar - 1:
                # nor another's share or rate, whose words fit the question by a whole word less (a village's
                # income had been paid a household's 50% of its own spending, capped per household; a patent
                # granted abroad the rate per international application)
                return None
            return result
    return None


def _per_measure_stated(rule: MoneyRule, result) -> bool:
    """Whether a rule's result pays per a measure (千瓦时, 平方米) for a quantity the question states in it."""
    return isinstance(result, Calculation) and rule.kind == "per_unit" and bool(measure_of(rule.unit))


# characters any base or any amount's words may have: they tell no base from another
_PLAIN_CHARS = set("的了是为在和与及或元万亿年月度实际额总共计一")


def base_fit(rule: MoneyRule, q: Quantities) -> int:
    """How well the words around a stated amount fit a share's base (交了80万的检测费 fits 实际支付
    检测费用, not 检测合同到账收入): the characters they share, beyond the plainest ones; 0 for
    other rules."""
    if rule.kind != "share" or not rule.base:
        return 0
    base = set(rule.base) - _PLAIN_CHARS
    return max((len(set(m.said_of[-6:] + m.said_after) & base) for m in q.money), default=0)


def base_words_fit(rule: MoneyRule, m: Money, glossed: Callable[[str, str], float] | None) -> float:
    """How far the words next to an amount say it is a share's base: the base's telling characters
    among them, or in English the words the base's glosses have."""
    if CJK.search(m.said_of[-6:] + m.said_after):
        return len(set(m.said_of[-6:] + m.said_after) & (set(rule.base) - _PLAIN_CHARS))
    near = " ".join(m.said_of.split()[-5:] + m.said_after.split()[:5])  # the words next to it, not the sentence's
    return glossed(near, rule.base) if rule.base and glossed else 0.0


def the_base(rule: MoneyRule, money: list[Money], glossed: Callable[[str, str], float] | None) -> Money | None:
    """Which of the question's amounts a share is taken of: the only one, or the one said with the
    base's words (贷了3000万，交了60万担保费 for 实际缴纳担保费: 60万); None when the words tell
    two apart by nothing, for the asker to say rather than a guess."""
    distinct = list({m.yuan: m for m in money}.values())
    if len(distinct) == 1:
        return distinct[0]
    scores = sorted(((base_words_fit(rule, m, glossed), i) for i, m in enumerate(distinct)), reverse=True)
    if scores[0][0] > 0 and scores[0][0] == scores[1][0] and glossed and rule.base:
        # "earns 2 million a year and his local contribution came to 1.5 million": the words after one
        # amount are the next one's; the words before an English amount say what it is
        before = [(glossed(" ".join(m.said_of.split()[-5:]), rule.base) if not CJK.search(m.said_of[-6:]) else 0.0, i)
                  for i, m in enumerate(distinct)]
        before.sort(reverse=True)
        if before[0][0] > 0 and before[0][0] > before[1][0]:
            return distinct[before[0][1]]
    if scores[0][0] <= 0 or scores[0][0] == scores[1][0]:
        return None
    return distinct[scores[0][1]]


# 实际投资额（不含某项费用） / 不包括… / 扣除…: a part of the sum the base leaves out
_LEFT_OUT = re.compile(r"[（(]?(?:不含|不包括|不包含|扣除|除去)(?P<part>[^）)，。；]{2,20})[）)]?")
# 其中某项M万 / 含某项 / of which / including: the part is inside the total stated before it
_INSIDE = re.compile(r"其中|(?:这|那)?(?:里面|里头|当中)|含|包括|\bof (?:it|which|that)\b|\bincluding\b|\bincludes?\b|\bincl\b", re.IGNORECASE)


def _said_of(m: Money, part: str, glossed: Callable[[str, str], float] | None) -> bool:
    """Whether the words by an amount say it is an amount of `part` (场地租金200万 of 场地租金): two
    of its telling characters in the words since the last stop or just after, or in English the
    dictionary's glosses."""
    wanted = set(part) - _PLAIN_CHARS
    own = re.split(r"[，,；;。]", m.said_of)[-1]  # the words since the last stop
    if CJK.search(own + m.said_after):
        return len(set(own + m.said_after[:6]) & wanted) >= 2
    near = " ".join(m.said_of.split()[-5:] + m.said_after.split()[:5])
    return bool(glossed and glossed(near, part) > 0)


def _inside(m: Money) -> bool:
    """其中某项M万 / 这里面某项 / of which: the part is inside the total stated before it."""
    own = re.split(r"[，,；;。]", m.said_of)[-1][-12:]
    return bool(_INSIDE.search(own + " " + m.said_after[:12]))


def _less_excluded(rule: MoneyRule, money: list[Money],
                   glossed: Callable[[str, str], float] | None) -> tuple[Money, Money, bool] | None:
    """The sum a share is of when its base leaves a part out (实际投资额（不含某项费用）) and the
    question states that part with its words beside one other amount: (the other amount, the part,
    whether the part is inside it: 其中 / of which). None unless exactly one amount is the part's."""
    found = _LEFT_OUT.search(rule.base)
    distinct = list({m.yuan: m for m in money}.values())
    if not found or len(distinct) != 2:
        return None
    parts = [m for m in distinct if _said_of(m, found.group("part"), glossed)]
    if len(parts) != 1:
        return None
    part = parts[0]
    whole = next(m for m in distinct if m is not part)
    inside = _inside(part)
    if inside and whole.yuan <= part.yuan:
        return None
    return whole, part, inside


_PAID_AGAIN = re.compile(r"(?:再|另外?|额外)(?:给予|奖励|补贴|资助|发放)")


_ONE_OFF_FIT = 0.3  # share of a one-off rule's condition characters the part of the count must have


def only_those_qualifying(outcome: Calculation | Question | None, q: Quantities,
                          similar: Callable[[str, str], float]) -> Calculation | Question | None:
    """An amount per unit whose unit carries a condition (每带教1名学徒（须…出师后留用满半年）),
    and a question that says how many of those counted meet it (带了40个，…留用满半年的只有25个):
    paid for those only. Unchanged otherwise."""
    if not isinstance(outcome, Calculation) or outcome.kind != "per_unit":
        return outcome
    rule = MoneyRule(**outcome.rule)
    unit_at = rule.text.find(rule.unit) if rule.unit else -1
    condition = re.match(r"\s*[（(](?P<what>[^）)]+)[）)]", rule.text[unit_at + len(rule.unit):]) if unit_at >= 0 else None
    parts = [c for c in q.counts if c.part_of and c.classifier and c.value < outcome.inputs.get("count", 0)]
    if not condition or len(parts) != 1 or similar(parts[0].part_of, condition.group("what")) < _ONE_OFF_FIT:
        return outcome
    paid = calculate(rule, outcome.doc, Quantities(counts=[replace(parts[0], part_of="")]), similar)
    if not isinstance(paid, Calculation):
        return outcome
    return replace(paid, steps_zh=[f"符合条件（{condition.group('what')}）的：{parts[0].part_of}"] + paid.steps_zh,
                   steps_en=[f"Those meeting the condition ({condition.group('what')}): {parts[0].part_of}"]
                   + paid.steps_en)


def with_add_on(outcome: Calculation, rules: list[MoneyRule], q: Quantities,
                similar: Callable[[str, str], float]) -> Calculation:
    """An amount per unit, plus what the clause pays again for the part of them the question
    describes (每件80万元；…排名前5的，每件再给予20万元 with 4件，其中1件排名全省第三):
    the add-on times that part, summed. Unchanged when no part is said or none fits an add-on."""
    rule = MoneyRule(**outcome.rule)
    if outcome.kind != "per_unit" or not any(c.part_of for c in q.counts):
        return outcome
    again = [r for r in rules if r.kind == "per_unit" and r.unit == rule.unit and r.amount_yuan
             and r.amount_yuan != rule.amount_yuan and r.beneficiary and _PAID_AGAIN.search(r.text)]
    # 每人每月N元…；期满后留园区工作并签订2年以上合同的，一次性给予M万元 with 三名…其中一名留园区、签了3年:
    # a one-off sum for each of the people the part describes, when its words are the part's
    one_off = [r for r in rules if r.kind == "fixed" and r.amount_yuan and r.beneficiary and "一次性" in r.text
               and not r.unit] if counts_people(rule.unit) else []
    zh, en, added = list(outcome.steps_zh), list(outcome.steps_en), 0
    for part in (c for c in q.counts if c.part_of):
        fits = [r for r in again if similar(part.part_of, r.beneficiary) > 0] or [
            r for r in one_off if similar(part.part_of, r.beneficiary) >= _ONE_OFF_FIT
            and not unmet_conditions(r, part.part_of)]
        if len(fits) != 1:
            continue
        extra = fits[0].amount_yuan * int(part.value)
        added += extra
        zh.append(f"其中{plain_number(part.value)}个符合“{fits[0].beneficiary}”，再给予：{format_zh(fits[0].amount_yuan)} × "
                  f"{plain_number(part.value)} = {format_zh(extra)}")
        en.append(f"{plain_number(part.value)} of them meet “{fits[0].beneficiary}”, paid again: "
                  f"{format_en(fits[0].amount_yuan)} × {plain_number(part.value)} = {format_en(extra)}")
    if not added:
        return outcome
    total = outcome.result_yuan + added
    zh.append(f"合计：{format_zh(outcome.result_yuan)} + {format_zh(added)} = {format_zh(total)}")
    en.append(f"Total: {format_en(outcome.result_yuan)} + {format_en(added)} = {format_en(total)}")
    return replace(outcome, result_yuan=total, steps_zh=zh, steps_en=en, inputs={**outcome.inputs, "add_on_yuan": added})


# a question asking for the amount paid again alone (每多招一个人额外给多少 / how much extra per hire)
_EXTRA_ASKED = re.compile(r"额外|另外|再给|再补|再奖|多给|每多|\bextra\b|\badditional\b|on top|\bmore (?:for|per) each\b",
                          re.IGNORECASE)


def with_amount_before(outcome: Calculation | Question | None, rules: list[MoneyRule],
                       question: str) -> Calculation | Question | None:
    """An amount per unit the clause pays again (给予开业补贴N元；…每招用1人再给予M元), with the fixed
    amount it follows added: what the one who meets both gets, unless the question asks for the
    extra alone. Unchanged when the rule is not paid again or no fixed amount comes before it."""
    if not isinstance(outcome, Calculation) or outcome.kind != "per_unit" or _EXTRA_ASKED.search(question):
        return outcome
    rule = MoneyRule(**outcome.rule)
    if not _PAID_AGAIN.search(rule.text) or rule not in rules:
        return outcome
    before = [r for r in rules[:rules.index(rule)] if r.kind == "fixed" and r.amount_yuan
              and not _PAID_AGAIN.search(r.text)]
    if not before:
        return outcome
    first = before[-1]
    total = outcome.result_yuan + first.amount_yuan
    zh = [f"{first.funds or '定额'}：{format_zh(first.amount_yuan)}", "再给予：" + " ".join(outcome.steps_zh),
          f"合计：{format_zh(first.amount_yuan)} + {format_zh(outcome.result_yuan)} = {format_zh(total)}"]
    en = [f"The fixed amount: {format_en(first.amount_yuan)}", "Paid again on top: " + " ".join(outcome.steps_en),
          f"Total: {format_en(first.amount_yuan)} + {format_en(outcome.result_yuan)} = {format_en(total)}"]
    return replace(outcome, result_yuan=total, steps_zh=zh, steps_en=en,
                   inputs={**outcome.inputs, "fixed_before_yuan": first.amount_yuan})


# 在享受本条第（一）项补贴的基础上，…再补贴: paid on top of what another item of the clause pays
_ON_TOP_OF = re.compile(r"在(?:享受|获得|给予)?(?:本条|本款|上述|前述)?第?[（(](?P<item>[一二三四五六七八九十]+)[）)]项?[^，。；]{0,12}?基础上")


def on_top_of(outcome: Calculation, rules: list[MoneyRule], q: Quantities,
              similar: Callable[[str, str], float]) -> Calculation:
    """An amount per unit the clause pays on top of another item's (在享受第（一）项补贴的基础上，每亩再补贴N元),
    with that item's amount for the same quantity added, held to that item's own cap: the total a
    question asking for both together gets. Unchanged when no such item is named or found."""
    rule = MoneyRule(**outcome.rule)
    named = _ON_TOP_OF.search(rule.text) if outcome.kind == "per_unit" else None
    if not named:
        return outcome
    item = f"（{named.group('item')}）"
    under = [r for r in rules if r.text.lstrip().startswith(item) and r.text != rule.text]
    base = [r for r in under if r.kind == "per_unit" and measure_of(r.unit) == measure_of(rule.unit)]
    if len(base) != 1:
        return outcome
    first = calculate(base[0], outcome.doc, q, similar)
    if not isinstance(first, Calculation):
        return outcome
    first = within_total_cap(first, under)
    total = outcome.result_yuan + first.result_yuan
    zh = [f"{item}项：" + " ".join(first.steps_zh), "在其基础上：" + " ".join(outcome.steps_zh),
          f"合计：{format_zh(first.result_yuan)} + {format_zh(outcome.result_yuan)} = {format_zh(total)}"]
    en = [f"Item {item}: " + " ".join(first.steps_en), "On top of it: " + " ".join(outcome.steps_en),
          f"Total: {format_en(first.result_yuan)} + {format_en(outcome.result_yuan)} = {format_en(total)}"]
    return replace(outcome, result_yuan=total, steps_zh=zh, steps_en=en,
                   inputs={**outcome.inputs, "on_top_of_yuan": first.result_yuan})


def within_item_caps(outcome: Calculation, rules: list[MoneyRule]) -> Calculation:
    """One item's amount held to the clause's cap on each item (每部作品补助最高不超过N万元), before
    the items are added."""
    caps = [r for r in rules if r.kind == "cap" and r.amount_yuan and r.to_dict() != outcome.rule and per_item_cap(r)]
    if not caps or outcome.result_yuan is None:
        return outcome
    cap = min(caps, key=lambda r: r.amount_yuan)
    if outcome.result_yuan <= cap.amount_yuan:
        return outcome
    zh = outcome.steps_zh + [f"超过{own_part(cap)}，按{format_zh(cap.amount_yuan)}计"]
    en = outcome.steps_en + [f"Above the cap on each item ({format_en(cap.amount_yuan)}): {format_en(cap.amount_yuan)}"]
    return replace(outcome, result_yuan=cap.amount_yuan, cap_yuan=cap.amount_yuan, capped=True, steps_zh=zh, steps_en=en)


def combine(parts: list[Calculation], names: list[tuple[str, str]] | None = None) -> Calculation:
    """Several applicants or groups under one clause: each part's working, then the sum. `names`
    (Chinese, English) head each part's steps instead of 第N组 / Group N (the clause of each of
    several measures)."""
    total = sum(p.result_yuan for p in parts)
    zh, en = [], []
    for index, part in enumerate(parts, 1):
        name_zh, name_en = names[index - 1] if names else (f"第{index}组", f"Group {index}")
        zh += [f"{name_zh}：{step}" for step in part.steps_zh]
        en += [f"{name_en}: {step}" for step in part.steps_en]
    zh.append("合计：" + " + ".join(format_zh(p.result_yuan) for p in parts) + f" = {format_zh(total)}")
    en.append("Total: " + " + ".join(format_en(p.result_yuan) for p in parts) + f" = {format_en(total)}")
    first = parts[0]
    caveats_zh = list(dict.fromkeys(c for p in parts for c in p.caveats_zh))
    caveats_en = list(dict.fromkeys(c for p in parts for c in p.caveats_en))
    return Calculation(first.doc, first.clause, "sum", {"parts": [p.inputs for p in parts]}, total,
                       None, any(p.capped for p in parts), zh, en, caveats_zh, caveats_en, first.rule)


def over_longest_term(rules: list[MoneyRule], q: Quantities) -> Quantities | None:
    """A yearly amount asked over the whole term (最多能补几年…一共多少) for a clause paid by the year
    for at most N years (每年最高M万元，累计不超过3年): the quantities with the N years as their span.
    None when no span is to be added (one is stated, no amount is yearly, the clause sets no one term)."""
    terms = {r.max_periods for r in rules if r.max_periods and "年" in (r.period, r.cap_period)}
    if len(terms) != 1 or q.durations or not any(m.per_year for m in q.money):
        return None
    years = terms.pop()
    return replace(q, durations=[Duration(Decimal(12 * years), f"最长{years}年")])


def over_longest_span(rules: list[MoneyRule], q: Quantities) -> Quantities | None:
    """The most an amount per unit and month (or year) can come to, asked with a count and no span
    (五家门店最多一共能拿多少 for 每家每月…，最长不超过6个月): the quantities with the clause's
    longest span. None when a span is stated, nothing is counted, or the clause sets no one span."""
    spans = {(r.max_periods, r.period) for r in rules
             if r.kind == "per_unit" and r.max_periods and r.period in ("月", "年")}
    if len(spans) != 1 or q.durations or not q.counts or q.money:
        return None
    n, period = spans.pop()
    return replace(q, durations=[Duration(Decimal(n * (12 if period == "年" else 1)),
                                          f"最长{n}年" if period == "年" else f"最长{n}个月")])


def _figures_in(value) -> set:
    """Every number among a calculation's inputs, however nested."""
    if isinstance(value, dict):
        return set().union(*map(_figures_in, value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*map(_figures_in, value)) if value else set()
    return {value} if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else set()


def with_round_figures(outcome: Calculation, q: Quantities) -> Calculation:
    """A result computed from a round figure the asker gave (70来万, 600多万) says so: the figure was
    taken as stated, and the amount moves with the real one. Unchanged when a cap decided the
    amount (a figure more than the one stated is capped the same), or no round figure was used."""
    used = _figures_in(outcome.inputs)
    rounded = [m for m in q.money if m.approx and not m.foreign and m.yuan in used]
    if not rounded or outcome.capped:
        return outcome
    zh = [f"“{m.text}”是约数，按{format_zh(m.yuan)}计算；实际金额不同时，结果按同一办法相应变化。" for m in rounded]
    en = [f"“{m.text}” is a round figure, computed as {format_en(m.yuan)}; with the exact figure the amount "
          "changes by the same rule." for m in rounded]
    return replace(outcome, caveats_zh=outcome.caveats_zh + zh, caveats_en=outcome.caveats_en + en)


def _amounts_paid_on(q: Quantities) -> list[Money]:
    """The question's amounts that a share may be taken of or a level read from: not what the asker
    expects, a rate per measure or month, a foreign currency, a rise or what was already received."""
    return [m for m in q.money if m.yuan > 0 and not (
        m.payout or m.per_measure or m.foreign or m.increase or m.per_month or m.received)]


def per_unit_and_share(rules: list[MoneyRule], doc: str, q: Quantities,
                       similar: Callable[[str, str], float]) -> Calculation | None:
    """A clause that pays both so much per unit (每上架1个产品N万元，每家每年至多M万元) and a
    share of an amount (按年度交易额的K%), asked for both together by a question that states a count
    of the unit and one amount: each computed from its own figure and held to the caps of its own
    sentence, then added. None unless the clause has exactly one of each and the question states
    exactly the figures they need."""
    per_unit = [r for r in rules if r.kind == "per_unit" and r.amount_yuan]
    shares = [r for r in rules if r.kind == "share" and r.share]
    amounts = _amounts_paid_on(q)
    if len(per_unit) != 1 or len(shares) != 1 or len(amounts) != 1 or not q.counts:
        return None
    parts = []
    for rule, stated in ((per_unit[0], Quantities(counts=q.counts)), (shares[0], Quantities(money=amounts))):
        part = calculate(rule, doc, stated, similar)
        if not isinstance(part, Calculation):
            return None
        parts.append(within_total_cap(part, [r for r in rules if r.kind == "cap" and r.text == rule.text]))
    pct = plain_number(Decimal(shares[0].share) * 100)
    return combine(parts, [(f"每{per_unit[0].unit}", "Per unit"), (f"{shares[0].base}的{pct}%", f"The {pct}% share")])


def fixed_and_share(rules: list[MoneyRule], doc: str, q: Quantities, similar: Callable[[str, str], float],
                    meets: Callable[[MoneyRule, MoneyRule], bool]) -> Calculation | None:
    """A clause that pays a fixed amount for one thing (首次通过某认证的，一次奖励N万元) and a share of
    a cost of another (委托第三方开展某项的，按费用的K%给予补贴), asked for the total by a question that
    states the cost and, in words of the fixed amount's own (`meets`: not the share's), that the asker
    did its thing: the share computed, the fixed amount added. None otherwise."""
    fixed = [r for r in rules if r.kind == "fixed" and r.amount_yuan and not levels_of(r) and not r.times]
    shares = [r for r in rules if r.kind == "share" and r.share]
    amounts = _amounts_paid_on(q)
    if len(fixed) != 1 or len(shares) != 1 or len(amounts) != 1 or q.counts or not meets(fixed[0], shares[0]):
        return None
    part = calculate(shares[0], doc, Quantities(money=amounts), similar)
    if not isinstance(part, Calculation):
        return None
    pct = plain_number(Decimal(shares[0].share) * 100)
    return combine([named_amount(fixed[0], doc), part],
                   [(fixed[0].funds or "定额", "The fixed amount"), (f"{shares[0].base}的{pct}%", f"The {pct}% share")])


def paid_in_year(rule: MoneyRule, year: int, doc: str, each: bool = False,
                 limits: list[MoneyRule] = (), q: Quantities | None = None, when: str = "") -> Calculation:
    """What a sum paid out over years (`rule.schedule`) pays in one of them (1 = the first), or
    in each of them (`each`, for a sum paid in equal parts); the sum first held to the clause's
    `limits` (装修补助总额不超过合同总价的40%) with the question's quantities `q`."""
    return part_of_year(within_limit(named_amount(rule, doc), list(limits), q or Quantities()), rule, year, each, when)


def named_rule(rules: list[MoneyRule], question: str, tokens: Callable[[str], list[str]],
               glossed: Callable[[str], list[str]] | None = None) -> MoneyRule | None:
    """The one fixed amount or cap of a clause's tiers that a question names (一等奖 of 一等奖、二等奖…;
    国家级…一等奖 of the doubled tiers): the rule whose beneficiary shares the most words with the
    question, then the one with the fewest words the question does not say; None when no word
    tells the tiers apart or two tie. With `glossed` (an English question: its stems, a Chinese
    text's through its glosses), tiers the shared words leave tied (two provincial ones) are told
    apart by the glossed words the question says (testing centre ~ 检测中心), never by how
    few Chinese words an English question leaves unsaid."""
    amounts = [r for r in rules if r.kind in ("fixed", "cap", "per_unit") and r.amount_yuan and r.beneficiary]
    if len([r for r in amounts if r.kind != "per_unit"]) < 2:
        return None
    asked = set(tokens(question))
    words = [set(tokens(r.beneficiary)) for r in amounts]
    common = set.intersection(*words)
    if glossed is not None:
        said = set(glossed(question))
        roots = [set(glossed(r.beneficiary)) for r in amounts]
        shared = set.intersection(*roots)
        by_gloss = [len(said & (g - shared)) for g in roots]
        scored = sorted(((len(asked & (w - common)), by_gloss[i], i) for i, w in enumerate(words)), reverse=True)
    else:
        scored = sorted(((len(asked & (w - common)), -len(w - asked), i) for i, w in enumerate(words)), reverse=True)
    best, second = scored[0], scored[1]
    if best[0] == 0 or best[:2] == second[:2]:
        return None
    named_words = [asked & (w - common) for w in words]
    if any(i != best[2] and named_words[i] and not named_words[i] <= named_words[best[2]] for i in range(len(words))):
        return None  # the question names another tier too (一等奖和二等奖各多少)
    # a rule paid per unit (每条生产线N万元) that the question names best is not one tier's amount: the clause is quoted
    return amounts[best[2]] if amounts[best[2]].kind != "per_unit" else None


def named_amount(rule: MoneyRule, doc: str) -> Calculation:
    """The amount of one named tier, with its working when it is a multiple of another."""
    cap_zh, cap_en = ("最高", "up to ") if rule.kind == "cap" else ("", "")
    if rule.times and rule.of_yuan:
        zh = [f"{rule.beneficiary}：{format_zh(rule.of_yuan)} × {rule.times} = {cap_zh}{format_zh(rule.amount_yuan)}"]
        en = [f"“{rule.beneficiary}”: {format_en(rule.of_yuan)} × {rule.times} = {cap_en}{format_en(rule.amount_yuan)}"]
    else:
        zh = [f"{rule.beneficiary}：{cap_zh}{format_zh(rule.amount_yuan)}"]
        en = [f"“{rule.beneficiary}”: {cap_en}{format_en(rule.amount_yuan)}"]
    return Calculation(doc, rule.clause, "named", {"rule": rule.beneficiary}, rule.amount_yuan,
                       rule.amount_yuan if rule.kind == "cap" else None, False, zh, en,
                       list(rule.caveats), list(rule.caveats_en), rule.to_dict())


# 认定后次年销售额比上年增长20%以上的，再给予3万元: a further amount for a growth the clause names
_FURTHER = re.compile(r"再(?:给予|奖励|补助|补贴|资助)|另(?:行)?(?:给予|奖励)")


def with_growth_award(outcome: Calculation, rules: list[MoneyRule], q: Quantities,
                      years: tuple[Count, Count] | None = None) -> Calculation:
    """A named amount, and the clause's further amount for a growth of at least N% (再给予M万元), when
    the question asks for both together and states the two years' amounts (从A做到了B), or, `years`,
    last year's and this year's counts (去年50家，今年70家): the growth is worked out and the further
    amount added when it reaches N, shown as nothing when it does not. Unchanged when the clause has
    no such further amount or the growth cannot be read."""
    further = [r for r in rules if r.kind == "fixed" and r.amount_yuan and r.to_dict() != outcome.rule
               and _GROWTH_LEVEL.search(r.text) and _FURTHER.search(r.text)]
    if years is not None:
        levels = [years[0].value, years[1].value] if years[0].value > 0 else []
        show_zh = show_en = plain_number
    else:
        levels = sorted({m.yuan for m in _amounts_paid_on(q)})
        show_zh, show_en = format_zh, format_en
    if len(further) != 1 or len(levels) != 2 or outcome.result_yuan is None:
        return outcome
    rule, (low, high) = further[0], levels
    needed = Decimal(_GROWTH_LEVEL.search(rule.text).group(1))
    rate = Decimal(high - low) / Decimal(low) * 100
    met = rate >= needed
    added = rule.amount_yuan if met else 0
    zh = outcome.steps_zh + [f"增长率：({show_zh(high)} − {show_zh(low)}) ÷ {show_zh(low)} = "
                             f"{plain_number(_two_places(rate))}%，{'达到' if met else '未达到'}{plain_number(needed)}%："
                             f"再给予{format_zh(added)}",
                             f"合计：{format_zh(outcome.result_yuan)} + {format_zh(added)} = "
                             f"{format_zh(outcome.result_yuan + added)}"]
    en = outcome.steps_en + [f"Growth: ({show_en(high)} − {show_en(low)}) ÷ {show_en(low)} = "
                             f"{plain_number(_two_places(rate))}%, {'at least' if met else 'below'} "
                             f"{plain_number(needed)}%: a further {format_en(added)}",
                             f"Total: {format_en(outcome.result_yuan)} + {format_en(added)} = "
                             f"{format_en(outcome.result_yuan + added)}"]
    return replace(outcome, kind="sum", result_yuan=outcome.result_yuan + added, steps_zh=zh, steps_en=en)


def part_of_year(whole: Calculation, rule: MoneyRule, year: int, each: bool = False, when: str = "") -> Calculation:
    """The part of a computed sum paid in one year when the clause pays it out over years
    (补助资金分三年按5:3:2比例拨付): the whole, then that year's share of it. `each`: the
    question asks what every year pays, which the working says when the parts are equal;
    `when`: the clause's words for when the part asked is paid (项目验收合格后), when it was
    asked by them."""
    share = Decimal(rule.schedule[year - 1])
    result = _yuan(Decimal(whole.result_yuan) * share)
    parts = "∶".join(plain_number(Decimal(x) * 100) + "%" for x in rule.schedule)
    each = each and len(set(rule.schedule)) == 1
    which_zh, which_en = ("每年", "Each year") if each else (f"第{year}年", f"Year {year}")
    if when:
        which_zh, which_en = f"第{year}笔（{when}）", f"Part {year} ({when})"
    zh = whole.steps_zh + [f"分{len(rule.schedule)}{'笔' if when else '年'}拨付，各{'笔' if when else '年'}比例 {parts}",
                           f"{which_zh}：{format_zh(whole.result_yuan)} × {plain_number(share * 100)}% = {format_zh(result)}"]
    en = whole.steps_en + [f"Paid {'in' if when else 'over'} {len(rule.schedule)} {'instalments' if when else 'years'} "
                           f"in parts of {parts}",
                           f"{which_en}: {format_en(whole.result_yuan)} × {plain_number(share * 100)}% = {format_en(result)}"]
    return Calculation(whole.doc, whole.clause, "schedule", {**whole.inputs, "year": year}, result, whole.cap_yuan,
                       whole.capped, zh, en, whole.caveats_zh, whole.caveats_en, whole.rule)


def referred_rules(rules: list[MoneyRule], question_tokens: set[str], tokens: Callable[[str], list[str]]
                   ) -> list[MoneyRule]:
    """The fixed amounts and caps of one clause that a question names, each by a word of its
    beneficiary that no other of the clause's rules has (“企业” for one, “学生” for the other)."""
    amounts = [r for r in rules if r.kind in ("fixed", "cap") and r.amount_yuan]
    if len(amounts) < 2:
        return []
    words = [set(tokens(r.beneficiary + r.funds)) for r in amounts]
    named = []
    for i, rule in enumerate(amounts):
        others = set().union(*(w for j, w in enumerate(words) if j != i))
        if question_tokens & (words[i] - others):
            named.append(rule)
    return named


# 晋档补差: a clause that pays only the difference when a higher tier follows a lower one
_DIFFERENCE = re.compile(r"差额")
# …and a question that says a tier was had before (领过, 又升为, how much more)
_UPGRADE_CUE = re.compile(r"升|晋|又|再|已经|之前|以前|原来|曾经?|领过|拿过|获得过|评过|\bmore\b|\bpreviously\b|"
                          r"\balready\b|\bupgrad|\bpromot", re.IGNORECASE)


_DENIED = re.compile(r"(?:不是|并非|非|没有|未|不属于|不算)$|\b(?:not|n't|no|non)[\s-]*(?:an?\s+|the\s+)?$", re.IGNORECASE)


def condition_met(rule: MoneyRule, question: str, tokens: Callable[[str], list[str]],
                  others: list[MoneyRule] = (), english: Callable[[str], set[str]] | None = None) -> bool:
    """For a multiple (对高新技术企业…按上述标准的2倍, `rule.times`): whether the question says it meets
    the condition, by a word of the condition that the base rule's words do not have, nor the
    sentences of the clause's other rules (`others`: 考核为甲等的… against 考核为乙等的, only
    乙等 tells them apart), not denied (不是高新技术企业). An English question is read against the
    condition's English words (`english`: a text's glossed stems). Any other rule: True."""
    if not rule.times:
        return True
    condition, _, base = rule.beneficiary.partition("：")
    if years_of_term(condition) and not _YEAR_OF_TERM.sub("", _YEARS_OF_TERM.sub("", condition)).strip("，,、起及和 "):
        return True  # 前三年… / 第四年起按前述标准的60%: a stage of the term, paid in its own years, met by any asker
    if english is not None and not CJK.search(question):
        own = english(condition) - english(base) - {
            word for other in others if not other.times for word in english(other.text)}
        said = own & agent_roots(tokens(question))
        if said and not any(word in question.lower() for word in said):
            return True  # stems that are no substring of the words said: no denial to look for
    else:
        said = set(tokens(condition)) - set(tokens(base)) - {
            word for other in others if not other.times for word in tokens(other.text)}
    found = [at for at in (question.lower().find(word.lower()) for word in said) if at >= 0]
    if not found:
        return False
    first = min(found)  # 不是高新技术企业: a denial stands before the condition's first word
    return not _DENIED.search(question[max(0, first - 6):first])


def _rate_times_quantity(money: list[Money], q: Quantities, similar: Callable[[str, str], float]) -> list[Money]:
    """A base stated as a rate and the quantity it is paid for (保费每亩45元，300亩 / a premium of 45 yuan
    per mu on 300 mu): the one amount they make, said as its working; [] otherwise."""
    rates = [m for m in money if m.per_measure and not m.per_month]
    found = total_count(q.counts, rates[0].per_measure, similar) if len(rates) == 1 else None
    if not found:
        return []
    base = as_yuan(Decimal(rates[0].yuan) * found[0])
    return [replace(rates[0], yuan=base, per_measure="",
                    text=f"{plain_number(Decimal(rates[0].yuan))}元/{rates[0].per_measure} × {found[1]} = {format_zh(base)}")]


def _share_each_year(rule: MoneyRule, money: list[Money], q: Quantities, done) -> Calculation | Question | None:
    """A share of its base paid for each year (按本金给予每年3个百分点的补助，补助年限最长2年):
    the base × the share × the years stated (a part of a year by its months), at most the rule's
    years. The term is asked back when the question does not state it; it is never assumed."""
    bases = list({m.yuan: m for m in money if not m.per_measure and not m.per_month}.values())
    if not bases:
        return None
    share, what = Decimal(rule.share or "0"), rule.base or "基数"
    pct = plain_number(share * 100)
    if len(bases) > 1:
        stated = "、".join(m.text for m in bases)
        return Question(f"这一项按{what}每年的{pct}%计算：问题中有几笔金额（{stated}），请说明{what}是哪一笔。",
                        f"This is {pct}% of the {unit_in_english(what) or 'base'} for each year: the question states "
                        f"several amounts ({', '.join(m.text for m in bases)}); which one is it?")
    spans = sorted({d.months for d in q.durations})
    if len(spans) != 1:
        return Question(f"这一项按{what}每年的{pct}%计算，请说明期限（几年或几个月）。",
                        f"This is {pct}% of the {unit_in_english(what) or 'base'} for each year: please state the "
                        f"term (years or months).")
    years = Decimal(spans[0]) / 12
    paid, capped = years, bool(rule.max_periods and years > rule.max_periods)
    if capped:
        paid = Decimal(rule.max_periods)
    base = bases[0].yuan
    result = Decimal(base) * share * paid
    zh = [f"{what}：{format_zh(base)}",
          f"期限{plain_number(years)}年，最长{rule.max_periods}年，按{rule.max_periods}年计" if capped
          else f"期限：{plain_number(years)}年",
          f"{format_zh(base)} × {pct}% × {plain_number(paid)}年 = {format_zh(_yuan(result))}"]
    en = [f"Base ({unit_in_english(what) or what}): {format_en(base)}",
          f"Term {plain_number(years)} years; at most {rule.max_periods} are paid" if capped
          else f"Term: {plain_number(years)} years",
          f"{format_en(base)} × {pct}% × {plain_number(paid)} years = {format_en(_yuan(result))}"]
    return done("share", {"base_yuan": base, "share": rule.share, "years": str(plain_number(paid))},
                result, None, capped, zh, en)


def within_loan_limit(outcome: Calculation | Question | None, rules: list[MoneyRule]) -> Calculation | Question | None:
    """Interest on a principal above the size a loan may have under the clause (最高额度为N万元): the
    clause's limits differ by borrower, so the one that applies is asked back rather than chosen;
    unchanged when the principal is within every limit."""
    if not isinstance(outcome, Calculation) or "years" not in outcome.inputs:
        return outcome
    limits = [r for r in rules if r.kind == "limit" and r.amount_yuan and not r.share]
    base = outcome.inputs.get("base_yuan")
    if base is None or not any(Decimal(base) > r.amount_yuan for r in limits):
        return outcome
    said = "；".join(dict.fromkeys(r.text.rstrip("；。") for r in limits))
    return Question(f"本金{format_zh(base)}超过了原文规定的贷款额度（{said}），超过额度的部分不予计算。"
                    f"请说明适用哪一项额度，或按额度内的本金提问。",
                    f"The principal of {format_en(base)} is above the loan sizes the clause allows ({said}); no "
                    f"interest is paid on the part above. Please say which limit applies, or ask with the principal "
                    f"within it.")


def own_part(rule: MoneyRule) -> str:
    """The part of a rule's sentence that states its amount (每部作品补助最高不超过N万元 of
    "…，每部作品补助最高不超过N万元，同一企业每年获得本款补助累计不超过M万元。")."""
    parts = re.split(r"[，,；;。]", rule.text)
    said = [part for part in parts if rule.amount_yuan and any(m.yuan == rule.amount_yuan for m in find_money_zh(part))]
    return said[0] if len(said) == 1 else rule.text


# 每部作品 / 单个项目 / 每件: a cap on each item the clause pays for, not on what one holder gets in all
_EACH_ITEM = re.compile(r"(?:每|单)(?:个|部|项|件|套|台|场|次|座|栋|间|辆|把)(?!企业|单位|机构|主体|申请人|人)")


def per_item_cap(rule: MoneyRule) -> bool:
    """Whether a cap holds each item the clause pays for (每部作品补助最高不超过N万元), which a sum over
    several items is not held to as a whole."""
    own = own_part(rule)
    return bool(_EACH_ITEM.search(own)) and not _TOTAL_CAP.search(own) and not _holder_capped(rule, own)


_CAPPED_NOUN = re.compile(r"(?:每|单)(?:个|家|位|名)?(?P<noun>[\u4e00-\u9fff]{2,6}?)"
                          r"(?=每年|每|年度|最高|累计|补助|奖励|补贴|资助|获得|享受|不超过|总额)")


def _holder_capped(rule: MoneyRule, own: str) -> bool:
    """单个研学机构每年最高N万元 in a clause addressed to 研学机构 (对研学机构组织…): a cap on who applies,
    not on each item paid for, however the noun reads."""
    found = _CAPPED_NOUN.search(own)
    return bool(found) and bool(re.search(r"对[^，。；]{0,6}?" + re.escape(found.group("noun")), rule.text))


def within_total_cap(outcome: Calculation, rules: list[MoneyRule]) -> Calculation:
    """An amount computed from one rule, limited by a cap the clause sets on the total
    (每家单位每年获得本条资助总额不超过N万元 / 单个主体累计最高…), with that step in the working.
    A sum over several items is held only to caps on the total, each item's own cap having
    been applied to it (see `within_item_caps`)."""
    several = outcome.kind == "sum"
    caps = [r for r in rules if r.kind == "cap" and r.amount_yuan and r.to_dict() != outcome.rule
            and (_TOTAL_CAP.search(own_part(r)) or len(find_money_zh(r.text)) == 1  # 单个项目最高不超过N万元。 alone
                 or r.text == outcome.rule.get("text") and _HOLDER.match(r.beneficiary)  # 每公斤N元，单个企业最高M万元
                 or per_item_cap(r))  # 每部作品最高N万元: for the one item computed
            and not (several and per_item_cap(r))]
    if not caps or outcome.result_yuan is None:
        return outcome
    cap = min(caps, key=lambda r: r.amount_yuan)
    if outcome.result_yuan <= cap.amount_yuan:
        return outcome
    who = re.sub(r"(?:补贴|补助|奖励|资助)?总额$", "", cap.beneficiary) or "本条"  # 单个网点补贴总额: 单个网点
    zh = outcome.steps_zh + [f"超过{who}{'每年' if cap.period == '年' else ''}总额上限{format_zh(cap.amount_yuan)}，"
                             f"按{format_zh(cap.amount_yuan)}计"]
    en = outcome.steps_en + [f"Above the clause's cap on the total{' per year' if cap.period == '年' else ''} "
                             f"({format_en(cap.amount_yuan)}): {format_en(cap.amount_yuan)}"]
    return Calculation(outcome.doc, outcome.clause, outcome.kind, outcome.inputs, cap.amount_yuan, cap.amount_yuan,
                       True, zh, en, outcome.caveats_zh, outcome.caveats_en, outcome.rule)



def within_total_cap_over_periods(outcome: Calculation, rules: list[MoneyRule]) -> Calculation:
    """`within_total_cap` for an amount paid per month or per year over several periods: months
    within one year are held together to a cap per year (每人每月N元，最长6个月，每家每年最高M元);
    several years are held to it year by year (每人每年N元 for three years: each year's amount capped,
    times the years). A cap on each month is not a cap on their sum; one period is `within_total_cap`."""
    periods = Decimal(str(outcome.inputs.get("periods") or outcome.inputs.get("years") or 1))
    if periods <= 1 or outcome.result_yuan is None:
        return within_total_cap(outcome, rules)
    # 单个网点补贴总额N万元封顶: a cap on the whole sum, over every period paid
    whole = [r for r in rules if r.kind == "cap" and not r.period and _TOTAL_CAP.search(own_part(r))]
    held = _within_yearly_caps(outcome, rules, periods)
    return within_total_cap(held, [r for r in rules if r.kind != "cap"] + whole) if whole else held


def _within_yearly_caps(outcome: Calculation, rules: list[MoneyRule], periods: Decimal) -> Calculation:
    """An amount over several periods held to the clause's caps per year (see
    `within_total_cap_over_periods`)."""
    yearly = [r for r in rules if r.kind != "cap" or r.period == "年"]
    period = outcome.rule.get("period") or ("年" if outcome.inputs.get("years") else "")
    if period == "月" and periods <= 12:
        return within_total_cap(outcome, yearly)
    if period != "年" or periods != periods.to_integral_value():
        return outcome
    one_year = replace(outcome, result_yuan=_yuan(Decimal(outcome.result_yuan) / periods))
    held = within_total_cap(one_year, yearly)
    if not held.capped or held.result_yuan >= one_year.result_yuan:
        return outcome
    total = _yuan(Decimal(held.result_yuan) * periods)
    zh = outcome.steps_zh + [f"每年{format_zh(one_year.result_yuan)}，超过每年上限{format_zh(held.result_yuan)}，"
                             f"按{format_zh(held.result_yuan)} × {plain_number(periods)}年 = {format_zh(total)}计"]
    en = outcome.steps_en + [f"{format_en(one_year.result_yuan)} a year is above the cap of "
                             f"{format_en(held.result_yuan)} a year: {format_en(held.result_yuan)} × "
                             f"{plain_number(periods)} years = {format_en(total)}"]
    return replace(outcome, result_yuan=total, cap_yuan=held.cap_yuan, capped=True, steps_zh=zh, steps_en=en)


_TOTAL_CAP = re.compile(r"总额|累计|合计|总计")
# 扣减已获补助 / 差额部分补足 / 抵扣: the clause takes off what was already paid
_DEDUCTED = re.compile(r"扣减|扣除|抵扣|抵减|补足|补齐")  # (按差额给予 alone is an upgrade's difference: upgrade_difference)


# 本办法第九条至第十五条 / 第三条、第五条: the clauses a cap in another clause holds together
_CLAUSES_NAMED = re.compile(r"第(?P<a>[一二三四五六七八九十百零〇\d]+)条(?:(?:至|到|—|－|-|～|~)第(?P<b>[一二三四五六七八九十百零〇\d]+)条)?")


def caps_over(rules: list[MoneyRule], labels: dict[str, int], clause: int,
              sections: dict[int, int] | None = None) -> list[MoneyRule]:
    """Cumulative caps that other clauses set over this one together with others (各单位每年享受
    本办法第X条至第Y条支持的总额累计不超过N万元): the rules among `rules` (a document's) whose
    condition names `clause` by its label, alone or in a range; by its section (本措施第二项至第五项,
    with `sections`, each clause's section number); or the whole document (本政策各项奖励合计不超过…)
    but the clauses it excepts (除第四条至第七条…外). `labels` are the document's clause labels
    (第九条 → its number)."""
    found = []
    for rule in rules:
        if rule.kind != "cap" or rule.clause == clause or not rule.amount_yuan or not _TOTAL_CAP.search(rule.text):
            continue
        amount = _AMOUNT_SAID.search(rule.text)
        condition = rule.text[:amount.start()] if amount else rule.text
        condition = re.sub(r"^\s*第[一二三四五六七八九十百零〇\d]+条\s*", "", condition)  # its own label names nothing
        excepted = _EXCEPT.search(condition)
        rest = condition.replace(excepted.group(0), "") if excepted else condition
        named = _clauses_named(rest, labels, sections)
        if not named and sections and _WHOLE_DOCUMENT.search(rest):
            named = set(sections) - {0}
        if excepted:
            named -= _clauses_named(excepted.group(1), labels, sections)
        if clause in named:
            found.append(rule)
    return found


# the words right before an amount that say it is a payment the asker expects (补助批了N万, 奖励N万, 能拿N万)
_AWARD_BEFORE = re.compile(r"(?:补助|奖励|补贴|资助|奖补|扶持资金)[^，。；,;？?\d]{0,5}$|(?:能|可以|可)(?:拿|领|奖|补|获得|到手)[到回]?$|"
                           r"(?:批了|批下来)$")


def awards_within_cap(money: list[Money], cap: MoneyRule, label: str, doc: str) -> Calculation | None:
    """Payments the asker says several items bring (技改补助批了N万，节能奖励M万…这些加起来最多能拿多少),
    added and held to a cumulative cap the document sets over them: None unless two or more such
    amounts are stated (an amount that is the sum of the others is the asker's own total)."""
    awards = [m for m in money if _AWARD_BEFORE.search(m.said_of) and m.yuan > 0 and not m.foreign]
    if len(awards) > 2 and any(m.yuan == sum(o.yuan for o in awards if o is not m) for m in awards):
        awards = [m for m in awards if m.yuan != sum(o.yuan for o in awards if o is not m)]
    if len(awards) < 2 or not cap.amount_yuan:
        return None
    total = sum(m.yuan for m in awards)
    result = min(total, cap.amount_yuan)
    zh = ["各项：" + " + ".join(format_zh(m.yuan) for m in awards) + f" = {format_zh(total)}"]
    en = ["The items: " + " + ".join(format_en(m.yuan) for m in awards) + f" = {format_en(total)}"]
    if total > cap.amount_yuan:
        zh.append(f"{label}：合计不超过{format_zh(cap.amount_yuan)}，按{format_zh(cap.amount_yuan)}计")
        en.append(f"{label}: at most {format_en(cap.amount_yuan)} together, so {format_en(cap.amount_yuan)}")
    else:
        zh.append(f"{label}：合计上限{format_zh(cap.amount_yuan)}，未超过")
        en.append(f"{label}: within the cap of {format_en(cap.amount_yuan)} together")
    return Calculation(doc, cap.clause, "sum", {"awards_yuan": [m.yuan for m in awards], "clauses": [cap.clause],
                                                "cap_clause": cap.clause},
                       _yuan(Decimal(result)), cap.amount_yuan, total > cap.amount_yuan, zh, en, list(cap.caveats),
                       list(cap.caveats_en), cap.to_dict())


# 除本政策第四条至第七条规定的…外: the clauses a cap over the document leaves out
_EXCEPT = re.compile(r"除(.+?)外[，,]?")
# 本政策各项奖励 / 本办法所有资助: every clause of the document
_WHOLE_DOCUMENT = re.compile(r"本(?:政策|办法|措施|细则|通知|意见)(?:规定的)?(?:各项|所有|全部|(?:支持|奖励|补贴|补助|资助|扶持|奖补))")
# 第二项至第五项 / 第三部分: sections of the document by their number
_SECTIONS_NAMED = re.compile(r"第(?P<a>[一二三四五六七八九十]+)(?:项|部分)(?:(?:至|到|—|－|-|～|~)第(?P<b>[一二三四五六七八九十]+)(?:项|部分))?")


def _clauses_named(text: str, labels: dict[str, int], sections: dict[int, int] | None) -> set[int]:
    named: set[int] = set()
    for match in _CLAUSES_NAMED.finditer(text):
        first = labels.get(f"第{match.group('a')}条")
        last = labels.get(f"第{match.group('b')}条") if match.group("b") else first
        if first is not None and last is not None:
            named |= set(range(first, last + 1))
    if sections:
        for match in _SECTIONS_NAMED.finditer(text):
            low = int(to_decimal(match.group("a")))
            high = int(to_decimal(match.group("b"))) if match.group("b") else low
            named |= {number for number, section in sections.items() if low <= section <= high and number}
    return named


def after_received(outcome: Calculation | None, rules: list[MoneyRule], clause_text: str, q: Quantities,
                   doc: str, clause: int) -> Calculation | None:
    """What is still paid when the asker was already paid something (已获省级补助20万): taken off when the
    clause deducts it (扣减…差额补足), or held to what is left of a cumulative cap (累计不超过N). With nothing
    else to compute, what is left of the cumulative cap is the answer. Otherwise the outcome is unchanged."""
    received = []  # (yuan, as said in Chinese, in English): 按每亩150块补过 is that rate times the mu stated
    for m in (m for m in q.money if m.received and not m.foreign and 0 < m.yuan <= MAX_YUAN):  # N亿美元: a level
        if not m.per_measure:
            received.append((m.yuan, m.text, format_en(m.yuan)))
            continue
        stated_quantity = [c for c in q.counts if measure_of(c.noun) == m.per_measure]
        if len(stated_quantity) != 1:
            return outcome  # a rate received, and no one quantity of its measure to take it for
        got = _yuan(Decimal(m.yuan) * stated_quantity[0].value)
        working = f"{m.text}/{m.per_measure} × {stated_quantity[0].text}"
        received.append((got, f"{working} = {format_zh(got)}", f"{working} = {format_en(got)}"))
    if not received:
        return outcome
    got = sum(yuan for yuan, _, _ in received)
    stated = "、".join(zh for _, zh, _ in received)
    stated_en = ", ".join(en for _, _, en in received)
    computed = isinstance(outcome, Calculation)
    if computed and _DEDUCTED.search(clause_text):
        result = max(0, outcome.result_yuan - got)
        zh = outcome.steps_zh + [f"扣减已获得的{stated}：{format_zh(outcome.result_yuan)} − {format_zh(got)} = "
                                 f"{format_zh(result)}"]
        en = outcome.steps_en + [f"Less what was already received ({stated_en}), as the clause deducts it: "
                                 f"{format_en(outcome.result_yuan)} − {format_en(got)} = {format_en(result)}"]
        return replace(outcome, result_yuan=result, steps_zh=zh, steps_en=en)
    cumulative = [r for r in rules if r.kind == "cap" and r.amount_yuan and "累计" in r.text]
    if not cumulative:
        return outcome
    cap = min(cumulative, key=lambda r: r.amount_yuan)
    left = max(0, cap.amount_yuan - got)
    line_zh = f"累计上限{format_zh(cap.amount_yuan)}，已获得{stated}，尚余{format_zh(left)}"
    line_en = (f"Cumulative cap {format_en(cap.amount_yuan)}, already received {stated_en}: "
               f"{format_en(left)} left")
    if not computed and cap.clause != clause:
        return outcome  # another clause's cap over this one: what is left of it is no amount of this clause
    if not computed:
        return Calculation(doc, clause, "remaining", {"received_yuan": got}, left, cap.amount_yuan, True,
                           [line_zh], [line_en], rule=cap.to_dict())
    if outcome.result_yuan <= left:
        return replace(outcome, steps_zh=outcome.steps_zh + [line_zh + "：未超过"],
                       steps_en=outcome.steps_en + [line_en + ": within it"])
    # a cap another clause sets decides the amount: that clause is named with it (cap_clause)
    inputs = {**outcome.inputs, "cap_clause": cap.clause} if cap.clause != outcome.clause else outcome.inputs
    return replace(outcome, result_yuan=left, cap_yuan=cap.amount_yuan, capped=True, inputs=inputs,
                   steps_zh=outcome.steps_zh + [line_zh + f"：按{format_zh(left)}计"],
                   steps_en=outcome.steps_en + [line_en + f", so {format_en(left)}"])
# who a cap after an amount per unit holds in the same sentence: each applicant, not one item of a list
_HOLDER = re.compile(r"^(?:单个|单家|单一|每个|每家|每户|同一|单(?![位价笔次日月年])[\u4e00-\u9fff])")  # 单店, 单馆: one of the things paid for


# 利率 / LPR / 费率: a share of a rate applies to a principal at that rate, which a question seldom
# states in full; the principal is never the base
_RATE_BASE = re.compile(r"利率|LPR|费率|税率|汇率", re.IGNORECASE)
# 年费率超过1.5%的部分不予支持: the part of a fee above a yearly rate on the loan is left out
_RATE_LIMIT = re.compile(r"率超过(?P<pct>\d+(?:\.\d+)?)\s*[%％]的部分")
# 贷款3000万 / 贷了1.5个亿 / a bank loan of 30 million / borrowed: the sum a rate is of
_LOAN = re.compile(r"贷|借|融资|\bloan|\bborrow", re.IGNORECASE)


def _of_a_loan(m: Money) -> bool:
    """Whether an amount is said to be a loan: 贷款3000万, 借了3000万, "a 30 million yuan bank
    loan" (English names the thing a few words after the amount, past its currency)."""
    english = not CJK.search(m.said_of[-6:] + m.said_after[:6])
    if english:
        near = " ".join(m.said_of.split()[-4:]) + " " + " ".join(m.said_after.split()[:4])
    else:  # within its own phrase: 贷款，去年付了利息120万 is interest; 某区贷款贴息：我们贷了5亿 a loan
        near = re.split(r"[，,。；;、：:]", m.said_of)[-1][-8:] + " " + re.split(r"[，,。；;、：:]", m.said_after)[0][:6]
    # 付了利息120万 is interest; 100万的贷款贴息 the subsidy on a loan, not the loan
    return bool(_LOAN.search(near)) and not re.search(r"利息|付息|贴息|\binterest", near, re.IGNORECASE)


# the rate a share is of, named as the clause names it (LPR, 报价利率, 基准利率), and the rate paid
_BENCHMARK_RATE = re.compile(r"LPR|报价利率|基准利率|benchmark|prime", re.IGNORECASE)
_RATE_PAID = re.compile(r"实际|执行|合同|优惠|actual|paid|contract|our rate|we pay", re.IGNORECASE)
# 贴息额不得超过实际所付利息: the subsidy is at most the interest paid
_AT_MOST_INTEREST = re.compile(r"不(?:超过|高于|得超过)[^。；]{0,10}实际[^。；]{0,6}利息")


def _share_of_a_rate(rule: MoneyRule, money: list[Money], q: Quantities, done) -> Calculation | Question | None:
    """按贷款本金…和一年期LPR的40%给予贴息: the loan × the benchmark rate the asker states × the share
    × the years, at most the interest paid at the rate they pay where the clause says so. None
    (the clause quoted) when the loan or the benchmark rate cannot be told; the loan's term asked
    back when it is not stated."""
    loans = {m.yuan: m for m in money if _of_a_loan(m)}
    if len(loans) != 1 or not q.rates:
        return None
    loan = next(iter(loans.values()))
    said = list(zip(q.rates, q.rate_words or [""] * len(q.rates)))
    benchmark = [r for r, words in said if _BENCHMARK_RATE.search(words) and not _RATE_PAID.search(words)]
    paid = [r for r, words in said if _RATE_PAID.search(words)]
    if _BENCHMARK_RATE.search(rule.base):
        if len(benchmark) != 1:
            return None
        rate = benchmark[0]
    elif len(said) == 1:
        rate = said[0][0]
    else:
        return None
    if len(q.durations) != 1:  # the loan's term decides the sum: asked, never assumed
        return Question("请说明贷款期限（贷了几个月或几年）。", "How long is the loan for (months or years)?")
    years = q.durations[0].months / 12
    share = Decimal(rule.share or "0")
    raw = Decimal(loan.yuan) * rate * share * years
    term = plain_number(years)
    zh = [f"{format_zh(loan.yuan)} × {plain_number(rate * 100)}% × {plain_number(share * 100)}% × {term}年 = "
          f"{format_zh(_yuan(raw))}"]
    en = [f"{format_en(loan.yuan)} × {plain_number(rate * 100)}% × {plain_number(share * 100)}% × {term} year(s) = "
          f"{format_en(_yuan(raw))}"]
    result, capped = raw, False
    if _AT_MOST_INTEREST.search(rule.text) and len(paid) == 1:
        interest = Decimal(loan.yuan) * paid[0] * years
        if interest < raw:
            result, capped = interest, True
        zh.append(f"实际支付利息：{format_zh(loan.yuan)} × {plain_number(paid[0] * 100)}% × {term}年 = "
                  f"{format_zh(_yuan(interest))}" + ("，贴息不超过实际利息，按此计" if capped else "，未超过"))
        en.append(f"Interest paid: {format_en(loan.yuan)} × {plain_number(paid[0] * 100)}% × {term} year(s) = "
                  f"{format_en(_yuan(interest))}" + (": the subsidy is at most that" if capped else ": within it"))
    if rule.cap_yuan and result > rule.cap_yuan:
        zh.append(f"上限{format_zh(rule.cap_yuan)}：超过上限，按上限计")
        en.append(f"Cap {format_en(rule.cap_yuan)}: above the cap, so the cap applies")
        result, capped = Decimal(rule.cap_yuan), True
    return done("share", {"base_yuan": loan.yuan, "rate": str(plain_number(rate)), "share": str(share),
                          "years": str(term)}, result, rule.cap_yuan, capped, zh, en)


_INTEREST_BASE = re.compile(r"利息")


def _share_of_interest(rule: MoneyRule, money: list[Money], q: Quantities, done) -> Calculation | Question | None:
    """按所付利息的一半给予贴息 with a loan and the rate paid on it, and no interest stated
    (borrowed 20 million at 4% a year): the interest is the loan × the rate × the years, each
    year's share held to a yearly cap, for at most the years the clause pays. None unless exactly
    one loan and one rate are stated and nothing else in money; the term asked back when unsaid."""
    loans = [m for m in money if _of_a_loan(m)]
    if len(loans) != 1 or len(money) != 1 or len(q.rates) != 1:
        return None
    if len(q.durations) != 1:
        return Question("请说明已付息的期限（几个月或几年）。", "For how long has the interest been paid (months or years)?")
    loan, rate, share = loans[0], q.rates[0], Decimal(rule.share or "0")
    years = q.durations[0].months / 12
    counted = min(years, Decimal(rule.max_periods)) if rule.max_periods and rule.cap_period == "年" else years
    zh = [f"利息：{format_zh(loan.yuan)} × {plain_number(rate * 100)}% = 每年{format_zh(_yuan(loan.yuan * rate))}"]
    en = [f"Interest: {format_en(loan.yuan)} × {plain_number(rate * 100)}% = {format_en(_yuan(loan.yuan * rate))} a year"]
    yearly = Decimal(loan.yuan) * rate * share
    zh.append(f"每年贴息：{format_zh(_yuan(Decimal(loan.yuan) * rate))} × {plain_number(share * 100)}% = {format_zh(_yuan(yearly))}")
    en.append(f"Subsidy a year: {format_en(_yuan(Decimal(loan.yuan) * rate))} × {plain_number(share * 100)}% = "
              f"{format_en(_yuan(yearly))}")
    capped = bool(rule.cap_yuan and rule.cap_period == "年" and yearly > rule.cap_yuan)
    if capped:
        yearly = Decimal(rule.cap_yuan)
        zh.append(f"每年上限{format_zh(rule.cap_yuan)}：超过上限，按上限计")
        en.append(f"Cap {format_en(rule.cap_yuan)} a year: above the cap, so the cap applies")
    if counted < years:
        zh.append(f"贴息期限最长{rule.max_periods}年：{plain_number(years)}年按{rule.max_periods}年计")
        en.append(f"At most {rule.max_periods} years: {plain_number(years)} count as {rule.max_periods}")
    result = yearly * counted
    if counted != 1:
        zh.append(f"{format_zh(_yuan(yearly))} × {plain_number(counted)}年 = {format_zh(_yuan(result))}")
        en.append(f"{format_en(_yuan(yearly))} × {plain_number(counted)} year(s) = {format_en(_yuan(result))}")
    if rule.cap_yuan and rule.cap_period != "年" and result > rule.cap_yuan:
        zh.append(f"上限{format_zh(rule.cap_yuan)}：超过上限，按上限计")
        en.append(f"Cap {format_en(rule.cap_yuan)}: above the cap, so the cap applies")
        result, capped = Decimal(rule.cap_yuan), True
    return done("share", {"base_yuan": loan.yuan, "rate": str(plain_number(rate)), "share": str(share),
                          "years": str(plain_number(counted))}, result, rule.cap_yuan, capped, zh, en)


def _within_rate_limit(rule: MoneyRule, said: str, money: list[Money], q: Quantities,
                       glossed: Callable[[str, str], float] | None, done, caveats: tuple[list, list]
                       ) -> Calculation | None:
    """A share of a fee whose part above a yearly rate on the loan is left out (年费率超过1.5%的部分
    不予支持): the fee counted is at most the loan × that rate × its years, the fee itself stated or
    the loan × the rate the asker states. None when the loan or the fee cannot be told (asked back)."""
    limit = _RATE_LIMIT.search(said)
    loans = [m for m in money if _of_a_loan(m)]
    if not limit or len({m.yuan for m in loans}) != 1:
        return None
    loan = loans[0]
    others = [m for m in money if m.yuan != loan.yuan]
    fee = the_base(rule, others, glossed) if others else None
    if fee is None and (others or len(q.rates) != 1):
        return None
    years = (q.durations[0].months / 12) if len(q.durations) == 1 else Decimal(1)
    ceiling = Decimal(loan.yuan) * Decimal(limit.group("pct")) / 100 * years
    paid = Decimal(fee.yuan) if fee else Decimal(loan.yuan) * q.rates[0] * years
    counted = _yuan(min(paid, ceiling))
    pct, term = plain_number(Decimal(limit.group("pct"))), plain_number(years)
    zh = [(f"实际费用：{format_zh(fee.yuan)}" if fee else
           f"实际费用：{format_zh(loan.yuan)} × {plain_number(q.rates[0] * 100)}% × {term}年 = {format_zh(_yuan(paid))}"),
          f"费率上限内：{format_zh(loan.yuan)} × {pct}% × {term}年 = {format_zh(_yuan(ceiling))}",
          f"计入：{format_zh(counted)}（{said}）"]
    en = [(f"Fee paid: {format_en(fee.yuan)}" if fee else
           f"Fee paid: {format_en(loan.yuan)} × {plain_number(q.rates[0] * 100)}% × {term} year(s) = "
           f"{format_en(_yuan(paid))}"),
          f"Within the rate limit: {format_en(loan.yuan)} × {pct}% × {term} year(s) = {format_en(_yuan(ceiling))}",
          f"Counted: {format_en(counted)} (the part above the rate limit is not paid for)"]
    if len(q.durations) != 1:
        caveats[0].append("问题未说明贷款期限，按一年计。")
        caveats[1].append("The loan's term is not stated; one year is assumed.")
    return _share_with_cap(rule, counted, zh, en, done)


# 年费率超过1.5%的部分不予支持 / 利率超过LPR的部分不予贴息: a part of the base left out, by a limit the
# question's figures may not show; asked back rather than paid on the whole
_EXCLUDED_PART = re.compile(r"[^，。；]*超过[^，。；]*的部分(?:不予|不再|不)(?:补贴|支持|奖励|资助|贴息|计算|计入|补助)")
# 区级留存部分 / 地方留成部分 / 地方分享部分: a share of the part of a tax kept locally, which the tax
# paid is not; the question must state that part
_RETAINED_BASE = re.compile(r"留存|留成|分享部分|分成部分|地方所得")
# 增量部分 / 较上年增长部分 / 新增额: a share of a rise, not of a level
_INCREASE_BASE = re.compile(r"增量|增长部分|增加部分|新增部分|增加额|增长额|新增额")


def _share_of_increase(rule: MoneyRule, money: list[Money], done) -> Calculation | Question:
    """A share of a rise (按营业收入较上年增量部分的5%): the rise the question states (多出两百万), or
    the difference of the two levels it gives (今年900万、去年650万); asked back otherwise."""
    rises = [m for m in money if m.increase]
    levels = [m for m in money if not m.increase]
    if rises:
        base, how_zh, how_en = rises[0].yuan, f"增量{format_zh(rises[0].yuan)}", f"rise {format_en(rises[0].yuan)}"
    elif len(levels) == 2:
        high, low = max(m.yuan for m in levels), min(m.yuan for m in levels)
        base = high - low
        how_zh = f"增量：{format_zh(high)} − {format_zh(low)} = {format_zh(base)}"
        how_en = f"Rise: {format_en(high)} − {format_en(low)} = {format_en(base)}"
    else:
        return Question(f"这一项按{rule.base}的比例计算：请说明两个年度的金额，或增加了多少。",
                        f"This is a share of the rise ({rule.base}): please give both years' amounts, or the rise.")
    return _share_with_cap(rule, base, [how_zh], [how_en], done)


def _listed_amounts(money: list[Money]) -> list[Money]:
    """The amounts of the one list a question states (600万、900万、350万), or [] when it states none."""
    for index, amount in enumerate(money):
        if amount.listed:
            start = index - 1
            end = index
            while end + 1 < len(money) and money[end + 1].listed:
                end += 1
            return money[start:end + 1] if len(money) == end - start + 1 else []
    return []


_HEADS = ("人", "名", "位")  # a cap 每人… holds each person's amount


def _items_each_a_base(rule: MoneyRule, money: list[Money]) -> list[Money]:
    """The amounts a question states one per item, for a share capped on each item (单个活动最高N万元):
    several amounts said alike, each after its own words (A花了40万，B花了70万，C花了50万), none a
    total, a yearly figure or an amount received. [] otherwise: which is the base is asked back."""
    if not (rule.cap_yuan and _EACH_ITEM.search(rule.beneficiary + rule.cap_unit)) or len(money) < 2:
        return []
    if any(m.total or m.received or m.payout or m.per_year or m.per_month or m.per_measure or m.increase
           or m.year_index for m in money):
        return []
    leads = {m.said_of.rstrip()[-2:] for m in money}
    own = [re.split(r"[，,；;：:。]", m.said_of)[-1] for m in money]
    if not (all(m.spent for m in money) or len(leads) == 1) or any(len(o.strip()) < 3 for o in own[1:]):
        return []
    if any(_WHEN.search(o) for o in own):  # 去年花了40万，今年花了70万: one item's spending by period
        return []
    return money


_WHEN = re.compile(r"[年月期季天日]|上半|下半|\b(?:year|month|quarter|phase|week)", re.IGNORECASE)


def within_holders_cap(outcome: Calculation, rules: list[MoneyRule]) -> Calculation:
    """Items each capped and summed (`_items_each_a_base`), held to the same share's cap on its
    holder (同一承办方每年至多M万元), with that step in the working."""
    if outcome.kind != "share" or "bases_yuan" not in outcome.inputs or outcome.result_yuan is None:
        return outcome
    caps = [r for r in rules if r.kind == "share" and r.cap_yuan and r.to_dict() != outcome.rule
            and r.share == outcome.rule.get("share") and _HOLDER.match(r.beneficiary)
            and not _EACH_ITEM.search(r.beneficiary)]
    if not caps:
        return outcome
    cap = min(caps, key=lambda r: r.cap_yuan)
    if outcome.result_yuan <= cap.cap_yuan:
        return outcome
    yearly_zh, yearly_en = ("每年", " a year") if cap.cap_period == "年" else ("", "")
    zh = outcome.steps_zh + [f"超过{cap.beneficiary}{yearly_zh}上限{format_zh(cap.cap_yuan)}，按{format_zh(cap.cap_yuan)}计"]
    en = outcome.steps_en + [f"Above the cap for “{cap.beneficiary}”{yearly_en} ({format_en(cap.cap_yuan)}): "
                             f"{format_en(cap.cap_yuan)}"]
    return replace(outcome, result_yuan=cap.cap_yuan, cap_yuan=cap.cap_yuan, capped=True, steps_zh=zh, steps_en=en)


def _share_of_list(rule: MoneyRule, listed: list[Money], done) -> Calculation:
    """A share of several amounts stated as a list: each person's own, capped per person, when the
    cap is per person (两个人，一个月薪5万，一个月薪9万); else of their sum, as one base within the
    cap (两笔合同分别是600万、900万)."""
    if rule.cap_yuan and (_EACH_ITEM.search(rule.beneficiary) or _EACH_ITEM.search("每" + rule.cap_unit)):
        # 单个项目最高N万元 / 每场最高N万元: each amount its own item or occasion
        zh, en, parts, capped = _capped_each(rule, listed, ("第{}项", "单项"), ("Item {}", "the cap on each"))
        return _summed(rule, listed, zh, en, parts, capped, done)
    if not (rule.cap_yuan and rule.cap_unit in _HEADS):
        total = sum(m.yuan for m in listed)
        how_zh = "基数：" + " + ".join(format_zh(m.yuan) for m in listed) + f" = {format_zh(total)}"
        how_en = "Base: " + " + ".join(format_en(m.yuan) for m in listed) + f" = {format_en(total)}"
        return _share_with_cap(rule, total, [how_zh], [how_en], done)
    zh, en, parts, capped = _capped_each(rule, listed, ("第{}人", "每人"), ("Person {}", "the cap per person"))
    return _summed(rule, listed, zh, en, parts, capped, done)


def _share_with_cap(rule: MoneyRule, base: int, zh: list[str], en: list[str], done) -> Calculation:
    """The rule's share of `base`, held to its cap, after the steps that found the base."""
    share = Decimal(rule.share or "0")
    raw = Decimal(base) * share
    zh = zh + [f"{format_zh(base)} × {plain_number(share)} = {format_zh(_yuan(raw))}"]
    en = en + [f"{format_en(base)} × {plain_number(share)} = {format_en(_yuan(raw))}"]
    cap_zh, cap_en = _cap_steps(rule.cap_yuan, raw)
    return done("share", {"base_yuan": base, "share": str(share)}, min(raw, Decimal(rule.cap_yuan)) if rule.cap_yuan
                else raw, rule.cap_yuan, bool(rule.cap_yuan and raw > rule.cap_yuan), zh + cap_zh, en + cap_en)


def _cap_steps(cap: int | None, raw: Decimal) -> tuple[list[str], list[str]]:
    """The working's line for a cap: whether the amount computed is above it."""
    if not cap:
        return [], []
    return ([f"上限{format_zh(cap)}：" + ("超过上限，按上限计" if raw > cap else "未超过上限")],
            [f"Cap {format_en(cap)}: " + ("above the cap, so the cap applies" if raw > cap else "within the cap")])


# 年产值不低于800万元的 / 年销售额跨过3亿元的: a rule for those whose amount reaches a level
_LEVEL_OPS = "不低于|不少于|达到|超过|高于|突破"
_BARE_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:亿|万)?元")
_LEVEL = re.compile(rf"(?P<op>{_LEVEL_OPS})\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>亿|万)?元|"
                    r"(?P<n2>\d+(?:\.\d+)?)\s*(?P<unit2>亿|万)?元(?:[（(]含[）)])?(?:及|或)?以上")


def level_of(rule: MoneyRule) -> tuple[int, bool] | None:
    """The amount a rule's condition requires (yuan) and whether reaching it exactly is enough."""
    return level_in(rule.beneficiary) or level_in(rule.base) or _level_listed(rule)  # …超过350万元的部分, as the base


def _level_listed(rule: MoneyRule) -> tuple[int, bool] | None:
    """首次突破N亿元、M亿元的，分别给予…: a rule whose beneficiary is one amount of a list that one
    word of level leads (the list read respectively) has that word's level at its own amount."""
    if not _BARE_AMOUNT.fullmatch(rule.beneficiary):
        return None
    led = re.search(rf"(?P<op>{_LEVEL_OPS})\s*(?:{_BARE_AMOUNT.pattern}[、和及或]\s*)*{re.escape(rule.beneficiary)}",
                    rule.text)
    return level_in(led.group("op") + rule.beneficiary) if led else None


def level_in(text: str) -> tuple[int, bool] | None:
    """The amount a condition written in `text` requires (yuan), and whether reaching it exactly is enough."""
    found = _LEVEL.search(text)
    if not found:
        return None
    value = Decimal(found.group("n") or found.group("n2"))
    yuan = int(value * _YUAN_OF_UNIT[found.group("unit") or found.group("unit2") or ""])
    return yuan, found.group("op") not in ("超过", "高于", "突破")


_YUAN_OF_UNIT = {"亿": 10**8, "万": 10**4, "": 1}


# a bound of the range a tier pays for, said with the amount: N万元以上 / 超过N万元 from below,
# N万元以下 / 不满N万元 from above; 以上 and 以下 include the amount itself, 超过, 不满 and 低于 do not
_FROM_BELOW_AFTER = re.compile(r"^(?:(?:及|或)?以上|(?:[（(]含[）)])?\s*(?:至|到|[-－~～]))")  # …以上 / …（含）至…
_FROM_ABOVE_AFTER = re.compile(r"^(?:及|或)?以下")
_FROM_BELOW_BEFORE = re.compile(r"(超过|高于|不低于|不少于|达到)$")
_FROM_ABOVE_BEFORE = re.compile(r"(不足|不满|低于|少于|不超过|未达到?|至|到|[-－~～])$")  # …至1000万元
_WITHOUT_IT = re.compile(r"((?<!不)超过|(?<!不)高于|不足|不满|(?<!不)低于|(?<!不)少于|未达到?)$")  # the bound itself is out
_SAID_INCLUDED = re.compile(r"[（(]含$")  # …以下（含100万元）: the bound belongs to this tier
_SAID_INCLUDED_AFTER = re.compile(r"^[（(]含[）)]")  # 1000万元（含）: so does this one
_SAID_EXCLUDED_AFTER = re.compile(r"^[（(]不含[）)]")  # 20%（不含）: this one does not


@dataclass(frozen=True)
class Bracket:
    """The range of its base a tiered share pays for (合同金额在80万元以上、400万元以下（含400万元）)."""

    low: int | None = None
    high: int | None = None
    low_in: bool = True
    high_in: bool = True
    said_in: frozenset = frozenset()  # bounds the text says belong to this tier (（含N万元）)

    def overlaps(self, other: "Bracket") -> bool:
        """Whether two ranges share more than a bound: tiers of one base do not (N万元以上 and
        M万元以上 are thresholds of separate rules, not tiers)."""
        low = max((b for b in (self.low, other.low) if b is not None), default=None)
        high = min((b for b in (self.high, other.high) if b is not None), default=None)
        return low is None or high is None or low < high

    def holds(self, yuan: int) -> bool:
        return (self.low is None or yuan > self.low or (yuan == self.low and self.low_in)) and \
            (self.high is None or yuan < self.high or (yuan == self.high and self.high_in))


def bracket_of(rule: MoneyRule) -> Bracket | None:
    """The range of the base a share is paid for, read in its sentence before the share (after
    the lead-in's ：); None when no bound is said there."""
    if rule.kind != "share" or not rule.text or "%" not in rule.text:
        return None
    condition = rule.text[:rule.text.index("%")].rsplit("：", 1)[-1]
    first = next(iter(find_money_zh(condition)), None)
    if first is not None and rule.base and re.search(rf"按照?{re.escape(rule.base)}", condition):
        # 对年薪N万元以上的人员，按其个人贡献的M%: the bound is of what its own words name (a salary),
        # not of the base the share is taken of; 合同金额在N万元以上的，按合同金额的M%: of the base
        named = set(re.split(r"[，,；;、]", condition[:condition.find(first.text)])[-1]) - _PLAIN_CHARS - _BOUND_WORDS
        if named and not named & set(rule.base):
            return None
    return _money_bounds(condition)


_BOUND_WORDS = set("在对中其单个按达到不低于超过高")  # words around a bound that name no measure


def _money_bounds(condition: str) -> Bracket | None:
    """The range the amounts of money in a condition bound (N万元（含）至M万元), or None."""
    bounds, cursor = [], 0
    for mention in find_money_zh(condition):
        at = condition.find(mention.text, cursor)
        cursor = at + len(mention.text)
        bounds.append((mention.yuan, condition[:at].rstrip(), condition[cursor:]))
    return _range_of(bounds)


def _range_of(bounds: list[tuple[int, str, str]]) -> Bracket | None:
    """A range from its bounds, each (value, the words before it, the words after it): 以上 and
    （含）至 after one make it the low bound, 至 before one the high; （含） puts the bound in."""
    low = high = None
    low_in = high_in = True
    said_in = set()
    for value, before, after in bounds:
        if _SAID_INCLUDED.search(before):
            said_in.add(value)
            continue
        if _SAID_INCLUDED_AFTER.match(after):
            said_in.add(value)
            after = _SAID_INCLUDED_AFTER.sub("", after, count=1)  # 2000吨（含）以上: from below
        excluded = _SAID_EXCLUDED_AFTER.match(after)  # …至20%（不含）: the bound is out
        after = after[excluded.end():] if excluded else after
        if _FROM_BELOW_AFTER.match(after) or _FROM_BELOW_BEFORE.search(before):
            low, low_in = value, not (_WITHOUT_IT.search(before) or excluded)
        elif _FROM_ABOVE_AFTER.match(after) or _FROM_ABOVE_BEFORE.search(before):
            high, high_in = value, not (_WITHOUT_IT.search(before) or excluded)
    if low is None and high is None:
        return None
    return Bracket(low, high, low_in, high_in, frozenset(said_in))


def measured_tier(rules: list[MoneyRule], q: Quantities) -> list[MoneyRule]:
    """Amounts per unit of a measure paid by the range of that measure (年节能量500吨（含）至3000吨的
    每吨300元；3000吨（含）以上的每吨400元): only the rule whose range holds the question's quantity
    stays, the clause's other rules with it; unchanged when no such range is said or no quantity
    of the measure is stated."""
    ranged = [(r, b) for r in rules if r.kind == "per_unit" and (b := _measure_range(r))]
    if len(ranged) < 2:
        return rules
    measure = measure_of(ranged[0][0].unit)
    stated = {c.value for c in q.counts if c.noun == ranged[0][0].unit} | {
        converted.value for c in q.counts if measure and (converted := in_measure(c, measure))}
    if len(stated) != 1:
        return rules
    value = next(iter(stated))
    holding = [(r, b) for r, b in ranged if b.holds(value)]
    if len(holding) > 1:
        holding = [(r, b) for r, b in holding if value in b.said_in] or holding
    if len(holding) != 1:
        return rules
    return [r for r in rules if r is holding[0][0] or all(r is not other for other, _ in ranged)]


# a number in a rule's condition with the word for what it measures (N小时以上、不满M小时的): the word
# ends where a bound word or the condition's end begins
_CONDITION_LEVEL = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*(?P<unit>[\u4e00-\u9fff]{1,3}?)"
                              r"(?=[（(]不?含|及以上|或以上|以上|以下|以内|至|到|、|，|的|$)")
# bounds a question puts on a number it states, before it or after it
_ASKED_ABOVE = re.compile(r"(?:more than|over|above|exceeding|at least|upwards of|超过|高于|不低于|不少于|达到|满)\s*$",
                          re.IGNORECASE)
_ASKED_BELOW = re.compile(r"(?:less than|fewer than|under|below|up to|not quite|不到|不足|不满|低于|少于|未达到?)\s*$",
                          re.IGNORECASE)
_ASKED_ABOVE_AFTER = re.compile(r"^\s*[\u4e00-\u9fffA-Za-z]{0,6}?(?:以上|多|or more|plus)")
_ASKED_BELOW_AFTER = re.compile(r"^\s*[\u4e00-\u9fffA-Za-z]{0,6}?(?:以下|以内|or less|or fewer)")
_ASKED_BETWEEN = re.compile(r"(\d+(?:\.\d+)?)\s*[\u4e00-\u9fffA-Za-z]{0,4}?\s*(?:and|to|至|到|[-－~～—])\s*(\d+(?:\.\d+)?)",
                            re.IGNORECASE)
_GROUP_END = re.compile(r"[，,；;。.?？!！]\s*(?:and\s+|以及|还有|另有)?")


def _level_bracket(rule: MoneyRule) -> tuple[Bracket, str] | None:
    """The range of a measure other than money that a per-unit rule's condition sets, with the
    measure's word (年度服务时长在N小时以上、不满M小时的，每台奖励…: [N, M) in 小时)."""
    amount = _AMOUNT_SAID.search(rule.text)
    if rule.kind != "per_unit" or not amount:
        return None
    condition = re.split(r"[：:；;。]|[（(]\d+[）)]", rule.text[:amount.start()])[-1]
    found = [m for m in _CONDITION_LEVEL.finditer(condition) if not m.group("unit").startswith(("元", "年", "月", "日"))]
    units = {m.group("unit") for m in found}
    if not found or len(units) != 1:
        return None
    bracket = _range_of([(int(Decimal(m.group(1)) * (10_000 if m.group(2) else 1)), condition[:m.start()].rstrip(),
                          condition[m.end():]) for m in found])
    return (bracket, units.pop()) if bracket else None


def _stated_bounds(words: str) -> tuple[Decimal | None, Decimal | None] | None:
    """The range a group of a question states a measure in: 超过N / "more than N" (from below),
    不到N / "under N" (from above), N到M / "between N and M", or N itself; None when it states
    no number, or more than one range."""
    between = list(_ASKED_BETWEEN.finditer(words))
    numbers = list(re.finditer(r"\d+(?:\.\d+)?", words))
    if len(between) == 1 and len(numbers) == 2:
        low, high = sorted((Decimal(between[0].group(1)), Decimal(between[0].group(2))))
        return low, high
    if len(numbers) != 1:
        return None
    number = numbers[0]
    value, before, after = Decimal(number.group()), words[:number.start()], words[number.end():]
    if _ASKED_ABOVE.search(before) or _ASKED_ABOVE_AFTER.match(after):
        return value, None
    if _ASKED_BELOW.search(before) or _ASKED_BELOW_AFTER.match(after):
        return None, value
    return value, value


def _bracket_holds(bracket: Bracket, low: Decimal | None, high: Decimal | None) -> bool:
    """Whether every value of the stated range lies in the tier's range (a value said exactly: by
    the tier's own bounds; a range said loosely, "between N and M": its ends may touch them)."""
    if low is not None and low == high:
        return bracket.holds(int(low)) if low == int(low) else (
            (bracket.low is None or low > bracket.low) and (bracket.high is None or low < bracket.high))
    return (bracket.low is None or (low is not None and low >= bracket.low)) and \
        (bracket.high is None or (high is not None and high <= bracket.high))


def counts_by_level(rules: list[MoneyRule], doc: str, question: str, q: Quantities,
                    similar: Callable[[str, str], float]) -> Calculation | Question | None:
    """Amounts per unit tiered by a measure of each unit (每台设备年服务N小时以上的奖励A元、M小时以上的
    B元), and a question that states several counts of the unit, each with its own measure (6台超过500
    小时，10台在200到500小时之间): each count at its tier's rate, a count below every tier at nothing,
    and the parts added. A count whose range falls in more than one tier is asked back. None when
    the clause has no such tiers or the question does not state a range by each count (the usual
    path then chooses one rule)."""
    tiers = [(r, found) for r in rules if (found := _level_bracket(r))]
    if len(tiers) < 2 or len({r.unit for r, _ in tiers}) != 1 or len({unit for _, (_, unit) in tiers}) != 1:
        return None
    unit, measure = tiers[0][0].unit, tiers[0][1][1]

    def of_the_unit(count: Count) -> bool:
        if count.classifier and CJK.search(count.noun):
            return unit.startswith(count.classifier)
        return not CJK.search(count.noun) and similar(count.noun, unit) > 0
    counts = [c for c in q.counts if not c.part_of and of_the_unit(c)]
    if len(counts) < 2:
        return None
    places, cursor = [], 0
    for count in counts:
        at = question.find(count.text, cursor)
        if at < 0:
            return None
        lead = re.match(r"[\d.,零〇一二两三四五六七八九十百千]+", count.text)
        places.append((at, at + (lead.end() if lead else len(count.text))))
        cursor = at + len(count.text)
    parts, zh_nothing, en_nothing = [], [], []
    lowest = min((b.low for _, (b, _) in tiers if b.low is not None), default=None)
    for index, (count, (start, end)) in enumerate(zip(counts, places)):
        words = question[end:places[index + 1][0] if index + 1 < len(places) else len(question)]
        stop = _GROUP_END.search(words)
        bounds = _stated_bounds(words[:stop.start()] if stop else words)
        if bounds is None:
            return None
        low, high = bounds
        holding = [r for r, (bracket, _) in tiers if _bracket_holds(bracket, low, high)]
        stated = question[start:end + (stop.start() if stop else len(words))].strip()
        if len(holding) == 1:
            part = calculate(holding[0], doc, Quantities(counts=[count]), similar)
            if not isinstance(part, Calculation):
                return None
            parts.append(part)
        elif not holding and lowest is not None and high is not None and high <= lowest:
            zh_nothing.append(f"{stated}：未达到最低一档（{plain_number(Decimal(lowest))}{measure}），不计")
            en_nothing.append(f"{stated}: below the lowest tier ({plain_number(Decimal(lowest))} "
                              f"{unit_in_english(measure)}s), nothing")
        else:
            return Question(f"“{stated}”跨了本条的不同档次，无法确定按哪一档计算；请说明确切数量。",
                            f"“{stated}” spans more than one of the clause's tiers; please state the exact figure.")
    if not parts:
        return None
    total = combine(parts) if len(parts) > 1 else parts[0]
    return replace(total, steps_zh=total.steps_zh[:-1] + zh_nothing + total.steps_zh[-1:] if len(parts) > 1
                   else total.steps_zh + zh_nothing,
                   steps_en=total.steps_en[:-1] + en_nothing + total.steps_en[-1:] if len(parts) > 1
                   else total.steps_en + en_nothing)


def ranged_amount(rules: list[MoneyRule], doc: str, q: Quantities) -> Calculation | None:
    """A fixed amount paid by the range of an amount the asker has (注册资本N万元（含）至M万元的，
    奖励X万元；M万元（含）以上的，奖励Y万元): the rule whose range holds the one amount the
    question states, with the range as its working. None when fewer than two such ranges are
    said, when they overlap, or when the question states no single such amount."""
    ranged = [(r, b) for r in rules if r.kind == "fixed" and r.amount_yuan and (b := _money_bounds(r.beneficiary))]
    if len(ranged) < 2 or any(a.overlaps(b) for i, (_, a) in enumerate(ranged) for _, b in ranged[i + 1:]):
        return None
    usable = [m for m in q.money if m.yuan > 0 and not (m.payout or m.per_measure or m.foreign or m.increase
                                                         or m.per_month or m.received)]
    # a year's revenue (上线头一年流水做到了6000万) is the measure such ranges are said in, when it is the only amount
    stated = {m.yuan: m for m in usable if not m.per_year} or {m.yuan: m for m in usable}
    if len(stated) != 1:
        return None
    value, money = next(iter(stated.items()))
    holding = [(r, b) for r, b in ranged if b.holds(value)]
    if len(holding) > 1:
        holding = [(r, b) for r, b in holding if value in b.said_in] or holding
    lowest = min(ranged, key=lambda rb: rb[1].low if rb[1].low is not None else -1)
    if not holding and lowest[1].low is not None and value < lowest[1].low:  # below every tier: nothing
        rule = lowest[0]
        zh = [f"最低一档：{rule.beneficiary}", f"问题中的金额：{money.text}",
              f"{format_zh(value)}低于{format_zh(lowest[1].low)}：未达到最低一档，本项不予奖补（0元）"]
        en = [f"Lowest tier: “{rule.beneficiary}”", f"Stated: {money.text} ({format_en(value)})",
              f"{format_en(value)} is below {format_en(lowest[1].low)}: the lowest tier is not reached, so nothing "
              "is paid under this clause (CNY 0)"]
        return Calculation(doc, rule.clause, "below_level", {"base_yuan": value, "level": lowest[1].low},
                           _yuan(Decimal(0)), None, False, zh, en, list(rule.caveats), list(rule.caveats_en),
                           rule.to_dict())
    if len(holding) != 1:
        return None
    rule = holding[0][0]
    zh = [f"{money.text}：属于“{rule.beneficiary}”一档", f"该档奖补：{format_zh(rule.amount_yuan)}"]
    en = [f"{money.text} ({format_en(value)}) falls in the tier “{rule.beneficiary}”",
          f"That tier pays {format_en(rule.amount_yuan)}"]
    return Calculation(doc, rule.clause, "fixed", {"base_yuan": value}, rule.amount_yuan, None, False, zh, en,
                       list(rule.caveats), list(rule.caveats_en), rule.to_dict())


# 单笔合同金额低于5万元的，不予补贴 / 单个项目投资不足N万元的不予支持: one item's amount below a
# floor counts for nothing
_ITEM_FLOOR = re.compile(r"(?P<what>[^，。；：]{0,24}?)(?:低于|不足|不满|少于|未达到?)\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>亿|万)?元"
                         r"的?[，,]?\s*(?:均|一律)?不(?:予|再|能)?(?:奖励|补助|补贴|支持|资助|奖补|享受|计入|纳入)")


@dataclass(frozen=True)
class ItemFloor:
    """The amount below which one item of the base counts for nothing, as the clause says it; or,
    `whole`, below which the base itself earns nothing (仪器购置费用不足N万元的，不予补助)."""

    yuan: int
    said: str
    whole: bool = False

    def split(self, q: Quantities) -> tuple[Quantities, list[Money]]:
        """The question's quantities without the amounts below the floor, and those amounts."""
        candidates = [m for m in q.money if m.yuan > 0 and not (
            m.payout or m.per_measure or m.foreign or m.increase or m.per_month or m.per_year or m.received)]
        if self.whole:  # the base is the amounts together: all below the floor, or none
            below = candidates if candidates and sum(m.yuan for m in candidates) < self.yuan else []
        else:
            below = [m for m in candidates if m.yuan < self.yuan]
        return replace(q, money=[m for m in q.money if m not in below]), below

    def steps(self, below: list[Money]) -> tuple[list[str], list[str]]:
        if self.whole:
            stated = "、".join(m.text for m in below)
            total = sum(m.yuan for m in below)
            return ([f"{stated}：低于{format_zh(self.yuan)}（原文：{self.said}），未达到条件"],
                    [f"{stated} ({format_en(total)}) is below {format_en(self.yuan)} (the clause: {self.said}): "
                     "the condition is not met"])
        return ([f"{m.text}：低于{format_zh(self.yuan)}（原文：{self.said}），不计入" for m in below],
                [f"{m.text} ({format_en(m.yuan)}) is below {format_en(self.yuan)} (the clause: {self.said}), "
                 "so it is not counted" for m in below])


# 场地租金、人员工资等支出不计入仪器设备投资额: costs the clause leaves out of a base
_NOT_COUNTED = re.compile(r"(?P<parts>[^，,。；;：:]{2,40}?)等?(?:方面的?)?(?:投入|费用|支出|资金)?(?:均|一律)?"
                          r"不(?:计入|纳入|列入|计算在|包括在)(?P<into>[^，,。；;]{2,30})")
# 某某投入不含甲费用、乙费用和丙费用: the same, said of the base first
_NOT_INCLUDING = re.compile(r"(?P<into>[^，,。；;：:（(]{2,30}?)(?:均|一律)?不(?:含|包含|包括)(?P<parts>[^。；;（(）)]{2,60})")
_LIST_SEP = re.compile(r"[、，,]|以及|和|及|与|或")


@dataclass(frozen=True)
class LeftOut:
    """Costs the clause leaves out of the base of its share (某某等投入不计入某某投资额), as it says them."""

    parts: tuple[str, ...]
    said: str

    def split(self, q: Quantities, glossed: Callable[[str, str], float] | None = None
              ) -> tuple[Quantities, list[str], list[str]]:
        """The question's quantities with the amounts of the parts left out, and the working. A part
        said inside a total (一共1000万，其中场地租金200万) is taken off that total; one said beside
        the others is dropped. Unchanged (and no working) when no amount is of a part."""
        candidates = _amounts_paid_on(q)
        out = [m for m in candidates if any(_said_of(m, part, glossed) for part in self.parts)]
        if not out or len(out) == len(candidates):
            return q, [], []
        zh = [f"{m.text}：不计入基数（原文：{self.said}）" for m in out]
        en = [f"{m.text} ({format_en(m.yuan)}) is left out of the base (the clause: {self.said})" for m in out]
        money = [m for m in q.money if m not in out]
        firsts = [i for i, m in enumerate(out) if _inside(m)]
        inside = out[firsts[0]:] if firsts else []  # 其中A 200万、B 100万: the list goes on inside
        if inside:
            first = min(q.money.index(m) for m in inside)
            wholes = [m for m in q.money[:first] if m in candidates and m not in out]
            whole = max(wholes, key=lambda m: m.yuan) if wholes else None
            taken = sum(m.yuan for m in inside)
            if whole is None or whole.yuan <= taken:
                return q, [], []  # a part larger than what it is said to be inside: not read
            rest = whole.yuan - taken
            less = " − ".join([format_zh(whole.yuan)] + [format_zh(m.yuan) for m in inside])
            zh.append(f"{less} = {format_zh(rest)}")
            en.append(" − ".join([format_en(whole.yuan)] + [format_en(m.yuan) for m in inside])
                      + f" = {format_en(rest)}")
            money = [replace(m, yuan=rest, text=format_zh(rest)) if m is whole else m for m in money]
            # 里面30万是A，还有20万是B, B in words none of the left-out costs has: counted, and said so
            for m in q.money[first + 1:]:
                if m in candidates and m not in out:
                    zh.append(f"{m.text}：未说明属于上述不计入的费用，计入基数")
                    en.append(f"{m.text} ({format_en(m.yuan)}) is not said to be one of the costs left out, so it "
                              "stays in the base")
        return replace(q, money=money), zh, en


def left_out(text: str, bases: tuple[str, ...]) -> LeftOut | None:
    """What the clause leaves out of the base of one of its shares (`bases`), or None."""
    for found in (*_NOT_COUNTED.finditer(text), *_NOT_INCLUDING.finditer(text)):
        into = set(found.group("into")) - _PLAIN_CHARS
        if any(len(into & (set(base) - _PLAIN_CHARS)) >= 2 for base in bases if base):
            parts = tuple(p.strip() for p in _LIST_SEP.split(found.group("parts")) if len(p.strip()) >= 2)
            if parts:
                return LeftOut(parts, found.group(0).strip())
    return None


def item_floor(text: str, bases: tuple[str, ...] = ()) -> ItemFloor | None:
    """The clause's floor on one item's amount (单笔合同金额低于5万元的，不予补贴), or on the base of
    one of its shares as a whole (`bases`: 仪器购置费用不足N万元的，不予补助 for a share of
    仪器购置费用), or None."""
    found = _ITEM_FLOOR.search(text)
    if not found:
        return None
    yuan = int(Decimal(found.group("n")) * _YUAN_OF_UNIT[found.group("u") or ""])
    what = found.group("what")
    if re.search(r"单[份个项笔家台套]|每[份个项笔]", what):
        return ItemFloor(yuan, found.group(0).strip())
    named = re.sub(r"^.*?[，,；;。]", "", what).strip()  # the words of its own sentence part
    if any(base and len(base) >= 2 and (base in named or named.endswith(base[-4:])) for base in bases):
        return ItemFloor(yuan, found.group(0).strip(), whole=True)
    return None


def below_floor(floor: ItemFloor, below: list[Money], rules: list[MoneyRule], doc: str) -> Calculation:
    """Every amount the question states is below the clause's floor for one item: nothing, and why."""
    rule = next(r for r in rules if r.kind == "share")
    zh, en = floor.steps(below)
    return Calculation(doc, rule.clause, "below_level", {"bases_yuan": [m.yuan for m in below], "level": floor.yuan},
                       _yuan(Decimal(0)), None, False, zh + ["本项不予奖补（0元）"],
                       en + ["Nothing is paid under this clause (CNY 0)"], list(rule.caveats), list(rule.caveats_en),
                       rule.to_dict())


# The span a clause requires before it pays by the month: in the paying sentence's condition
# (连续工作N个月（含）以上的，按每人每月…), or said apart (不足N个月的，不予资助). A contract's term
# (签订N个月以上合同) is a condition of another kind; 不足1个月的部分不计算 only rounds.
_SPAN_AT_LEAST = re.compile(r"(?<!签订)(?P<n>\d+|[一二两三四五六七八九十]+)\s*个?月\s*(?:[（(]含[）)])?\s*(?:及以上|或以上|以上)"
                            r"(?!\s*的?(?:劳动|聘用|工作)?合同)")
_SPAN_FLOOR = re.compile(r"(?:不足|不满|少于|未满)\s*(?P<n>\d+|[一二两三四五六七八九十]+)\s*个?月的?[，,]?\s*(?:均|一律)?不(?:予|再)")


# the same for days: 连续工作N天以上的, 不足N天的，不予补助
_SPAN_PATTERNS = {period: tuple(re.compile(p.pattern.replace("个?月", f"个?{unit}")) for p in (_SPAN_AT_LEAST, _SPAN_FLOOR))
                  for period, unit in (("月", "月"), ("天", "[天日]"))}


def span_floor(rule: MoneyRule, clause_text: str) -> tuple[int, str] | None:
    """The fewest months (days) a monthly (daily) payment requires, with the words that say so, or None."""
    if rule.period not in ("月", "天"):
        return None
    at_least, floor = _SPAN_PATTERNS[rule.period]
    amount = _AMOUNT_SAID.search(rule.text)
    found = at_least.search(rule.text[:amount.start()] if amount else rule.text) or floor.search(clause_text)
    least = _int(found.group("n")) if found else None
    return (least, found.group(0).strip()) if least else None


def short_span(outcome: Calculation, clause_text: str) -> Calculation:
    """A monthly (daily) payment for fewer months (days) than the clause requires (two months against
    驻外满4个月以上的): nothing is paid, and the working says why. The outcome as it was otherwise."""
    if outcome.kind != "per_unit" or not outcome.rule:
        return outcome
    rule = MoneyRule(**outcome.rule)
    floor = span_floor(rule, clause_text)
    months = Decimal(str(outcome.inputs.get("periods", "0")))
    if floor is None or not months or months >= floor[0]:
        return outcome
    stated, zh_unit, en_unit = plain_number(months), _PERIOD_ZH[rule.period], _PERIOD_EN[rule.period]
    zh = [f"条件：{floor[1]}", f"问题中的时长：{stated}{zh_unit}",
          f"{stated}{zh_unit}不足{floor[0]}{zh_unit}：未达到条件，本项不予补助（0元）"]
    en = [f"Condition: {floor[1]}", f"Stated: {stated} {en_unit}s",
          f"{stated} {en_unit}s is less than {floor[0]} {en_unit}s: the condition is not met, so nothing is paid "
          "under this clause (CNY 0)"]
    return Calculation(outcome.doc, outcome.clause, "below_level", {"span": stated, "level": floor[0]},
                       _yuan(Decimal(0)), None, False, zh, en, outcome.caveats_zh, outcome.caveats_en, outcome.rule)


# 增幅在15%（含）至30%（不含）之间的 / 增幅60%以上的: a condition on how fast something grew
_GROWTH_CONDITION = re.compile(r"增长|增幅|增速|涨幅")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def _growth_bracket(rule: MoneyRule) -> Bracket | None:
    """The range of growth (in percent) a share is paid for, read in its condition after the
    lead-in's ：, or None when the condition names no growth."""
    condition = rule.beneficiary.rsplit("：", 1)[-1]
    if rule.kind != "share" or not _GROWTH_CONDITION.search(condition):
        return None
    return _range_of([(Decimal(m.group(1)), condition[:m.start()].rstrip(), condition[m.end():])
                      for m in _PERCENT.finditer(condition)])


def growth_tier(rules: list[MoneyRule], doc: str, q: Quantities) -> Calculation | Question | None:
    """Shares of a rise paid by how fast it grew (增幅在15%（含）至30%（不含）之间的，按增量的4%；
    60%（含）以上的，按增量的9%): the growth is the one the question states, or the rise over
    the earlier of the two amounts it gives; the share of its tier is taken of the rise, then the
    tier's and the clause's yearly caps. Below every tier: nothing, and why. Asked back when the
    growth cannot be read; None when the clause has no such tiers."""
    tiers = [(r, b) for r in rules if (b := _growth_bracket(r))]
    if len(tiers) < 2 or any(a.overlaps(b) for i, (_, a) in enumerate(tiers) for _, b in tiers[i + 1:]) \
            or not all(_INCREASE_BASE.search(r.base) for r, _ in tiers):
        return None
    levels = sorted({m.yuan for m in q.money if m.yuan > 0 and not (
        m.payout or m.per_measure or m.foreign or m.increase or m.per_month)})
    rises = [m.yuan for m in q.money if m.increase and m.yuan > 0]
    if len(levels) == 2 and not rises:
        low, high = levels
        rise, rate = high - low, Decimal(high - low) / Decimal(low) * 100
        zh = [f"增量：{format_zh(high)} − {format_zh(low)} = {format_zh(rise)}",
              f"增长率：{format_zh(rise)} ÷ {format_zh(low)} = {plain_number(_two_places(rate))}%"]
        en = [f"Rise: {format_en(high)} − {format_en(low)} = {format_en(rise)}",
              f"Growth: {format_en(rise)} ÷ {format_en(low)} = {plain_number(_two_places(rate))}%"]
    elif len(q.growth) == 1 and len(rises) == 1 and not levels:
        rise, rate = rises[0], q.growth[0] * 100
        zh = [f"增量：{format_zh(rise)}", f"增长率：{plain_number(rate)}%（问题所述）"]
        en = [f"Rise: {format_en(rise)}", f"Growth: {plain_number(rate)}% (as stated)"]
    else:
        return Question("这一项按增长率分档、按增量的比例计算：请说明两个年度的金额（或增量和增长率）。",
                        "This pays a share of the rise, by how fast it grew: please give both years' amounts "
                        "(or the rise and the growth rate).")
    lead = next((r.beneficiary.rsplit("：", 1)[0] for r, _ in tiers if "：" in r.beneficiary), "")
    level = level_in(lead)  # 对上年度技改投入达到N万元…的企业，按增量分档: the later amount must reach it
    if level and len(levels) == 2 and (levels[1] < level[0] or levels[1] == level[0] and not level[1]):
        rule = tiers[0][0]
        zh.append(f"{format_zh(levels[1])}未达到条件“{_LEVEL.search(lead).group(0)}”：本项不予补助（0元）")
        en.append(f"{format_en(levels[1])} does not meet the condition “{_LEVEL.search(lead).group(0)}”: nothing is "
                  "paid under this clause (CNY 0)")
        return Calculation(doc, rule.clause, "below_level", {"level_yuan": levels[1], "least_yuan": level[0]},
                           _yuan(Decimal(0)), None, False, zh, en, list(rule.caveats), list(rule.caveats_en),
                           rule.to_dict())
    holding = [(r, b) for r, b in tiers if b.holds(rate)]
    if len(holding) > 1:
        holding = [(r, b) for r, b in holding if rate in b.said_in] or holding
    lowest = min(tiers, key=lambda rb: rb[1].low if rb[1].low is not None else -1)
    if not holding and lowest[1].low is not None and rate < lowest[1].low:
        rule = lowest[0]
        zh.append(f"{plain_number(_two_places(rate))}%低于最低一档的{plain_number(lowest[1].low)}%：本项不予补助（0元）")
        en.append(f"{plain_number(_two_places(rate))}% is below the lowest tier's {plain_number(lowest[1].low)}%: "
                  "nothing is paid under this clause (CNY 0)")
        return Calculation(doc, rule.clause, "below_level", {"rise_yuan": rise, "growth_percent": str(rate)},
                           _yuan(Decimal(0)), None, False, zh, en, list(rule.caveats), list(rule.caveats_en),
                           rule.to_dict())
    if len(holding) != 1:
        return None
    rule = holding[0][0]
    share = Decimal(rule.share or "0")
    raw = Decimal(rise) * share
    condition = rule.beneficiary.rsplit("：", 1)[-1].strip()
    zh += [f"属于“{condition}”一档，按增量的{plain_number(share * 100)}%",
           f"{format_zh(rise)} × {plain_number(share * 100)}% = {format_zh(_yuan(raw))}"]
    en += [f"That is the tier “{condition}”: {plain_number(share * 100)}% of the rise",
           f"{format_en(rise)} × {plain_number(share * 100)}% = {format_en(_yuan(raw))}"]
    caps = [c for c in [rule.cap_yuan] + [r.amount_yuan for r in rules if r.kind == "cap" and "年" in (r.period, r.cap_period)]
            if c]
    cap = min(caps) if caps else None
    cap_zh, cap_en = _cap_steps(cap, raw)
    return Calculation(doc, rule.clause, "share", {"rise_yuan": rise, "growth_percent": str(_two_places(rate)),
                                                   "share": str(share)},
                       _yuan(min(raw, Decimal(cap)) if cap else raw), cap, bool(cap and raw > cap), zh + cap_zh,
                       en + cap_en, list(rule.caveats), list(rule.caveats_en), rule.to_dict())


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()


# EEI不高于0.90 / 年度可再生能源使用比例达到40%及以上 / 考核得分不低于90分: a condition on a named
# measure of the asker's, met at or below (or above) a level
_INDEX_LEVEL = re.compile(r"^(?P<name>[A-Za-z]{2,10}|[\u4e00-\u9fff]{2,14}?)\s*(?P<op>不高于|不超过|低于|小于|不低于|不少于|达到|高于|"
                          r"超过|大于)\s*(?P<n>\d+(?:\.\d+)?)\s*(?:(?P<pct>[%％])|分)?(?P<after>(?:及|或)?以[上下])?$")
_UPPER = ("不高于", "不超过", "低于", "小于")
_STRICT = ("低于", "小于", "高于", "超过", "大于")
_NAME_PREFIX = re.compile(r"^(?:年度|年均|年平均|平均|全年)")


@dataclass(frozen=True)
class _IndexLevel:
    rule: MoneyRule
    name: str
    level: Decimal
    upper: bool  # met at or below the level (EEI不高于0.90), else at or above it
    strict: bool
    percent: bool

    def holds(self, value: Decimal) -> bool:
        if self.upper:
            return value < self.level if self.strict else value <= self.level
        return value > self.level if self.strict else value >= self.level


def _index_level(rule: MoneyRule) -> _IndexLevel | None:
    found = _INDEX_LEVEL.match(rule.beneficiary.strip()) if rule.kind == "fixed" and rule.amount_yuan else None
    if not found:
        return None
    return _IndexLevel(rule, found.group("name"), Decimal(found.group("n")), found.group("op") in _UPPER,
                       found.group("op") in _STRICT, bool(found.group("pct")))


def has_levels(rules: list[MoneyRule]) -> bool:
    """Whether any rule is paid by the level of a named measure (see `index_tier`): only then is
    the question read for one, so other questions pay nothing for it."""
    return any(_index_level(r) for r in rules)


def _value_said(level: _IndexLevel, question: str, question_words: set[str], tokens) -> tuple[Decimal, str] | None:
    """The figure the question gives for the level's measure: after its name (EEI 0.85, 可再生能源使用
    比例45%), or the one percentage the question states when two words of the name or more are among
    its Chinese words (an English question's, translated: 45% of our power is renewable)."""
    name = level.name
    # the asker's figure, not an amount of money (EEI要做到多少才能拿60万？ states no EEI)
    figure = (r"[^\d，。；？！,;?!]{0,15}?(?P<v>\d+(?:\.\d+)?)(?![\d.]|\s*(?:万|亿|元|块|千元|yuan|million|thousand))"
              r"\s*(?P<pct>%|％|percent\b)?")
    names = [rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])"] if name.isascii() else [re.escape(n) for n in
                                                                  {name, _NAME_PREFIX.sub("", name)}]
    for pattern in names:
        said = re.search(pattern + figure, question, re.IGNORECASE)
        if said and bool(said.group("pct")) == level.percent:
            return Decimal(said.group("v")), said.group(0)
    if name.isascii() or not question_words or not level.percent:
        return None
    words = [t for t in tokens(_NAME_PREFIX.sub("", name)) if CJK.search(t)]
    if len(words) < 2 or len([w for w in words if w in question_words]) < 2:
        return None
    percents = re.findall(r"(\d+(?:\.\d+)?)\s*(?:%|％|percent\b)", question, re.IGNORECASE)
    return (Decimal(percents[0]), f"{percents[0]}%") if len(percents) == 1 else None


def index_tier(rules: list[MoneyRule], doc: str, question: str, question_words: set[str] = frozenset(),
               tokens=lambda text: [text]) -> Calculation | None:
    """Fixed amounts by the level of a named measure the asker states (EEI不高于0.90的奖励30万元；
    EEI不高于0.80的奖励60万元 with EEI 0.78): the most demanding level met of each measure stated,
    and an amount paid on top (在此基础上…达到40%及以上的，再给予10万元) when its measure's figure
    is stated and meets it. None unless the question states a figure for the measure of the
    clause's tiers (two levels or more of one measure); an add-on whose figure is not stated is
    named in the working as not counted. `question_words`: the question's Chinese words (an
    English question's translated)."""
    levels = [lv for r in rules if (lv := _index_level(r))]
    by_name: dict[str, list[_IndexLevel]] = {}
    for lv in levels:
        by_name.setdefault(lv.name, []).append(lv)
    tiers = [name for name, group in by_name.items()
             if len(group) > 1 and not any(_PAID_AGAIN.search(lv.rule.text) for lv in group)]
    if len(tiers) != 1:
        return None
    stated = {name: _value_said(group[0], question, question_words, tokens) for name, group in by_name.items()}
    if stated[tiers[0]] is None:
        return None
    zh, en, total, used = [], [], Decimal(0), None
    add_ons = [n for n, group in by_name.items()
               if n != tiers[0] and all(_PAID_AGAIN.search(lv.rule.text) for lv in group)]
    for name in [tiers[0]] + add_ons:
        group, said = by_name[name], stated[name]
        if said is None:
            for lv in group:
                zh.append(f"未计入：{lv.rule.beneficiary}的，{format_zh(lv.rule.amount_yuan)}（问题未说明{name}）")
                en.append(f"Not counted: {format_en(lv.rule.amount_yuan)} for “{lv.rule.beneficiary}” "
                          f"(the question does not state {name})")
            continue
        value, text = said
        met = [lv for lv in group if lv.holds(value)]
        if not met:
            zh.append(f"{text.strip()}：未达到“{group[0].rule.beneficiary}”等条件，不予奖励")
            en.append(f"{text.strip()}: does not meet “{group[0].rule.beneficiary}” or any level of it, so nothing")
            continue
        best = min(met, key=lambda lv: lv.level) if met[0].upper else max(met, key=lambda lv: lv.level)
        used = used or best.rule
        total += best.rule.amount_yuan
        zh.append(f"{text.strip()}：符合“{best.rule.beneficiary}”，{format_zh(best.rule.amount_yuan)}")
        en.append(f"{text.strip()}: meets “{best.rule.beneficiary}”, {format_en(best.rule.amount_yuan)}")
    if used is None:
        rule = by_name[tiers[0]][0].rule
        return Calculation(doc, rule.clause, "below_level", {"level": str(by_name[tiers[0]][0].level)}, _yuan(total),
                           None, False, zh, en, list(rule.caveats), list(rule.caveats_en), rule.to_dict())
    if len(zh) > 1:
        zh.append(f"合计：{format_zh(_yuan(total))}")
        en.append(f"Total: {format_en(_yuan(total))}")
    return Calculation(doc, used.clause, "fixed", {"levels": {n: str(v[0]) for n, v in stated.items() if v}},
                       _yuan(total), None, False, zh, en, list(used.caveats), list(used.caveats_en), used.to_dict())


def _measure_range(rule: MoneyRule) -> Bracket | None:
    """The range of its own measure a per-unit rule's beneficiary states, or None."""
    measure = measure_of(rule.unit)
    word = MEASURES[measure] if measure else next((w for w in _OTHER_RANGED_UNITS if rule.unit.startswith(w)), None)
    if not word:
        return None
    pattern = rf"(\d+(?:\.\d+)?)\s*(万)?\s*(?:{word})[\u4e00-\u9fff]{{0,3}}?(?=[（(]含|以上|以下|至|到|、|，|的|$)"

    def range_in(text: str) -> Bracket | None:
        return _range_of([(int(Decimal(found.group(1)) * (10_000 if found.group(2) else 1)),
                           text[:found.start()].rstrip(), text[found.end():]) for found in re.finditer(pattern, text)])
    # the condition said just before the amount (…补助：100亩以上、不足500亩的，每亩50元): both bounds, where
    # the beneficiary kept one of them
    amount_at = rule.text.find(f"{plain_number(Decimal(rule.amount_yuan))}元") if rule.amount_yuan else -1
    condition = re.split(r"[：；。:;]", rule.text[:amount_at])[-1] if amount_at > 0 else ""
    said = range_in(condition) if condition else None
    return said if said and said.low is not None and said.high is not None else range_in(rule.beneficiary) or said


def bracketed(rules: list[MoneyRule], doc: str, q: Quantities) -> Calculation | Question | None:
    """Shares paid by the range their base falls in (在80万元以下的按10%，80万元以上、400万元以下的
    按8%…; 单个合同在100万元以上的按10%): each amount the question states takes its own tier, capped
    per item by its tier's cap, and the sum is held to the clause's cap for a unit's year. None when
    the clause has no such tier, or one tier and one amount (the usual path reads those); an amount
    that two tiers hold and the text gives to neither is asked back."""
    tiers = [(r, b) for r in rules if (b := bracket_of(r))]
    if len(tiers) < len([r for r in rules if r.kind == "share"]) or any(
            _INCREASE_BASE.search(r.base) or _EXCESS_BASE.search(r.base) for r, _ in tiers):
        return None  # a general share beside one for a level (不低于N万元的按15%), or a share of a rise: not tiers of the base
    if any(a.overlaps(b) for i, (_, a) in enumerate(tiers) for _, b in tiers[i + 1:] if a != b):
        return None  # 设备投资达到N万元以上的按15%…服务合同达到M万元以上的按8%: each its own rule
    amounts = list({m.yuan: m for m in q.money if m.yuan > 0 and not (
        m.payout or m.per_measure or m.foreign or m.increase or m.per_month or m.per_year)}.values())
    if not tiers or not amounts or (len({(r.share, b) for r, b in tiers}) < 2 and len(amounts) < 2):
        return None
    zh, en, parts, capped, used = [], [], [], False, []
    for money in amounts:
        holding = [(r, b) for r, b in tiers if b.holds(money.yuan)]
        if len({b for _, b in holding}) > 1 and any(money.yuan in b.said_in for _, b in holding):
            holding = [(r, b) for r, b in holding if money.yuan in b.said_in]
        if len({b for _, b in holding}) > 1 or len({r.share for r, _ in holding}) > 1:
            return Question(f"{money.text}正好在两个档次的分界上，原文未说明归哪一档；请以主管部门解释为准。",
                            f"{money.text} sits on the boundary of two tiers and the text does not say which one "
                            "it falls in; please ask the responsible department.")
        if not holding:
            zh.append(f"{format_zh(money.yuan)}：不在本条规定的金额范围内，不予计算")
            en.append(f"{format_en(money.yuan)}: outside the amounts the clause pays for, so nothing is counted")
            parts.append(Decimal(0))
            continue
        share = Decimal(holding[0][0].share)
        used.append(holding[0][0])
        caps = [r.cap_yuan for r, _ in holding if r.cap_yuan and (r.cap_period != "年" or r.cap_unit in _HEADS)]
        raw = Decimal(money.yuan) * share
        each = min([raw] + [Decimal(c) for c in caps])
        capped = capped or each < raw
        zh.append(f"{format_zh(money.yuan)} × {plain_number(share * 100)}% = {format_zh(_yuan(raw))}"
                  + (f"，超过单项上限，按{format_zh(min(caps))}计" if each < raw else ""))
        en.append(f"{format_en(money.yuan)} × {plain_number(share * 100)}% = {format_en(_yuan(raw))}"
                  + (f", above the cap for one item, so {format_en(min(caps))}" if each < raw else ""))
        parts.append(each)
    if not any(parts):
        return None  # no amount in any tier: the clause is quoted, its conditions said there
    total = sum(parts, Decimal(0))
    zh.append("合计：" + " + ".join(format_zh(_yuan(p)) for p in parts) + f" = {format_zh(_yuan(total))}")
    en.append("Total: " + " + ".join(format_en(_yuan(p)) for p in parts) + f" = {format_en(_yuan(total))}")
    yearly = [c for r in rules if (c := (r.amount_yuan if r.kind == "cap" and "年" in (r.period, r.cap_period)
                                          else r.cap_yuan if r.kind == "share" and r.cap_period == "年"
                                          and r.cap_unit not in _HEADS else None))]  # 每人每年: each person's
    result = total
    if yearly and total > min(yearly):
        result, capped = Decimal(min(yearly)), True
        zh.append(f"每年累计上限{format_zh(min(yearly))}：超过上限，按上限计")
        en.append(f"Yearly cap {format_en(min(yearly))} in all: above it, so the cap applies")
    rule = used[0] if len(used) == 1 else tiers[0][0]  # one amount: the tier it falls in
    return Calculation(doc, rule.clause, "tiers", {"bases_yuan": [m.yuan for m in amounts]}, _yuan(result),
                       min(yearly) if yearly else None, capped, zh, en, list(rule.caveats), list(rule.caveats_en),
                       rule.to_dict())


def levels_met(rules: list[MoneyRule], q: Quantities) -> list[MoneyRule]:
    """The rules whose condition is an amount (不低于800万元的) kept only when the question states an
    amount that reaches it (a rise, 多出两百万, is not a level); when one is kept, the clause's other
    rules of its kind give way to it (the general 10% to the 15% for those above the level)."""
    stated = [m.yuan for m in q.money if not (m.increase or m.per_measure or m.foreign)]
    met = []
    for rule in rules:
        level = level_of(rule)
        if level and any(v >= level[0] if level[1] else v > level[0] for v in stated):
            met.append(rule)
    top = {kind: max(level_of(r)[0] for r in met if r.kind == kind) for kind in {r.kind for r in met}}
    tiers = {kind for kind in top if _one_measure([r for r in met if r.kind == kind])}
    # 突破2亿、6亿元的: the highest level reached; levels of separate rules (设备投资达到N万元 beside
    # 服务合同金额达到M万元) all stay, for the question's words to choose among
    met = [r for r in met if r.kind not in tiers or level_of(r)[0] == top[r.kind]]
    return [r for r in rules if (r in met) or (level_of(r) is None and r.kind not in top)]


_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*[万亿]?元")


def _one_measure(rules: list[MoneyRule]) -> bool:
    """Whether rules whose conditions are levels differ by their levels alone (年销售额跨过3亿元的 /
    跨过9亿元的; 合同金额在N万元以上 / 合同金额在N万元以上、M万元以下): the words of one, amounts
    left out, are within the other's."""
    said = [_AMOUNT.sub("#", r.beneficiary or r.base) for r in rules]
    return all(a in b or b in a for i, a in enumerate(said) for b in said[i + 1:])


# 超过部分 / 超出部分: a share of what lies above the level the rule's condition names
_EXCESS_BASE = re.compile(r"超过部分|超出部分|超额部分|(?:超过|超出)\s*\d+(?:\.\d+)?\s*[万亿]?元的?部分")


def _share_of_excess(rule: MoneyRule, money: list[Money], done) -> Calculation | None:
    """A share of the part above a level (对研发投入超过800万元的，按超过部分的4%): the amount stated
    minus the level; None when the rule names no level or the question states no single amount."""
    level = level_of(rule)
    levels = [m for m in money if not m.increase]
    if not level or len(levels) != 1:
        return None
    base = max(0, levels[0].yuan - level[0])
    return _share_with_cap(rule, base, [f"超过部分：{format_zh(levels[0].yuan)} − {format_zh(level[0])} = {format_zh(base)}"],
                           [f"Part above the level: {format_en(levels[0].yuan)} − {format_en(level[0])} = "
                            f"{format_en(base)}"], done)


def _per_block(rule: MoneyRule, money: list[Money], done) -> Calculation | Question:
    """So much for each full block of a base (每增加200万元奖励15万元，最高60万元): the base is the rise
    the question states, the difference of two amounts it gives, or its one amount; whole blocks
    only, then the cap."""
    rises = [m for m in money if m.increase]
    levels = [m for m in money if not m.increase]
    if rises:
        base, how_zh, how_en = rises[0].yuan, [], []
    elif len(levels) == 2 and (_INCREASE_BASE.search(rule.base) or re.search(r"增|新", rule.text[:12])):
        high, low = max(m.yuan for m in levels), min(m.yuan for m in levels)
        base = high - low
        how_zh = [f"增量：{format_zh(high)} − {format_zh(low)} = {format_zh(base)}"]
        how_en = [f"Rise: {format_en(high)} − {format_en(low)} = {format_en(base)}"]
    elif len(levels) == 1:
        base, how_zh, how_en = levels[0].yuan, [], []
    else:
        return Question(f"这一项按{rule.base or '基数'}每{format_zh(rule.of_yuan)}计：请说明金额是多少。",
                        f"This pays per {format_en(rule.of_yuan)} of {rule.base or 'the base'}: what is the amount?")
    blocks = base // rule.of_yuan
    raw = Decimal(blocks * rule.amount_yuan)
    result = min(raw, Decimal(rule.cap_yuan)) if rule.cap_yuan else raw
    zh = how_zh + [f"{format_zh(base)} ÷ {format_zh(rule.of_yuan)} = {blocks}（整档）",
                   f"{blocks} × {format_zh(rule.amount_yuan)} = {format_zh(_yuan(raw))}"]
    en = how_en + [f"{format_en(base)} ÷ {format_en(rule.of_yuan)} = {blocks} full blocks",
                   f"{blocks} × {format_en(rule.amount_yuan)} = {format_en(_yuan(raw))}"]
    cap_zh, cap_en = _cap_steps(rule.cap_yuan, raw)
    zh, en = zh + cap_zh, en + cap_en
    return done("step", {"base_yuan": base, "blocks": blocks}, result, rule.cap_yuan,
                bool(rule.cap_yuan and raw > rule.cap_yuan), zh, en)


def _monthly_share(rule: MoneyRule, q: Quantities, rent: Money, done, similar) -> Calculation | None:
    """A share of an amount stated per month (学费每月2600, 按实际学费的40%，每月最高900元，最长18个月):
    each month's share, held to the monthly cap, times the months asked (within the longest
    period), for each person counted."""
    share = Decimal(rule.share or "0")
    months = next((d.months for d in q.durations), None)
    raw = Decimal(rent.yuan) * share
    monthly = min(raw, Decimal(rule.cap_yuan)) if rule.cap_yuan else raw
    zh = [f"每月：{format_zh(rent.yuan)} × {plain_number(share)} = {format_zh(_yuan(raw))}"]
    en = [f"Each month: {format_en(rent.yuan)} × {plain_number(share)} = {format_en(_yuan(raw))}"]
    if rule.cap_yuan:
        who = f"{rule.beneficiary}：" if rule.beneficiary and len(rule.beneficiary) <= 12 else ""
        zh.append(f"{who}每月上限{format_zh(rule.cap_yuan)}：" + ("超过上限，按上限计" if raw > rule.cap_yuan else "未超过上限"))
        en.append(f"{who}Monthly cap {format_en(rule.cap_yuan)}: "
                  + ("above the cap, so the cap applies" if raw > rule.cap_yuan else "within the cap"))
    periods, capped = Decimal(months) if months else Decimal(1), bool(rule.cap_yuan and raw > rule.cap_yuan)
    if rule.max_periods and periods > rule.max_periods:
        zh.append(f"最长{rule.max_periods}个月：{plain_number(periods)}按{rule.max_periods}计")
        en.append(f"At most {rule.max_periods} months: {plain_number(periods)} counts as {rule.max_periods}")
        periods, capped = Decimal(rule.max_periods), True
    people = total_count(q.counts, "人名位学生", similar)
    heads = _whole(people[0], "学生", people[1]) if people else 1
    result = monthly * periods * heads
    zh.append(f"{format_zh(_yuan(monthly))} × {plain_number(periods)}个月" + (f" × {heads}人" if heads > 1 else "")
              + f" = {format_zh(_yuan(result))}")
    en.append(f"{format_en(_yuan(monthly))} × {plain_number(periods)} months" + (f" × {heads} people" if heads > 1 else "")
              + f" = {format_en(_yuan(result))}")
    return done("share", {"base_yuan": rent.yuan, "share": str(share), "months": str(plain_number(periods)),
                          "people": heads}, result, rule.cap_yuan, capped, zh, en)


def within_limit(outcome: Calculation, rules: list[MoneyRule], q: Quantities) -> Calculation:
    """An amount limited by the clause's limit on it (装修补助总额不超过合同总价的40%): with the one
    amount the question states as that base (合同总价25万), the smaller of the two, with the working;
    without it, a caveat that the limit was not checked. A limit on this and another payment
    together (区级与市级补助合计不超过…的N%) leaves what the other payment the question states did not
    take. Not for a year's part of a sum (the limit is on the sum)."""
    limits = [r for r in rules if r.kind == "limit" and r.share]
    if not limits or outcome.result_yuan is None or outcome.kind == "schedule":
        return outcome
    stated = [m for m in q.money if 0 < m.yuan <= MAX_YUAN and not (m.foreign or m.per_year or m.per_measure
                                                                     or m.per_month)]
    limit = limits[0]
    share = Decimal(limit.share)
    percent = plain_number(share * 100)
    # 区级补助与市级补助合计不超过…的N% with 市里已经补了M万: what is left of the limit once the other
    # payment is in it
    others = [m for m in stated if m.received] if _TOGETHER.search(limit.funds + limit.text) else []
    if outcome.kind == "share" and not others:
        return outcome  # a share's own limit on its base is its cap
    base = [m for m in stated if not m.received] if others else stated
    together_zh = f"{limit.funds}合计" if others else ""
    if len(base) != 1:
        return replace(outcome, caveats_zh=outcome.caveats_zh + [
            f"另：{together_zh or limit.funds}不超过{limit.base}的{percent}%；问题未给出{limit.base}，上述金额未按此核对。"],
            caveats_en=outcome.caveats_en + [
            f"The clause also limits this{' and the other payment together' if others else ''} to {percent}% of "
            f"“{limit.base}”, which the question does not state; the amount above is not checked against it."])
    got = sum(m.yuan for m in others)
    most = _yuan(max(Decimal(0), Decimal(base[0].yuan) * share - got))
    less_zh = f" − 已获{'、'.join(m.text for m in others)}" if others else ""
    less_en = f" − {format_en(got)} already received" if others else ""
    zh = outcome.steps_zh + [f"{together_zh}不超过{limit.base}的{percent}%：{format_zh(base[0].yuan)} × {plain_number(share)}"
                             f"{less_zh} = {format_zh(most)}，" + (f"按{format_zh(most)}计" if most < outcome.result_yuan else "未超过")]
    en = outcome.steps_en + [f"{'With the other payment, at most' if others else 'At most'} {percent}% of “{limit.base}”: "
                             f"{format_en(base[0].yuan)} × {plain_number(share)}{less_en} = {format_en(most)}"
                             + (", so that applies" if most < outcome.result_yuan else ", not exceeded")]
    if most >= outcome.result_yuan:
        return replace(outcome, steps_zh=zh, steps_en=en)
    return replace(outcome, result_yuan=most, cap_yuan=most, capped=True, steps_zh=zh, steps_en=en)


# 区级补助与市级补助合计不超过…: a limit on two payments together
_TOGETHER = re.compile(r"合计|之和|总和|加总")


_NUMBER = r"(\d+|[一二两三四五六七八九十]+)"
_AGE_LIMIT = re.compile(r"年龄(?:在)?(?:不超过|不大于|不满|未满|以下)?\s*" + _NUMBER + r"\s*周?岁(?:以下|以内)?")
_AGE_LEAST = re.compile(r"(?:年满|满)\s*" + _NUMBER + r"\s*周?岁|" + _NUMBER + r"\s*周?岁\s*(?:[（(]含[）)])?\s*(?:及以上|以上)")
_CONTRACT_MIN = re.compile(r"签订\s*" + _NUMBER + r"\s*年(?:以上|及以上)(?:的)?(?:劳动|聘用|工作)?合同")
_AGE_SAID = re.compile(r"(\d{2})\s*(?:周岁|岁)|(?:今年|年龄)\s*(\d{2})|\b(\d{2})[\s-]*years?[\s-]*old\b|\baged\s+(\d{2})\b|"
                       r"\b(?:i am|i'm|he is|he's|she is|she's|(?:dad|father|mother|mom|mum|husband|wife|son|daughter) is)"
                       r"\s+(\d{2})\b(?!\s*(?:%|percent|yuan|rmb|million|thousand|k\b|years? (?:ago|later)))",
                       re.IGNORECASE)
_CONTRACT_SAID = re.compile(r"(?:合同|contract)[^，,。.;；]{0,8}?" + r"(\d+|[一二两三四五]|one|two|three|four|five)\s*[- ]?(?:年|years?)|"
                            r"(\d+|[一二两三四五]|one|two|three|four|five)\s*[- ]?(?:年|years?)(?:的)?\s*(?:劳动|聘用|工作)?(?:合同|contract)",
                            re.IGNORECASE)


def _int(text: str) -> int | None:
    value = number(text)
    return int(value) if value is not None else None


def unmet_conditions(rule: MoneyRule, question: str) -> list[tuple[str, str]]:
    """Conditions of a rule that the question's own figures do not meet, as (Chinese, English)
    notes: an age above 年龄不超过N周岁 (the rule's own beneficiary first, else its sentence) or a
    contract shorter than 签订N年以上劳动合同. Nothing is said when the question gives no figure."""
    notes = []
    limit = _AGE_LIMIT.search(rule.beneficiary) or _AGE_LIMIT.search(rule.text)
    said = _AGE_SAID.search(question)
    if limit and said:
        age, most = int(next(g for g in said.groups() if g)), _int(limit.group(1))
        if most is not None and age > most:
            notes.append((f"原文要求年龄不超过{most}周岁，问题中为{age}岁，不符合此条件。",
                          f"The clause requires an age of at most {most}; the question says {age}, which does not meet it."))
    least = _AGE_LEAST.search(rule.beneficiary) or (None if rule.beneficiary and _AGE_LIMIT.search(rule.beneficiary)
                                                    else _AGE_LEAST.search(rule.text))
    if least and said and not notes:  # 年满N周岁 with a younger asker
        age, fewest = int(next(g for g in said.groups() if g)), _int(next(g for g in least.groups() if g))
        if fewest is not None and age < fewest:
            notes.append((f"原文要求年满{fewest}周岁，问题中为{age}岁，不符合此条件。",
                          f"The clause requires an age of at least {fewest}; the question says {age}, which does not "
                          "meet it."))
    least = _CONTRACT_MIN.search(rule.text)
    contract = _CONTRACT_SAID.search(question)
    if least and contract:
        years, needed = _int(next(g for g in contract.groups() if g)), _int(least.group(1))
        if years is not None and needed is not None and years < needed:
            notes.append((f"原文要求签订{needed}年以上合同，问题中为{years}年，不符合此条件。",
                          f"The clause requires a contract of {needed} years or more; the question says {years}, "
                          "which does not meet it."))
    return notes


# 三级 / 五星 / 二档 / 一类: a level numbered in a list of levels
_NUMBERED_LEVEL = re.compile(r"[一二三四五六七八九十]+(?:级|星级?|档|类|等)")
_GRADE = re.compile(r"(?<![0-9A-Za-z])\d[A-Za-z](?![0-9A-Za-z])")  # 5A级, 4A: a grade of digit and letter


def _levels(text: str) -> set[str]:
    """The numbered levels a text names: 三级, 五星, and grades of digit and letter (4A级, or 4A alone,
    as people say it)."""
    return set(_NUMBERED_LEVEL.findall(text)) | {g.upper() for g in _GRADE.findall(text)}


def upgrade_asked(clause_text: str, question: str) -> bool:
    """Whether a question is about moving up a tier in a clause that pays the difference."""
    return bool(_DIFFERENCE.search(clause_text) and _UPGRADE_CUE.search(question))


def upgrade_difference(rules: list[MoneyRule], clause_text: str, question: str, tokens: Callable[[str], list[str]],
                       doc: str, q: Quantities | None = None) -> Calculation | None:
    """For a clause that pays the difference on moving up a tier (已获得较低层级奖励后又被认定为较高
    层级的，按差额给予奖励) and a question that names two of its tiers and says one was had before:
    the higher amount less the lower, with its working. Tiers set by an amount reached (营业收入
    首次达到3亿元、6亿元) are named by two amounts the question states (passed 300 million then,
    700 million now). None otherwise (nothing is guessed)."""
    if not upgrade_asked(clause_text, question):
        return None
    # The tiers named: those whose every word that not all tiers share is in the question
    # (国家级+甲类 and 省级+甲类 are both named; 国家级+乙类 is not, though it says 国家级 too)
    asked = set(tokens(question))
    amounts = [r for r in rules if r.kind in ("fixed", "cap", "per_unit") and r.amount_yuan and r.beneficiary]
    words = [set(tokens(r.beneficiary)) for r in amounts]
    common = set.intersection(*words) if words else set()
    named = [r for r, own in zip(amounts, words) if own - common and own - common <= asked]
    keys = [_levels(r.beneficiary) for r in amounts]
    if len(keys) > 1 and all(len(k) == 1 for k in keys) and len(set().union(*keys)) == len(keys):
        # 三级、四级、五级…分别: each named by its own numbered level (Level 2 → 二级), whatever other
        # words the first carries (首次通过某某三级评估); three named is no one move up
        said = _levels(question) | asked
        named = [r for r, k in zip(amounts, keys) if k <= said]
    if len(named) != 2 and q is not None:
        named = _tiers_reached(amounts, q)
    if len(named) != 2 or named[0].amount_yuan == named[1].amount_yuan:
        return None
    low, high = sorted(named, key=lambda r: r.amount_yuan)
    difference = high.amount_yuan - low.amount_yuan
    zh = [f"{high.beneficiary}：{format_zh(high.amount_yuan)}", f"{low.beneficiary}（已获得）：{format_zh(low.amount_yuan)}",
          f"{format_zh(high.amount_yuan)} − {format_zh(low.amount_yuan)} = {format_zh(difference)}（晋升较高层级，按差额补足）"]
    en = [f"“{high.beneficiary}”: {format_en(high.amount_yuan)}",
          f"“{low.beneficiary}” (already received): {format_en(low.amount_yuan)}",
          f"{format_en(high.amount_yuan)} − {format_en(low.amount_yuan)} = {format_en(difference)}"
          " (moving up a tier is paid the difference)"]
    return Calculation(doc, high.clause, "difference", {"from": low.beneficiary, "to": high.beneficiary}, difference,
                       None, False, zh, en, list(high.caveats), list(high.caveats_en), high.to_dict())


def _tiers_reached(rules: list[MoneyRule], q: Quantities) -> list[MoneyRule]:
    """The highest tier by amount reached (首次达到3亿元) that each amount the question states reaches,
    when two amounts reach two different tiers; [] otherwise."""
    tiers = [(level, r) for r in rules if (level := level_of(r))]
    in_currency = [(level, r) for r in rules if (level := _currency_level(r))]
    reached = []
    for money in q.money:
        if money.increase or money.per_measure:
            continue
        if money.foreign:  # 突破N万美元、M亿美元 with K亿美元: a level in the currency stated, no exchange rate
            met = [((amount, True), r) for (amount, currency), r in in_currency
                   if _CURRENCIES[currency].search(money.text) and money.yuan >= amount]
        else:
            met = [(level, r) for level, r in tiers if money.yuan >= level[0]]  # "passed 500 million": that tier
        if met:
            top = max(met, key=lambda pair: pair[0][0])[1]
            if top not in reached:
                reached.append(top)
    return reached if len(reached) == 2 else []


def _currency_level(rule: MoneyRule) -> tuple[Decimal, str] | None:
    """首次突破N万美元、M亿美元的，分别…: a tier whose level is an amount in another currency (the
    amount in that currency, the currency); None for any other rule."""
    found = re.fullmatch(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>亿|万)?\s*(?P<cur>美元|欧元|港元)", rule.beneficiary.strip())
    if not found or not re.search(rf"(?:{_LEVEL_OPS})[^。；]*?{re.escape(rule.beneficiary.strip())}", rule.text):
        return None
    return Decimal(found.group("n")) * {"亿": 10**8, "万": 10**4}.get(found.group("unit") or "", 1), found.group("cur")


def sum_of_amounts(rules: list[MoneyRule], doc: str) -> Calculation:
    """The most the named rules give together: each one's amount or cap, then the sum."""
    zh = [f"{r.beneficiary or r.funds}：{'最高' if r.kind == 'cap' else ''}{format_zh(r.amount_yuan)}" for r in rules]
    en = [f"{r.beneficiary or r.funds}: {'up to ' if r.kind == 'cap' else ''}{format_en(r.amount_yuan)}" for r in rules]
    total = sum(r.amount_yuan for r in rules)
    zh.append("合计：" + " + ".join(format_zh(r.amount_yuan) for r in rules) + f" = {format_zh(total)}")
    en.append("Total: " + " + ".join(format_en(r.amount_yuan) for r in rules) + f" = {format_en(total)}")
    caveats_zh = list(dict.fromkeys(c for r in rules for c in r.caveats))
    caveats_en = list(dict.fromkeys(c for r in rules for c in r.caveats_en))
    if any(r.kind == "cap" for r in rules):
        caveats_zh.append("各项均为上限（最高额），实际金额以审核结果为准。")
        caveats_en.append("Each is a ceiling (the most that can be granted); the actual amounts follow the review.")
    return Calculation(doc, rules[0].clause, "sum", {"rules": [r.beneficiary for r in rules]}, total, total, False,
                       zh, en, caveats_zh, caveats_en, rules[0].to_dict())
