"""Quantities as people state them: money, counts, durations, in Chinese or English.

Pure functions: text in, `Quantities` out, each quantity keeping the words it was read
from so the working can show how it was read ("5 = 2 + 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from assistant.answering.question import ORDINALS
from assistant.money import COUNTED_AFTER, Yuan, as_yuan, plain_number, to_decimal
from assistant.search.text import CJK

_CN = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
               "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_EN_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True))
# Currencies other than the yuan, as written before or after an amount: the policies' figures are
# yuan, so an amount in one of these is never converted (the rate is not the policy's to state).
_FOREIGN_BEFORE = r"US\$|HK\$|A\$|C\$|S\$|NT\$|\$|€|£|₩|USD|EUR|GBP|JPY|HKD|TWD|AUD|CAD|SGD|KRW|CHF|美元|欧元|英镑|日元|港币|港元"
_FOREIGN_AFTER = (r"美元|美金|欧元|英镑|日元|日圆|港币|港元|港纸|台币|新台币|澳元|加元|新元|韩元|卢布|法郎|"
                  r"(?:US|U\.S\.|HK|Hong Kong|Singapore|Australian|Canadian)\s+dollars?\b|dollars?\b|euros?\b|pounds?\b|yen\b|won\b|francs?\b|rubles?\b|roubles?\b|"
                  r"USD\b|EUR\b|GBP\b|JPY\b|HKD\b|TWD\b|AUD\b|CAD\b|SGD\b|KRW\b|CHF\b")
_SIGN = r"(?P<neg>(?<![0-9A-Za-z.])[-−－](?=\s*\d)|负|minus\s+|negative\s+)?"
_MONEY = re.compile(
    rf"(?P<prefix>RMB|CNY|人民币|¥|￥|{_FOREIGN_BEFORE})?\s*{_SIGN}(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN}]+)\s*(?:个(?=多?亿))?"
    r"(?P<approx>[来多](?=\s*(?:亿|万|元|块)))?"
    r"(?P<unit>亿元|万元|百万|千万|亿|万|元|块钱|块|k\b|K\b|thousand\b|million\b|mn\b|m\b|billion\b|bn\b|"
    rf"yuan\b|RMB\b|CNY\b|{_FOREIGN_AFTER})?",
    re.IGNORECASE,
)
_SCALE = {"亿元": 10**8, "亿": 10**8, "万元": 10**4, "万": 10**4, "百万": 10**6, "千万": 10**7, "元": 1, "块": 1,
          "块钱": 1, "k": 10**3, "thousand": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9,
          "yuan": 1, "rmb": 1, "cny": 1}
_FOREIGN = re.compile(rf"^(?:{_FOREIGN_BEFORE}|{_FOREIGN_AFTER})", re.IGNORECASE)
_PER_YEAR_BEFORE = re.compile(r"(每年|一年|每学年|年均|/年|annual(?:ly)?|per year|a year|each year|every year|yearly)"
                              r"(?:[\u4e00-\u9fff]{0,10}|\s*(?:tuition|fees?)?)\s*[:：是为]?\s*$",
                              re.IGNORECASE)
_PER_YEAR_AFTER = re.compile(r"^\s*(?:元)?\s*(?:(?:yuan|rmb|cny)\s+)?(?:(?:of|in|on|for)\s+[a-z]+(?:\s+[a-z]+)?\s+)?"
                             r"(/年|每年|一年|/yr|per year|a year|each year|every year|per annum|annually|yearly|"
                             r"(?:in |for )?each of (?:the )?(?:\w+ )?years)",
                             re.IGNORECASE)
# Measures a count or a rate may be per (200平, 400 sq m, 每平方米): one name for each, so a rule's
# 每平方米 and a question's "sq m" are the same measure
MEASURES = {"平方米": r"万平方米|平方米|平米|平方(?!公里)|平(?![台均安常时方])|㎡|sq\.?\s?m\b|sqm\b|square met(?:re|er)s?\b|m2\b|m²",
            "亩": r"万亩|亩|mu\b",
            "立方米": r"万立方米|立方米|万方|立方(?!体)|m³|m3\b|cubic met(?:re|er)s?\b",
            "公斤": r"万公斤|公斤|千克|kg\b|kilo(?:gram)?s?\b",
            # energy, as notices pay for it (每千瓦, 每千瓦时, 每千伏安, 每吨标准煤), in the units people state
            "千瓦时": r"[万亿]千瓦时|兆瓦时|千瓦时|万度|[kmg]wh\b|kilowatt[- ]hours?\b|megawatt[- ]hours?\b",
            "千瓦": r"万千瓦|兆瓦|千瓦|[km]w\b|kilowatts?\b|megawatts?\b",
            "千伏安": r"兆伏安|千伏安|[km]va\b",
            "吨标准煤": r"万吨标准煤|万吨标煤|吨标准煤|吨标煤|tce\b|tonnes? of (?:standard )?coal(?: equivalent)?",
            "吨": r"万吨|吨|tons?\b|tonnes?\b",
            "分钟": r"分钟|minutes?\b|mins?\b"}  # of a work's running time (每分钟N元)
_EACH_OF_SIZE = re.compile(rf"(?P<n>\d+|[{_CN}]+)\s*(?:台|个|套|座|组|块|栋|把|根|条|枪)\s*$")
_ITEMS_OF_SIZE = re.compile(rf"^(?P<n>\d+|[{_CN}]+)\s*(?P<cls>台|个|套|座|组|块|栋|把|根|条|枪)(?=\s*\d|\s*[{_CN}])")


def items_of(count: Count) -> Count | None:
    """The items a count of a size was said of (3台28吨 → 3台, 4把360千瓦 → 4把), for a rule paid per
    item rather than per tonne or kilowatt; None for any other count."""
    found = _ITEMS_OF_SIZE.match(count.text)
    if not found or found.end() >= len(count.text):
        return None
    return Count(number(found.group("n")), found.group("cls"), found.group(0).strip(), classifier=found.group("cls"))


# two chambers of 900 cubic metres each / 3 tanks of 50 m³ each: so many of that size
_EACH_OF_SIZE_EN = re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+[a-z]+(?:\s+[a-z]+)?\s+of\s+$",
                              re.IGNORECASE)
_EACH_AFTER_EN = re.compile(r"\s*(?:each|apiece)\b", re.IGNORECASE)
# so many items, then the size of each: 30集、每集20分钟 / 两部片子各95分钟 / 40 episodes, 11 minutes each / 30 × 20-minute
_EACH_ITEM_ZH = re.compile(rf"(?P<n>\d+|[{_CN}]+)\s*(?P<x>[\u4e00-\u9fff])[^，。；;\d]{{0,6}}?[、，,]?\s*(?:每(?P=x)|各)\s*$")
_EACH_ITEM_EN = re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z]+\s+){0,2}[a-z]+,\s*$|"
                           r"\b(?P<times>\d+)\s*[×x*]\s*$", re.IGNORECASE)
# the size of each, then so many items: 每集20分钟，共30集 (the item named before the size)
_EACH_NAMED_ZH = re.compile(r"每(?P<x>[\u4e00-\u9fff])\s*$")
_ITEMS_AFTER_ZH = rf"^[^。；;\d]{{0,4}}?[，,、]\s*(?:共|一共|总共|合计|共计)?\s*(?P<n>\d+|[{_CN}]+)\s*(?P<x>ITEM)"
# a size said as an adjective (95-minute, 20-minute episodes) after how many of them: three 95-minute films
_COUNT_BEFORE_EN = re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+$", re.IGNORECASE)
# how many of a measure's own unit one of the larger units people state is (2.5 MW = 2500 千瓦)
_MEASURE_SCALES = ((re.compile(r"^万"), 10_000), (re.compile(r"^亿"), 100_000_000),
                   (re.compile(r"^gwh", re.IGNORECASE), 1_000_000),
                   (re.compile(r"^(?:兆|mw|mva|megawatt)", re.IGNORECASE), 1000))


_BIG_EN = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}  # 2 million kWh
# how many of the second measure one of the first is, where the two are exactly convertible
CONVERSIONS = {("吨", "公斤"): Decimal(1000), ("公斤", "吨"): Decimal("0.001")}


def in_measure(count: "Count", measure: str) -> "Count | None":
    """A count stated in one measure, in the measure a rule pays per (800吨 → 800000公斤); None when it is
    not a measure or cannot be converted (tonnes are never kilowatt-hours, a count of ponds is no volume)."""
    stated = measure_of(count.noun)
    if stated == measure:
        return count
    factor = CONVERSIONS.get((stated, measure))
    if factor is None:
        return None
    value = count.value * factor
    return replace(count, value=value, noun=measure, classifier=measure,
                   text=f"{count.text} = {plain_number(value)}{measure}")


def measure_scale(text: str) -> int:
    """万千瓦时 → 10000, MW → 1000, 千瓦 → 1: the stated unit in the measure's own."""
    return next((factor for pattern, factor in _MEASURE_SCALES if pattern.match(text.strip())), 1)
_MEASURE = re.compile("|".join(f"(?P<m{i}>{pattern})" for i, pattern in enumerate(MEASURES.values())), re.IGNORECASE)
_RATE_BEFORE = re.compile(rf"每\s*(?:{'|'.join(MEASURES.values())})\s*(?:每?\s*(?P<month>月))?[^\d，,。]{{0,4}}$", re.IGNORECASE)
_RATE_AFTER = re.compile(rf"^\s*(?:元|块钱?|yuan|rmb)?\s*(?:/|per|a|an|each|every|每)\s*(?:{'|'.join(MEASURES.values())})"
                         r"(?P<month>\s*(?:/|per|a|each|every|每)\s*(?:month|月))?", re.IGNORECASE)


_RATE_ONE = re.compile(rf"^\s*(?:元|块钱?)?\s*一\s*(?:{'|'.join(MEASURES.values())})(?P<month>)")  # 40块一平


def measure_of(text: str) -> str:
    """The one name of a measure a text starts with ("sq m" → 平方米), or ""."""
    match = _MEASURE.match(text.strip())
    if not match:
        return ""
    return list(MEASURES)[int(next(k for k, v in match.groupdict().items() if v)[1:])]
_TOTAL_NEAR = re.compile(r"(总共|总额|总计|合计|一共|共计|总|in total|total|altogether|overall)", re.IGNORECASE)
_YEAR_INDEX = re.compile(r"(第[一二三四五六\d]年|头一年|首年|(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|final|last) year|"
                         r"year (?:one|two|three|four|\d))", re.IGNORECASE)
# 头三年…分别是A、B、C / in the first three years … A, B and C: one amount for each of those years
_FIRST_YEARS = re.compile(rf"(?:头|前|首)(?P<n>[{_CN}\d]+)(?:个)?年|\bfirst\s+(?P<en>{_EN_NUM})\s+years\b", re.IGNORECASE)


def dated_by_their_list(text: str, money: list["Money"]) -> list["Money"]:
    """Amounts listed after the first N years of something (头三年…分别是200万、600万、900万), as many as
    the years and none dated already: each the amount of its year, in order (第1年, 第2年…). For a
    clause whose shares change with the year of the term; elsewhere such a list stays one list."""
    spans, cursor = [], 0
    for m in money:
        at = text.find(m.text, cursor)
        spans.append((at, at + len(m.text)))
        cursor = max(cursor, at + len(m.text)) if at >= 0 else cursor
    out = list(money)
    for start, amount in enumerate(money):
        if amount.listed or start + 1 >= len(money) or not money[start + 1].listed:
            continue
        end = start + 1
        while end + 1 < len(money) and money[end + 1].listed:
            end += 1
        run = money[start:end + 1]
        if spans[start][0] < 0:
            continue
        before = text[max(0, spans[start][0] - 40):spans[start][0]]
        said = list(_FIRST_YEARS.finditer(re.split(r"[。！？!?；;]", before)[-1]))
        years = number(said[-1].group("n") or said[-1].group("en")) if said else None
        if years == len(run) and not any(m.year_index for m in run):
            out[start:end + 1] = [replace(m, year_index=f"第{i}年") for i, m in enumerate(run, 1)]
    return out


def year_of_index(index: str) -> int | None:
    """Which year of several a `Money.year_index` names (第二年, second year, year two → 2); None for
    one it does not number (the final year)."""
    for word in re.findall(r"[a-z0-9]+|[一二三四五六首]", index.lower()):
        if word.isdigit() or word in ORDINALS:
            return int(word) if word.isdigit() else ORDINALS[word]
        if word == "首":  # 首年: the first
            return 1
    return None


_YEAR_AFTER_EN = re.compile(r"^[^,.;:?!]{0,12}?\b(?:in|during|for|over)\s+(?:its|the|our|their)\s+" + _YEAR_INDEX.pattern,
                            re.IGNORECASE)


def year_said_around(text: str, start: int, end: int) -> int | None:
    """The year of several that the words just before a quantity at text[start:end] date it to
    (头一年充了200万度, in year 2 3 million kWh), or in English the words right after it (2 million
    kWh in its first year): 1, 2; None when they date it to none."""
    after = _YEAR_AFTER_EN.match(text[end:end + 40])
    if after:
        return year_of_index(after.group(1))
    before = re.split(r"[。；;？?！!]|\.\s", text[max(0, start - 40):start])[-1]  # in its own sentence
    said = _YEAR_INDEX.findall(before)
    return year_of_index(said[-1]) if said else None


# The classifiers a count of things or people is said with (3家, 5名, 450间)
COUNT_CLASSIFIERS = "个家户所名位项间座支人套辆台件张种款头只列架艘趟栋部"
_COUNT_ZH = re.compile(rf"{_SIGN}(?P<num>\d+(?:\.\d+)?|[{_CN}]+)\s*(?P<cls>[{COUNT_CLASSIFIERS}])"
                       r"(?P<half>半)?(?P<noun>[\u4e00-\u9fff]{0,14})")
_COUNT_EN = re.compile(rf"(?<![\w.,:])(?<!No\. )(?<!No\.)(?<!\] ){_SIGN}(?!(?:19|20)\d\d\b)(?P<num>{_EN_NUM})\s+"
                       r"(?P<noun>(?:more |additional |new |other |of our |of )?"
                       r"[a-z][a-z\-']+(?: [a-z][a-z\-']+){0,3})", re.IGNORECASE)
# Where the thing counted ends: a verb or function word after the noun (3所高校|共有2个实验室;
# 3 universities|have 2 labs). 国有/私有/所有 are parts of nouns.
_NOUN_END_ZH = re.compile(r"(?:共有|一共|总共|合计|共计|都有|拥有|(?<![国私公所])有(?!限)|是|在|和|与|及|或|的|了|还|"
                          r"能(?![源力耗])|可以|可否|可获|可拿|已|申请|获得|获批|拿|得到|需要|每|各|吗|呢|吧|啊)")
_NOUN_END_EN = re.compile(r"\b(?:have|has|had|is|are|was|were|be|been|in|with|and|or|of|for|to|that|which|who|at|on|by|"
                          r"from|total|altogether|each|per|can|could|will|would|get|gets|got|receive|we|they|this|that|"
                          r"next|last|approved|built|set|how|what|so|but|do|does|did)\b", re.IGNORECASE)
# Where the noun a bare count's number follows begins (，国内学员300人): after a punctuation mark,
# or a function word or verb (the words that end a noun)
_NAMED_BEFORE_END = re.compile(r"[，,、；;：:。？?！!\s]|" + _NOUN_END_ZH.pattern)


def _named_before(before: str) -> str:
    """Up to six characters right before a number that name what it counts, or ""."""
    last = _NAMED_BEFORE_END.split(before)[-1][-6:] if before else ""
    last = re.sub(rf"^.*[一二两三四五六七八九十\d][{COUNT_CLASSIFIERS}]", "", last)  # 一场境外代表120人: 境外代表
    return last if len(last) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", last) else ""


# A range (2-3个, 2到3个, 2 or 3 labs) is not one count: asked back, never guessed.
_RATE_COUNT_ZH = re.compile(r"每[\u4e00-\u9fff]{0,3}$")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-~～—–]|到|至|\bto\b|\bor\b|或)\s*$", re.IGNORECASE)
# Parts of a question that instruct the assistant or restate the policy's own figures ("ignore the
# rules above", "the cap is now …", "每个实验室…万"): their numbers are not quantities the user has,
# and nothing a question says changes a rule.
_SEGMENT = re.compile(r"(?:[^，,。！？!?；;：:\n.]|[.,](?=\d))+")  # 1,500 and 2.5 stay whole
_INSTRUCTION = re.compile(
    r"忽略|无视|不要管|别管|不用管|忘记|忘掉|系统提示|按我说的|以我为准|从现在起|从现在开始|"
    r"\b(?:ignore|disregard|forget|override|pretend|from now on|system prompt|you must|act as)\b", re.IGNORECASE)
# "… is now …", "改为 …": an instruction when it is said of the policy's figures, not of the user's own
# (我们的学费现在是4万 is a fact the user states).
_CHANGE = re.compile(r"改为|改成|调整为|调整成|提高到|提高为|上调|下调|变为|变成|现在是|现为|"
                     r"\b(?:is|are|was) now\b|\bnow (?:is|are|pays?|gives?|gets?)\b|\b(?:has|have) been (?:raised|changed|"
                     r"increased|updated|doubled|lowered|cut)\b|\b(?:changed|raised|increased|lowered|updated) to\b",
                     re.IGNORECASE)
_POLICY_WORDS = re.compile(r"上限|封顶|标准|额度|限额|资助|补贴|补助|奖励|配套|政策|规则|规定|"
                           r"\b(?:cap|limit|maximum|standard|fund|funding|grant|subsidy|award|matching|policy|rules?)\b",
                           re.IGNORECASE)
# The policy's amount restated in a question: a limit, or money per counted thing that is not a person
# (每个实验室…万, 9 million per lab, each lab gets …), unless it is the user's own cost (学费, tuition …).
_RULE_WORDS = re.compile(r"上限|封顶|标准|额度|限额|最高(?:是|为)|\b(?:cap|limit|maximum|standard)\s+(?:is|are|of)\b",
                         re.IGNORECASE)
_PERSON = r"人|名|位|学生|博士|硕士|研究生|员工|职工|老师|教师|student|person|people|head|employee|staff|member|postdoc"
_PERSON_WORD = re.compile(_PERSON + r"|学员|工程师|专家|人才|worker|engineer|researcher|expert|talent|apprentice|graduate",
                          re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:of\s+)?(?:them|these|those|ones?|it|more|additional|another|个|)$", re.IGNORECASE)


def counts_people(noun: str) -> bool | None:
    """Whether a counted noun is people (3名博士后, 5 employees), things (2个实验室, 30 cars), or
    cannot say (them, 个)."""
    if _PRONOUN.match(noun.strip()):
        return None
    if noun.strip()[:1] in _THINGS_COUNTED:  # 3件产品入选…名录: counted as things, whatever words follow
        return False
    return bool(_PERSON_WORD.search(noun))


_THINGS_COUNTED = frozenset("件台辆套座项张部架艘栋间所家")  # classifiers of things, never of people


_PER_THING = re.compile(rf"每(?:个|家|所|项|间|座|支|套)?(?!{_PERSON}|年|月|日|天|周|学年|学期|小时|次)[\u4e00-\u9fff]|"
                        rf"(?:\b(?:per|each|every)|(?:\d|million|thousand|yuan)\s+an?)\s+"
                        rf"(?!year|month|annum|day|week|{_PERSON}|(?:couple|few|lot|little|bit|total|while)\b)"
                        rf"[a-z]+\b(?!\s+(?:years?|months?))",  # "500 million yuan a couple of years ago": no rate
                        re.IGNORECASE)
_OWN_MONEY = re.compile(r"学费|费用|保费|保险费|工资|薪|租|房价|价格|投入|花费|花了|成本|预算|申请|想|需|"
                        r"已经?(?:补|给|领|拿|获)|(?:补|给|领|拿)过|"
                        r"\b(?:tuition|fees?|premiums?|costs?|salary|salaries|wages?|rent\w*|leas(?:e|es|ed|ing)|pa(?:y|ys|id|ying)|price|"
                        r"budget|spent|spend|invest\w*|(?<!set )(?<!fixed )at(?=\s*(?:(?:only|just|about|around|roughly)\s+)?(?:CNY|RMB|¥)?\s*\d)|"
                        r"ask\w*|request\w*|apply\w*|applie[sd]|want\w*|need\w*|seek\w*)\b", re.IGNORECASE)
_DURATION_ZH = re.compile(rf"(?<!第)(?P<num>\d+(?:\.\d+)?|[{_CN}]+)\s*(?P<ge>个)?(?P<unit>年半|年|月)(?![度级内前后底初份期薪龄纪])|半年")
# 5年合同 / 三年的劳动合同 / a two-year contract / 3-year lease: the term of an agreement, not a span paid
_TERM_AFTER = re.compile(r"^\s*(?:的|期)?\s*(?:劳动|聘用|劳务|租赁|服务)?(?:合同|协议|租约)|^[\s-]*(?:employment\s+|work\s+)?"
                         r"(?:contracts?|agreements?|leases?)\b", re.IGNORECASE)
# 毕业三年了, 公司刚成立两年, founded two years ago: how long ago something began, not a span asked about
_ELAPSED_BEFORE = re.compile(r"(?:毕业|成立|注册|创办|创立|开业|(?:founded|established|registered|incorporated|"
                             r"set up|graduated)\s+(?:about\s+|just\s+|only\s+)?)(?:了|已经|已|才|刚刚?|都)?\s*$|"
                             # within the last three years / 近三年内: a window in the past, not a span paid for
                             r"\bwithin\s+the\s+(?:last|past|previous)\s+$|(?<![最接将])近\s*$",
                             re.IGNORECASE)
_ELAPSED_AFTER = re.compile(r"^\s*ago\b", re.IGNORECASE)
# 投了两年多的项目 / held for more than a year: how long something has lasted, said as what it is (a
# bound, of a thing the question names), not a span to be paid for
_HELD_BEFORE = re.compile(r"了\s*$|\b(?:more\s+than|at\s+least|upwards\s+of|for\s+over)\s+$", re.IGNORECASE)  # not "over 4 years"
_HELD_AFTER = re.compile(r"^\s*(?:多|以上)的")
_DURATION_EN = re.compile(rf"(?P<num>{_EN_NUM}|half an?|a half)(?P<half_before>\s+and\s+a\s+half)?[\s-]*"
                          rf"(?:(?:full|whole|complete)\s+)?(?P<unit>years?|months?|yr)\b(?P<half> and a half)?",
                          re.IGNORECASE)
_NOT_A_COUNT_EN = re.compile(r"^(?:more )?(?:years?|months?|days?|million|thousand|k|yuan|rmb|cny|percent|%|times|"
                             r"dollars?|euros?|billion|per|each|a|an|the|of|in|or|to|and|"
                             # a verb or a preposition right after the number: "my group of four came
                             # over", "two from MIT" say how many, not of what; no thing is counted
                             r"is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|"
                             r"must|do|does|did|came|come|comes|went|go|goes|got|get|gets|who|which|that|"
                             r"from|with|at|on|for|by|"
                             # 1 July: a day of a month; 2 am: a time of day
                             r"january|february|march|april|may|june|july|august|september|october|november|december|"
                             r"am|pm|a\.m|p\.m|o'clock)\b",
                             re.IGNORECASE)
_CALENDAR_YEAR = re.compile(r"^(?:19|20)\d\d$")
_RANK_BEFORE_ZH = re.compile(r"(?:排名|排行|位列|跻身)?前$")


_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
_OWN_SUBJECT = re.compile(r"^\s*(?:我|本校|本单位|本院|本所|我校|\b(?:we|our|i|my|us)\b)", re.IGNORECASE)


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """Where a question instructs the assistant or states the policy's figures itself: such a part,
    and what follows it in the same sentence unless the user speaks of their own (我们有…, we have …)."""
    spans, tainted_until = [], -1
    for segment in _SEGMENT.finditer(text):
        words = segment.group(0)
        if _INSTRUCTION.search(words) or (_CHANGE.search(words) and _POLICY_WORDS.search(words)
                                          and not _OWN_MONEY.search(words)):
            end = _SENTENCE_END.search(text, segment.end())
            tainted_until = end.start() if end else len(text)
            spans.append(segment.span())
        elif segment.start() < tainted_until and not _OWN_SUBJECT.search(words):
            spans.append(segment.span())
        elif _money(words)[0] and not _OWN_MONEY.search(words) and (
                _RULE_WORDS.search(words) or _PER_THING.search(words)):
            spans.append(segment.span())
    return spans


@dataclass(frozen=True)
class Money:
    yuan: Yuan  # kept to the fen
    text: str
    per_year: bool = False
    total: bool = False
    year_index: str = ""  # 第二年 / second year: an amount for one year of several
    foreign: bool = False  # not in yuan (dollars, euros): the policy's figures are yuan
    per_measure: str = ""  # 每平方米50元 / 80 yuan per sq m: a rate per this measure (平方米)
    per_month: bool = False  # 每月 / a month beside such a rate, or an amount stated per month (每月4200)
    increase: bool = False  # 比上年多出两百万 / 2 million more than last year: a rise, not a level
    said_of: str = ""  # the words just before it (…区级留存部分是), for what it is an amount of
    said_after: str = ""  # the words just after it, to the next stop (…的检测费)
    payout: bool = False  # what the asker expects to be paid (算下来能拿90万, we'd get 2 million), not a base
    listed: bool = False  # it continues a list with the amount before it (分别是600万、900万 / 一个月薪5万，一个月薪9万)
    spent: bool = False  # what the asker spent, invested or earned (花了800万 / we put in 12 million): a base, not a request
    received: bool = False  # what the asker was already paid (已获省级补助20万 / already received 200,000): never a base
    approx: str = ""  # 70来万 (about), 600多万 / 9万多 (more than): a round figure, computed with but said to be one


EACH = "each"  # the part_of of a count that is the size of each of the items counted (每列350人, 350 people each)


@dataclass(frozen=True)
class Count:
    value: Decimal
    noun: str  # the thing counted, with its classifier: 个实验室, labs
    text: str
    classifier: str = ""  # 个 / 所 / 名 …: a bare "2个" continues only a count of the same kind
    exact: bool = True  # False for a range (2-3个): asked back, never guessed
    part_of: str = ""  # 4件，其中1件排名全省第三: a part of the count before, with what is said of it (EACH: a size per item)


@dataclass(frozen=True)
class Duration:
    months: Decimal
    text: str


@dataclass(frozen=True)
class Days:
    """A span said in days or weeks (待了10天, 一个礼拜, two weeks), for amounts paid per day."""

    count: Decimal
    text: str


@dataclass
class Quantities:
    money: list[Money] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # instructions and claims about the policy's figures
    rates: list[Decimal] = field(default_factory=list)  # 费率1.5% / a fee of 1.5 percent: rates the asker states, as fractions
    growth: list[Decimal] = field(default_factory=list)  # 增长了25% / grew by 25%: growth the asker states, as fractions
    days: list[Days] = field(default_factory=list)  # 待了10天 / two weeks: spans in days, for amounts per day
    rate_words: list[str] = field(default_factory=list)  # the words said before each of `rates` (一年期LPR是)

    def __bool__(self) -> bool:
        return bool(self.money or self.counts or self.durations or self.days)


def number(text: str) -> Decimal | None:
    text = text.strip().lower()
    if text in _EN_NUMBERS:
        return Decimal(_EN_NUMBERS[text])
    if text in ("half a", "half an", "a half"):
        return Decimal("0.5")
    return to_decimal(text.replace("两", "二") if not text.isdigit() else text)


# after N块 said in Chinese numerals, a noun other than 钱 and a rate's 一/每: 块 counts pieces
_PIECES_OF = re.compile(r"[\u4e00-\u9fff](?<![钱一每])")


def _money(text: str) -> tuple[list[Money], list[tuple[int, int]]]:
    found, spans = [], []
    for match in _MONEY.finditer(text):
        unit = (match.group("unit") or "").lower()
        prefix = match.group("prefix")
        digits = match.group("num")
        if not unit and len(digits) > 1 and digits[-1] in "万亿" and not digits[0].isdigit() \
                and not re.match(r"\s*[人名位个家所项件次]", text[match.end():]):
            digits, unit = digits[:-1], digits[-1]  # 五百六十万 / 两千万: the Chinese number's last 万 is its unit
        if not unit and not prefix and not _bare_money(text, match):
            continue
        if unit in ("万", "亿") and COUNTED_AFTER.match(text, match.end()):
            continue  # 1.2万吨标准煤, 200万千瓦时: a quantity of something else
        if unit in ("thousand", "million", "billion", "mn", "bn", "k") and _MEASURE.match(text[match.end():].strip()):
            continue  # 2 million kWh, 1.5 thousand sq m: a quantity of something else
        if unit == "块" and not digits[0].isdigit() and _PIECES_OF.match(text, match.end()):
            continue  # 两块补助, 三块地: so many pieces of something (两块钱, 五块一平 stay yuan)
        value = number(digits)
        if value is None:
            continue
        yuan = as_yuan(value * _SCALE.get(unit, 1))  # to the fen: 8.5元 is never 9
        if match.group("neg"):
            yuan = -yuan
        before, after = text[max(0, match.start() - 16):match.start()], text[match.end():match.end() + 36]
        foreign = bool(_FOREIGN.match(prefix or "") or _FOREIGN.match(unit) or _FOREIGN.match(after.strip()))
        rate = _RATE_BEFORE.search(text[max(0, match.start() - 14):match.start()]) or _RATE_AFTER.match(
            text[match.end():match.end() + 30]) or _RATE_ONE.match(text[match.end():match.end() + 8])
        found.append(Money(
            per_measure=measure_of(re.sub(r"^\s*(?:元|块钱?|yuan|rmb)?\s*(?:/|per|an?|each|every|每|一)?\s*", "",
                                          rate.group(0).lstrip("每"), flags=re.I)) if rate else "",
            per_month=bool(rate and (rate.group("month") or re.search(
                r"每月|月租|\bmonth", before[-6:] + text[match.end():match.end() + 12], re.I))
                or not rate and (_PER_MONTH_BEFORE.search(before) or _PER_MONTH_AFTER.match(after))),
            yuan=yuan, text=match.group(0).strip() + ((" " if after[:1].isspace() else "") + _FOREIGN.match(
                after.strip()).group(0) if foreign and _FOREIGN.match(after.strip()) else ""),  # 620 million dollars
            per_year=bool(_PER_YEAR_BEFORE.search(before) or _PER_YEAR_AFTER.search(after)),
            total=bool(_TOTAL_NEAR.search(before[-8:]) or re.match(r"^\s*(in total|altogether|total)", after, re.I)),
            year_index=(_YEAR_INDEX.findall(text[max(0, match.start() - 16):match.start()]) or [""])[-1],
            increase=bool(_INCREASE_BEFORE.search(before) or _INCREASE_AFTER.match(after)),
            payout=bool(_PAYOUT_BEFORE.search(before) or _PAYOUT_AFTER.match(after)),
            spent=bool(_SPENT_BEFORE.search(text[max(0, match.start() - 40):match.start()])),
            received=_received(text[max(0, match.start() - 40):match.start()], text[match.end():match.end() + 12]),
            approx=match.group("approx") or ("多" if re.match(r"多(?!少)", after) and unit in ("万", "亿", "万元", "亿元")
                                              else ""),
            foreign=foreign))
        spans.append(match.span())
    for index in range(1, len(found)):
        if _continues_list(text, spans[index - 1], spans[index]):
            found[index] = replace(found[index], listed=True, spent=found[index].spent or found[index - 1].spent)
        if _CHANGE_FROM.search(text[max(0, spans[index - 1][0] - 12):spans[index - 1][0]]) \
                and _CHANGE_TO.match(text[spans[index - 1][1]:spans[index][0]]):
            # went from 30 million to 45 million / 从600万涨到900万: two levels of one measure, not a request
            found[index - 1], found[index] = (replace(found[index - 1], spent=True), replace(found[index], spent=True))
    for index in range(len(spans)):
        found[index] = replace(found[index], **_said_around(text, spans, index))
    return found, spans


def _said_around(text: str, spans: list[tuple[int, int]], index: int) -> dict:
    """The words an amount is said with, not reaching into the amounts beside it (贷了3000万，交了
    60万担保费: 担保费 is said of 60万 only). English words are longer, so more of them is kept."""
    start, end = spans[index]
    before = text[spans[index - 1][1] if index else 0:start]
    after = text[end:spans[index + 1][0] if index + 1 < len(spans) else len(text)]
    after = re.split(r"[，。；？！,;?!]|\.(?:\s|$)", after, maxsplit=1)[0]
    latin = not re.search(r"[\u4e00-\u9fff]", before[-12:] + after[:8])
    return {"said_of": before[-40:] if latin else before[-12:], "said_after": after[:40] if latin else after[:8]}


_CHANGE_FROM = re.compile(r"(?:\bfrom|从|由)[^.;?!。；？！,，]{0,8}?\s*$", re.IGNORECASE)
_CHANGE_TO = re.compile(r"^[^.;?!。；？！]{0,30}?(?:\bto|到|至)(?:了)?[^.;?!。；？！,，\d]{0,6}?\s*$", re.IGNORECASE)
# 花了 / 投入了 / 付了 / 营收 / spent / paid / invested / put in / came in: an amount spent, invested or earned
_SPENT_BEFORE = re.compile(r"(?:花|花费|投|投入|投资|支出|支付|付|交|缴纳|缴|采购|购置|买|成交|到账|营收|收入|销售额|产值|费用|"
                           r"开支|预算|造价|价值|原值|估值)(?:了|的|是|为)?\s*(?:约|大约|近|共|总共|一共)?\s*$|"
                           r"\b(?:spent|spend|spending|paid|pay|invested|invest|investment|put in|cost|costs|costing|"
                           r"revenue|turnover|sales|income|came in|bought|purchased|budget|worth|valued)\b[^.;?!]{0,36}$",
                           re.IGNORECASE)
# 已获省级补助 / 之前已经领了 / 拿过 / 市里补了 / already received / we were awarded: money already paid to the asker
_RECEIVED_BEFORE = re.compile(r"(?:已经?|早已|之前|此前|先前|曾经?)[^，。；,;？?]{0,10}?(?:获|拿|领|补|给|发|拨|享受|得到)[^，。；,;？?]{0,12}$|"
                              r"(?:获得|拿到|领到|领取|得到|享受|拿|领|补|给|拨|发)过[^，。；,;？?]{0,12}$|"
                              r"(?:补|给|拨|发)了[^，。；,;？?]{0,8}$|"
                              r"\b(?:already|previously)\b[^.;?!]{0,24}\b(?:received|got|been (?:paid|given|granted|awarded)|"
                              r"paid|given|granted|awarded)\b[^.;?!]{0,30}$|"
                              r"\b(?:were|was|have been|has been|had been) (?:paid|given|granted|awarded)\b[^.;?!]{0,30}$|"
                              r"\breceived\b[^.;?!]{0,30}$", re.IGNORECASE)
_NOT_RECEIVED = re.compile(r"贷|借|投|花|营收|销售|\bloan|\bborrow|\binvest|\bspen[dt]|\brevenue|\bsales", re.IGNORECASE)


def _received(before: str, after: str = "") -> bool:
    """Whether the words around an amount say it was already paid to the asker (已获…20万, 20万已经到账,
    按每亩200块补过; a loan approved is not)."""
    found = _RECEIVED_BEFORE.search(before)
    return bool(found) and not _NOT_RECEIVED.search(found.group(0)) or bool(_RECEIVED_AFTER.match(after))


# 200块补过一回 / 5万已经领了 / 10万已到账: the verb of receiving said after the amount
_RECEIVED_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*(?:已经?|都)?(?:补|给|领|拿|发|拨|获)(?:过|了|到了)|\s*(?:元|块钱?)?\s*已(?:经)?到账")


# 能拿90万 / 能奖60万 / 可以领到 / we'd get / we could receive: an amount the asker expects to be paid
_PAYOUT_BEFORE = re.compile(r"(?:能|可以|可|会|应该)(?:拿|领|奖|补|获得|得到|到手|到账)(?:到|回)?\s*(?:约|大约|近)?\s*$|"
                            r"\b(?:can|could|would|will|should|'d)\s+(?:get|receive|be paid|be awarded)\s*(?:about|around)?\s*$",
                            re.IGNORECASE)
# 100万都能拿到吗: the sum expected; not 投入600万元能拿多少, which asks what a base brings
_PAYOUT_AFTER = re.compile(r"^\s*(?:元)?(?:都|全|全部)?(?:能|可以)(?:拿到|领到|到手|到账|拿|领)(?![到回]?\s*(?:多少|几))",
                           re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*(?:元|块钱?|yuan|rmb|cny)?\s*(?:[、，,；;和及与跟]|\band\b|\bplus\b)*\s*(?P<lead>.{0,8}?)",
                        re.IGNORECASE)


def _continues_list(text: str, previous: tuple[int, int], this: tuple[int, int]) -> bool:
    """Whether an amount is the next of a list: only a separator stands between it and the one
    before (600万、900万和350万), or the same words again (一个月薪5万，一个月薪9万)."""
    joined = _LIST_JOIN.fullmatch(text[previous[1]:this[0]])
    if not joined:
        return False
    lead = joined.group("lead").strip()
    return not lead or len(lead) >= 2 and text[:previous[0]].rstrip().endswith(lead)


_MONEY_NOUN = re.compile(r"(学费|费用|经费|投入|资金|房租|租金|月租|tuition|fees?|costs?|budget|spent|spend|"
                         r"invest(?:ed|ment)?|rent)\W{0,3}$", re.IGNORECASE)
# 多出两百万, 增加了80万, an increase of 2 million, 3 million more than: the amount is a rise
_INCREASE_BEFORE = re.compile(r"(?:多出|多了|多花了?|多投了?|增加了?|增长了?|新增了?|增量为?|提高了|上涨了?|"
                              r"\bincrease[ds]?(?: of| by)?|\bup by|\bgrew by|\brose by|\bjump(?:ed)? by)"
                              r"\s*(?:了|约|大约|近|将近|about|around|roughly)?\s*$", re.IGNORECASE)
_INCREASE_AFTER = re.compile(r"^\s*(?:元|yuan|rmb|cny)?\s*(?:more\b|higher\b|up\b)", re.IGNORECASE)
# 每月4200 / 4,200 a month: a large number stated as a monthly rate
_PER_MONTH_BEFORE = re.compile(r"每(?:个)?月\s*[:：是为交付]?\s*$")
_PER_MONTH_AFTER = re.compile(r"^\s*(?:/月|每月|一个月|(?:a|per|each|every) month|monthly)", re.IGNORECASE)


def _bare_money(text: str, match: re.Match) -> bool:
    """A number with no unit is money when it is large and stated as a yearly or monthly rate or
    right after a word for money ("tuition 40,000 a year", "学费40000", 每月4200)."""
    digits = match.group("num").replace(",", "")
    if not digits.isdigit() or int(digits) < 1000 or _CALENDAR_YEAR.match(digits):
        return False
    after = text[match.end():match.end() + 14]
    before = text[max(0, match.start() - 14):match.start()]
    if _MEASURE.match(after.strip()):
        return False  # rent 4,000 square metres: an area, not money
    return bool(_PER_YEAR_AFTER.match(after) or _MONEY_NOUN.search(before) or _PER_MONTH_BEFORE.search(before)
                or _PER_MONTH_AFTER.match(after))


def _outside(spans: list[tuple[int, int]], start: int) -> bool:
    return not any(a <= start < b for a, b in spans)


def _noun_zh(classifier: str, words: str) -> str:
    end = _NOUN_END_ZH.search(words)
    if end and end.group(0) == "的":  # 三个搞测试的博士: the people after 的 are the ones counted
        head = re.match(r"[\u4e00-\u9fff]{1,4}", words[end.end():])
        after = _NOUN_END_ZH.search(head.group(0)) if head else None
        head_text = head.group(0)[:after.start()] if after else (head.group(0) if head else "")
        if head_text and _PERSON_WORD.search(head_text):
            return classifier + head_text
    return classifier + (words[:end.start()] if end else words)


def _noun_en(words: str) -> str:
    kept = []
    for word in words.split():
        if kept and _NOUN_END_EN.fullmatch(word):
            break
        kept.append(word)
        if len(kept) > 1 or not re.match(r"^(?:more|additional|new|other|of|our)$", word, re.I):
            if word.lower().endswith("s") and not word.lower().endswith("ss"):
                break  # a plural ends the noun: "2 state key labs approved"
    return " ".join(kept)


def units_of_their_own(units) -> tuple[str, ...]:
    """Of the units the documents pay per (每TB, 每核时, 每个实验室, 每平方米), those a question's
    count cannot be read by a classifier or a measure: a notice's own unit (300TB, 1,200核时)."""
    return tuple(sorted({u for u in units if u and len(u) <= 4 and not re.search(r"\d", u)
                         and u[0] not in COUNT_CLASSIFIERS and not measure_of(u)
                         and re.fullmatch(r"[A-Za-z]+|[\u4e00-\u9fff]{2,4}", u)}))


def _counts_in_units(text: str, units: tuple[str, ...], spans, counts: list["Count"]) -> list["Count"]:
    """300TB / 2,000 TB / 1200核时: a figure stated right before one of the documents' own units."""
    found = []
    for unit in units:
        latin = unit.isascii()
        pattern = (rf"(?<![0-9A-Za-z.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*{re.escape(unit)}"
                   + (r"(?![A-Za-z])" if latin else ""))
        for match in re.finditer(pattern, text, re.IGNORECASE if latin else 0):
            value = number(match.group("num"))
            said_before = any(c.text.startswith(match.group("num")) or match.group(0).strip() in c.text
                              for c in counts)  # read as a count (or a measure) already
            if value and _outside(spans, match.start()) and not said_before:
                found.append(Count(value, unit, match.group(0).strip(), unit, True))
    return found


def _items_of_size(text: str, start: int, end: int, adjective: bool) -> tuple[Decimal | None, int, int, str]:
    """How many items of the size stated at text[start:end] the question has (三台800千瓦, 2 chambers of
    900 cubic metres each, 30集、每集20分钟, 每集20分钟，共30集, 30 × 20-minute, three 95-minute films),
    with the span that says it all and the words that count the items; None when no items are said."""
    before, each_after = text[:start], bool(_EACH_AFTER_EN.match(text, end))
    found = _EACH_OF_SIZE.search(before) or (each_after and (_EACH_OF_SIZE_EN.search(before)
                                                              or _EACH_ITEM_EN.search(before))) or None
    if not found:
        found = _EACH_ITEM_ZH.search(before) or _EACH_ITEM_EN.search(before)
        if found and found.groupdict().get("n") and not found.groupdict().get("x") and not each_after:
            found = None  # "40 episodes, 11 minutes" without "each": not said of every one
    if not found and adjective:
        found = _COUNT_BEFORE_EN.search(before)
    if found:
        return number(found.groupdict().get("n") or found.group("times")), found.start(), end, found.group(0).strip()
    named = _EACH_NAMED_ZH.search(before)
    after = re.match(_ITEMS_AFTER_ZH.replace("ITEM", re.escape(named.group("x"))), text[end:]) if named else None
    if after:
        return number(after.group("n")), named.start(), end + after.end(), after.group(0).strip(" ，,、")
    return None, start, end, ""


# 这两项 / 上述三笔 / 两样加起来 / 两项合计: a question counting back the things it named
_REFERRED_BEFORE = re.compile(r"(?:这|那|上述|以上|前面)$")
_REFERRED_AFTER = re.compile(r"(?:奖励|补贴|钱)?(?:加|合计|合起来|一起|一共|总共|共计)")


def read_quantities(text: str, units: tuple[str, ...] = ()) -> Quantities:
    """The amounts, counts, durations and dates a text states. `units` are the documents' own
    units (see `units_of_their_own`): a figure right before one is a count of it."""
    ignored_spans = instruction_spans(text)
    ignored = [text[a:b].strip() for a, b in ignored_spans if _money(text[a:b])[0] or re.search(r"\d", text[a:b])]
    money, spans = _money(text)
    money = [m for m, span in zip(money, spans) if _outside(ignored_spans, span[0])]
    spans = spans + ignored_spans
    counts: list[Count] = []
    for match in _COUNT_ZH.finditer(text):
        if not _outside(spans, match.start()):
            continue
        value = number(match.group("num"))
        if value is None or (match.group("num").isdigit() and _CALENDAR_YEAR.match(match.group("num"))):
            continue
        noun = _noun_zh(match.group("cls"), match.group("noun"))
        if match.group("cls") == "个" and noun[1:].startswith(("月", "小时", "工作日", "礼拜", "星期")):
            continue  # 18个月, 一个礼拜 are durations
        if _RATE_COUNT_ZH.search(text[max(0, match.start() - 4):match.start()]) and value == 1:
            continue  # 每多招一个人 / 每招用1人: what a rate is per, not a count stated
        if match.group("cls") == "场" and match.group("num") == "一":
            continue  # 办了一场国际会议: "a conference", said of what it was like, not a count of events
        if _RANK_BEFORE_ZH.search(text[max(0, match.start() - 3):match.start()]):
            continue  # 排名前100家 / 全国前50名: a place in a ranking, not so many of them
        if match.group("cls") in "项样笔" and (_REFERRED_BEFORE.search(text[max(0, match.start() - 3):match.start()])
                                               or _REFERRED_AFTER.match(text, match.end("cls"))):
            continue  # 这两项 / 两项加一起: the things asked about, counted back, not so many of something
        if match.group("half"):
            value += Decimal("0.5")  # 两个半: two and a half
        after = text[match.end():match.end() + 1]
        if noun == match.group("cls") and not re.match(r"\w", after):  # 国内学员300人，: what is counted said before
            noun += _named_before(text[:match.start()])
        stated = text[match.start():match.start("noun")] + noun[len(match.group("cls")):]
        ranged = _RANGE_BEFORE.search(text[:match.start()])
        exact = not ranged
        stated = text[ranged.start():match.start()] + stated if ranged else stated
        part = _PART_BEFORE_ZH.search(text[max(0, match.start() - 5):match.start()]) and counts
        said = re.split(r"[，,。；;？?！!]", text[match.start():], maxsplit=1)[0] if part else ""
        only = _ONLY_BEFORE_ZH.search(text[max(0, match.start() - 3):match.start()])
        if not part and only and noun == match.group("cls") and any(c.classifier == noun for c in counts):
            # 带了40个学徒，…留用满半年的只有25个: the ones the words before it describe, of those counted before
            said = re.split(r"[，,。；;？?！!]", text[:match.start()])[-1] + stated
        if not said and re.search(r"每(?![年月日天周])[\u4e00-\u9fff]|各", re.split(r"[，,。；;：:]", text[:match.start()])[-1]):
            said = EACH  # 3列专列，每列350人 / 2场音乐节，各卖了2500张票: the size of each, not a count of its own
        counts.append(Count(-value if match.group("neg") else value, noun, stated, match.group("cls"), exact, said))
    for match in _COUNT_EN.finditer(text):
        phrase = _noun_en(match.group("noun"))
        stated = text[match.start():match.start("noun")] + phrase
        # 3 trains (about 350 people each): the size of each, not a count of its own
        each = EACH if re.match(r"\s*each\b", text[match.start() + len(stated):]) else ""
        noun = re.sub(r"^(?:of (?:our|the|their|my|us|them)|of)\s+", "", phrase, flags=re.I)
        if re.match(r"^(?:more|additional|another)\b", noun, re.I):
            noun = "more"  # "three more (next year)": the same thing as the count before
        elif not _outside(spans, match.start()) or _NOT_A_COUNT_EN.match(noun) \
                or re.search(r"\btop\s+$", text[max(0, match.start() - 5):match.start()], re.I):
            continue  # (one of China's top 100 software companies: a place in a ranking, not 100 of them)
        if re.search(r"(?<!this )(?<!last )(?<!next )(?<!each )\b(?:year|month)\s+$", text[max(0, match.start() - 12):match.start()],
                     re.I) and re.match(r"(?:of (?:the|this|that|its|his|her)\b|[,.;?!]|$)", phrase, re.I):
            continue  # year three of the lease / in year 3.: which year of a term, not three of something
        if not _outside(spans, match.start()):
            continue
        value = number(match.group("num"))
        if value is None or _CALENDAR_YEAR.match(match.group("num")):
            continue
        if match.group("num").lower() in ("a", "an") and not re.search(r"\b(?:another|more)\b", noun, re.I):
            continue  # "a lab" is not a count someone stated
        ranged = _RANGE_BEFORE.search(text[:match.start()])
        exact = not ranged
        stated = text[ranged.start():match.start()] + stated if ranged else stated
        counts.append(Count(-value if match.group("neg") else value, noun, stated, "", exact, each))
    for match in _MEASURE.finditer(text):  # 200平, 400 sq m: an area (or weight) the user has
        head = re.search(rf"{_SIGN}(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{_CN}]+)\s*"
                         rf"(?P<big>(?<=\d)\s*(?:thousand|million|billion)\s+)?(?:个|(?<=\d)-)?\s*$",
                         text[:match.start()], re.IGNORECASE)  # 95-minute: the size as an adjective; 2 million kWh
        if not head or not _outside(spans, head.start()):
            continue
        if re.search(r"(?:元|块钱?|yuan)\s*$", text[:head.start()], re.IGNORECASE):
            continue  # 40块一平: a price per square metre, not an area
        value = number(head.group("num"))
        if value is None or value <= 0:
            continue
        value *= measure_scale(match.group(0)) * _BIG_EN.get((head.group("big") or "").strip().lower(), 1)
        measure = measure_of(match.group(0))
        counts = [c for c in counts if not ((measure_of(c.noun) or c.noun.startswith(match.group(0)[:1])) and
                                            c.text.startswith(head.group(0).strip()))]  # the same figure read twice
        items, start, end, said = _items_of_size(text, head.start(), match.end(), head.group(0).endswith("-"))
        if items:
            value *= items
            counts = [c for c in counts if not (c.text.startswith(said) or said.startswith(c.text))]
        ranged = _RANGE_BEFORE.search(text[:start])  # 300到400平: a range, asked back, never the larger figure
        start = ranged.start() - len(re.search(r"[\d.,]*$", text[:ranged.start() + 1]).group(0)) + 1 if ranged else start
        part = (_PART_BEFORE_ZH.search(text[max(0, start - 5):start]) or _PART_AFTER_EN.match(text, end)) and any(
            c.noun == measure for c in counts)  # 其中400平 / 400 sq m of it: a part of the area said before
        said = re.split(r"[，,。；;？?！!]", text[end:], maxsplit=1)[0].strip() if part else ""
        counts.append(Count(value, measure, text[start:end].strip(), measure, not ranged, said))
    counts += _counts_in_units(text, units, spans, counts)
    durations: list[Duration] = []
    stripped = text
    blank = lambda m: " " * len(m.group(0))  # noqa: E731 (offsets stay those of the question)
    rate_free = re.sub(r"(每|一)(学)?年(?=\s*[\d一二三四五六七八九十]+(?:\.\d+)?\s*[万千元])|每年|/年|一年(?=学费)", blank, stripped)
    rate_free = re.sub(r"\b(?:per|a|each|every) year\b|\bannually\b|\bper annum\b", blank, rate_free, flags=re.I)
    rate_free = re.sub(r"\b(?<!for )(?:per|a|each|every) month\b|\bmonthly\b", blank, rate_free, flags=re.I)
    # the one-year LPR / 5-year rate: a rate's tenor, not a span (一年期LPR is no span either)
    rate_free = re.sub(r"\b[\w.]+[\s-]years?(?=[\s-]+(?:LPR|loan prime|prime|benchmark|(?:lending |interest )?rate))",
                       blank, rate_free, flags=re.I)
    def elapsed(match: re.Match) -> bool:
        before = text[max(0, match.start() - 16):match.start()]
        held = _HELD_AFTER.match(text[match.end():]) and before.rstrip().endswith("了") \
            or re.search(r"[A-Za-z]", match.group(0)) and _HELD_BEFORE.search(before) and "了" not in before[-2:]
        return bool(_ELAPSED_BEFORE.search(before) or _ELAPSED_AFTER.match(text[match.end():]) or held)

    spans_en = list(_MONTH_SPAN_EN.finditer(rate_free))
    spans_en += [m for m in _MONTH_RANGE_EN.finditer(rate_free) if not any(m.start() < o.end() and o.start() < m.end()
                                                                           for o in spans_en)]
    for match in [*_MONTH_SPAN_ZH.finditer(rate_free), *spans_en]:
        first, last = (_month_number(match.group(g)) for g in ("a", "b"))
        if first and last and first <= last and _outside(ignored_spans, match.start()):
            durations.append(Duration(last - first + 1, match.group(0)))
            rate_free = rate_free[:match.start()] + blank(match) + rate_free[match.end():]
    for match in _DURATION_ZH.finditer(rate_free):
        if not _outside(ignored_spans, match.start()) or elapsed(match):
            continue
        if match.group(0) == "半年":
            durations.append(Duration(Decimal(6), match.group(0)))
            continue
        value = number(match.group("num"))
        if value is None or _CALENDAR_YEAR.match(match.group("num")) or (
                _A_DATE.match(text[match.end():]) or re.search(r"年\s*$", text[:match.start()])) \
                and not match.group("ge") and match.group("unit") == "月":
            continue  # 5月1号, 2026年5月, 今年5月: a time of the year, not five months
        unit = match.group("unit")
        months = value * 12 + (6 if unit == "年半" else 0) if unit.startswith("年") else value
        durations.append(Duration(months, match.group(0)))
    for match in _DURATION_EN.finditer(rate_free):
        if not _outside(ignored_spans, match.start()) or elapsed(match):
            continue
        value = number(match.group("num"))
        if value is None:
            continue
        months = value * 12 if match.group("unit").lower().startswith(("year", "yr")) else value
        if match.group("half") or match.group("half_before"):
            months += 6 if match.group("unit").lower().startswith(("year", "yr")) else Decimal("0.5")
        durations.append(Duration(months, match.group(0)))
    terms = [d for d in durations if _TERM_AFTER.match(text[text.find(d.text) + len(d.text):])]
    if terms and len(terms) < len(durations):  # 干了10个月…签了3年合同: the contract's term is a condition
        durations = [d for d in durations if d not in terms]
    if not durations:  # a whole year said without a number: "for the full year", 全年, 干满一整年
        whole = _WHOLE_YEAR.search(rate_free)
        if whole and _outside(ignored_spans, whole.start()):
            durations.append(Duration(Decimal(12), whole.group(0)))
    if not durations:  # 今年5月1号才开业…今年能拿多少: the months from then to the year's end
        durations += _rest_of_year(text)
    if not durations and (money or counts):  # "how much do we get per year?", 一年能补多少: a year's worth is asked
        asked = _YEAR_ASKED.search(text)
        if asked and not any(0 <= asked.start() - end <= 3 for _, end in spans):  # not "40,000 a year"
            durations.append(Duration(Decimal(12), asked.group(0).strip()))
    said_rates = [m for m in _RATE_SAID.finditer(text) if _outside(ignored_spans, m.start())]
    rates = [Decimal(m.group("pct") or m.group("pct_at")) / 100 for m in said_rates]
    rate_words = [text[max(0, m.start() - 12):m.start("pct") if m.group("pct") else m.start("pct_at")] for m in said_rates]
    growth = [Decimal(m.group("pct")) / 100 for m in _GROWTH_SAID.finditer(text) if _outside(ignored_spans, m.start())]
    return Quantities(money, counts, durations, ignored, rates, growth, _days(text, ignored_spans), rate_words)


# 10天 / 一个礼拜 / 两周 / 12 days / two weeks: a span in days (第一天, 每天, a date's 20日 are none)
_DAYS_ZH = re.compile(rf"(?<![第每月\d{_CN}])(?P<num>\d+|[{_CN}]+)\s*(?P<ge>个)?(?P<unit>天|日|周|星期|礼拜)(?![期常内])")
_DAYS_EN = re.compile(rf"(?<![\w-])(?P<num>{_EN_NUM})[\s-]*(?P<unit>days?|weeks?)\b|\b(?P<fortnight>fortnight)\b",
                      re.IGNORECASE)
_PER_BEFORE_EN = re.compile(r"(?:\bper|\beach|\bevery|\byuan|\brmb|\bcny|\d)\s*$", re.IGNORECASE)


def _days(text: str, ignored_spans: list[tuple[int, int]]) -> list[Days]:
    found = []
    for match in _DAYS_ZH.finditer(text):
        value = number(match.group("num"))
        if value is None or not _outside(ignored_spans, match.start()):
            continue
        week = match.group("unit") in ("周", "星期", "礼拜")
        if match.group("unit") in ("天", "日") and match.group("ge"):  # 十个日: not a span
            continue
        found.append(Days(value * 7 if week else value, match.group(0)))
    for match in _DAYS_EN.finditer(text):
        if not _outside(ignored_spans, match.start()):
            continue
        if match.group("fortnight"):
            found.append(Days(Decimal(14), match.group(0)))
            continue
        said = match.group("num").lower()
        week = match.group("unit").lower().startswith("week")
        if said in ("a", "an") and (not week or _PER_BEFORE_EN.search(text[:match.start()])):
            continue  # 2000 yuan a day / per week: a rate, not a span
        value = number(said.replace(",", ""))
        if value is not None:
            found.append(Days(value * 7 if week else value, match.group(0)))
    return found


# 增长了25% / 增幅达30% / 同比涨了12% / grew by 25% / up 40 percent: how much something grew
_GROWTH_SAID = re.compile(r"(?:增长|增幅|增速|涨幅|上涨|涨|增加|grew|growth|grown|increased?|rose|risen|up)"
                          r"(?:率|了|达到?|为|by|of|around|about|roughly|\s)*\s*(?P<pct>\d+(?:\.\d+)?)\s*(?:%|％|percent\b)",
                          re.IGNORECASE)
# 费率1.5% / 利率3.5% / a guarantee fee of 1.5% / rate of 2 percent: a rate the asker states
_RATE_SAID = re.compile(r"(?:率|LPR|rate|fee|interest)[^，。；？！,;?!\d]{0,12}?(?P<pct>\d+(?:\.\d+)?)\s*(?:%|％|percent\b)|"
                        r"\bat\s+(?P<pct_at>\d+(?:\.\d+)?)\s*(?:%|percent\b)\s*(?:a year|per year|per annum|p\.a\.|"
                        r"annual(?:ly)?|(?:annual )?interest)", re.IGNORECASE)  # (borrowed N) at 4% a year


# 其中2个 / 里面有2个 / 这当中2个: a part of the count said before
_PART_BEFORE_ZH = re.compile(r"(?:其中|(?:这|那)?(?:里面|里头|当中))(?:有|的)?\s*$")
_ONLY_BEFORE_ZH = re.compile(r"(?:只有|仅有|只剩|仅|才|只)\s*$")  # …的只有25个: the part the words before describe
_PART_AFTER_EN = re.compile(r"\s+of (?:it|them|which|that|this)\b", re.IGNORECASE)  # 400 sq m of it
_YEAR_ASKED = re.compile(r"(?<!over )(?<!than )(?<!least )\b(?:per|a|each|every) year\s*[?？.!]*\s*$|(?:每年|一年)(?:能|可以|可|大概|最多)?"
                         r"(?:补|拿|领|给|获得|得到)|"
                         r"\b(?:yearly|annual)\s+(?:[\w-]+\s+){0,2}(?:award|subsidy|grant|bonus|reward|allowance|payment)s?\b",
                         re.IGNORECASE)
# 5月1号 / 5月1日: the day that follows makes a month a date
_A_DATE = re.compile(rf"^\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*[号日]")
# 今年5月1号才开门营业 / opened on May 1 this year: something that began this year, on a month's first day
_BEGAN_ZH = re.compile(rf"(?P<month>\d{{1,2}}|[{_CN}]{{1,3}})\s*月(?:\s*(?P<day>\d{{1,2}}|[{_CN}]{{1,3}})\s*[号日])?(?:份)?\s*"
                       r"(?:才|起|开始|正式|刚)?\s*(?:开门|开业|营业|运营|开张|投运|投入使用|入驻|启用|开工|投产|开放|上线)")
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_BEGAN_EN = re.compile(r"\b(?:opened|launched|started|began|went live|opening|since|from)\s+(?:on\s+|in\s+)?"
                       rf"(?P<month>{'|'.join(_MONTHS_EN)})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?)?\b", re.IGNORECASE)
_THIS_YEAR = re.compile(r"今年|本年度|this year", re.IGNORECASE)


def _rest_of_year(text: str) -> list[Duration]:
    """The months from a day this year that something began (今年5月1号才开业, opened on May 1 this
    year) to the year's end, counting that month; none when it began after a month's first day
    (part of a month is the clause's to settle) or the question is not about this year."""
    if not _THIS_YEAR.search(text):
        return []
    for pattern in (_BEGAN_ZH, _BEGAN_EN):
        found = pattern.search(text)
        if not found:
            continue
        month = _month_number(found.group("month"))
        day = number(found.group("day")) if found.group("day") else Decimal(1)
        if month is not None and day == 1:
            return [Duration(13 - month, found.group(0))]
    return []


# 3月到12月 / 4月至9月份 / from March to December / between June and August: months of a year, both
# ends counted (3个月到6个月 is a range of spans; 3月1日到12月31日 leaves parts of months to the clause)
_MONTH_SPAN_ZH = re.compile(rf"(?<![\d{_CN}个])(?P<a>\d{{1,2}}|[{_CN}]{{1,3}})\s*月(?:份)?\s*(?:到|至|—|－|-|~|～)\s*"
                            rf"(?P<b>\d{{1,2}}|[{_CN}]{{1,3}})\s*月(?:份|底|末)?(?!\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*[号日])")
_MONTH_SPAN_EN = re.compile(rf"\b(?:from|between)\s+(?P<a>{'|'.join(_MONTHS_EN)})\s+(?:to|until|till|through|and)\s+"
                            rf"(?P<b>{'|'.join(_MONTHS_EN)})\b", re.IGNORECASE)
# July through December / July–December: the same, said without "from"
_MONTH_RANGE_EN = re.compile(rf"\b(?P<a>{'|'.join(_MONTHS_EN)})\s*(?:\s(?:to|until|till|through|thru)\s|[-–—])\s*"
                             rf"(?P<b>{'|'.join(_MONTHS_EN)})\b", re.IGNORECASE)


def _month_number(said: str) -> Decimal | None:
    said = said.lower()
    month = Decimal(_MONTHS_EN.index(said) + 1) if said in _MONTHS_EN else number(said)
    return month if month is not None and 1 <= month <= 12 else None


_WHOLE_YEAR = re.compile(r"\b(?:the|a) (?:full|whole|entire) year\b|\ball year(?: long| round)?\b|全年|一整年|整整一年",
                         re.IGNORECASE)


_BARE_NUMBER = re.compile(
    r"^\s*(?:(?:and|what about|how about|if|with|for|then|so|it's|it is|there are|we have)\b[\s,]*)*"
    r"(?P<en>\d+|[a-z]+)\s*(?:of them|then|instead)?\s*[?？.!]*\s*$|"
    r"^\s*(?:那|那么|如果|要是|换成|改成)?(?:是|有)?(?P<zh>\d+|[零一二两三四五六七八九十百]+)\s*(?:个)?(?:呢|的话|的话呢)?\s*[?？。]*\s*$",
    re.IGNORECASE)


def bare_number(text: str) -> Decimal | None:
    """The number a follow-up consists of ("And with seven?", "那10个呢？"), or None when the
    text says more than a number."""
    match = _BARE_NUMBER.match(text)
    if not match:
        return None
    value = number(match.group("en") or match.group("zh"))
    return value if value is not None and value > 0 else None


# …; 另外 / plus / while / "and one got…": where a question goes on to another group of things
_GROUP_BREAK = re.compile(r"[；;]|另外|另一|此外|再加上?|还有|\bplus\b|\band another\b|\banother\b|\bwhile\b|"
                          r"\band (?=(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b(?! (?:more|additional|other)\b))",
                          re.IGNORECASE)


def groups(text: str) -> list[str]:
    """The parts of a question that state quantities for different applicants or groups
    ("3人读博士，每年5万，4年；另外2人读硕士，每年3万，3年"); one part when there is no break."""
    parts: list[str] = []
    for part in (p for p in _GROUP_BREAK.split(text) if p):
        elided = _ELIDED_NOUN_EN.match(part)
        if elided and parts and not read_quantities(part):  # "…three products got X and one got Y": one product
            before = read_quantities(parts[-1]).counts
            if before:
                part = f"{part[:elided.end()]} {before[-1].noun}{part[elided.end():]}"
        if read_quantities(part):
            parts.append(part)
    if len(parts) > 1:
        parts[0] = _without_headline(parts[0], parts[1:])
    return parts if len(parts) > 1 else _kinds_apart(text)


_HEADLINE = re.compile(r"^(?P<head>[^：:]*)[：:]")


def _without_headline(first: str, others: list[str]) -> str:
    """The first group without a headline count that the groups add up to: in 请了三位专家：一位…；
    另外两位…, the three are the one and the two, not a group of their own."""
    match = _HEADLINE.match(first)
    if not match:
        return first
    said = read_quantities(match.group("head")).counts
    firsts = [read_quantities(part).counts[:1] for part in [first[match.end():]] + others]
    if len(said) == 1 and all(firsts) and sum(c[0].value for c in firsts) == said[0].value:
        return first[match.end():]
    return first


def _kinds_apart(text: str) -> list[str]:
    """A Chinese question counting things of different kinds in parts of its own (40头奶牛，又买了90只鸡):
    one group per count, the parts without a count kept with the count before (the question itself
    with the last); the whole text when the counts are not one per part or are of one kind."""
    pieces = [p for p in re.split(r"(?<=[，,、])", text) if p.strip()]
    counts = [read_quantities(p).counts for p in pieces]
    counted = [c for c in counts if c]
    if len(counted) < 2 or any(len(c) != 1 for c in counted) or not CJK.search(text):
        return [text]
    if len({c[0].classifier or c[0].noun for c in counted}) < len(counted) and (
            _PART_OF_WHOLE.search(text) or any(c[0].part_of or c[0].noun.strip() == c[0].classifier for c in counted)
            or len({c[0].noun for c in counted}) < len(counted) or not _parallel([c[0].noun for c in counted])):
        # one kind counted twice (3件…，其中2件…; 3个实验室，又批了2个; 两个博士…两个人加起来): no kinds
        # apart; 3件入选国家级、4件入选省级 says the same of each, a kind named in each
        return [text]
    groups: list[str] = []
    for piece, found in zip(pieces, counts):
        if found or not groups:
            groups.append(piece)
        else:
            groups[-1] += piece
    return groups


_PART_OF_WHOLE = re.compile(r"其中|包括|含")


def _parallel(nouns: list[str]) -> bool:
    """Whether the words after each count say something alike (入选 of 件产品入选国家级… and 件入选省级):
    two characters in a row that every one has."""
    pairs = [{n[i:i + 2] for i in range(1, len(n) - 1) if CJK.match(n[i]) and CJK.match(n[i + 1])} for n in nouns]
    return bool(set.intersection(*pairs)) if pairs else False


# a number whose noun is left out because it was said just before ("and one got organic certification")
_ELIDED_NOUN_EN = re.compile(r"\s*(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b(?=\s+(?:got|received|was|were|"
                             r"has|have|had|passed|won|is|are|gained|obtained)\b)", re.IGNORECASE)
