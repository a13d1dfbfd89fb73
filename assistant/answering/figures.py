"""Figures in a text, normalised so that one amount written in different ways compares equal,
and read with the words that bind them: who or what gets it, how often, per what.

    >>> [(f.kind, str(f.value), f.currency) for f in figures_in("每人最高五十万元，另 eighty percent")]
    [('money', '500000', 'CNY'), ('share', '0.8', '')]

Normalisation covers Arabic numbers with commas and 千/百/十万/万/亿 multipliers, Chinese numerals
(cn2an), English number words (text2num), "1.5 million", percentages (80%, 百分之八十, eighty
percent, 三分之一), 倍 / times / double / twice / half, currencies (元, CNY, RMB, ¥ are yuan;
美元, US$, EUR … are not). Money is integer yuan or Decimal, never float.

Binding (`unsupported`) is read from the words next to each figure, in the clause and in the
draft alike, never from the phrases of one notice: the beneficiary or item is what the words
around a source figure have that the words around the clause's other figures lack; the period
(one-off / per year / per month) and the unit (每个… / per …) are read by general patterns.
Pure functions; the tokeniser is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import cn2an
from text_to_num import alpha2digit

from assistant.money import plain_number

MONEY, SHARE, MULTIPLE, DURATION, NUMBER = "money", "share", "multiple", "duration", "number"
CLAIMS = (MONEY, SHARE, MULTIPLE)  # figures bound to a beneficiary and a period

# --- normalisation -----------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")
_CN_NUM = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_DIGIT = re.compile("[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]")
_CN_RUN = re.compile(rf"[{_CN_NUM}][{_CN_NUM}点]*")
# what may follow a Chinese numeral for it to be a quantity (一流, 统一, 一批 are not)
_CN_FOLLOW = re.compile(r"(?:元|美元|欧元|港元|日元|英镑|万|亿|倍|个|年|月|日|天|周|名|人|项|家|所|位|期|届|岁|"
                        r"学年|小时|次(?!性))")
_CN_FRACTION = re.compile(rf"(?P<den>[{_CN_NUM}\d]+)分之(?P<num>[{_CN_NUM}\d.点]+)")
_POWERS = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10**4)}
_EN_SCALE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(million|billion|thousand|mn|bn)\b",
                       re.IGNORECASE)
_EN_SCALES = {"million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9, "thousand": 10**3, "k": 10**3}
_EN_SHORT_SCALE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s?(mn|bn|m|k)\b", re.IGNORECASE)  # CNY 5m, 50k
_CODE_THEN_DIGIT = re.compile(r"\b(CNY|RMB|USD|EUR|GBP|HKD|JPY)(?=\d)", re.IGNORECASE)  # RMB5 million
_HALF_A = re.compile(r"\bhalf an? (million|billion)\b", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z]")




def _cn_value(run: str) -> Decimal | None:
    run = run.replace("两", "二")
    scale = Decimal(1)
    if "点" in run and run[-1] in "万亿":  # 一点五亿: cn2an reads the decimal, the multiplier is ours
        run, scale = run[:-1], Decimal(10**8 if run[-1] == "亿" else 10**4)
    try:
        return Decimal(str(cn2an.cn2an(run, "smart"))) * scale
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


def _cn_numerals(text: str) -> str:
    def fraction(match: re.Match) -> str:
        written = match.group("den")
        den = Decimal(written) if written.isdigit() else _POWERS.get(written) or _cn_value(written)
        num = match.group("num").replace("点", ".")
        num_value = Decimal(num) if re.fullmatch(r"\d+(?:\.\d+)?", num) else _cn_value(match.group("num"))
        if not den or num_value is None:
            return match.group(0)
        return plain_number(round(num_value / den * 100, 6)) + "%"

    text = _CN_FRACTION.sub(fraction, text)
    out, last = [], 0
    for match in _CN_RUN.finditer(text):
        run = match.group(0).rstrip("点")
        end = match.start() + len(run)
        if (not _CN_DIGIT.search(run) or text[max(0, match.start() - 1): match.start()] == "第"
                or not (run[-1] in "万亿" or _CN_FOLLOW.match(text, end))):
            continue
        value = _cn_value(run)
        if value is None:
            continue
        if run[-1] == "亿":
            written = plain_number(value / 10**8) + "亿"
        elif run[-1] == "万":
            written = plain_number(value / 10**4) + "万"
        else:
            written = plain_number(value)
        out += [text[last: match.start()], written]
        last = end
    return "".join(out) + text[last:]


def normalise(text: str) -> str:
    """The text with every number written in Arabic digits: 八千万元 → 8000万元, 百分之八十 → 80%,
    eighty million yuan → 80000000 yuan, CNY 1.5 million → CNY 1500000."""
    text = text.translate(_FULL_WIDTH)
    text = _HALF_A.sub(lambda m: f"0.5 {m.group(1)}", text)
    text = _CODE_THEN_DIGIT.sub(lambda m: m.group(1) + " ", text)
    text = _EN_SHORT_SCALE.sub(lambda m: plain_number(Decimal(m.group(1)) * _EN_SCALES[m.group(2).lower()]), text)
    text = _EN_SCALE.sub(lambda m: plain_number(Decimal(m.group(1).replace(",", "")) * _EN_SCALES[m.group(2).lower()]), text)
    if _LATIN.search(text):
        text = alpha2digit(text, "en", threshold=0)
        text = _EN_SCALE.sub(lambda m: plain_number(Decimal(m.group(1)) * _EN_SCALES[m.group(2).lower()]), text)
    return _cn_numerals(text)


# --- figures -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    kind: str  # money | share | multiple | duration | number
    value: Decimal  # yuan; a share as a fraction (80% → 0.8); a multiple as a factor; else as written
    text: str
    start: int  # in the normalised text
    end: int
    currency: str = ""  # money: CNY unless another currency is written
    unit: str = ""  # duration: year | month | day | week

    def describe(self) -> str:
        if self.kind == MONEY:
            return f"{plain_number(self.value)}" + ("" if self.currency == "CNY" else f" {self.currency}")
        if self.kind == SHARE:
            return f"{plain_number(self.value * 100)}%"
        if self.kind == MULTIPLE:
            return f"×{plain_number(self.value)}"
        if self.kind == DURATION:
            return f"{plain_number(self.value)} {self.unit}s"
        return plain_number(self.value)


_NUM = re.compile(r"(?<![\d.,A-Za-z])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d]|[A-Za-z])")
_ZH_MUL = re.compile(r"\s*(千万|百万|十万|千|万|亿)")
_MULS = {"千万": 10**7, "百万": 10**6, "十万": 10**5, "千": 10**3, "万": 10**4, "亿": 10**8}
_CURRENCY_AFTER = re.compile(
    r"\s*(元|人民币|美元|欧元|港元|港币|日元|英镑|块|(?:yuan|renminbi|rmb|cny|us dollars?|dollars?|usd|euros?|eur|"
    r"pounds? sterling|pounds?|gbp|yen|jpy|hkd)\b)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(US\$|USD|HK\$|HKD|EUR|GBP|JPY|CNY|RMB|人民币|[¥￥$€£])\s*$", re.IGNORECASE)
_CURRENCIES = (("USD", re.compile(r"美元|dollar|usd|\$", re.I)), ("EUR", re.compile(r"欧元|euro|eur|€", re.I)),
               ("GBP", re.compile(r"英镑|pound|gbp|£", re.I)), ("JPY", re.compile(r"日元|yen|jpy", re.I)),
               ("HKD", re.compile(r"港元|港币|hkd|hk\$", re.I)))
_COUNTED_AFTER = re.compile(r"\s*(?:人|个|名|家|所|项|位)")
_PERCENT = re.compile(r"\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_TIMES = re.compile(r"\s*(?:倍|times\b|-?fold\b)", re.IGNORECASE)
_RATIO = re.compile(r"\s*[:：比]\s*(\d+(?:\.\d+)?)(?![\d:])")
_DURATION = re.compile(r"\s*(?:(个月|个?年(?!\d+月)|天|周|个?星期)|\s?-?(years?|months?|days?|weeks?)\b)", re.IGNORECASE)
_CLAUSE_WORD_BEFORE = re.compile(r"\b(?:clause|article|item)\s*$", re.IGNORECASE)
_WORD_FIGURES = (
    (re.compile(r"\bhalf\b|一半|半数|减半", re.IGNORECASE), SHARE, Decimal("0.5")),
    # a capitalised "Double" before a capitalised word is a name ("Double First-Class"), not a factor
    (re.compile(r"\b[Dd]oubl(?:e|ed|es|ing)\b(?<!Double(?=\s+[A-Z]))|\btwice\b|翻倍|翻一番|加倍"), MULTIPLE, Decimal(2)),
    (re.compile(r"\b[Tt]ripl(?:e|ed|es|ing)\b(?<!Triple(?=\s+[A-Z]))|\bthrice\b"), MULTIPLE, Decimal(3)),
)


def _currency(written: str) -> str:
    return next((code for code, pattern in _CURRENCIES if pattern.search(written)), "CNY")


def figures_of(norm: str) -> list[Figure]:
    """The figures of an already normalised text, in order."""
    found: list[Figure] = []
    skip_until = -1
    for match in _NUM.finditer(norm):
        if match.start() < skip_until:
            continue
        value = Decimal(match.group(1).replace(",", ""))
        before, end = norm[: match.start()], match.end()
        if (_CLAUSE_WORD_BEFORE.search(before) or (before.endswith("第") and norm.startswith(("条", "章"), end))
                or (before.endswith(("（", "(")) and norm.startswith(("）", ")"), end))):
            continue  # Clause 7, 第7条, (7): citations, checked on their own
        prefix = _CURRENCY_BEFORE.search(before[-8:])
        mul = _ZH_MUL.match(norm, end)
        if mul:
            value, end = value * _MULS[mul.group(1)], mul.end()
        currency = _CURRENCY_AFTER.match(norm, end)
        start = match.start() - (len(prefix.group(0)) if prefix else 0)
        if currency or prefix or (mul and not _COUNTED_AFTER.match(norm, end)):
            if currency:
                end = currency.end()
            written = (prefix.group(1) if prefix else "") + (currency.group(1) if currency else "")
            found.append(Figure(MONEY, value, norm[start:end], start, end, currency=_currency(written)))
            continue
        if mul:  # 10万人: a count
            found.append(Figure(NUMBER, value, norm[match.start():end], match.start(), end))
            continue
        for pattern, kind in ((_PERCENT, SHARE), (_TIMES, MULTIPLE)):
            hit = pattern.match(norm, end)
            if hit:
                found.append(Figure(kind, value / 100 if kind == SHARE else value, norm[match.start():hit.end()],
                                    match.start(), hit.end()))
                break
        else:
            ratio = _RATIO.match(norm, end)
            duration = _DURATION.match(norm, end)
            if ratio and value:
                found.append(Figure(SHARE, Decimal(ratio.group(1)) / value, norm[match.start():ratio.end()],
                                    match.start(), ratio.end()))
                skip_until = ratio.end()
            elif duration and not (value >= 1000 and "年" in (duration.group(1) or "")):
                word = (duration.group(1) or duration.group(2)).lower()
                unit = ("month" if "月" in word or word.startswith("month") else
                        "year" if "年" in word or word.startswith("year") else
                        "week" if "周" in word or "星期" in word or word.startswith("week") else "day")
                found.append(Figure(DURATION, value, norm[match.start():duration.end()], match.start(),
                                    duration.end(), unit=unit))
            elif value >= 10_000 and "." not in match.group(1):  # "up to five million": a sum of money
                found.append(Figure(MONEY, value, match.group(0), match.start(), end, currency="CNY"))
            else:
                found.append(Figure(NUMBER, value, match.group(0), match.start(), end))
    for pattern, kind, value in _WORD_FIGURES:
        for match in pattern.finditer(norm):
            found.append(Figure(kind, value, match.group(0), match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def figures_in(text: str) -> list[Figure]:
    """Every figure a text states, normalised (positions refer to `normalise(text)`)."""
    return figures_of(normalise(text))


# --- reading figures with the words that bind them -----------------------------------------

_SENTENCE = re.compile(r"[。；;！？!?\n]|(?<!\d)\.(?!\d)")
_SEGMENT = re.compile(r"[，、]|,(?!\d{3})|\b(?:and|while|whereas|but|plus)\b|而|但", re.IGNORECASE)
_PERIODS = (
    ("month", re.compile(r"每个?月|月均|按月|/\s*月|\bper\s+month\b|\beach\s+month\b|\bevery\s+month\b|\bmonthly\b|"
                         r"/\s*month\b|(?:\d|yuan|million)\s+a\s+month\b", re.IGNORECASE)),
    ("year", re.compile(r"每一?学?年|年均|按年|逐年|/\s*年|\bper\s+(?:year|annum)\b|\beach\s+year\b|\bevery\s+year\b|"
                        r"\bannual(?:ly)?\b|\byearly\b|/\s*(?:year|yr)\b|(?:\d|yuan|million)\s+a\s+year\b", re.IGNORECASE)),
    ("once", re.compile(r"一次性|\bone[- ]off\b|\bone[- ]time\b|\bonce\b|\blump[- ]sum\b|\bsingle payment\b", re.IGNORECASE)),
)
# a floor, where funding clauses state caps or sums: 最低20万 / at least CNY 200,000
_FLOOR = re.compile(r"最低|不低于|不少于|至少|保底|\bat least\b|\bminimum\b|\bno less than\b|\bnot less than\b|"
                    r"\bor more\b|\bstarting (?:at|from)\b", re.IGNORECASE)
_PER_ZH = re.compile(r"每(?!一?学?年|个?月|次)(?:个|位|名|家|所|项|支)?([\u4e00-\u9fff]{1,8}?)(?=给予|最高|不超过|可|补贴|资助|奖励|"
                     r"配套|一次性|\d|[，,。；;、\s]|$)")
_PER_EN = re.compile(r"\bper\s+(?!year|month|annum|cent)([a-z][a-z-]*)", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"分别|各自|\brespectively\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"[和与及、，,]|\b(?:and|or)\b", re.IGNORECASE)
_CITED = re.compile(r"（([一二三四五六七八九十]+)）|\b[Cc]lause\s+(\d{1,2})\b|第([一二三四五六七八九十]+|\d+)条")
# Words that say "money is paid", in any funding clause: they bind nothing to anyone.
FUNDING_WORDS = frozenset(
    "给予 给 最高 不超过 不高于 最多 上限 可 可获 可获得 获得 获 资助 补贴 奖励 补助 资金 经费 元 万元 万 亿 一次性 "
    "每 每年 每月 提供 享受 根据 按 按照 对 对于 的 为 是 可以 能 能够 条 第 分别 金额 支持 额度 计 共 合计 人民币 "
    "receiv get provid fund grant subsidi reward award cap maximum max up cni yuan rmb renminbi million can may one "
    "off time year month annual annum per each everi total under claus amount support offer given give pay paid "
    "respect most limit worth".split())


@dataclass(frozen=True)
class Stated:
    """A figure as one text states it, with the words that bind it."""

    figure: Figure
    clause: int | None  # the clause it comes from (sources), None for the calculation and other texts
    near: tuple[frozenset[str], ...]  # tokens next to it, then each earlier part of its sentence
    period: str  # once | year | month | ""
    per: frozenset[str]  # tokens of what it is counted per (每个实验室, per laboratory)
    cited: frozenset[int] = field(default_factory=frozenset)  # clauses cited in its sentence
    floor: bool = False  # stated as a minimum (最低, at least)

    def words(self, depth: int = 0) -> frozenset[str]:
        return frozenset().union(*self.near[: depth + 1])


def cited_in(text: str) -> set[int]:
    cited = set()
    for match in _CITED.finditer(text):
        zh, digits, ordinal = match.groups()
        written = digits or zh or ordinal
        cited.add(int(written) if written.isdigit() else int(cn2an.cn2an(written, "smart")))
    return cited


def _spans(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start] + [m.end() for m in pattern.finditer(text, start, end) if m.end() > start] + [end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def read(text: str, tokens: Callable[[str], list[str]], clause: int | None = None) -> list[Stated]:
    """Each figure of a text with its binding words, period and unit."""
    norm = normalise(text)
    figures = figures_of(norm)
    claims = [f for f in figures if f.kind in CLAIMS]

    def words(piece: str) -> frozenset[str]:
        return frozenset(t for t in tokens(piece) if t not in FUNDING_WORDS and not t.replace(".", "").isdigit())

    stated = []
    for sent_start, sent_end in _spans(_SENTENCE, norm, 0, len(norm)):
        sentence_figures = [f for f in figures if sent_start <= f.start < sent_end]
        if not sentence_figures:
            continue
        sentence_text = norm[sent_start:sent_end]
        cited = frozenset(cited_in(sentence_text))
        segments = _spans(_SEGMENT, norm, sent_start, sent_end)
        paired = _respectively(norm, sent_start, sent_end, [c for c in claims if sent_start <= c.start < sent_end])
        for figure in sentence_figures:
            index = next(i for i, (a, b) in enumerate(segments) if a <= figure.start < b)
            seg_start, seg_end = segments[index]
            inside = [c for c in claims if seg_start <= c.start < seg_end]
            earlier = [c for c in inside if c.end <= figure.start]
            later = [c for c in inside if c.start >= figure.end]
            # Chinese puts the beneficiary before the amount: a later amount in the same part owns the words after
            own = norm[earlier[-1].end if earlier else seg_start: figure.end if later else seg_end]
            near = [words(paired.get(figure, own))] + [words(norm[a:b]) for a, b in reversed(segments[:index])]
            # the period said next to the figure, else earlier in its part (每人每月分别1500元和3000元)
            period = next((name for text in (own, norm[seg_start:figure.start]) for name, pattern in _PERIODS
                           if pattern.search(text)), "")
            per = _PER_ZH.findall(own) + _PER_EN.findall(own)
            stated.append(Stated(figure=figure, clause=clause, near=tuple(near), period=period,
                                 per=frozenset(t for p in per for t in tokens(p) if t not in FUNDING_WORDS),
                                 cited=cited, floor=bool(_FLOOR.search(own))))
    return stated


def _respectively(norm: str, start: int, end: int, claims: list[Figure]) -> dict[Figure, str]:
    """甲和乙分别为X和Y / A and B receive X and Y respectively: the i-th listed item owns the i-th figure."""
    if len(claims) < 2 or not _RESPECTIVELY.search(norm, start, end):
        return {}
    items = [piece for piece in _LIST_ITEM.split(_RESPECTIVELY.sub("", norm[start: claims[0].start])) if piece.strip()]
    if len(items) < len(claims):
        return {}
    return dict(zip(claims, items[-len(claims):]))


# --- checking a draft against its sources -------------------------------------------------

@dataclass
class Sources:
    """What a draft may state: figures of the cited clauses and the calculation (claims) and
    numbers of the question, the status note and the documents' numbers (counts and dates)."""

    claims: list[Stated] = field(default_factory=list)  # from the clauses in the draft's language
    derived: list[Stated] = field(default_factory=list)  # from the calculation: no beneficiary contrast
    values: set[tuple[str, Decimal, str]] = field(default_factory=set)  # (kind, value, currency|unit), any language
    numbers: set[Decimal] = field(default_factory=set)


def sources(clauses: Iterable[tuple[int, str, str]], calculation_texts: Iterable[str], other_texts: Iterable[str],
            tokens: Callable[[str], list[str]], language: str, calculation_clause: int | None = None) -> Sources:
    """clauses: (number, Chinese text, English text) of each clause given to the model."""
    found = Sources()
    clause_values: set[tuple[int | None, Decimal]] = set()
    for number, text_zh, text_en in clauses:
        found.numbers.add(Decimal(number))
        for lang, text in (("zh", text_zh), ("en", text_en)):
            if not text:
                continue
            same_language = lang == language or (language == "en" and not text_en)
            for item in read(text, tokens, clause=number):
                _remember(found, item.figure)
                clause_values.add((number, item.figure.value))
                if same_language and item.figure.kind in CLAIMS:
                    found.claims.append(item)
    for text in calculation_texts:
        for item in read(text, tokens):
            _remember(found, item.figure)
            if item.figure.kind in CLAIMS and (calculation_clause, item.figure.value) not in clause_values:
                found.derived.append(item)
    for text in other_texts:
        for figure in figures_in(text):
            if figure.kind in (NUMBER, DURATION):
                _remember(found, figure)
    return found


def _remember(found: Sources, figure: Figure) -> None:
    found.values.add(_key(figure))
    if figure.kind in (NUMBER, DURATION):
        found.numbers.add(figure.value)


def _key(figure: Figure) -> tuple[str, Decimal, str]:
    return (figure.kind, figure.value.normalize(), figure.currency or figure.unit)


def _same_period(draft: str, source: str) -> bool:
    recurring = ("year", "month")
    return draft == source if draft in recurring or source in recurring else True


def _same_unit(draft: Stated, source: Stated) -> bool:
    said = source.words(len(source.near)) | source.per  # the figure's part and the earlier parts of its sentence
    return all(any(a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))) for b in said)
               for a in draft.per)


def _beaten(draft: Stated, source: Stated, rivals: list[Stated]) -> Stated | None:
    """The rival whose own words the draft's words share more of than the source's, if any.

    The beneficiary or item of a source figure is what the words next to it have that the words
    next to a rival (another figure of the same kind among the sources) lack; the draft's words
    next to its figure, widened to earlier parts of its sentence while they say nothing either
    way, decide which it is bound to."""
    for depth in range(len(draft.near)):
        words = draft.words(depth)
        verdict, evidence = None, False
        for rival in rivals:
            mine, theirs = source.words(_depth(source)), rival.words(_depth(rival))
            ours, others = len(words & (mine - theirs)), len(words & (theirs - mine))
            evidence = evidence or ours > 0 or others > 0
            if others > ours and verdict is None:
                verdict = rival
        if evidence:
            return verdict
    return None


def _depth(item: Stated) -> int:
    """Source words: those next to the figure, or the nearest earlier part of its sentence that says something."""
    return next((d for d in range(len(item.near)) if item.words(d)), 0)


def unsupported(draft: str, found: Sources, tokens: Callable[[str], list[str]]) -> list[str]:
    """Why the figures of a draft are not supported by the sources; empty when each is."""
    problems: list[str] = []
    invented: list[str] = []
    for item in read(draft, tokens):
        figure = item.figure
        if figure.kind == NUMBER:
            if figure.value not in found.numbers and figure.value not in (0, 1):
                invented.append(figure.describe())
            continue
        if figure.kind == DURATION:
            if _key(figure) not in found.values:
                invented.append(figure.describe())
            continue
        same = [s for s in found.claims + found.derived if _key(s.figure) == _key(figure)]
        if not same:
            if figure.kind == MONEY and figure.currency != "CNY":
                problems.append(f"{figure.text!r} is in {figure.currency}; the policy states amounts in yuan")
            else:
                invented.append(figure.describe())
            continue
        if item.cited:
            same = [s for s in same if s.clause in item.cited or s.clause is None]  # None: the calculation's
            if not same:
                problems.append(f"{figure.text!r} is stated under clause {sorted(item.cited)}, which does not give it")
                continue
        if item.floor and not any(s.floor for s in same):
            problems.append(f"{figure.text!r} is stated as a minimum; the source states no minimum")
            continue
        timely = [s for s in same if _same_period(item.period, s.period)]
        if not timely:
            problems.append(f"{figure.text!r} is stated {item.period or 'with no period'} here, "
                            f"but {same[0].period or 'as a single sum'} in the source")
            continue
        counted = [s for s in timely if _same_unit(item, s)]
        if not counted:
            problems.append(f"{figure.text!r} is counted per {'/'.join(sorted(item.per))}, which the source does not say")
            continue
        bound = [s for s in counted if s in found.derived or _beaten(
            item, s, [r for r in found.claims if r is not s and r.figure.kind == figure.kind
                      and (r.figure.value != s.figure.value or r.clause != s.clause)]) is None]
        if not bound:
            problems.append(f"{figure.text!r} is bound to other words than in the source "
                            f"(the source gives it for: {'、'.join(sorted(counted[0].words(_depth(counted[0]))))[:60]})")
    if invented:
        problems.insert(0, "numbers not in the cited clauses or the calculation: " + ", ".join(dict.fromkeys(invented)))
    return problems
