import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.money import find_money_zh, format_en, format_en_long, format_zh, written_forms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("给予最高2000万元补贴", [20_000_000]),
        ("给予个人最高300万元、团队最高500万的资金资助", [3_000_000, 5_000_000]),
        ("到2025年，建成100个基地", []),
        ("规定学制学费的50%", []),
        ("三百万元", [3_000_000]),
        ("两千万", [20_000_000]),
        ("1.5亿元", [150_000_000]),
        ("学费每年45,000元", [45_000]),
        ("年节能量1万吨标准煤以上的，奖励20万元", [200_000]),  # 1万吨 is a quantity, not money
        ("建筑面积5万平方米、服务2万人次", []),
        ("最高奖励50万人民币", [500_000]),
        ("按回收量每公斤奖励0.3元", [Decimal("0.3")]),  # a rate below one yuan is money too
        ("每千瓦时补贴0.05元，最高100万元", [Decimal("0.05"), 1_000_000]),
        ("每立方米1.25元", [Decimal("1.25")]),
    ],
)
def test_money_in_chinese_text(text, expected):
    assert [m.yuan for m in find_money_zh(text)] == expected


@pytest.mark.parametrize(
    "yuan, zh, en",
    [
        (20_000_000, "2000万元", "CNY 20 million"),
        (5_000_000, "500万元", "CNY 5 million"),
        (2_500_000, "250万元", "CNY 2.5 million"),
        (90_000, "9万元", "CNY 90,000"),
        (45_000, "4.5万元", "CNY 45,000"),
        (800, "800元", "CNY 800"),
        (150_000_000, "1.5亿元", "CNY 150 million"),
        (Decimal("0.3"), "0.3元", "CNY 0.3"),
        (Decimal("1.25"), "1.25元", "CNY 1.25"),
        (Decimal("3703.5"), "3703.5元", "CNY 3,703.5"),
    ],
)
def test_formatting_both_languages(yuan, zh, en):
    assert format_zh(yuan) == zh
    assert format_en(yuan) == en


def test_long_english_form():
    assert format_en_long(5_000_000) == "CNY 5 million (5,000,000 yuan)"


@given(st.integers(min_value=1, max_value=10**12))
def test_formatting_in_chinese_then_parsing_round_trips(yuan):
    assert [m.yuan for m in find_money_zh(format_zh(yuan))] == [yuan]


@given(st.integers(min_value=0, max_value=10**12))
def test_every_written_form_names_the_amount(yuan):
    assert format_zh(yuan) in written_forms(yuan) and format_en(yuan) in written_forms(yuan)


def test_a_rule_with_an_amount_below_one_yuan_survives_its_json_form():
    from assistant.models import MoneyRule
    rule = MoneyRule(clause=3, kind="per_unit", amount_yuan=Decimal("0.3"), unit="公斤", cap_yuan=200_000)
    again = MoneyRule(**json.loads(json.dumps(rule.to_dict())))
    assert again.amount_yuan == Decimal("0.3") and again.cap_yuan == 200_000 and again.unit == "公斤"
