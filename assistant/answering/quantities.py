"""Quantities as people state them: money, counts, durations, in Chinese or English.

Pure functions: text in, `Quantities` out, each quantity keeping the words it was read
from so the working can show how it was read ("5 = 2 + 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assistant.money import to_decimal

_CN = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
               "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_EN_NUM = r"\d+(?:\.\d+)?|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True))
_MONEY = re.compile(
    rf"(?P<prefix>RMB|CNY|¥|￥|\$|US\$|USD|EUR|€)?\s*(?P<neg>-)?(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN}]+)\s*"
    r"(?P<unit>亿元|万元|百万|千万|亿|万|元|块钱|块|美元|欧元|k\b|K\b|thousand\b|million\b|mn\b|billion\b|bn\b|"
    r"yuan\b|RMB\b|CNY\b|dollars?\b|euros?\b|USD\b)?",
    re.IGNORECASE,
)
_SCALE = {"亿元": 10**8, "亿": 10**8, "万元": 10**4, "万": 10**4, "百万": 10**6, "千万": 10**7, "元": 1, "块": 1,
          "块钱": 1, "k": 10**3, "thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9,
          "yuan": 1, "rmb": 1, "cny": 1, "美元": 1, "欧元": 1, "dollar": 1, "dollars": 1, "euro": 1, "euros": 1,
          "usd": 1}
_FOREIGN = re.compile(r"美元|欧元|dollars?|euros?|USD|EUR|\$|€", re.IGNORECASE)
_PER_YEAR_BEFORE = re.compile(r"(每年|一年|每学年|年均|/年|annual(?:ly)?|per year|a year|each year|every year|yearly)"
                              r"(?:[\u4e00-\u9fff]{0,4}|\s*(?:tuition|fees?)?)\s*[:：是为]?\s*$",
                              re.IGNORECASE)
_PER_YEAR_AFTER = re.compile(r"^\s*(?:元)?\s*(/年|每年|一年|/yr|per year|a year|each year|every year|per annum|annually|yearly)",
                             re.IGNORECASE)
_TOTAL_NEAR = re.compile(r"(总共|总额|总计|合计|一共|共计|总|in total|total|altogether|overall)", re.IGNORECASE)
_YEAR_INDEX = re.compile(r"(第[一二三四五六\d]年|(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|final|last) year|"
                         r"year (?:one|two|three|four|\d))", re.IGNORECASE)
_COUNT_ZH = re.compile(rf"(?P<neg>-)?(?P<num>\d+(?:\.\d+)?|[{_CN}]+)\s*(?P<cls>个|家|所|名|位|项|间|座|支|人|套)"
                       r"(?P<noun>[\u4e00-\u9fff]{0,8})")
_COUNT_EN = re.compile(rf"(?<![\w.,])(?<!No\. )(?<!No\.)(?<!\] )(?P<neg>-)?(?!(?:19|20)\d\d\b)(?P<num>{_EN_NUM})\s+(?P<noun>(?:more |additional |new |other |of our |of )?"
                       r"[a-z][a-z\-']+(?: [a-z][a-z\-']+)?)", re.IGNORECASE)
_DURATION_ZH = re.compile(rf"(?<!第)(?P<num>\d+(?:\.\d+)?|[{_CN}]+)\s*(?P<ge>个)?(?P<unit>年半|年|月)(?![度级内前后底初份])|半年")
_DURATION_EN = re.compile(rf"(?P<num>{_EN_NUM}|half an?|a half)[\s-]*(?P<unit>years?|months?|yr)\b(?P<half> and a half)?",
                          re.IGNORECASE)
_NOT_A_COUNT_EN = re.compile(r"^(?:more )?(?:years?|months?|days?|million|thousand|k|yuan|rmb|cny|percent|%|times|"
                             r"dollars?|euros?|billion|per|each|a|an|the|of|in)\b", re.IGNORECASE)
_CALENDAR_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Money:
    yuan: int
    text: str
    per_year: bool = False
    total: bool = False
    year_index: str = ""  # 第二年 / second year: an amount for one year of several
    foreign: bool = False  # not in yuan (dollars, euros): the policy's figures are yuan


@dataclass(frozen=True)
class Count:
    value: Decimal
    noun: str
    text: str


@dataclass(frozen=True)
class Duration:
    months: Decimal
    text: str


@dataclass
class Quantities:
    money: list[Money] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.money or self.counts or self.durations)


def number(text: str) -> Decimal | None:
    text = text.strip().lower()
    if text in _EN_NUMBERS:
        return Decimal(_EN_NUMBERS[text])
    if text in ("half a", "half an", "a half"):
        return Decimal("0.5")
    return to_decimal(text.replace("两", "二") if not text.isdigit() else text)


def _money(text: str) -> tuple[list[Money], list[tuple[int, int]]]:
    found, spans = [], []
    for match in _MONEY.finditer(text):
        unit = (match.group("unit") or "").lower()
        prefix = match.group("prefix")
        if not unit and not prefix and not _bare_money(text, match):
            continue
        value = number(match.group("num"))
        if value is None:
            continue
        yuan = int((value * _SCALE.get(unit, 1)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if match.group("neg"):
            yuan = -yuan
        before, after = text[max(0, match.start() - 12):match.start()], text[match.end():match.end() + 14]
        found.append(Money(
            yuan=yuan, text=match.group(0).strip(),
            per_year=bool(_PER_YEAR_BEFORE.search(before) or _PER_YEAR_AFTER.search(after)),
            total=bool(_TOTAL_NEAR.search(before[-8:]) or re.match(r"^\s*(in total|altogether|total)", after, re.I)),
            year_index=(_YEAR_INDEX.findall(text[max(0, match.start() - 16):match.start()]) or [""])[-1],
            foreign=bool(_FOREIGN.search(match.group(0)) or _FOREIGN.match(after.strip()[:7]))))
        spans.append(match.span())
    return found, spans


_MONEY_NOUN = re.compile(r"(学费|费用|经费|投入|资金|tuition|fees?|costs?|budget|spent|spend|invest(?:ed|ment)?)\W{0,3}$",
                         re.IGNORECASE)


def _bare_money(text: str, match: re.Match) -> bool:
    """A number with no unit is money when it is large and stated as a yearly rate or right
    after a word for money ("tuition 40,000 a year", "学费40000")."""
    digits = match.group("num").replace(",", "")
    if not digits.isdigit() or int(digits) < 1000 or _CALENDAR_YEAR.match(digits):
        return False
    after = text[match.end():match.end() + 14]
    before = text[max(0, match.start() - 14):match.start()]
    return bool(_PER_YEAR_AFTER.match(after) or _MONEY_NOUN.search(before))


def _outside(spans: list[tuple[int, int]], start: int) -> bool:
    return not any(a <= start < b for a, b in spans)


def read_quantities(text: str) -> Quantities:
    money, spans = _money(text)
    counts: list[Count] = []
    for match in _COUNT_ZH.finditer(text):
        if not _outside(spans, match.start()):
            continue
        value = number(match.group("num"))
        if value is None or (match.group("num").isdigit() and _CALENDAR_YEAR.match(match.group("num"))):
            continue
        if match.group("cls") == "个" and match.group("noun").startswith(("月", "小时", "工作日")):
            continue  # 18个月 is a duration
        counts.append(Count(-value if match.group("neg") else value, match.group("cls") + match.group("noun"),
                            match.group(0)))
    for match in _COUNT_EN.finditer(text):
        noun = re.sub(r"^(?:of (?:our|the|their|my|us|them)|of)\s+", "", match.group("noun"), flags=re.I)
        if re.match(r"^(?:more|additional|another)\b", noun, re.I):
            noun = "more"  # "three more (next year)": the same thing as the count before
        elif not _outside(spans, match.start()) or _NOT_A_COUNT_EN.match(noun):
            continue
        if not _outside(spans, match.start()):
            continue
        value = number(match.group("num"))
        if value is None or _CALENDAR_YEAR.match(match.group("num")):
            continue
        if match.group("num").lower() in ("a", "an") and not re.search(r"\b(?:another|more)\b", noun, re.I):
            continue  # "a lab" is not a count someone stated
        counts.append(Count(-value if match.group("neg") else value, noun, match.group(0)))
    durations: list[Duration] = []
    stripped = text
    rate_free = re.sub(r"(每|一)(学)?年(?=\s*[\d一二三四五六七八九十]+(?:\.\d+)?\s*[万千元])|每年|/年|一年(?=学费)", " ", stripped)
    rate_free = re.sub(r"\b(?:per|a|each|every) year\b|\bannually\b|\bper annum\b", " ", rate_free, flags=re.I)
    for match in _DURATION_ZH.finditer(rate_free):
        if match.group(0) == "半年":
            durations.append(Duration(Decimal(6), match.group(0)))
            continue
        value = number(match.group("num"))
        if value is None or _CALENDAR_YEAR.match(match.group("num")):
            continue
        unit = match.group("unit")
        months = value * 12 + (6 if unit == "年半" else 0) if unit.startswith("年") else value
        durations.append(Duration(months, match.group(0)))
    for match in _DURATION_EN.finditer(rate_free):
        value = number(match.group("num"))
        if value is None:
            continue
        months = value * 12 if match.group("unit").lower().startswith(("year", "yr")) else value
        if match.group("half"):
            months += 6
        durations.append(Duration(months, match.group(0)))
    return Quantities(money, counts, durations)


_GROUP_BREAK = re.compile(r"[；;]|另外|此外|再加上?|还有|\bplus\b|\band another\b|\banother\b|\bwhile\b", re.IGNORECASE)


def groups(text: str) -> list[str]:
    """The parts of a question that state quantities for different applicants or groups
    ("3人读博士，每年5万，4年；另外2人读硕士，每年3万，3年"); one part when there is no break."""
    parts = [p for p in _GROUP_BREAK.split(text) if p and read_quantities(p)]
    return parts if len(parts) > 1 else [text]
