"""What kind of answer a question wants, from its wording in either language."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from dataclasses import dataclass

_VALIDITY = re.compile(
    r"有效期|有效|过期|失效|到期|废止|还在执行|仍在执行|开始执行|起执行|生效|还能用|还适用|施行|(?:今年|现在|目前|如今)还(?:能|可以)|印发日期|什么时候(?:开始|发布|印发|出台)(?!\s*(?:申报|申请|报名|提交|受理))|何时(?!\s*(?:开始)?(?:申报|申请|报名|提交|受理))|"
    r"\bvalid|\bvalidity\b|\bexpir|\bin force\b|\bin effect\b|\bstill (?:apply|applies|active|current)|"
    r"\bwhen did (?:it|the policy|this|the notice|the document) (?:start|begin|take effect|end)|\bhow long\b|\btake effect\b",
    re.IGNORECASE,
)
_RESPONSIBLE = re.compile(
    r"责任单位|负责|哪个部门|哪些部门|什么部门|主管|牵头|找谁|谁管|归谁|对接|联系|"
    r"\bresponsible\b|\bin charge\b|\bwhich (?:government |public )?(?:department|bureau|office|agency|unit|body|authority)|\bwho (?:handles|manages|runs|administers|is responsible|do i contact|should i contact)|\bwho (?:do|should|would|can|could) (?:i|we) (?:contact|apply|talk|ask|go|speak)|\b(?:talk|speak|apply) to\b|\bcontact\b|\bdepartments?\b|\bbureaus?\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"多少|最高|金额|上限|多少钱|几万|几百万|资助|补贴|奖励|补助|配套|"
    r"\bhow much\b|\bamount\b|\bcap\b|\bmaximum\b|\bup to\b|\bfunding\b|\bsubsid|\breward\b|\bawards?\b|\bgrant\b|\bmoney\b|"
    r"\bwhat(?:'s| is| would be) (?:the|our) total\b",
    re.IGNORECASE,
)
# An amount asked for in so many words ("多少", how much), as against a payment only named (这笔补助找谁);
# "建多少个基地" / how many asks a count, not money
_HOW_MUCH = re.compile(r"多少|几万|几百万|几千|金额|最高|上限|\bhow much\b|\bamount\b|\bmaximum\b|\bup to\b|\bthe most\b|"
                       r"\bwhat(?:'s| is| are| would be| will be)? (?:the |our |my |their )?"
                       r"(?:award|reward|subsidy|grant|funding|bonus|payment|prize money|sum)\b|"
                       r"\bwhat (?:do|would|will|can|could|should) (?:we|i|they|he|she) (?:get|receive|be paid)\b",
                       re.IGNORECASE)
_COUNT_ASKED = re.compile(r"(?:多少|几)(?:个|家|项|所|名|人|件|次|批|年|天)(?!万|亿|千|百)|\bhow many\b", re.IGNORECASE)


def asks_how_much(question: str) -> bool:
    """Whether a question asks for an amount of money in words that ask (多少, how much), not a
    count (多少个基地, how many) and not only by naming a payment (补助找哪个部门)."""
    counts = [m.span() for m in _COUNT_ASKED.finditer(question)]
    if any(not m.group(0).startswith(("多少", "几")) for m in _COUNT_ASKED.finditer(question)):
        return False  # "how many": a count is asked
    return any(not any(a <= m.start() < b for a, b in counts) for m in _HOW_MUCH.finditer(question))


def asks_a_count(question: str) -> bool:
    """Whether a question asks how many (多少名, how many people) and for no amount of money besides."""
    return bool(_COUNT_ASKED.search(question)) and not asks_how_much(question)


# 两家都能领吗？ / 还能报吗 / 是否可以 / Can both firms apply?: a question answered yes or no
_YES_NO_ZH = re.compile(r"(?:吗|么|嘛)\s*[？?。！!]*\s*$|能不能|可不可以|是不是|是否|有没有|可否|行不行|算不算")
_YES_NO_EN = re.compile(r"^\s*(?:and |so |but )?(?:can|could|may|is|are|was|were|do|does|did|will|would|should|shall|"
                        r"has|have)\b(?:(?!\bhow much\b|\bhow many\b|\bwhat\b).)*\?\s*$", re.IGNORECASE)


def asks_yes_or_no(question: str) -> bool:
    """Whether a question is answered yes or no (两家都能领吗, can both firms apply?) rather than
    by an amount: no amount is computed for it, even when it states quantities."""
    last = re.split(r"(?<=[。？！?!；;])\s*|(?<=\.)\s+", question.strip())
    sentence = next((s for s in reversed(last) if s.strip()), question)
    return not asks_how_much(question) and bool(_YES_NO_ZH.search(sentence) or _YES_NO_EN.search(sentence))


_ISSUER = re.compile(
    r"(?:哪|几|什么|谁)[^，。？?]{0,6}(?:印发|发布|发文|出台|颁布|下发|签发|发的)|(?:印发|发布|发文|颁布)(?:单位|部门|机关|日期|时间)|文号|发文字号|"
    r"\bwho (?:\w+ly )?(?:issued|published|wrote|released|signed|put)|\bwhich (?:\w+ ){0,2}?(?:departments?|bureaus?|agencies|bodies|offices?|authorit(?:y|ies))[^?]{0,40}\b(?:issue|issued|publish|published|release|released|put (?:\w+ ){0,3}?out)\b|"
    r"\b(?:document|reference|file) number\b|\bwhen was (?:it|the policy|this|the notice|the document) (?:issued|published|released)",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(?:那|那么|还有|另外|以及|如果|要是|这个|那个|它|其|该)|呢[？?]?$|^(?:and|what about|how about|and if|if so|also|then)\b|"
    r"\b(?:it|its|that|this|they|them|those|these)\b|它|这个|那个|该项|这项|上述",
    re.IGNORECASE,
)


_CLAUSE_REFERENCE = re.compile(
    r"第\s*[（(]?([一二三四五六七八九十]+)[）)]?\s*[条项款]|[（(]([一二三四五六七八九十]+)[）)]\s*(?:条|项|款|说|规定|里|中|的)|"
    r"\b(?:clause|article|item|measure)\s*(?:no\.?\s*)?\(?(\d{1,2})\)?",
    re.IGNORECASE,
)


def clause_reference(question: str) -> int | None:
    """The clause a question names explicitly: 第（六）条, 第六条, （六）里, clause 6."""
    import cn2an

    match = _CLAUSE_REFERENCE.search(question)
    if not match:
        return None
    number = next(group for group in match.groups() if group)
    return int(number) if number.isdigit() else int(cn2an.cn2an(number, "smart"))


# of a document's validity, or of a benefit (今年还能拿吗 after 已经领了五年: the benefit's own limit)
_HOW_LONG = re.compile(r"\bhow long\b|多久|多长时间|(?:今年|现在|目前|如今)还(?:能|可以)", re.IGNORECASE)
_TOTAL = re.compile(r"加起来|加(?:在)?一起|合起来|一共|合计|总共|总计|共计|都拿满|\bin total\b|\bcombined\b|\baltogether\b|\badded up\b|"
                    r"\b(?:the|our|a) total\b(?! (?:investment|cost|spend|revenue|sales|area|number)\b)",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Intent:
    validity: bool
    responsible: bool
    amount: bool
    follow_up_cue: bool
    issuer: bool = False
    total: bool = False  # asks for a sum (加起来, in total)
    validity_strong: bool = False  # validity asked in words only validity uses (有效期, expire), not "how long"
    facet: str | None = None  # a question about the notice itself: who interprets it, false claims, when to apply


# A year a question asks about (2029年, 明年, in early 2029) and "still" (还能, still): whether the
# notice will be in force then is a question about its validity. A year followed by a month
# (2024年11月) dates an event, not the time asked about.
_YEAR_NAMED = re.compile(r"(?P<year>20\d\d)\s*年(?!\s*\d{1,2}\s*月)|(?P<rel>明年|后年)|"
                         r"\b(?:in|by|until|through|during)\s+(?:(?:early|late|mid-?)\s*)?(?P<en>20\d\d)\b|"
                         r"\b(?P<en_rel>next year)\b", re.IGNORECASE)
_STILL = re.compile(r"还(?:能|可以|有效|适用|在|管用)|仍(?:然)?(?:有效|适用|可以|能)|\bstill\b", re.IGNORECASE)
_RELATIVE_YEAR = {"明年": 1, "后年": 2, "next year": 1}


def year_named(question: str, today: date) -> int | None:
    """The calendar year a question asks about (2029年, 明年, in early 2029), or None."""
    match = _YEAR_NAMED.search(question)
    if not match:
        return None
    if match.group("year") or match.group("en"):
        return int(match.group("year") or match.group("en"))
    return today.year + _RELATIVE_YEAR[(match.group("rel") or match.group("en_rel")).lower()]


def asks_about_a_coming_year(question: str, today: date) -> bool:
    """Whether a question asks if something still holds in this or a later year ("2029年还能申报吗？",
    "still in effect in early 2029?") without asking an amount: a question about validity. A
    past year ("2024年授权的，现在还能拿吗") is when something happened, not when it is asked about."""
    year = year_named(question, today)
    return bool(year and year >= today.year and _STILL.search(question) and not _AMOUNT.search(question))


# "When…" asked of the document itself (这个办法管到哪天, until when does the scheme run): its
# validity, unless the question asks an amount, when to apply, or who issued it and when
_WHEN = re.compile(r"什么时候|啥时候?|何时|哪一?年|哪一?天|几月|几号|\bwhen\b|\buntil when\b|\bwhat date\b|\bwhich year\b",
                   re.IGNORECASE)
_OF_DOCUMENT = re.compile(r"政策|文件|通知|措施|办法|规定|细则|方案|条例|\bpolic(?:y|ies)\b|\bnotice\b|\bscheme\b|"
                          r"\bmeasures\b|\brules\b|\bprogram(?:me)?\b|\bdocument\b", re.IGNORECASE)
_TO_APPLY = re.compile(r"申报|申请|报名|提交|受理|\bappl(?:y|ication)|\bsubmit|\bfile\b", re.IGNORECASE)


# not small or micro / not a startup / 不是小微企业 / 不属于高新技术企业: what the asker is not
_DENIED_EN = re.compile(r"(?:\b(?:not|non-|neither|nor)|n't|\b(?:has|have|with) no)\s*"
                        r"(?:(?:an?|the|any|on|in|under|of|from|part of)\s+)*[\w-]+(?:\s+(?:or|and|nor)\s+[\w-]+)?",
                        re.IGNORECASE)
_DENIED_ZH = re.compile(r"(?:不是|并非|不属于|不算|没有|未持有)[^，。；,;？！?!（）()]{1,10}")


def without_denied(question: str) -> str:
    """The question without what it says the asker is not ("a medium-sized firm (not small or
    micro)"): such words name another tier, not the asker's."""
    return _DENIED_ZH.sub(" ", _DENIED_EN.sub(" ", question))


# the whole term a payment runs for: 整个补贴期, 全部年限, 这五年下来, over the full period, all the years
_WHOLE_TERM = re.compile(r"(?:整个|全部|所有|全)(?:补贴|补助|资助|奖励|扶持)?(?:期|期限|年限|周期)|补贴期(?:内|满)|全程|"
                         r"(?:最多|最长)[^，。？！,?!]{0,4}几年|"  # 最多能补几年…一共: every year it can run
                         r"\b(?:full|whole|entire)\b[\w\s-]{0,20}?\b(?:period|term)\b|\ball (?:the |those |of the )?years\b|"
                         r"\b(?:max(?:imum)?|most) (?:number of )?years\b",
                         re.IGNORECASE)


def asks_whole_term(question: str) -> bool:
    """Whether a question asks for a payment over every year it runs (整个补贴期一共多少, "over
    the full subsidy period"), naming no one year of it."""
    return bool(_WHOLE_TERM.search(question)) and year_asked(question) is None and not _ANY_YEAR_OF_TERM.search(question)


_ANY_YEAR_OF_TERM = re.compile(r"第[一二三四五六七八九十\d]+年|头一年|首年|\b(?:first|second|third|fourth|fifth)\s+year\b|"
                               r"\byear\s+\d\b", re.IGNORECASE)


def facts_stated(question: str) -> list[str]:
    """The sentences of a question that state facts, each of its own (销售额N亿；区内投了M万建厂；
    还获评某奖), without the sentence that only asks (总共能拿多少？): what a total over several
    measures is made of."""
    sentences = [s.strip(" ，,") for s in re.split(r"[；;。!！?？\n]|(?<=[a-z0-9%])\.\s", question) if s.strip(" ，,")]
    kept = [s for s in sentences if not (_HOW_MUCH.search(s) and not re.search(r"\d|[两三四五六七八九十百千万亿]", s))]
    return [_TOTAL.sub("", s).strip(" ，,") for s in kept]  # each alone asks for its own amount, not the total


# the name of a university, college or hospital: Seoul National University, University of Central Lancashire,
# King's College London; its words (National, Central) name it, not a tier of a rule
_INSTITUTION = re.compile(r"(?:\b[A-Z][\w'’&.-]*\s+)+(?:University|College|Hospital|Polytechnic)\b(?:\s+[A-Z][\w.-]*)?|"
                          r"\b(?:University|College|Hospital) of(?:\s+(?:the\s+)?[A-Z][\w.-]*)+")


def without_names(question: str) -> str:
    """The question without the names of institutions in it, whose words name no tier."""
    return _INSTITUTION.sub(" ", question)


# asks who: 找谁, 哪个部门, who do we talk to, which office (not a body only named: "as reported to the statistics bureau")
_WHO = re.compile(r"找谁|找哪|哪个部门|哪些部门|什么部门|哪个单位|哪家单位|谁负责|谁管|归谁|归哪|向谁|联系谁|对接谁|"
                  r"(?:^|[.?!,;:]\s*|\band\s+)who\b|\bwho (?:do|does|should|would|can|could|will|is|are|handles|manages|runs)\b|"
                  r"\bwhom\b|\bwhich (?:government |public )?(?:department|bureau|office|agency|unit|body|authority)",
                  re.IGNORECASE)


def asks_who(question: str) -> bool:
    """Whether a question asks who handles something, rather than naming a body in passing."""
    return bool(_WHO.search(question))


# how long something runs, lasts or stays in force: the lifetime of what is asked about (a document's)
_LIFETIME = re.compile(r"\b(?:run|runs|running|last|lasts|lasting|remain|remains|continue|continues|valid|in force|"
                       r"in effect|apply|applies|expire|expires)\b|有效|执行|施行|管用", re.IGNORECASE)


def asks_how_long_of_something_else(question: str) -> bool:
    """"How long…" that names no document and no lifetime ("How long do we keep the receipts?"):
    how long a thing the question names must be done, not the document's validity ("How long
    does this policy last?", "How long was that package meant to run for?")."""
    return bool(re.search(r"\bhow long\b|多久|多长时间", question, re.IGNORECASE)) and not _OF_DOCUMENT.search(question) \
        and not _LIFETIME.search(question)


def _when_of_document(question: str) -> bool:
    return bool(_WHEN.search(question) and _OF_DOCUMENT.search(question) and not _AMOUNT.search(question)
                and not _TO_APPLY.search(question))


def read_intent(question: str) -> Intent:
    return Intent(
        validity=bool(_VALIDITY.search(question)) or (_when_of_document(question) and not _ISSUER.search(question)),
        responsible=bool(_RESPONSIBLE.search(question)),
        amount=bool(_AMOUNT.search(question)),
        follow_up_cue=bool(_FOLLOW_UP.search(question.strip())),
        issuer=bool(_ISSUER.search(question)),
        total=bool(_TOTAL.search(question)),
        validity_strong=bool(_VALIDITY.search(_HOW_LONG.sub(" ", question))),
        facet=facet_asked(question),
    )


# Questions about the notice itself rather than about a payment, by what they ask: who settles
# what the text means; what befalls a false or inflated claim; when claims are made.
# whether the asker may still apply, given something about it
_MAY_STILL = (r"(?:能不能|能否|可以|可不可|还能|还可以|资格|影响|\bcan\b|\beligible\b|\bqualif|\bneed\b|\bstill\b|"
              r"\ballowed\b|\baffect|\bbar)")


def asks_if_still_allowed(question: str) -> bool:
    """Whether a question asks if the asker may (still) apply: 还能报吗, can we still claim."""
    return bool(re.search(_MAY_STILL, question, re.IGNORECASE))


_FACETS_ASKED = (
    ("interpretation", re.compile(
        r"解释权|(?:的|以|按)解释|解释为准|以谁[^，。？?]{0,8}为准|以哪[^，。？?]{0,10}为准|说了算|(?:理解|看法|意见)[^，。？?]{0,4}分歧|"
        r"(?:谁|哪个|哪家|哪里|找)[^，。？?]{0,8}(?:来)?解释|"
        r"\binterpret(?:s|ed|ing|ation|ations)?\b|\bfinal (?:say|word)\b|\bwho decides what\b", re.IGNORECASE)),
    ("penalty", re.compile(
        r"骗取|虚报|冒领|弄虚作假|造假|作假|套取|假(?:的)?(?:材料|发票|合同|数据|证明)|材料不实|不真实|被查(?:出|到)|查出(?:来)?|"
        r"\b(?:caught|fake[ds]?|faked|falsif\w*|forge[ds]?|forged|forgery|fraud\w*|cheat\w*|inflat(?:e|ed|es|ing)|"
        r"padd(?:ed|ing)|misrepresent\w*|misreport\w*|inaccurate|untrue)\b|(?:\bnot|n't) (?:accurate|true|genuine)\b",
        re.IGNORECASE)),
    ("application", re.compile(
        r"(?:什么时候|啥时候?|何时|几月份?|哪个月)[^，。？?]{0,4}(?:申报|申请|报|提交|受理)|申报时间|申请时间|补报|逾期|截止|过了时间|错过|"
        r"(?:随时|任何时候|什么时候都|全年都)[^，。？?]{0,4}(?:申报|申请|报|提交)|"
        r"\b(?:apply|applications?|submit\w*|send in|claims?|fil(?:e|ing))\b[^.?!]{0,40}"
        r"\b(?:whenever|any ?time|all year(?: round)?|year-round|on a rolling basis)\b|"
        r"\bwhen (?:can|should|do|could|must|may|will) (?:we|i|they|you|one) (?:apply|submit|file|claim)\b|"
        r"\bapplication (?:window|period|deadline|round|season)s?\b|\bdeadlines?\b|\bmiss(?:ed)? the\b|\btoo late\b",
        re.IGNORECASE)),
    ("exclusion", re.compile(  # a bad record the asker has, and whether it may still apply
        r"^(?=.*(?:事故|失信|违法|违规|欠薪|拖欠|黑名单|被罚|处罚|罚款|逃税|偷税漏税|"
        r"\bsafety record\b|\baccidents?\b|\bblacklist|\bviolations?\b|\bpenalt|\bfined\b|\bconvicted\b|"
        r"\barrears\b|\bunpaid wages\b|\bclean record\b))(?=.*" + _MAY_STILL + r")", re.IGNORECASE | re.DOTALL)),
    ("eligibility", re.compile(  # where the asker is registered or pays tax, and whether it may apply at all
        r"^(?=.*(?:注册|营业执照|执照|纳税|交税|报税|税务|税[是都也]?在|统计关系|\bregistered\b|\bincorporated\b|"
        r"\bpay(?:s|ing)? (?:our |its |their )?tax|\btax(?:es)? (?:is |are )?(?:paid|filed)\b|\btax registration\b))"
        r"(?=.*(?:能不能|能否|可以|可不可|行不行|有没有资格|资格|符合|算不算|够不够|\beligible\b|\bqualif|"
        r"\bcan\b[^.?!]{0,40}\b(?:apply|claim|benefit)|\ballowed to\b|"
        r"\bstill (?:apply|count|qualify)))", re.IGNORECASE | re.DOTALL)),
    ("overlap", re.compile(  # the same thing paid under two measures or two policies
        r"叠加|重复(?:享受|领取?|拿|申请|支持|补贴?)|两边都|两头(?:都)?拿|同时(?:享受|拿|领|申请|获得)|兼得|"
        r"(?:两个人|双方|两家|两项)都(?:能)?(?:拿|领|享受)|"
        r"再(?:拿|领|享受|申请)一(?:份|次|笔)|"
        r"\bstack(?:ed|ing)?\s+(?:that|this|it|them|both|these|those|up|with|on)\b|\bstackable\b|\bdouble[- ]?dip\w*|\bclaim(?:ed|ing)? twice\b|\bpaid twice\b|"
        r"\balso (?:collect|claim|get|receive|apply for|take)\b[^.?!]{0,80}\b(?:same|another|other|this one)\b|"
        r"\b(?:another|other|second) (?:\w+ ){0,3}(?:policy|policies|programs?|programmes?|schemes?|subsid(?:y|ies))\b"
        r"[^.?!]{0,80}\b(?:also|as well|too|both|same)\b", re.IGNORECASE)),
)


def facet_asked(question: str) -> str | None:
    """Which question about the notice itself this is (see `_FACETS_ASKED`), or None."""
    return next((facet for facet, pattern in _FACETS_ASKED if pattern.search(question)), None)


_SEGMENTS = re.compile(r"[，。；？！,;?!]")
_STATED_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千]+[万亿]|\b(?:million|billion|thousand)\b", re.IGNORECASE)
# the year or the part of a sum paid in parts a question asks about: 第二年, 首期, 第一笔, 先到手,
# the second instalment, up front
_YEAR_ASKED = re.compile(r"第(?P<zh>[一二三四五\d])(?:年|期|笔)|(?P<first_zh>头一年|首年|首期|首笔|头一笔|先(?:能)?(?:到手|到账|拿到|拿|拨付?|发)|"
                         r"(?:起租|租赁|开业|营业|入驻|落户|签约|投产|认定|引进|入职)的?当年)|"
                         r"\b(?P<en>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th) "
                         r"(?:year|instal?lment|payment|tranche|part)\b|"
                         r"\b(?:year|instal?lment|tranche) (?P<en_after>one|two|three|four|five|[1-5])\b|"
                         r"(?P<first_en>\bup ?front\b)", re.IGNORECASE)
# first / 2nd / year two / 第三: the number an ordinal word names
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "5th": 5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


_EACH_YEAR = re.compile(r"每一?年|\b(?:each|every|per|a) year\b|\bannual(?:ly)?\b|\byearly\b", re.IGNORECASE)


def asks_each_year(question: str) -> bool:
    """Whether a question asks what is paid every year (每年到手多少, how much a year)."""
    return bool(_EACH_YEAR.search(question))


def year_asked(question: str) -> int | None:
    """Which year of a payment a question asks about (第二年, 头一年, in the first year), or None;
    None for a question that asks for the total (入职第三年评上的，一共能拿多少: the year dates an event)."""
    segments = [s for s in _SEGMENTS.split(question) if s.strip()]
    asking = [s for s in segments if _HOW_MUCH.search(s)]
    match = (_YEAR_ASKED.search(asking[-1]) if asking else None) or _YEAR_ASKED.search(question)
    # 一共能拿多少 asks for the total; 一共花了两千四百万 states an amount
    if not match or any(_TOTAL.search(s) and not _STATED_NUMBER.search(s) for s in segments):
        return None
    if match.group("first_zh") or match.group("first_en"):
        return 1
    word = (match.group("zh") or match.group("en") or match.group("en_after")).lower()
    return int(word) if word.isdigit() else ORDINALS.get(word)


# words that ask about a moment: 验收后, 投产以后, 竣工时, 验收完, once / after / when / upon it passes
_UPON = re.compile(r"后|时候?|完(?!成[^后]*$)|一旦|等到|\bonce\b|\bafter\b|\bwhen\b|\bupon\b|\bat that point\b|\bby then\b",
                   re.IGNORECASE)


def part_named(question: str, events: tuple[str, ...], fit: Callable[[str, str], float]) -> int | None:
    """Which part of a sum paid in turn a question asks about by what it is paid upon (验收合格后
    能拿多少, "once it passes completion acceptance, how much is paid out?"), 1 = the first; None
    when no event, or two alike, fit the asking part, or the question asks for the total.
    `events` are the clause's words for when each part is paid; `fit` scores a phrase against one."""
    segments = [s for s in _SEGMENTS.split(question) if s.strip()]
    asking = [i for i, s in enumerate(segments) if _HOW_MUCH.search(s)]
    if not events or not asking or any(_TOTAL.search(s) for s in segments):
        return None
    near = " ".join(segments[max(0, asking[-1] - 1):asking[-1] + 1])  # the asking part and the one before
    if not _UPON.search(near):
        return None  # 节能技改项目能补多少 names the project, not when a part of its sum is paid
    scores = [fit(near, event) for event in events]
    best = max(scores)
    if best <= 0 or len({e for e, s in zip(events, scores) if s == best}) > 1:  # 此后两年每年各: one event twice
        return None
    return scores.index(best) + 1


def without_cues(question: str) -> str:
    """The question with the words that say what kind of answer it wants (有效期, who issued…)
    taken out: what is left is its topic, if it has one."""
    for pattern in (_VALIDITY, _ISSUER, _RESPONSIBLE, *(facet for _, facet in _FACETS_ASKED)):
        question = pattern.sub(" ", question)
    return question


_SMALL_TALK = re.compile(
    r"^\s*(?:你好|您好|嗨|哈喽|在吗|谢谢(?:你|您)?|多谢|感谢|好的|明白了?|知道了|再见|拜拜|"
    r"hi|hello|hey|thanks?(?: you)?(?: so much| a lot)?|thank you|ok(?:ay)?|got it|bye|good (?:morning|afternoon|evening))"
    r"[\s!！。.~,，?？:)]*"
    # …optionally followed by a question about the assistant itself
    r"(?:(?:你|您)?(?:能|可以)(?:回答|做|问)(?:些)?什么(?:问题)?|(?:what|which)(?: kinds? of)?(?: questions?)? can (?:you|i) "
    r"(?:do|answer|ask)(?: you)?|what do you (?:do|know))?[\s!！。.~,，?？:)]*$",
    re.IGNORECASE,
)


def is_small_talk(question: str) -> bool:
    """A greeting or thanks with nothing else in it: answered with what the assistant can do."""
    return bool(_SMALL_TALK.match(question))
