"""Monetary rules read from a clause's sentences: fixed, cap, per unit, share (with a cap).

Pure functions: a clause number and its text in, `MoneyRule`s out. The forms are the
general ones of Chinese funding clauses (最高/不超过 caps, 每个/每人每月 units, 20% and
1:1 shares, 最长24个月 limits), never the words of one notice. The rules are written to
each document's facts file, where a maintainer can correct them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.models import MoneyRule
from assistant.money import find_money_zh, plain_number, to_decimal

_SENTENCES = re.compile(r"(?<=[。；;])")
# （责任单位：区A局、区B局）: a clause's responsible units close what went before (a table's rows
# spelled out after them start afresh)
_UNITS_SAID = re.compile(r"[（(](?:责任单位|牵头单位|责任部门|牵头部门)[：:][^（()）]*[）)]")


def _sentences(text: str) -> list[str]:
    """The sentences of a clause: up to each 。 or ；, and up to a bracket naming its responsible units."""
    cuts = sorted({m.end() for m in _SENTENCES.finditer(text)} | {m.end() for m in _UNITS_SAID.finditer(text)})
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


_PARTS = re.compile(r"[，,、：:]")


def _part_ends(text: str) -> list[int]:
    """Where each part of a sentence ends (after ，、：), except inside brackets: 购置投入（不含甲、乙两项）
    is one part."""
    ends, depth = [], 0
    for at, char in enumerate(text):
        depth += 1 if char in "（(" else -1 if char in "）)" and depth else 0
        if not depth and _PARTS.match(char):
            ends.append(at + 1)
    return ends
_CAP_BEFORE = re.compile(r"(最高|不超过|不高于|最多|上限为?|封顶)[^，、]{0,4}$")
_CAP_AFTER = re.compile(r"^(?:元)?(以内|以下|封顶|为限)")
_SHARE = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]|百分之(?P<cn>[零一二三四五六七八九十百点]+)|"
    r"(?P<a>\d+(?:\.\d+)?)\s*[:：比]\s*(?P<b>\d+(?:\.\d+)?)(?:的比例)?(?:给予|进行)?配套|"
    r"(?P<pts>\d+(?:\.\d+)?)\s*个百分点"  # 按本金给予每年3个百分点的贴息: points of the principal
)
# 每年3个百分点 / 每年按本金的2%: a share of its base paid for each year (interest on a loan's principal)
_EACH_YEAR = re.compile(r"每年(?:按照?)?[^，,。；]{0,3}$")
# 个人申请贷款的，最高额度为20万元 / 可按每户不超过20万元的额度申请: the size of a loan, never a payment
_LOAN_SIZE = re.compile(r"贷款[^。；]*额度|额度[^。；]*贷款")
# 最长N个月 / 最长不超过N年 / 最长补贴N个月 / 最长可享受N年: a few words may stand between
_MAX_PERIODS = re.compile(r"最长(?:不超过|为)?(?:[^\d一二两三四五六七八九十，。；、]{1,6}?)?\s*"
                          r"(?P<n>\d+|[一二两三四五六七八九十]+)\s*个?(?P<unit>月|年|天|日)")
# 连续支持3年 / 连续支持不超过2年 / 支持期限为3年: how long a rule pays, said without 最长
_SPAN_LIMIT = re.compile(r"(?:连续(?:支持|补贴|资助|享受|给予|奖励)?|(?:支持|补贴|资助|享受|贴息)期限|"
                         r"累计(?:享受|获得)?(?:补贴|补助|资助|支持|奖励)?)(?:最长)?(?:不超过|为)?\s*"
                         r"(?P<n>\d+|[一二两三四五六七八九十]+)\s*个?(?P<unit>月|年)")
_PERIOD = re.compile(r"^(年|月|学年|天|日)")  # 每人每天 / 每人每日: per day
# 每家企业每年最多奖励N辆 / 不超过N人: a limit on how many units are paid (the classifier is matched to the rule's unit)
_MAX_UNITS = re.compile(r"(?:最多|不超过|最高|上限为?)[^\d一二两三四五六七八九十，。；、]{0,4}?"
                        r"(?P<n>\d+|[一二两三四五六七八九十百]+)\s*(?P<unit>[个名人辆台套家项件张种款])(?!月)")  # 个月 is a span
_VERBS = re.compile(r"(分别|给予|给|补贴|补助|资助|奖励|奖补|发放|一次性|按照|按|最高|不超过|最多|可|享受|提供)")
# Words around who is paid that are not part of it: leading (其中、给予、按…) and trailing (最高、不超过…) only,
# so a condition inside it (年龄不超过35周岁的博士) stays whole
_AGAIN = re.compile(r"再|另|还|又|另行|额外|另外|还可|可再")  # …的，再给予N万元: an adverb, not who is paid
_FILLER = re.compile(r"^(?:其中|并|且|另|同时|给予|给|一次性|按照|按|经(?:审核|认定|评审)后?|可|享受|提供)+|"
                     r"(?:给予|给|一次性|最高|不超过|不高于|最多|上限为?|可|享受|提供|按照|按)+$")
_FUNDS_NOUN = re.compile(r"(奖励|补贴|资助|补助|经费|资金|配套)$")
_FUNDS_HEAD = re.compile(r"^(奖励|补贴|资助|补助|经费|资金)(标准|金额|额度|资金)?")  # 资助标准提高至N: names the money
_FUNDS_ARE = re.compile(r"(奖励|补贴|资助|补助|经费|资金)(标准|金额|额度)?为$")  # 某某奖励为N万元 (a table row): names the money
_LABEL = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+条|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[\.．])\s*")
# 超过/达到/不低于N万元的, 不足/低于N万元的（不予支持）: the amount is a condition, not money paid
_THRESHOLD_BEFORE = re.compile(r"((?<![不最])超过|达到|不低于|不少于|(?<!不)高于|满|累计|突破|不足|未达到?|(?<!不)低于|(?<!不)少于"
                               r"|[（(]不?含)$")  # …以下（含N万元）: the bound is said again, still a condition
_THRESHOLD_AFTER = re.compile(r"^(?:元)?(?:(?:及|或)?(?:以上|以下)|[（(]不?含[）)]|\s*(?:至|到|[-－~～])\s*[\d一二两三四五六七八九十])")
# 投资额在N万元以上的, 增长15%以上的, 200万元（含）至800万元（含）, 5万元至10万元: a condition
# the second bound of a range (200万元（含）至|800万元): a condition like the first
_RANGE_JOIN = re.compile(r"^(?:[（(]含[）)]|以上)?\s*(?:至|到|[-－~～])\s*$")
# 增幅在15%（含）至30%（不含）之间的: the second percentage bounds a range, like the first
_PERCENT_RANGE_BEFORE = re.compile(r"\d\s*[%％]\s*(?:[（(]不?含[）)])?\s*(?:至|到|[-－~～])\s*$")
_COST_SPLIT = re.compile(r"^[^，。；]{0,6}(?:分担|承担)")  # 市级财政按50%比例予以分担: payers split a cost
# Conditions worth saying beside a result: (pattern, Chinese, English); the first is dropped
# when the clause states how the sum is split (see `schedule_of`)
_UNSPLIT = (re.compile(r"分(?P<n>[两二三四五六七八九十\d]+)年(?!平均|等额|均匀|按)"),
            "原文写明分{n}年拨付，未说明各年如何分配。", "The text says it is paid over {n} years; it does not say how it is split.")
CAVEATS = (
    _UNSPLIT,
    (re.compile(r"后补助"), "采用后补助方式：先行投入，审核后拨付。", "Paid afterwards (post-subsidy), after review."),
    (re.compile(r"经(?:审核|认定|评审|评估|考核)"), "须经审核认定，结果以主管部门核定为准。",
     "Subject to review; the responsible units decide the final amount."),
)


def _arabic(text: str) -> str:
    value = to_decimal(text.replace("两", "二"))
    return plain_number(value) if value is not None else text


def _share_value(match: re.Match) -> Decimal | None:
    if match.group("pct") or match.group("pts"):
        return Decimal(match.group("pct") or match.group("pts")) / 100
    if match.group("cn"):
        value = to_decimal(match.group("cn").replace("点", "."))
        return value / 100 if value is not None else None
    a, b = Decimal(match.group("a")), Decimal(match.group("b"))
    return b / a if a else None  # 1:1 → 1; 1:0.5 → 0.5 (the city's part per unit of the base)


def _max_periods(longest: re.Match, period: str) -> int | None:
    """最长N个月/年 in the rule's own period (最长两年 for a monthly amount is 24 months)."""
    n = int(to_decimal(longest.group("n").replace("两", "二")))
    unit = longest.group("unit").replace("日", "天")
    if unit == (period or unit):
        return n
    return n * 12 if (unit, period) == ("年", "月") else None


def _max_units(after: str, unit: str) -> int | None:
    """最多奖励N辆 after a per-unit amount whose unit is counted the same way (辆车 → 辆)."""
    for match in _MAX_UNITS.finditer(after):
        if unit and match.group("unit") in unit[:1] + ("人" if unit.startswith("名") else ""):
            value = to_decimal(match.group("n").replace("两", "二"))
            return int(value) if value is not None else None
    return None


def _measure_limit(after: str, measure: str) -> int | None:
    """资助面积不超过K平方米 after a cap counted per 平方米, 最多按K家计算: at most that many of the measure are paid."""
    if not measure:
        return None
    limit = re.search(r"(?:不超过|最多|最高|上限为?)\s*(?:按|以)?\s*(?P<n>\d+|[一二两三四五六七八九十百千]+)\s*" + re.escape(measure), after)
    value = to_decimal(limit.group("n").replace("两", "二")) if limit else None
    return int(value) if value is not None else None


# Words that lead into the first item of a list (按A类、B类…; 对新认定为国家级、省级…; 获得一等奖、二等奖…)
_PARENS = r"（[^）]*）|\([^)]*\)"  # 博士研究生（年龄不超过40周岁）: a condition in brackets
_LIST_LEAD = re.compile(r".*(?:按照|按|对|认定为|评为|列为|列入|纳入|入选|获得|获|为|中|在|突破|达到|超过)")
_LIST_TAIL = re.compile(r"(?:的|或|及|和|每).*$")  # 三等奖每项…: the list ends before 每
_RESPECTIVELY = "分别"


def respective_items(sentence: str, starts: list[int], ends: list[int]) -> dict[int, str]:
    """For …甲、乙、丙分别给予a、b、c…: each amount's start → the item it is given to in turn.
    The amounts are those right after 分别 joined by 、 only; the items are the nearest list of
    as many parts before it. {} when the counts differ (nothing is guessed)."""
    at = sentence.find(_RESPECTIVELY)
    if at < 0:
        return {}
    run = [i for i, start in enumerate(starts) if start > at]
    if not run:
        return {}
    listed = [run[0]]
    for i in run[1:]:
        if sentence[ends[listed[-1]]:starts[i]].strip() not in ("、", "，", ","):
            break
        listed.append(i)
    if len(listed) < 2:
        return {}
    for segment in reversed(re.split(r"[，,：:；;]", sentence[:at])):
        items = segment.split("、")
        if len(items) == len(listed) - 1:  # 甲、乙和丙
            last = re.split(r"以及|和|及", items[-1], maxsplit=1)
            items = items[:-1] + last if len(last) == 2 else items
        if len(items) > len(listed):  # 从事技术服务、新取得初级、中级、高级职称的: the list nearest 分别
            items = items[-len(listed):]
        if len(items) == len(listed):
            masked = re.sub(_PARENS, lambda m: "□" * len(m.group(0)), items[0])  # (年龄不超过40周岁)
            lead = _LIST_LEAD.match(masked)
            items[0] = items[0][lead.end():] if lead and lead.end() < len(items[0]) else items[0]
            items[-1] = _LIST_TAIL.sub("", items[-1]) or items[-1]
            items = _shared_tail(items)
            return {starts[i]: item.strip() for i, item in zip(listed, items)}
    return {}


def _shared_tail(items: list[str]) -> list[str]:
    """国家级、省级、市级重点实验室: the noun after the last item belongs to every item (国家级重点实验室),
    when the items before it end alike (级) and the last has that ending followed by more words."""
    ends = {item.strip()[-1:] for item in items[:-1]}
    last = items[-1].strip()
    if len(ends) != 1 or not ends <= set(last[:-1]) or not re.match(r"[\u4e00-\u9fff]", next(iter(ends))):
        return items  # 15%至30%、30%以上: items ending in a figure share no noun
    tail = last[last.index(next(iter(ends))) + 1:]
    if len(tail) < 2 or not re.match(r"[\u4e00-\u9fff]", tail) or re.match(r"[并且和及或等后以]", tail) \
            or any(tail in item for item in items[:-1]):
        return items  # 甲标准、乙标准并发布: what follows is a verb, not a noun
    return [item.strip() + tail for item in items[:-1]] + [last]


# 装修补助总额不超过合同总价的40%: a limit on the amounts paid (what is limited, and of what), not a
# payment; 按不超过投资额的30%给予补助 names the money paid after the share, so it stays a share
_LIMIT_OF = re.compile(r"^(?P<what>[^，,、]+?)(?:总额|总金额|合计|累计)?(?:均|原则上)?(?:不得超过|不超过|不高于|最高不超过)(?P<of>[^，,、]+)$")


# 按上述标准的2倍给予奖励: every amount before it, multiplied, for the condition the sentence states
_MULTIPLE = re.compile(r"(?:上述|以上|前述|上款|前款)(?:标准|金额|额度)?的?\s*(?P<k>\d+(?:\.\d+)?|[一二两三四五])\s*倍")
# 前款标准上浮15% (or 在前述标准的基础上提高15%): the same, by 1.15
# 使用本地产品的，补贴比例在上述基础上提高5个百分点: a raise of the rates of the clause's shares for
# those who meet a condition, not a share of a base
_RAISED_POINTS = re.compile(r"(?P<who>[^，。；]{2,40}?)的?，[^，。；]{0,16}?(?:提高|上浮|上调|增加)\s*(?P<pts>\d+(?:\.\d+)?)\s*个百分点")
_RAISED = re.compile(r"(?:在|按)?(?:上述|以上|前述|上款|前款)(?:标准|金额|额度)?(?:的?基础上)?(?:上浮|提高|上调|增加)\s*(?P<pct>\d+(?:\.\d+)?)\s*[%％]")
# 按甲类奖励标准的50% / 按上述比例和年度上限的60%执行: a part of the amounts (or the share and its
# cap) of the earlier rules its own words name, not a share of a sum of money
_PART_OF = re.compile(r"按照?(?P<of>[^，,。；;]{0,16}?)(?:标准|比例(?:和|及|与)(?:年度|每年)?上限)的?\s*"
                      r"(?P<part>\d+(?:\.\d+)?)\s*[%％]")
_EARLIER = re.compile(r"^(?:上述|以上|前述|上款|前款)")
# 前三年按前述标准全额给予: a span the earlier amounts are paid in full for, beside a reduced one
_AT_FULL_RATE = re.compile(r"^(?P<when>[^，,]{1,12}?)按照?(?:上述|以上|前述|上款|前款|该)?标准(?:全额|足额)")


def _part_of(sentence: str) -> re.Match | None:
    found = _PART_OF.search(sentence)
    return found if found and ("标准" in found.group(0) or _EARLIER.match(found.group("of"))) else None


def _multiples(sentence: str, earlier: list[MoneyRule]) -> list[MoneyRule]:
    match = _MULTIPLE.search(sentence) or _RAISED.search(sentence) or _part_of(sentence)
    if not match:
        return []
    groups = match.groupdict()
    if "k" in groups:
        factor = to_decimal(match.group("k").replace("两", "二"))
    elif "pct" in groups:
        factor = 1 + Decimal(match.group("pct")) / 100
    else:
        factor = Decimal(match.group("part")) / 100
    condition = re.sub(r"(?:的)?[，,]?\s*(?:按照?|则)?$", "", sentence[:match.start()].strip()).strip("，,")
    condition = _LABEL.sub("", condition)
    full = [said for part in re.split(r"[，,]", condition)[:-1] if (said := _AT_FULL_RATE.match(part))]
    if full:  # 前三年按前述标准全额给予，第四年起按前述标准的60%: the part just before names the reduced one
        condition = re.split(r"[，,]", condition)[-1]
    amounts = [rule for rule in earlier if rule.kind in ("fixed", "cap", "per_unit") and rule.amount_yuan
               or rule.kind == "share" and rule.share and "part" in groups]
    of = _EARLIER.sub("", groups.get("of") or "")
    named = _named_by_condition(amounts, of) if of else amounts
    if len(named) == len(amounts):
        named = _named_by_condition(amounts, condition)
    pairs = [(condition, rule) for rule in named]
    parts = [part for part in condition.split("、") if part]
    if len(parts) > 1:  # 对省级工坊、省级基地，按国家级同类标准的60%: each part its own rule
        chosen = [_named_by_condition(amounts, part) for part in parts]
        if all(len(c) == 1 for c in chosen) and len({id(c[0]) for c in chosen}) == len(parts):
            pairs = [(part, c[0]) for part, c in zip(parts, chosen)]
    at_full = [_times(rule, Decimal(1), said.group("when"), sentence) for said in full for _, rule in pairs]
    return at_full + [_times(rule, factor, said, sentence) for said, rule in pairs if factor]


def _times(rule: MoneyRule, factor: Decimal, condition: str, sentence: str) -> MoneyRule:
    """`rule` for `condition`, its amount (or its share and cap) multiplied by `factor`."""
    changed = {"beneficiary": f"{condition}：{rule.beneficiary}" if rule.beneficiary else condition,
               "text": sentence, "times": plain_number(factor)}
    if rule.kind == "share":
        changed["share"] = plain_number(Decimal(rule.share) * factor)
        if rule.cap_yuan:
            changed["cap_yuan"] = int(Decimal(rule.cap_yuan) * factor)
    else:
        changed.update(amount_yuan=int(Decimal(rule.amount_yuan) * factor), of_yuan=rule.amount_yuan)
    return MoneyRule(**{**rule.to_dict(), **changed})


# 每增加100万元，给予10万元奖励 / 每满1000万元的，奖励5万元: an amount for each full block of a base
_STEP = re.compile(r"每(?:增加|新增|增长|满|超过|多)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<nu>亿|万)?元(?:的)?[，,]?\s*"
                   r"(?:给予|奖励|补助|补贴|资助|增加)?[^，。；\d]{0,6}?(?P<m>\d+(?:\.\d+)?)\s*(?P<mu>亿|万)?元")
_STEP_CAP = re.compile(r"(?:最高|最多|不超过|上限为?|封顶)[^，。；\d]{0,4}?(?P<c>\d+(?:\.\d+)?)\s*(?P<cu>亿|万)?元")
_YUAN_OF = {"亿": 10**8, "万": 10**4, "": 1, None: 1}


def _step_rule(clause: int, sentence: str, step: re.Match, caveats_zh, caveats_en) -> MoneyRule:
    block = int(Decimal(step.group("n")) * _YUAN_OF[step.group("nu")])
    amount = int(Decimal(step.group("m")) * _YUAN_OF[step.group("mu")])
    cap = _STEP_CAP.search(sentence, step.end())
    before = sentence[:step.start()]
    base_start = max(_part_ends(before), default=0)
    return MoneyRule(clause=clause, kind="step", amount_yuan=amount, of_yuan=block,
                     cap_yuan=int(Decimal(cap.group("c")) * _YUAN_OF[cap.group("cu")]) if cap else None,
                     base=_LABEL.sub("", before[base_start:]).strip("对按的 ") or before.strip("对按的 "),
                     beneficiary=_clean_beneficiary(before[:base_start].rstrip("，,")), text=sentence,
                     caveats=caveats_zh, caveats_en=caveats_en)


# 每人 / 每家企业: the unit a rate is paid per, which names no one
_RATE_ONLY = re.compile(r"^每[^，,、的]{0,6}$")


def _said_before(text: str) -> str:
    """Who a rate is for, from the words before it: from the last part that opens with 对 (对…的
    人员，…), else the last part."""
    text = text.rstrip("，,、")
    opening = [m.end() - 1 for m in re.finditer(r"(?:^|[，,；;])对", text)]
    if not opening:
        return _PARTS.split(text)[-1]
    return after_lead_in(text[opening[-1]:])


def after_lead_in(text: str) -> str:
    """对…，按以下标准给予补贴：甲类人才 → 甲类人才: the item after a lead-in that ends with a colon."""
    listed = re.split(r"[：:]", text)[-1]
    return listed if listed.strip() else text


def _base_of(sentence: str, share: re.Match) -> tuple[int, str]:
    """Where a share's base starts in its sentence, and the base: the words between the part's
    start and the share (按实际投入的30%), or, when the share stands alone (…超过200万元的部分，按6%),
    the part before it."""
    starts = [0] + _part_ends(sentence[:share.start()])
    base = re.sub(r"^(按照?|按|以)|(给予|进行)$", "", sentence[starts[-1]:share.start()]).strip("的")
    base = re.sub(r"^对[^按]{1,30}按照?", "", base)  # 对换电站按设备投资额: what follows 按 is the base
    if not base and len(starts) > 1:
        start = starts[-2]
        return start, _LABEL.sub("", sentence[start:starts[-1]]).strip("，,、：: 对")
    return starts[-1], base


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _named_by_condition(rules: list[MoneyRule], condition: str) -> list[MoneyRule]:
    """The rules a condition names (对…的发明专利，按上述标准的2倍 names the invention rate, not the
    utility-model one): those with the most character pairs of their own (that no other of the
    rules has) in the condition; every rule when the condition names none of them."""
    own = [_pairs(r.beneficiary) - set().union(*(_pairs(o.beneficiary) for o in rules if o is not r)) for r in rules]
    hits = [len(words & _pairs(condition)) for words in own]
    best = max(hits, default=0)
    return [r for r, h in zip(rules, hits) if h == best] if best else rules


def _longest_for(sentence: str, who: str, period: str, default: re.Match | None) -> int | None:
    """最长N个月 for the one it is said of, when a sentence gives different ones (其中博士、硕士最长
    36个月，本科毕业生最长24个月): the limit whose own words name `who`; None when none or several do."""
    matches = list(_MAX_PERIODS.finditer(sentence))
    values = {_max_periods(m, period) for m in matches}
    if len(values) <= 1:
        return _max_periods(default, period) if default else None
    name = re.sub(_PARENS, "", who)
    pairs = {name[i:i + 2] for i in range(len(name) - 1)}
    found = set()
    for m in matches:
        said_of = re.split(r"[，,；;]|其中", sentence[:m.start()])[-1]
        if any(pair in said_of for pair in pairs):
            found.add(_max_periods(m, period))
    return found.pop() if len(found) == 1 else None


def _units_in(prefix: str) -> tuple[str, str]:
    """(unit, period) from 每… words before an amount: 每个实验室 → (个实验室, ""); 每人每月 → (人, 月)."""
    unit, period = "", ""
    for piece in re.sub(r"[（(][^）)]*[）)]", "", prefix).split("每")[1:]:  # a condition in brackets is not the unit
        period_match = _PERIOD.match(piece)
        if period_match:
            period = period_match.group(1).replace("学年", "年").replace("日", "天")
            continue
        word = re.sub(r"(?:再|另外?|额外|还)$", "", _VERBS.split(piece, maxsplit=1)[0])  # 每个品种再给予: 个品种
        word = re.sub(r"(?:人民币)$", "", word)  # 每美元人民币N元: per dollar, paid in yuan
        if word:
            unit = word
    return unit, period


# short names joined by 、 just before the one an amount follows (…：甲类、乙类、丙类人才每人…)
_LISTED_BEFORE = re.compile(r"(?:^|[：:，,；;])((?:[^、：:，,；;。]{1,6}、)+)$")


def _last_part(text: str) -> str:
    """The words after the last stop (，：), with a list they end (举办新品首发、首秀、首展活动: every item,
    not 首展活动 alone)."""
    last = _PARTS.split(text)[-1]
    listed = re.search(r"(?:^|[：:，,；;])([^：:，,；;。]*、)$", text[:len(text) - len(last)])
    items = listed.group(1) if listed else ""
    first, _, rest = items.partition("、")
    if "的" in first:  # 对本区新聘用的甲级技师、乙级技师: the names after the lead-in
        items = first.rsplit("的", 1)[1] + "、" + rest
    return items + last


def _clean_beneficiary(text: str) -> str:
    text = _LABEL.sub("", text)
    text = re.sub(r"每[^每]*$", "", text) if "每" in text else text
    text = _FILLER.sub("", text).strip(" 的") if text else ""
    return "" if _FUNDS_NOUN.fullmatch(text) else _FUNDS_NOUN.sub("", text) if len(text) > 4 else text


# How a sum is paid out over years: 分两年平均拨付 (even parts), 按5:3:2的比例拨付 (parts by ratio)
_SCHEDULE_RATIO = re.compile(r"按照?\s*(?P<ratio>\d+(?:\s*[:：]\s*\d+)+)\s*的?比例[^，。；]{0,4}?(?:拨付|发放|支付|兑现)")
# 分三年按50%、30%、20%的比例兑现: parts listed as percentages, one per year
_SCHEDULE_LISTED = re.compile(r"分(?P<n>[两二三四五六七八九十\d])(?:年|期|次)[^，。；\d]{0,4}?(?P<pcts>\d+(?:\.\d+)?\s*[%％]"
                              r"(?:\s*[、，,]\s*\d+(?:\.\d+)?\s*[%％])+)\s*的?(?:比例)?[^，。；]{0,4}?(?:拨付|发放|支付|兑现)")
# 分四年发放，每年分别发放奖励资金的40%、20%、20%、20%: the same, the parts said after the years
_SCHEDULE_LISTED_AFTER = re.compile(r"分(?P<n>[两二三四五六七八九十\d])(?:年|期|次)(?:拨付|发放|支付|兑现)[，,]\s*"
                                    r"(?:每年|每期|各年|各期)?分别(?:拨付|发放|支付|兑现)?[^，。；\d]{0,8}?"
                                    r"(?P<pcts>\d+(?:\.\d+)?\s*[%％](?:\s*[、，,]\s*\d+(?:\.\d+)?\s*[%％])+)")
# 分两年各按50%拨付 / 分四期每期各拨付25%: the same share in each year, the shares making the whole
_SCHEDULE_EACH = re.compile(r"分(?P<n>[两二三四五六七八九十\d])(?:年|期|次)[^，。；\d]{0,4}?各[^，。；\d]{0,4}?"
                            r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]\s*的?(?:比例)?[^，。；]{0,4}?(?:拨付|发放|支付|兑现)")
_SCHEDULE_EVEN = re.compile(r"分(?P<n>[两二三四五六七八九十\d])年[^，。；]{0,4}?(?:平均|等额|均匀)(?:拨付|发放|支付|兑现)")


# 验收后拨付60%，运行满一年后拨付剩余40% / 认定当年兑现50%，次年兑现50%: parts of a sum paid in turn
_PAID_IN_PARTS = re.compile(r"(?:拨付|兑付|发放|支付|兑现)(?:剩余的?|其余的?)?\s*$")
_PART_PAID = re.compile(r"(?:拨付|兑付|发放|支付|兑现)(?:剩余的?|其余的?)?(?:(?:补助|奖励|补贴|资助|奖补)?(?:资金|总额|金额)的?)?\s*"
                        r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]")
# 拨付补助资金的60%: a part of the award itself, paid in turn, not a share of a base the asker has
_THE_AWARD_ITSELF = re.compile(r"(?:补助|奖励|补贴|资助|奖补)?(?:资金|总额|金额)$")
# 此后两年每年各拨付30%: one part paid in each of so many years
_EACH_OF = re.compile(r"(?P<n>[两二三四五六七八九\d])个?(?:年|期|次)[^，,。；;\d%％]{0,4}各$")


def _parts_paid(text: str) -> list[tuple[Decimal, str]]:
    """Parts of a sum paid in turn, each with its share (%) and the words saying when it is paid
    (验收后拨付60%，运行满一年后拨付剩余40% → (60, 验收后), (40, 运行满一年后)), from the
    first sentence whose parts add up to the whole; [] when none does. The parts may stand in
    the clauses of one full sentence (当年拨付70%；次年…拨付剩余30%。)."""
    for sentence in [*_sentences(text), *re.split(r"(?<=[。！？])", text)]:
        parts = []
        for paid in _PART_PAID.finditer(sentence):
            each = _EACH_OF.search(sentence[:paid.start()])
            when = re.split(r"[，,；;：:。]", sentence[:paid.start()])[-1].strip()
            parts += [(Decimal(paid.group("pct")), when)] * (int(_arabic(each.group("n"))) if each else 1)
        if len(parts) > 1 and sum(pct for pct, _ in parts) == 100:
            return parts
    return []


def schedule_events(text: str) -> tuple[str, ...]:
    """When each part of a sum paid in turn is paid, in the clause's words; () when the parts
    are not named by what they follow (分三年按5:3:2拨付)."""
    return tuple(when for _, when in _parts_paid(text))


def schedule_of(text: str) -> tuple[str, ...]:
    """The shares of a sum paid in each year, as the clause states them, or () when it does not."""
    parts = _parts_paid(text)  # each part named with its share, adding up to the whole
    if parts:
        return tuple(plain_number(pct / 100) for pct, _ in parts)
    listed = _SCHEDULE_LISTED.search(text) or _SCHEDULE_LISTED_AFTER.search(text)
    if listed:
        pcts = [Decimal(x) for x in re.findall(r"\d+(?:\.\d+)?", listed.group("pcts"))]
        if sum(pcts) == 100 and len(pcts) == int(_arabic(listed.group("n"))):
            return tuple(plain_number(pct / 100) for pct in pcts)
    ratio = _SCHEDULE_RATIO.search(text)
    if ratio:
        parts = [Decimal(x) for x in re.split(r"\s*[:：]\s*", ratio.group("ratio"))]
        total = sum(parts)
        return tuple(plain_number(part / total) for part in parts) if total else ()
    each = _SCHEDULE_EACH.search(text)
    if each:
        n, pct = int(_arabic(each.group("n"))), Decimal(each.group("pct"))
        if n > 1 and n * pct == 100:
            return tuple(plain_number(pct / 100) for _ in range(n))
    even = _SCHEDULE_EVEN.search(text)
    if even:
        n = int(_arabic(even.group("n")))
        return tuple(plain_number(Decimal(1) / n) for _ in range(n)) if n > 1 else ()
    return ()


def _schedules_said(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Each schedule a clause states, with the words of its own sentence part (甲类、乙类的…分4年平均发放；
    丙类的…按5:5的比例发放: two schedules, each for the tiers its part names)."""
    said = [(found, part) for part in re.split(r"[；;。]", text) if (found := schedule_of(part))]
    return said or [(found, sentence) for sentence in re.split(r"[。！？]", text) if (found := schedule_of(sentence))]


def rules_of_clause(clause: int, text: str) -> list[MoneyRule]:
    schedule = schedule_of(text)  # a clause's schedule may stand in a sentence of its own
    said = _schedules_said(text)
    # …分两期拨付。…的，再给予一次性奖励N万元: an amount said after the schedule is not paid by it
    ends = max((text.find(part) + len(part) for _, part in said if part and part in text), default=len(text))
    rules = [rule if not schedule or (rule.text and text.find(rule.text) >= ends)
             else MoneyRule(**{**rule.to_dict(), "schedule": schedule})
             for rule in _rules_of_sentences(clause, text, CAVEATS[1:] if schedule else CAVEATS)]
    rules = [r for r in rules if not (r.kind == "share" and any(
        part and (part in r.text or r.text.rstrip("；;。") in part)
        and (_THE_AWARD_ITSELF.search(r.base) or r.share in found) for found, part in said))]  # the schedule itself
    if len({found for found, _ in said}) > 1:  # several schedules: each rule takes the one naming it alone
        amounts = [r for r in rules if r.amount_yuan and r.beneficiary]
        named = [{id(r) for r in _named_by_condition(amounts, part)} for _, part in said]
        rules = [MoneyRule(**{**rule.to_dict(), "schedule": next(
            (found for (found, _), ids in zip(said, named) if id(rule) in ids), ())})
            if sum(id(rule) in ids for ids in named) == 1 else MoneyRule(**{**rule.to_dict(), "schedule": ()})
            for rule in rules]
    raised = _RAISED_POINTS.search(text)
    if raised:  # the raise is said, not computed: a share worked out without it may be too low for those it names
        zh = f"原文写明：{raised.group('who').strip()}的，比例提高{raised.group('pts')}个百分点；计算未计入此项。"
        en = (f"The text raises the rate by {raised.group('pts')} percentage points for “{raised.group('who').strip()}”; "
              "the calculation does not include that.")
        rules = [MoneyRule(**{**r.to_dict(), "caveats": (*r.caveats, zh), "caveats_en": (*r.caveats_en, en)})
                 if r.kind == "share" else r for r in rules]
    rules = _measure_limits_of_clause(text, rules)
    span = _span_of_clause(text)  # 同一单位享受本条补贴累计不超过N年。: for the clause's rules paid per period
    if span is None:
        return rules
    out = []
    for rule in rules:
        period = rule.period if rule.kind == "per_unit" else rule.cap_period if rule.kind == "share" else ""
        if period and rule.max_periods is None:
            rule = MoneyRule(**{**rule.to_dict(), "max_periods": _max_periods(span, period)})
        out.append(rule)
    return out


def _measure_limits_of_clause(text: str, rules: list[MoneyRule]) -> list[MoneyRule]:
    """资助面积上限为K平方米。 said in a sentence with no amount of its own: at most that much of
    the measure for the clause's rates per that measure that set no limit of their own."""
    out = rules
    for sentence in _sentences(text):
        if find_money_zh(sentence):
            continue
        for unit in {r.unit for r in rules if r.kind == "per_unit" and r.unit and r.max_units is None}:
            limit = _measure_limit(sentence, unit)
            if limit:
                out = [MoneyRule(**{**r.to_dict(), "max_units": limit})
                       if r.kind == "per_unit" and r.unit == unit and r.max_units is None else r for r in out]
    return out


def _span_of_clause(text: str) -> re.Match | None:
    """A limit on how long a clause pays, said in a sentence with no amount of its own."""
    for sentence in _sentences(text):
        if not find_money_zh(sentence):
            found = _MAX_PERIODS.search(sentence) or _SPAN_LIMIT.search(sentence)
            if found:
                return found
    return None


# 前两年 / 第三年 / 第1至3年 / 第四年至第五年: years of a term a rate is for
_TERM_YEARS = re.compile(r"(?:前|第)[一二两三四五六七八九十\d]+(?:个)?年(?:\s*(?:至|到|[-－~～—])\s*第?[一二三四五六七八九十\d]+(?:个)?年)?")


_YEARS_AFTER = re.compile(r"(?:后|其后|此后|之后)(?P<n>[一二两三四五六七八九十\d]+)(?:个)?年")  # 后三年: after a first span


def _shares_of_later_years(sentence: str, rules: list[MoneyRule]) -> list[MoneyRule]:
    """More shares of one base for later years of a term (前两年按营业收入的a%给予奖励，第三年按b%
    给予奖励，每年最高…): each a rule like the first, of the same base and cap, for its own years. The
    first share's base names its years; a later share with no years of its own is left out."""
    first = next((r for r in rules if r.kind == "share" and r.share and _TERM_YEARS.search(r.base)), None)
    if first is None:
        return []
    matches = [m for m in _SHARE.finditer(sentence) if m.group("pct")]
    at = next((i for i, m in enumerate(matches) if Decimal(m.group("pct")) / 100 == Decimal(first.share)), None)
    later = []
    for match in matches[at + 1:] if at is not None else []:
        own = re.split(r"[，,；;、]", _PARTS.split(sentence[:match.start()])[-1])[-1]  # 第三年按: its own part's words
        years = _TERM_YEARS.search(own)
        after = _YEARS_AFTER.search(own)
        before = re.search(r"前(?P<n>[一二两三四五六七八九十\d]+)(?:个)?年", first.base)
        if not years and after and before:  # 前两年…、后三年…: the years after those, 第三年至第五年
            start = int(_arabic(before.group("n"))) + 1
            said = f"第{start}年至第{start + int(_arabic(after.group('n'))) - 1}年"
        elif years:
            said = years.group(0)
        else:
            break
        later.append(MoneyRule(**{**first.to_dict(), "share": plain_number(Decimal(match.group("pct")) / 100),
                                  "base": _TERM_YEARS.sub(said, first.base, count=1)}))
    return later


def _rules_of_sentences(clause: int, text: str, caveat_forms=CAVEATS) -> list[MoneyRule]:
    rules: list[MoneyRule] = []
    loans_said = False  # a loan's size was said in an earlier sentence: a bare 最高额度 goes on with it
    for sentence in (s.strip() for s in _sentences(text)):
        if not sentence:
            continue
        loans_said = loans_said or bool(_LOAN_SIZE.search(sentence))
        caveats = [(pattern.sub, zh, en, pattern.search(sentence)) for pattern, zh, en in caveat_forms]
        caveats_zh = tuple(zh.format(**m.groupdict()) for _, zh, _, m in caveats if m)
        caveats_en = tuple(en.format(**{k: _arabic(v) for k, v in m.groupdict().items()})
                           for _, _, en, m in caveats if m)
        share = next((m for m in _SHARE.finditer(sentence)  # 持股比例不低于N%: a condition, not a share paid
                      if not _THRESHOLD_BEFORE.search(sentence[:m.start()].rstrip())
                      and not _THRESHOLD_AFTER.match(sentence[m.end():])  # 较上年增长15%以上的
                      and not _PERCENT_RANGE_BEFORE.search(sentence[:m.start()])
                      and not _PAID_IN_PARTS.search(sentence[:m.start()])), None)  # 验收后拨付60%: a schedule
        if share and share.group("pts") and _RAISED_POINTS.search(sentence):
            share = None  # 提高5个百分点: a raise of the other shares' rates (see rules_of_clause), not a share
        if share and (_COST_SPLIT.match(sentence[share.end():]) or _RAISED.search(sentence) or _part_of(sentence)):
            share = None  # 按5:5比例分担 splits a cost; 前款标准上浮15% and 按上述标准的50% change other amounts
        longest = _MAX_PERIODS.search(sentence) or _SPAN_LIMIT.search(sentence)
        sentence_rules: list[MoneyRule] = _multiples(sentence, rules)
        step = _STEP.search(sentence)
        if step:  # 每增加100万元奖励10万元，最高不超过100万元: so much for each full block of the base
            sentence_rules.append(_step_rule(clause, sentence, step, caveats_zh, caveats_en))
            rules.extend(sentence_rules)
            continue
        mentions = find_money_zh(sentence)
        starts, ends, cursor = [], [], 0
        for mention in mentions:
            found = sentence.find(mention.text, cursor)
            starts.append(found)
            ends.append(found + len(mention.text))
            cursor = found + len(mention.text)
        respective = respective_items(sentence, starts, ends)
        listed_units: tuple[str, str] | None = None  # 分别按每人每月a、b、c: the list's unit and period
        condition_end = -1
        used_share, shared_caps = None, []  # the share a cap was read with, and (rule, who it names)
        for mention, start, end in zip(mentions, starts, ends):
            before, after = sentence[:start], sentence[end:]
            part_start = max(_part_ends(before), default=0)
            prefix = before[part_start:]
            if (_THRESHOLD_BEFORE.search(before.rstrip()) or _THRESHOLD_AFTER.match(after)
                    or condition_end >= 0 and (sentence[condition_end:start].strip() == "、"
                                               or _RANGE_JOIN.match(sentence[condition_end:start]))):
                condition_end = end
                continue  # 采购金额超过N万元的, 突破N亿元、M亿元的, 在N万元以上的: conditions, not money paid
            funds = _PARTS.split(after, maxsplit=1)[0].strip("的。；") or (
                _FUNDS_NOUN.search(prefix).group(1) if _FUNDS_NOUN.search(prefix) else "")
            is_cap = bool(_CAP_BEFORE.search(prefix) or _CAP_AFTER.match(after))
            who = _clean_beneficiary(re.split(r"每|最高|不超过|不高于", re.sub(r"^其中", "", prefix))[0])
            if used_share and is_cap and who and shared_caps and shared_caps[0][1]:
                # 按实际学费的40%…，其中专科生每年最高3000元，本科生每年最高5000元: a cap per person named
                first = shared_caps[0][0]
                cap_unit, cap_period = _units_in(prefix)
                sentence_rules.append(MoneyRule(**{**first.to_dict(), "cap_yuan": mention.yuan, "cap_unit": cap_unit,
                                                   "cap_period": cap_period or first.cap_period, "beneficiary": who}))
                continue
            if share and share.start() < start and is_cap:
                value = _share_value(share)
                base_start, base = _base_of(sentence, share)
                cap_unit, cap_period = _units_in(prefix)  # 每吨每月…最高N元: the cap is a rate
                sentence_rules.append(MoneyRule(
                    clause=clause, kind="share", share=plain_number(value) if value is not None else None,
                    cap_yuan=mention.yuan, cap_unit=cap_unit, cap_period=cap_period, base=base, funds=funds,
                    max_periods=_max_periods(longest, cap_period) if longest and cap_period else None,
                    max_units=_measure_limit(after, cap_unit), text=sentence,
                    beneficiary=_clean_beneficiary(after_lead_in(sentence[:base_start].rstrip("，,"))), caveats=caveats_zh,
                    caveats_en=caveats_en))
                shared_caps.append((sentence_rules[-1], who))
                used_share, share = share, None  # used
                continue
            unit, period = _units_in(prefix)
            if start in respective:
                if listed_units is None:
                    listed_units = (unit, period)
                elif not unit and not period:
                    unit, period = listed_units
            head = re.split(r"给予|给", prefix, maxsplit=1)[0]  # 国家级的给予一次性建设资助50万元: who stands before the verb
            named = _clean_beneficiary(head) if head.strip("对按为的 ") else _clean_beneficiary(prefix)
            if named and (_FUNDS_NOUN.search(named) or _FUNDS_HEAD.match(named) or _FUNDS_ARE.search(named)
                          or _AGAIN.fullmatch(named)) \
                    and part_start:
                named = ""  # 给予一次性安家补贴N万元 / 再给予N万元: the words name the money; who gets it stands before
            said = before[:part_start].rstrip("，,、") if part_start else ""
            beneficiary = respective.get(start) or named or _clean_beneficiary(_last_part(said)) \
                or _clean_beneficiary(_PARTS.split(said)[-1])  # (a list that begins 每年遴选…: its last item)
            listed = _LISTED_BEFORE.search(before[:part_start]) if start not in respective and named else None
            if listed:  # 甲类、乙类、丙类人才每人每月900元: every name of the list, not the last alone
                beneficiary = listed.group(1) + beneficiary
            if unit and not is_cap:
                kind = "per_unit"
                if _RATE_ONLY.match(beneficiary) and part_start:  # 对…访问学者，按每人每月N元: who stands before
                    last = _PARTS.split(before[:part_start].rstrip("，,、"))[-1]
                    # …，第四年起减半，按每平方米每月N元: the part just before names the rate's year of the term
                    beneficiary = _clean_beneficiary(last) if _TERM_YEARS.search(last) else \
                        _clean_beneficiary(_said_before(before[:part_start])) or beneficiary
            else:
                kind = "cap" if is_cap else "fixed"
            if is_cap and not share and ("额度" in prefix or re.match(r"[^，,。；]*额度", after)) and (_LOAN_SIZE.search(sentence) or (
                    loans_said and not re.search(r"补贴|补助|奖励|资助|贴息", sentence))):  # …；小微企业申请的，最高额度为N
                kind, funds = "limit", "贷款额度"  # how much may be borrowed: what the interest is paid on, at most
            sentence_rules.append(MoneyRule(
                clause=clause, kind=kind, amount_yuan=mention.yuan, unit=unit, period=period,
                max_periods=_longest_for(sentence, beneficiary, period, longest) if kind == "per_unit" else None,
                max_units=(_max_units(sentence[end:], unit) or _measure_limit(sentence[end:], unit))
                if kind == "per_unit" else None,
                beneficiary=beneficiary, funds=funds, text=sentence, caveats=caveats_zh, caveats_en=caveats_en))
        if len([r for r in sentence_rules if r.kind == "share" and r.cap_yuan]) > 1 and shared_caps[0][1]:
            first, who = shared_caps[0]
            sentence_rules[sentence_rules.index(first)] = MoneyRule(**{**first.to_dict(), "beneficiary": who})
        if share is not None:  # a share with no cap: 给予规定学制学费的50%资助
            value = _share_value(share)
            base_start = max(_part_ends(sentence[: share.start()]), default=0)
            base = re.sub(r"^(给予|按照?|按|以)", "", sentence[base_start: share.start()]).strip("的")
            funds = _PARTS.split(sentence[share.end():], maxsplit=1)[0].strip("的。；")
            limit = _LIMIT_OF.match(base) if not funds else None
            yearly = "年" if not limit and _EACH_YEAR.search(sentence[base_start: share.start()]) else ""
            if yearly:  # 市财政按贷款本金给予每年 → 贷款本金
                base = re.sub(r"(?:给予|予以)?每年(?:按照?)?[^，,。；]{0,3}$", "", re.sub(r"^.*?按照?", "", base)).strip("的")
            sentence_rules.append(MoneyRule(
                clause=clause, kind="limit" if limit else "share",
                share=plain_number(value) if value is not None else None, period=yearly,
                max_periods=_max_periods(longest, "年") if yearly and longest else None,
                base=limit.group("of") if limit else base, funds=limit.group("what") if limit else funds,
                text=sentence, caveats=caveats_zh, caveats_en=caveats_en,
                beneficiary=_clean_beneficiary(sentence[:base_start].rstrip("，,"))))
        sentence_rules += _shares_of_later_years(sentence, sentence_rules)
        # 给予甲最高N万元、乙最高M万的资金资助: a list shares its last item's noun
        shared_funds = next((r.funds for r in reversed(sentence_rules) if r.funds), "")
        rules.extend(r if r.funds else MoneyRule(**{**r.to_dict(), "funds": shared_funds}) for r in sentence_rules)
    return rules
