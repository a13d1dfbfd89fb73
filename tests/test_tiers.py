"""Which lettered category a question's person falls in, by the document's own definitions."""

import pytest

from assistant.answering.tiers import definitions_of, tier_of
from assistant.search.gloss import gloss
from assistant.search.text import Analyzer

# made up for this test: categories defined once, then paid by letter elsewhere
DEFINING = ("第二条 本办法所称专家分为甲、乙、丙三类：（一）A类专家（顶尖专家）：诺贝尔奖获得者，两院院士；"
            "（二）B类专家：国家杰出青年科学基金获得者，长江学者；（三）C类专家：年龄不超过40周岁的全日制博士，"
            "以及具有副高级职称的人员。专家类别由市人社局认定。")
ANALYZER = Analyzer()
PAYING = ["第三条 对A类专家每年给予补贴10万元，B类专家每年5万元。", "第四条 本办法自2026年1月1日起施行，有效期三年。"]
DEFINITIONS = definitions_of([(1, "第一条", "第一条 为了…，制定本办法。"), (2, "第二条", DEFINING)]
                             + [(3 + i, f"第{3 + i}条", text) for i, text in enumerate(PAYING)],
                             ANALYZER.tokens, lambda zh: gloss(zh, ANALYZER, by_character=False))


def tier(question: str):
    return tier_of(question, DEFINITIONS, ANALYZER.tokens, lambda zh: gloss(zh, ANALYZER, by_character=False))


def test_the_defining_clause_is_found_with_each_categorys_own_words():
    assert DEFINITIONS.label == "第二条" and DEFINITIONS.noun == "专家"
    assert list(DEFINITIONS.criteria) == ["A类", "B类", "C类"]
    assert "全日制博士" in DEFINITIONS.criteria["C类"] and "认定" not in DEFINITIONS.criteria["C类"]
    assert definitions_of([(3, "第三条", "A类专家每人每月5000元，B类专家每人每月3000元。")]) is None  # paid, not defined


@pytest.mark.parametrize("question, letter", [
    ("我是全日制博士，35岁，购房补贴能拿多少？", "C类"),
    ("单位引进了一位长江学者，安家费多少？", "B类"),
    ("We are hiring a Nobel laureate. What is the settling-in payment?", "A类"),
    ("She holds a full-time doctorate and is 33.", "C类"),
    # "year" is in the gloss of the age limit (周岁) and of the paying clauses alike: it names no category
    ("We are hiring a Nobel laureate. How much is paid each year?", "A类"),
    # none: the question names its letter, says nothing of any definition, or fits two equally
    ("我是B类专家，全日制博士，能拿多少？", None),
    ("购房补贴能拿多少？", None),
    ("院士和长江学者各能拿多少？", None),
])
def test_the_category_of_the_person_a_question_describes(question, letter):
    found = tier(question)
    assert (found.letter if found else None) == letter
    if found:
        assert found.name == letter + "专家" and found.clause_label == "第二条"
        assert all(word.lower() in question.lower() for word in found.words)  # the asker's own words, never stems
