"""The rule engine: every kind of money rule, with quantities as people state them."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from assistant.answering.calculate import Calculation, Question, calculate
from assistant.answering.quantities import read_quantities
from assistant.documents.library import load_document
from assistant.models import MoneyRule

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED = load_document(CORPUS / "chengdu-edu-2021-129")


def chars(a: str, b: str) -> float:
    return len(set(a) & set(b)) / max(1, len(set(b)))


def run(rule: MoneyRule, text: str):
    return calculate(rule, "doc", read_quantities(text), chars)


LAB = MoneyRule(clause=6, kind="per_unit", amount_yuan=3_000_000, unit="个实验室")
STIPEND = MoneyRule(clause=6, kind="per_unit", amount_yuan=5_000, unit="人", period="月", max_periods=24)
TUITION = MoneyRule(clause=8, kind="share", share="0.5", base="规定学制学费")
MATCH = MoneyRule(clause=1, kind="share", share="1", cap_yuan=1_000_000, base="研发投入")
CAP = MoneyRule(clause=7, kind="cap", amount_yuan=5_000_000, beneficiary="团队")


@pytest.mark.parametrize("rule, text, result, capped", [
    (LAB, "7个实验室", 21_000_000, False),
    (LAB, "今年批了2个重点实验室，明年还有3个", 15_000_000, False),
    (STIPEND, "3名博士后在站18个月", 270_000, False),
    (STIPEND, "2人在站30个月", 240_000, True),  # at most 24 months
    (STIPEND, "1人在站一年半", 90_000, False),
    (TUITION, "Tuition is 45,000 yuan a year over 4 years", 90_000, False),
    (TUITION, "学费每年3万元，学制4年，5名学生", 300_000, False),
    (TUITION, "第一年3万，第二年3.5万，第三年4万", 52_500, False),
    (TUITION, "total tuition 120,000 yuan", 60_000, False),
    (MATCH, "研发投入80万元", 800_000, False),
    (MATCH, "invested 2.5 million", 1_000_000, True),
    (CAP, "申请了600万", 5_000_000, True),
    (CAP, "we ask for 4 million", 4_000_000, False),
])
def test_each_rule_kind_gives_the_exact_amount_with_its_working(rule, text, result, capped):
    calculation = run(rule, text)
    assert isinstance(calculation, Calculation), calculation
    assert (calculation.result_yuan, calculation.capped) == (result, capped)
    assert calculation.steps_zh and calculation.steps_en


@pytest.mark.parametrize("rule, text", [
    (CAP, "申请500万美元"),  # not yuan
    (LAB, "-3个实验室"),
    (TUITION, "学费每年3万元"),  # per year, but for how long?
    (LAB, "2.5个实验室"),
])
def test_what_cannot_be_read_safely_is_asked_back_not_guessed(rule, text):
    assert isinstance(run(rule, text), Question)


def test_a_count_shows_how_it_was_read():
    calculation = run(LAB, "We have two state key labs approved this year and 3 more next year")
    assert calculation.result_yuan == 15_000_000
    assert any("5 = 2 + 3" in step for step in calculation.steps_en)


@pytest.mark.parametrize("clause, text, result", [
    (6, "学校有6个省部共建国家重点实验室", 18_000_000),
    (8, "学费每年4.5万，学制4年", 90_000),
    (2, "申请2500万", 20_000_000),
    (3, "申请150万", 1_500_000),
    (5, "申请300万", 2_000_000),
])
def test_the_seed_notice_calculations_keep_their_results(clause, text, result):
    outcomes = [run(rule, text) for rule in SEED.rules_of(clause)]
    assert any(isinstance(o, Calculation) and o.result_yuan == result for o in outcomes)


def test_the_seed_team_cap_is_bound_to_the_team():
    team = next(r for r in SEED.rules_of(7) if "团队" in r.beneficiary)
    individual = next(r for r in SEED.rules_of(7) if "个人" in r.beneficiary)
    assert (team.amount_yuan, individual.amount_yuan) == (5_000_000, 3_000_000)


_CN = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


@given(count=st.integers(min_value=1, max_value=9), chinese=st.booleans(), english=st.booleans())
def test_counts_read_the_same_in_any_numeral(count, chinese, english):
    if english:
        text = f"we have {count} labs"
    else:
        text = f"我们有{_CN[count] if chinese else count}个实验室"
    counts = read_quantities(text).counts
    assert counts and counts[0].value == count


@given(wan=st.integers(min_value=1, max_value=9999), form=st.sampled_from(["{w}万", "{w}万元", "{y} yuan", "CNY {y:,}",
                                                                           "{m} million"]))
def test_money_reads_the_same_in_any_unit(wan, form):
    yuan = wan * 10_000
    text = form.format(w=wan, y=yuan, m=Decimal(yuan) / 1_000_000)
    money = read_quantities(f"申请 {text}").money
    assert money and money[0].yuan == yuan
