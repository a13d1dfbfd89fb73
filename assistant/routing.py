"""Recognising a calculation in a question and running the right calculator.

The topic comes from retrieval (the clause the question is about, through the history
for follow-ups); the figures come from the question's own words.
"""

from __future__ import annotations

import re

from .calculators import (Calculation, capped_request, combined_caps, find_amounts_in_question, parse_count,
                          part_time_tuition, state_key_labs)
from .errors import CalculationError
from .models import PolicyDocument

_COUNT_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_COUNT_ZH = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*(?:个|家|所|间)")
_COUNT_EN = re.compile(rf"\b(\d+|{_COUNT_WORDS})\b(?=\s+(?:of them|(?:[\w-]+\s+){{0,4}}lab))", re.IGNORECASE)
_YEARS_ZH = re.compile(r"(?:学制|读|共|为期)?\s*(\d+|[一二两三四五六七八九十])\s*年(?!度|级|内|前|后)")
_YEARS_EN = re.compile(rf"\b(\d+|{_COUNT_WORDS})[\s-]+years?\b", re.IGNORECASE)
_TOTAL = re.compile(r"总|合计|一共|全部学费|total|in all|altogether", re.IGNORECASE)
_TEAM = re.compile(r"团队|team", re.IGNORECASE)
_BASE = re.compile(r"实习|实训|internship|training base", re.IGNORECASE)
_JOINT = re.compile(r"联合培养|人才培养|培养人才|joint (?:talent )?training|talent training", re.IGNORECASE)
_BOTH = re.compile(r"都|两项|合计|一共|加起来|总共|both|combined|in total|altogether", re.IGNORECASE)
_YEAR_OF_CALENDAR = re.compile(r"\b(19|20)\d\d\b")


def _count(question: str) -> int | None:
    for pattern in (_COUNT_ZH, _COUNT_EN):
        match = pattern.search(question)
        if match:
            return parse_count(match.group(1))
    return None


_PER_YEAR = re.compile(r"每年|一年|/年|每学年|per year|a year|each year|annually|per annum", re.IGNORECASE)


def _years(question: str) -> int | None:
    question = _PER_YEAR.sub(" ", question)  # "一年8万" is a rate, not a length of study
    for pattern in (_YEARS_ZH, _YEARS_EN):
        for match in pattern.finditer(question):
            if _YEAR_OF_CALENDAR.fullmatch(match.group(1)):
                continue
            return parse_count(match.group(1))
    return None


def route(question: str, context: str, clause: int, document: PolicyDocument) -> Calculation | None:
    """The calculation a question asks for about `clause`, or None when it states no figures.

    `context` is the earlier user turns, which may say who applies (a team) or what is funded."""
    amounts = find_amounts_in_question(question)
    try:
        if clause == 4 and _BASE.search(question) and _JOINT.search(question) and _BOTH.search(question):
            return combined_caps(document, 4)
        if clause == 6:
            count = _count(question)
            return state_key_labs(document, count) if count else None
        if clause == 8 and amounts:
            years = _years(question)
            if _TOTAL.search(question) or years is None:
                return part_time_tuition(document, total_tuition=amounts[0])
            return part_time_tuition(document, tuition_per_year=amounts[0], years=years)
        if not amounts:
            return None
        if clause == 7:
            kind = "rongpiao_team" if _TEAM.search(question) or (
                _TEAM.search(context) and not re.search(r"个人|individual", question, re.IGNORECASE)) \
                else "rongpiao_individual"
            return capped_request(document, kind, amounts[0])
        if clause == 4:
            kind = "training_base" if _BASE.search(question) or _BASE.search(context) else "joint_talent_training"
            return capped_request(document, kind, amounts[0])
        kinds = {2: "discipline_adjustment", 3: "professional_degree", 5: "international_rnd"}
        if clause in kinds:
            return capped_request(document, kinds[clause], amounts[0])
    except CalculationError:
        return None
    return None
