"""Money in the policy's text and in answers: parsing to integer yuan and formatting.

Pure functions; money is int yuan, or a Decimal for an amount below the yuan (每公斤0.3元),
never float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

WAN = 10_000
YI = 100_000_000
_UNIT = {"万": WAN, "亿": YI, "": 1}

_CN_DIGITS = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
# 1200万元 / 50万 / 1.5亿元 / 80000元 / 三百万元 / 两千万
_ZH_AMOUNT = re.compile(
    rf"(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN_DIGITS}]+?)\s*(?:(?P<unit>亿|万)(?P<yuan>元)?|(?P<bare>元))"
)


COUNTED_AFTER = re.compile(r"\s*(?:吨|千瓦|兆瓦|千伏安|平方米|平米|立方米|亩|公里|千米|人(?!民币)|名|个|家|台|套|户|次|件|项|辆|度|张|"
                            r"条|座|份|所|间|株|头|只|小时|册|字|千瓦时|公斤|千克|斤)")
# 100万美元 / 5亿港元: an amount in another currency, which a policy states as a level (年度出口额达到
# 100万美元的) or a base, never as yuan paid
FOREIGN_AFTER_ZH = re.compile(r"\s*(?:美元|美金|欧元|英镑|日元|日圆|港币|港元|澳元|加元|新元|韩元|卢布|法郎)")
FEN = Decimal("0.01")

Yuan = int | Decimal  # whole yuan as int; an amount with fen (0.3元, 3703.5元) as Decimal


def as_yuan(value) -> Yuan:
    """An amount as this module keeps it: 40000.00 → 40000, '0.3' → Decimal('0.3'), to the fen."""
    amount = Decimal(str(value)).quantize(FEN)
    return int(amount) if amount == amount.to_integral_value() else amount.normalize()


@dataclass(frozen=True)
class MoneyMention:
    text: str
    yuan: Yuan


def to_decimal(number: str) -> Decimal | None:
    """'2,000' / '1.5' / '三百' / '两千' -> Decimal; None when it is not a number."""
    number = number.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", number):
        return Decimal(number)
    try:
        return Decimal(str(cn2an.cn2an(number, "smart")))
    except (ValueError, KeyError):
        return None


def find_money_zh(text: str) -> list[MoneyMention]:
    """Every amount of money a Chinese text states: a number with 万/亿 and/or 元.

    A bare 万 counts ("团队最高50万"), a bare number does not ("100个", "2025年").
    """
    mentions = []
    for match in _ZH_AMOUNT.finditer(text):
        unit = match.group("unit") or ""
        if unit and not match.group("yuan") and COUNTED_AFTER.match(text, match.end()):
            continue  # 1万吨标准煤, 5万平方米, 2万人: a quantity of something else, not money
        if not match.group("yuan") and not match.group("bare") and FOREIGN_AFTER_ZH.match(text, match.end()):
            continue  # N万美元: dollars, not yuan
        value = to_decimal(match.group("num"))
        if value is None:
            continue
        amount = value * _UNIT[unit]
        if amount != amount.quantize(FEN) or not amount:
            continue  # finer than the fen: not an amount of money
        mentions.append(MoneyMention(text=match.group(0), yuan=as_yuan(amount)))
    return mentions


def plain_number(value: Decimal) -> str:
    """A number as people write it: 30, 2.5, 0.2 (never 3E+1)."""
    return format(value.normalize(), "f")


def format_zh(yuan: Yuan) -> str:
    """5000000 -> '500 万元' (written without the space); 45000 -> '4.5万元'; 800 -> '800元'; 150000000 -> '1.5亿元';
    0.3 -> '0.3元'."""
    yuan = as_yuan(yuan)
    if isinstance(yuan, Decimal):
        return f"{plain_number(yuan)}元"
    if yuan >= YI and yuan % (YI // 100) == 0:
        return f"{plain_number(Decimal(yuan) / YI)}亿元"
    if yuan >= WAN:
        return f"{plain_number(Decimal(yuan) / WAN)}万元"
    return f"{yuan}元"


def format_en(yuan: Yuan) -> str:
    """20000000 -> 'CNY 20 million'; 90000 -> 'CNY 90,000'; 3703.5 -> 'CNY 3,703.5'."""
    yuan = as_yuan(yuan)
    if isinstance(yuan, Decimal):
        return f"CNY {yuan:,f}"
    if yuan >= 1_000_000 and yuan % 10_000 == 0:
        return f"CNY {plain_number(Decimal(yuan) / 1_000_000)} million"
    return f"CNY {yuan:,}"


def format_en_long(yuan: int) -> str:
    """5000000 -> 'CNY 5 million (5,000,000 yuan)'; 90000 -> 'CNY 90,000 (90,000 yuan)'."""
    return f"{format_en(yuan)} ({yuan:,} yuan)"


def written_forms(yuan: int) -> list[str]:
    """The ways an answer may state an amount; used to check answers for numbers."""
    forms = {format_zh(yuan), format_en(yuan), f"{yuan:,} yuan", f"{yuan}元", f"{yuan:,}元"}
    if yuan % WAN == 0:
        forms.add(f"{yuan // WAN}万")
    return sorted(forms)
