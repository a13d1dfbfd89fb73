import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.amounts import format_en_long, format_zh, written_forms
from assistant.calculators import (CAP_RULES, capped_request, combined_caps, caps_table, parse_amount, parse_count,
                                   part_time_tuition, state_key_labs)
from assistant.corpus import load_document
from assistant.errors import CalculationError

from .conftest import CORPUS

DOCUMENT = load_document(CORPUS / "chengdu-edu-2021-129")


@pytest.mark.parametrize(
    "text, yuan",
    [("四万元", 40_000), ("4万", 40_000), ("40,000 yuan", 40_000), ("30k", 30_000), ("2 million", 2_000_000),
     ("2.5百万", 2_500_000), ("1.5亿", 150_000_000), ("RMB 5 million", 5_000_000), ("¥80,000", 80_000),
     ("四万五千元", 45_000), ("45000", 45_000)],
)
def test_amounts_users_write(text, yuan):
    assert parse_amount(text) == yuan


@pytest.mark.parametrize("text, count", [("3个", 3), ("三个", 3), ("两个", 2), ("7", 7), ("seven", 7)])
def test_counts_users_write(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["abc", "-5万", "1e30", "0个", "2.5个"])
def test_inputs_outside_the_domain_are_errors_not_numbers(text):
    with pytest.raises(CalculationError):
        parse_count(text) if "个" in text else parse_amount(text)


def test_laboratories_times_the_per_laboratory_amount():
    result = state_key_labs(DOCUMENT, 7)
    assert result.result_yuan == 21_000_000 and result.clause == 6
    assert result.steps_zh[-1] == "7个 × 300万元 = 2100万元"


@pytest.mark.parametrize(
    "kwargs, yuan",
    [({"tuition_per_year": 60_000, "years": 3}, 90_000), ({"tuition_per_year": 45_000, "years": 4}, 90_000),
     ({"total_tuition": 200_000}, 100_000), ({"total_tuition": 33_333}, 16_667)],
)
def test_half_the_tuition_for_the_prescribed_length_of_study(kwargs, yuan):
    result = part_time_tuition(DOCUMENT, **kwargs)
    assert result.result_yuan == yuan and result.clause == 8 and result.cap_yuan is None


@pytest.mark.parametrize(
    "kind, requested, result, capped, clause",
    [("rongpiao_team", 6_000_000, 5_000_000, True, 7), ("rongpiao_individual", 1_500_000, 1_500_000, False, 7),
     ("discipline_adjustment", 30_000_000, 20_000_000, True, 2), ("professional_degree", 2_000_000, 2_000_000, False, 3),
     ("joint_talent_training", 8_000_000, 5_000_000, True, 4), ("training_base", 1_200_000, 1_000_000, True, 4),
     ("international_rnd", 3_000_000, 2_000_000, True, 5)],
)
def test_requests_against_caps(kind, requested, result, capped, clause):
    calculation = capped_request(DOCUMENT, kind, requested)
    assert (calculation.result_yuan, calculation.capped, calculation.clause) == (result, capped, clause)


def test_combined_caps_of_a_clause_that_funds_two_things():
    result = combined_caps(DOCUMENT, 4)
    assert result.result_yuan == 6_000_000 and result.clause == 4
    assert "500万元 + 100万元 = 600万元" in result.steps_zh[-1]
    with pytest.raises(CalculationError):
        combined_caps(DOCUMENT, 6)


def test_caveats_say_what_the_policy_leaves_open():
    assert "per programme" in capped_request(DOCUMENT, "professional_degree", 1).caveats_en[0]
    assert "two-year total" in capped_request(DOCUMENT, "international_rnd", 1).caveats_en[0]


@pytest.mark.parametrize("bad", [0, -1, 10**30])
def test_bad_requests_are_errors(bad):
    with pytest.raises(CalculationError):
        capped_request(DOCUMENT, "rongpiao_team", bad)
    with pytest.raises(CalculationError):
        state_key_labs(DOCUMENT, bad)


@given(st.sampled_from(sorted(CAP_RULES)), st.integers(min_value=1, max_value=10**12))
def test_no_calculator_exceeds_its_cap_or_goes_negative(kind, requested):
    calculation = capped_request(DOCUMENT, kind, requested)
    assert 0 < calculation.result_yuan <= calculation.cap_yuan
    assert calculation.result_yuan <= requested


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=10))
def test_tuition_subsidy_is_half_and_never_more_than_paid(per_year, years):
    result = part_time_tuition(DOCUMENT, tuition_per_year=per_year, years=years).result_yuan
    assert 0 <= result <= per_year * years and abs(2 * result - per_year * years) <= 1


@given(st.integers(min_value=1, max_value=10**12))
def test_parsing_then_formatting_round_trips(yuan):
    assert parse_amount(format_zh(yuan)) == yuan


def test_caps_table_lists_every_rule_with_its_responsible_units():
    rows = caps_table(DOCUMENT)
    assert {row.clause for row in rows} == {2, 3, 4, 5, 6, 7, 8}
    lab = next(row for row in rows if row.clause == 6)
    assert lab.cap_yuan == 3_000_000 and lab.responsible == ["市科技局", "市人社局"]


# -- through ask ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, clause, yuan",
    [
        ("学校有6个省部共建国家重点实验室，配套资金合计多少？", 6, 18_000_000),
        ("Tuition for a part-time doctorate is 45,000 yuan a year over 4 years — what is the subsidy?", 8, 90_000),
        ("蓉漂计划团队申请600万，能拿多少？", 7, 5_000_000),
        ("A Rongpiao individual asks for 1.5 million yuan; how much can they get?", 7, 1_500_000),
        ("Individuals can get 30 million under the Rongpiao Programme, right?", 7, 3_000_000),
        ("和规上企业联合培养人才、再合建实习基地，两项加起来最多多少？", 4, 6_000_000),
    ],
)
def test_ask_routes_calculations(assistant, question, clause, yuan):
    answer = assistant.ask(question)
    assert answer.calculation is not None, answer.answer
    assert answer.calculation["result_yuan"] == yuan and answer.calculation["clause"] == clause
    assert answer.citations[0].clause == clause
    assert any(form in answer.answer for form in written_forms(yuan))


@pytest.mark.parametrize(
    "history, question, yuan",
    [
        (["What do state key labs get?"], "And with seven of them?", 21_000_000),
        (["非全日制硕士联合培养怎么补助？"], "学费每年6万元、学制3年的话呢？", 90_000),
    ],
)
def test_follow_ups_carry_the_topic(assistant, history, question, yuan):
    turns = [{"role": "user", "content": text} for text in history]
    answer = assistant.ask(question, turns)
    assert answer.calculation and answer.calculation["result_yuan"] == yuan


def test_every_number_in_calculation_answers_comes_from_the_clause_or_the_working(assistant):
    for question in ["学校有6个省部共建国家重点实验室，配套资金合计多少？", "蓉漂计划团队申请600万，能拿多少？",
                     "Tuition is 60,000 yuan a year for 3 years for a part-time master's; subsidy?"]:
        answer = assistant.ask(question)
        working = " ".join(answer.calculation["steps"])
        clause_text = answer.citations[0].text_zh
        for amount in re.findall(r"\d[\d,.]*\s*(?:万元|亿元|万|元)|CNY [\d,.]+(?: million)?", answer.answer):
            long_form = format_en_long(answer.calculation["result_yuan"])
            assert amount in working or amount in clause_text or amount in question or amount in long_form, amount
