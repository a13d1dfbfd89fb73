"""The figures a clause states, read alike from its Chinese and its English text.

A figure is money (in yuan), a percentage, a date, a duration (in months) or a number (a count,
a calendar year, a document number): 80万元 ≡ CNY 800,000 ≡ 800,000 yuan; 四年 ≡ four
years ≡ 4 years; 2019年5月6日 ≡ 6 May 2019; 40% ≡ 40 per cent. `compare` says which
figure one text states and the other does not; the corpus loader and the translate command
both use it, so an English text is held to one standard.

Spelled-out numbers without a unit are weaker evidence than digits: 一批 / 一次性 / 双一流 are
words, not counts, and an English text may name a count the Chinese only implies ("both
notices cited", "X and N other bureaus"). Such figures count when the other text has
them, but are not demanded of it (`Figure.firm`). Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assistant.money import find_money_zh, format_en, format_zh, to_decimal

_CN = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_NUM = rf"[{_CN}]+"
_ARABIC = r"\d[\d,]*(?:\.\d+)?"
# Measure words after which a Chinese numeral is a count (三所高校, 100个基地, 两项).
_MEASURE = r"个|项|家|所|名|位|人|支|座|间|套|批|类|种|倍|次|条|款|期|届|轮|场|份|本|篇|余|多"
_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], 1) for name in names}
_MONTH_EN = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = "|".join(sorted(list(_WORDS) + list(_SCALES), key=len, reverse=True))
_WORD_B = rf"(?:{_WORD})\b"
_EN_NUM = rf"(?:{_ARABIC}|(?:{_WORD_B}(?:[\s-]+(?:and\s+)?(?={_WORD_B}))?)+)"

# Ordinals and enumerators are labels, not figures: （一） (1) 第3条 Article 3 1st.
_LABELS_ZH = re.compile(rf"[（(]\s*(?:\d+|{_CN_NUM})\s*[)）]|第\s*(?:\d+|{_CN_NUM})|^\s*\d+[.．、](?!\d)", re.MULTILINE)
_LABELS_EN = re.compile(r"\(\s*(?:\d+|[a-z]|[ivx]+)\s*\)|\b(?:article|section|chapter|clause|item|paragraph|part|"
                        r"annex|appendix)\s+\d+|\b\d+(?:st|nd|rd|th)\b|^\s*\d+\.\s", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Figure:
    kind: str  # money, percent, date, duration, number
    value: str  # normalised: yuan, percent, ISO date (or --MM-DD), months, number
    text: str  # as written
    firm: bool = True  # must the other text state it too? (see the module's note)

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.value

    def describe(self) -> str:
        """'80万元 (CNY 800,000)': as written, and normalised when that differs."""
        if self.kind == "money":
            yuan = int(self.value)
            same = {format_zh(yuan), format_en(yuan)}
            return self.text if self.text in same else f"{self.text} ({format_en(yuan)} / {format_zh(yuan)})"
        if self.kind == "duration":
            months = Decimal(self.value)
            years = months / 12
            plain = f"{years.normalize():f} years" if months % 12 == 0 else f"{months.normalize():f} months"
            return f"{self.text} ({plain})"
        if self.kind == "percent":
            return f"{self.text} ({self.value}%)" if self.text.strip() != f"{self.value}%" else self.text
        return self.text if self.text.strip() == self.value else f"{self.text} ({self.value})"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _english_number(text: str) -> Decimal | None:
    """'3', '3,000,000', 'three', 'twenty-five', 'three hundred', 'two and a half' → Decimal."""
    text = text.strip().lower()
    if re.fullmatch(_ARABIC, text):
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    total, current, seen = Decimal(0), Decimal(0), False
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in _WORDS:
            current += _WORDS[word]
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, Decimal(0)
        else:
            return None
        seen = True
    return total + current if seen else None


class _Reader:
    """Figures of one text, each span read once (a date is not also three numbers)."""

    def __init__(self, text: str, labels: re.Pattern):
        self.text = text
        self.taken = [m.span() for m in labels.finditer(text)]
        self.found: list[Figure] = []

    def free(self, start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in self.taken)

    def take(self, pattern: re.Pattern, make) -> None:
        for match in pattern.finditer(self.text):
            if not self.free(*match.span()):
                continue
            figure = make(match)
            if figure is not None:
                self.taken.append(match.span())
                self.found.append(figure)


def _date(year, month, day, text: str) -> Figure | None:
    try:
        y = int(year) if year else None
        m, d = int(month), int(day) if day else None
    except (TypeError, ValueError):
        return None
    if not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    value = (f"{y:04d}" if y else "-") + f"-{m:02d}" + (f"-{d:02d}" if d else "")
    return Figure("date", value, text)


def _zh_int(text: str) -> int | None:
    """'2021' / '二〇二一' (read digit by digit) / '十二' → int."""
    if text.isdigit():
        return int(text)
    if re.fullmatch(r"[零〇一二三四五六七八九]{4}", text):
        return int("".join(str("零一二三四五六七八九".find(c) if c != "〇" else 0) for c in text))
    value = to_decimal(text.replace("两", "二"))
    return int(value) if value is not None and value == value.to_integral_value() else None


_ZH_DATE = re.compile(rf"(?P<y>\d{{4}}|[零〇一二三四五六七八九]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月"
                      rf"(?:\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*[日号])?|"
                      rf"(?P<m2>\d{{1,2}}|[{_CN}]{{1,3}})\s*月\s*(?P<d2>\d{{1,2}}|[{_CN}]{{1,3}})\s*[日号]|"
                      r"(?P<iy>\d{4})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})(?!\d)")
_ZH_PERCENT = re.compile(rf"(?P<n>{_ARABIC})\s*[%％]|百分之(?P<cn>[{_CN}点]+)")
_ZH_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*年(?![半期制])")
_ZH_DURATION = re.compile(rf"(?<![第每\d])(?P<n>{_ARABIC}|{_CN_NUM})\s*(?P<ge>个)?\s*(?P<half>半)?\s*"
                          r"(?P<unit>年|月|周|星期)(?P<half2>半)?(?![度级代底初末份])|(?<![每\d])(?P<only>半)(?P<ounit>年|个月)")
_ZH_COUNT = re.compile(rf"(?<![第每])(?P<n>{_ARABIC}|{_CN_NUM})\s*(?:{_MEASURE}|天|日|周|小时|分钟|工作日)")
_ZH_DIGITS = re.compile(rf"(?<![0-9A-Za-z.])(?P<n>{_ARABIC})(?![\d.])")


def figures_zh(text: str) -> list[Figure]:
    """Every figure a Chinese text states."""
    reader = _Reader(text, _LABELS_ZH)

    def date(m):
        if m.group("iy"):
            return _date(m.group("iy"), m.group("im"), m.group("id"), m.group(0))
        if m.group("y"):
            return _date(_zh_int(m.group("y")), _zh_int(m.group("m")), m.group("d") and _zh_int(m.group("d")),
                         m.group(0))
        return _date(None, _zh_int(m.group("m2")), _zh_int(m.group("d2")), m.group(0))

    reader.take(_ZH_DATE, date)
    cursor = 0
    for mention in find_money_zh(text):  # 80万元, 80万, 八十万元
        start = text.find(mention.text, cursor)
        if start < 0:
            continue
        cursor = start + len(mention.text)
        if reader.free(start, cursor):
            reader.taken.append((start, cursor))
            reader.found.append(Figure("money", str(mention.yuan), mention.text))

    def percent(m):
        value = to_decimal(m.group("n")) if m.group("n") else to_decimal(m.group("cn").replace("点", "."))
        return Figure("percent", _plain(value), m.group(0)) if value is not None else None

    reader.take(_ZH_PERCENT, percent)
    reader.take(_ZH_YEAR, lambda m: Figure("number", m.group("y"), m.group(0)))

    def duration(m):
        if m.group("only"):
            return Figure("duration", "6", m.group(0))
        value = to_decimal(m.group("n").replace("两", "二"))
        if value is None:
            return None
        unit = m.group("unit")
        if unit == "月" and not m.group("ge"):
            return None  # 3月 is March, not three months
        half = Decimal("0.5") if (m.group("half") or m.group("half2")) else Decimal(0)
        if unit == "年":
            months = (value + half) * 12
        elif unit == "月":
            months = value + half
        else:
            return Figure("number", _plain(value), m.group(0))  # weeks: a count, as in English
        return Figure("duration", _plain(months), m.group(0))

    reader.take(_ZH_DURATION, duration)

    def count(m):
        value = to_decimal(m.group("n").replace("两", "二"))
        if value is None:
            return None
        spelled = not re.match(r"\d", m.group("n"))
        return Figure("number", _plain(value), m.group(0), firm=not (spelled and value == 1))  # 一批, 一次性

    reader.take(_ZH_COUNT, count)
    reader.take(_ZH_DIGITS, lambda m: Figure("number", _plain(Decimal(m.group("n").replace(",", ""))), m.group(0)))
    return reader.found


_EN_DATE = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_EN})\.?,?\s+(?P<y>\d{{4}})\b|"
                      rf"\b(?P<m2>{_MONTH_EN})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b|"
                      rf"\b(?P<m3>{_MONTH_EN})\.?,?\s+(?P<y3>\d{{4}})\b|"
                      rf"\b(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m4>{_MONTH_EN})\b|"
                      rf"\b(?P<m5>{_MONTH_EN})\s+(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})|"
                      r"\b(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b", re.IGNORECASE)
_EN_MONEY = re.compile(
    rf"(?:(?P<cur>CNY|RMB|¥|￥|yuan)\s*(?P<n>{_EN_NUM})(?:\s*(?P<scale>million|billion|thousand|mn|bn)\b)?(?:\s*(?:yuan|CNY|RMB)\b)?)|"
    rf"(?:\b(?P<n2>{_EN_NUM})\s*(?P<scale2>million|billion|thousand|mn|bn)?\s*(?P<cur2>yuan|CNY|RMB)\b)|"
    rf"(?:\b(?P<n3>{_EN_NUM})\s+(?P<scale3>million|billion)\b)", re.IGNORECASE)
_EN_PERCENT = re.compile(rf"(?P<n>{_EN_NUM})\s*(?:%|％|per\s*cent\b|percent\b)", re.IGNORECASE)
_EN_DURATION = re.compile(rf"\b(?P<n>{_EN_NUM}|half\s+an?|an?)(?P<half>\s+and\s+a\s+half)?"
                          r"[\s-]+(?P<unit>years?|months?)\b(?P<half2>\s+and\s+a\s+half)?", re.IGNORECASE)
_EN_RATE = re.compile(r"\b(?:per|a|an|each|every)\s+(?:year|month|annum)\b(?!\s+and\s+a\s+half)|\bannually\b|\bmonthly\b|\byearly\b",
                      re.IGNORECASE)
_EN_OTHERS = re.compile(rf"\band\s+(?P<n>{_EN_NUM})\s+other\b", re.IGNORECASE)  # X and N other bureaus: N + 1 in all
_EN_NUMBER = re.compile(rf"(?<![\w.,])(?P<n>{_EN_NUM})(?![\w]|[.,]\d)", re.IGNORECASE)


def figures_en(text: str) -> list[Figure]:
    """Every figure an English text states."""
    reader = _Reader(text, _LABELS_EN)
    reader.taken += [m.span() for m in _EN_RATE.finditer(text)]  # "a year" is a rate, not a duration

    def date(m):
        if m.group("iy"):
            return _date(m.group("iy"), m.group("im"), m.group("id"), m.group(0))
        for d, mo, y in (("d", "m", "y"), ("d2", "m2", "y2"), (None, "m3", "y3"), ("d4", "m4", None),
                         ("d5", "m5", None)):
            if m.group(mo):
                return _date(m.group(y) if y else None, _MONTHS[m.group(mo).lower()],
                             m.group(d) if d else None, m.group(0))
        return None

    reader.take(_EN_DATE, date)

    def money(m):
        number = m.group("n") or m.group("n2") or m.group("n3")
        scale = (m.group("scale") or m.group("scale2") or m.group("scale3") or "").lower()
        value = _english_number(number)
        if value is None:
            return None
        yuan = value * {"million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9, "thousand": 10**3}.get(scale, 1)
        if yuan != yuan.to_integral_value():
            return None
        return Figure("money", str(int(yuan)), m.group(0).strip())

    reader.take(_EN_MONEY, money)

    def percent(m):
        value = _english_number(m.group("n"))
        return Figure("percent", _plain(value), m.group(0)) if value is not None else None

    reader.take(_EN_PERCENT, percent)

    def duration(m):
        words = m.group("n").lower().strip()
        if words.startswith("half"):
            value = Decimal("0.5")
        elif words in ("a", "an"):
            value = Decimal(1)
        else:
            value = _english_number(words)
        if value is None:
            return None
        if m.group("half") or m.group("half2"):
            value += Decimal("0.5")
        months = value * 12 if m.group("unit").lower().startswith("year") else value
        firm = words not in ("a", "an") or value != 1  # "a year" may be a manner of speaking; "one year" is a figure
        return Figure("duration", _plain(months), m.group(0).strip(), firm=firm)

    reader.take(_EN_DURATION, duration)

    def others(m):
        value = _english_number(m.group("n"))
        return Figure("number", _plain(value + 1), m.group(0), firm=False) if value is not None else None

    reader.take(_EN_OTHERS, others)

    def number(m):
        value = _english_number(m.group("n"))
        if value is None:
            return None
        spelled = not re.match(r"\d", m.group("n"))
        return Figure("number", _plain(value), m.group(0), firm=not spelled)

    reader.take(_EN_NUMBER, number)
    return reader.found


@dataclass(frozen=True)
class Mismatch:
    figure: Figure
    missing_from: str  # "en": the Chinese states it and the English does not; "zh": the other way

    def describe(self) -> str:
        if self.missing_from == "en":
            return f"the Chinese states {self.figure.describe()} but the English does not"
        return f"the English states {self.figure.describe()} but the Chinese does not"


def compare(chinese: str, english: str) -> list[Mismatch]:
    """The figures one text states and the other does not, Chinese first."""
    zh, en = figures_zh(chinese), figures_en(english)
    zh_keys, en_keys = {f.key for f in zh}, {f.key for f in en}
    missing = [Mismatch(f, "en") for f in zh if f.firm and f.key not in en_keys]
    invented = [Mismatch(f, "zh") for f in en if f.firm and f.key not in zh_keys]
    seen, result = set(), []
    for mismatch in missing + invented:
        if (mismatch.figure.key, mismatch.missing_from) not in seen:
            seen.add((mismatch.figure.key, mismatch.missing_from))
            result.append(mismatch)
    return result


def money_en(text: str) -> set[int]:
    """The amounts of money (yuan) an English text states."""
    return {int(f.value) for f in figures_en(text) if f.kind == "money"}
