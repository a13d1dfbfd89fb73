"""Does the policy cover a question? A decision from what the question asks about.

Similarity scores alone separate covered from uncovered questions poorly here: a
question about housing subsidies for postgraduates is close, in any embedding, to the
clauses about subsidies for postgraduate training. What tells them apart is whether
the question's *topic words* occur in the policy (anchors) and whether it names
topics or places the policy never mentions (foreign words). Words that only say
what kind of help is wanted (补贴, funding…) are neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SUPPORT_WORDS_ZH = frozenset(
    "补贴 资助 奖励 补助 支持 资金 经费 政策 措施 办法 金额 钱 扶持 激励 待遇 规定 文件 通知 条款 "
    "多少 最高 上限 标准 研究生 成都 成都市 高校 大学 学校 单位 部门 哪些 什么 怎么 申请 能否 可以 "
    # words that frame a question rather than name its topic
    "意思 情况 问题 内容 要求 方面 东西 时候 方式 流程 细节 具体 多少钱 金额 万元 元 "
    # words of instructions aimed at the assistant ("忽略之前的规则"), not topics of the policy
    "规则 指令 提示 提示词 身份 角色 系统 设定".split()
)
SUPPORT_STEMS_EN = frozenset(
    "subsidi subsidis fund support reward money grant polici measur amount cap maximum max cash financ "
    "financi help offer benefit rule document notic claus chengdu univers graduat colleg school "
    "receiv give get avail elig appli much mani long yuan rmb cny million thousand billion percent "
    "one two three four five six seven eight nine ten twelv what whi".split()
)
# English words that frame a question rather than name its topic (stemmed when used).
EN_FRAME_WORDS = (
    "ask asks asked possible possibly unclear wording words word final say says said body bodies character kind "
    "kinds type types exactly allowed able need needs want wants know happen happens work works process way ways "
    "thing things information detail details specific specifically include includes mean means meaning explain "
    "describe term terms condition conditions requirement requirements situation case question answer tell show "
    "list mention mentioned state states specify entitled qualify qualifies plan plans aim aims expect expected "
    "involve involved related concerning regarding current currently new old big small large total overall level "
    "high low first last main major part whole exact sure right true correct wrong really actually okay "
    "hear heard told someone anyone everyone people person thanks thank hello hi dear "
    "ignore instruction instructions rule rules pretend prompt system previous above role"
).split()
# Levels of education other than graduate education: the policy's audience is postgraduate.
OTHER_LEVELS = ("本科", "高职", "中职", "专科", "中小学", "小学", "初中", "高中", "幼儿园", "职业院校", "技校",
                "undergraduate", "bachelor", "vocational", "high school", "secondary school", "primary school",
                "kindergarten", "k-12")


def other_levels(question: str, corpus_text: str) -> list[str]:
    """Education levels a question names that the policy's text never does."""
    lowered = question.lower()
    return [level for level in OTHER_LEVELS if level in lowered and level not in corpus_text.lower()]


ENTITY_FLAGS = ("ns",)  # jieba: place names; its person/organisation tags misfire on policy words


@dataclass(frozen=True)
class Coverage:
    covered: bool
    anchors: tuple[str, ...]
    foreign: tuple[str, ...]
    reason: str
    reason_zh: str = ""

    def to_dict(self) -> dict:
        return {"covered": self.covered, "anchors": list(self.anchors), "foreign": list(self.foreign),
                "reason": self.reason}


def assess_coverage(
    question_words: list[str],
    glossary_hits: list[str],
    zh_nouns: list[tuple[str, str]],
    en_words: list[tuple[str, bool]],
    frame_stems: set[str],
    in_evidence: Callable[[str], bool],
    is_known: Callable[[str], bool],
    generic_tokens: set[str],
    levels: list[str] = (),
) -> Coverage:
    """Pure decision.

    question_words: the question's own words (jieba words, English stems);
    glossary_hits: policy terms the question names, through the glossary's synonyms;
    zh_nouns: (word, POS flag) of its Chinese noun-like words;
    en_words: (stem, capitalised mid-sentence) of its English words;
    frame_stems: stems of English words that frame a question (EN_FRAME_WORDS);
    in_evidence: whether a word or term occurs in the clauses retrieval ranked first;
    is_known: whether a word occurs anywhere in the corpus or glossary;
    generic_tokens: tokens found in most clauses;
    levels: education levels the question names that the policy never mentions.
    """
    anchors = sorted(
        {
            word
            for word in [*question_words, *glossary_hits]
            if len(word) >= 2
            and not word.isdigit()
            and word not in generic_tokens
            and word not in SUPPORT_WORDS_ZH
            and word not in SUPPORT_STEMS_EN
            and in_evidence(word)
        }
    )
    foreign: list[str] = []
    entities: list[str] = []
    for word, flag in zh_nouns:
        if word in SUPPORT_WORDS_ZH or is_known(word):
            continue
        (entities if flag in ENTITY_FLAGS else foreign).append(word)
    for stem, capitalised in en_words:
        if stem in SUPPORT_STEMS_EN or stem in frame_stems or len(stem) < 3 or stem.isdigit() or is_known(stem):
            continue
        (entities if capitalised else foreign).append(stem)

    if levels:
        return Coverage(False, tuple(anchors), tuple(levels),
                        f"asks about {', '.join(levels)}, a level of education this graduate-education policy does not cover",
                        f"问题涉及{'、'.join(levels)}，不属于这份研究生教育政策的范围")
    if entities:
        return Coverage(False, tuple(anchors), tuple(entities + foreign),
                        f"names {', '.join(entities)}, which the policy does not mention",
                        f"问题提到的{'、'.join(entities)}不在政策范围内")
    if not anchors:
        return Coverage(False, (), tuple(foreign), "no topic word of the question occurs in the policy",
                        "问题的主题词在政策中没有出现")
    if len(foreign) > len(anchors) or (len(foreign) == len(anchors) == 1):
        return Coverage(False, tuple(anchors), tuple(foreign),
                        f"asks about {', '.join(foreign)}, which the policy does not mention",
                        f"政策中没有提到{'、'.join(foreign)}")
    return Coverage(True, tuple(anchors), tuple(foreign), "topic words found in the policy", "政策中有相关内容")
