"""One normaliser of figures for Chinese and English texts (the load check and translate use it)."""

import pytest

from assistant.documents.figures import compare, figures_en, figures_zh


@pytest.mark.parametrize("chinese, english", [
    ("给予最高300万元资助", "up to CNY 3 million"),
    ("给予最高300万元资助", "up to 3,000,000 yuan"),
    ("给予最高300万元资助", "up to RMB 3,000,000"),
    ("给予最高300万元资助", "up to three million yuan"),
    ("团队最高500万的资金资助", "up to CNY 5 million for a team"),
    ("给予1.5亿元", "CNY 150 million"),
    ("每月5000元", "CNY 5,000 a month"),
    ("有效期三年", "valid for three years"),
    ("有效期三年", "valid for 3 years"),
    ("分两年拨付", "paid over two years"),
    ("最长24个月", "for at most 24 months"),
    ("一年半", "18 months"),
    ("18个月", "a year and a half"),
    ("自2021年12月23日起施行", "in force from 23 December 2021"),
    ("自2021年12月23日起施行", "in force from December 23, 2021"),
    ("自2021年12月23日起施行", "in force from 2021-12-23"),
    ("二〇二一年十二月二十三日", "23 December 2021"),
    ("给予规定学制学费的50%资助", "50% of the tuition"),
    ("给予规定学制学费的50%资助", "50 per cent of the tuition"),
    ("百分之五十", "50 percent"),
    ("到2025年，建成100个基地", "by 2025, 100 bases are built"),
    ("支持三所高校", "supports 3 universities"),
    ("支持三所高校", "supports three universities"),
    ("一次性给予每个实验室300万元", "a one-off CNY 3 million per laboratory"),
    ("围绕“5+5+1”产业体系", "around the '5+5+1' industrial system"),
    ("成教函〔2021〕129号", "Chengjiaohan [2021] No. 129"),
    ("（三）支持建设一批平台", "(3) Support building a number of platforms"),  # labels and 一批 are not figures
    ("市教育局等六部门制定", "the Education Bureau and five other departments drew up"),
    ("根据上述文件精神", "in the spirit of the two documents above"),  # a count the Chinese only implies
])
def test_the_same_figures_in_either_language_match(chinese, english):
    assert compare(chinese, english) == []


@pytest.mark.parametrize("chinese, english, figure, missing_from", [
    ("团队最高600万的资金资助", "up to CNY 5 million for a team", "600万", "en"),
    ("团队最高600万的资金资助", "up to CNY 5 million for a team", "CNY 5 million", "zh"),
    ("有效期三年", "valid for two years", "三年", "en"),
    ("给予300万元配套资助", "CNY 3 million every year, for 3 years", "3 years", "zh"),  # a period added
    ("给予规定学制学费的50%资助", "half of the tuition", "50%", "en"),
    ("自2021年12月23日起施行", "in force from 23 December 2022", "2021年12月23日", "en"),
    ("支持三所高校", "supports two universities", "三所", "en"),
    ("建成100个基地", "builds 10 bases", "10", "zh"),
    ("给予最高30万元", "up to CNY 300,000 or 30% of costs", "30%", "zh"),
])
def test_a_figure_in_one_text_only_is_named(chinese, english, figure, missing_from):
    mismatches = compare(chinese, english)
    assert any(figure in m.figure.text and m.missing_from == missing_from for m in mismatches), \
        [m.describe() for m in mismatches]


def test_a_mismatch_says_both_forms_of_an_amount():
    (mismatch,) = [m for m in compare("团队最高600万", "up to CNY 5 million") if m.missing_from == "en"]
    assert mismatch.describe() == "the Chinese states 600万 (CNY 6 million / 600万元) but the English does not"


@pytest.mark.parametrize("text, kinds", [
    ("一次性给予", []),  # 一次性, 一批, 双一流 are words, not demanded of the other text
    ("双一流建设", []),
    ("第三条", []),
    ("2021年12月", [("date", "2021-12")]),
    ("半年", [("duration", "6")]),
])
def test_what_counts_as_a_chinese_figure(text, kinds):
    assert [f.key for f in figures_zh(text) if f.firm] == kinds


@pytest.mark.parametrize("text, kinds", [
    ("CNY 45,000 a year", [("money", "45000")]),  # "a year" is a rate, not a duration
    ("Article 3 says", []),
    ("the 2nd year", []),
    ("twenty-five staff", []),  # spelled counts are not demanded of the Chinese
    ("25 staff", [("number", "25")]),
])
def test_what_counts_as_an_english_figure(text, kinds):
    assert [f.key for f in figures_en(text) if f.firm] == kinds
