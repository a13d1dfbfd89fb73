"""Which lettered category (A类、B类…) a question's person or project falls in, read from the
clause of the same document that defines the categories.

Documents that pay by category usually define the categories once (（一）甲类专家（…）：某奖获得者…；
（二）乙类专家：…) and name only the letters where they pay. A question says who the asker is
("a Fields medallist", 入选了某计划) rather than the letter. The category is the one whose definition
alone has words of the question; with none or two, no category is assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

# A类专家（顶尖专家）：… / 乙类：…: a lettered category followed by its definition
_DEFINED = re.compile(r"(?<![A-Za-z])(?P<letter>[A-Ha-h])\s*类(?P<noun>[\u4e00-\u9fff]{0,4})(?:（[^）]{0,24}）)?\s*[：:]")
_LETTERED = re.compile(r"(?<![A-Za-z])[A-Ha-h]\s*类|\b(?:category|class|tier|type|grade)[\s-]+\(?[A-H]\b|"
                       r"\b[A-H][\s-](?:category|class|tier|type)\b", re.IGNORECASE)
_MIN_EN_STEM = 4  # an English stem shorter than this (age, new) says nothing about a category


@dataclass(frozen=True)
class Definitions:
    """The categories a clause defines: letter label (C类) → the words that define it."""

    clause: int
    label: str
    criteria: dict[str, str]
    noun: str = ""  # 专家 of A类专家: what is categorised
    common: frozenset[str] = frozenset()  # English gloss stems of two or more other clauses (year, age)


@dataclass(frozen=True)
class Tier:
    """A category read from a question, and the words that placed it there."""

    letter: str  # "C类"
    words: tuple[str, ...]
    clause_label: str
    name: str = ""  # "C类专家", as the paying clauses write it


def definitions_of(clauses: Iterable[tuple[int, str, str]], tokens: Callable[[str], list[str]] | None = None,
                   gloss: Callable[[str], str] | None = None) -> Definitions | None:
    """The first clause (number, label, text) that defines two or more lettered categories, each
    with the text up to the next one (the last up to the end of its sentence); with `tokens` and
    `gloss`, the English stems in the glosses of two or more other clauses are `common`: they say
    nothing about a category (年 → year in 每年 and 周岁 alike; a city's name). Strict on purpose: a
    category read wrongly is a wrong amount."""
    clauses = list(clauses)
    for number, label, text in clauses:
        found = list(_DEFINED.finditer(text))
        letters = [m.group("letter").upper() for m in found]
        if len(set(letters)) < 2 or len(set(letters)) != len(letters):
            continue
        criteria = {}
        for i, match in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            body = text[match.end():end]
            if i + 1 == len(found):
                body = re.split(r"。", body, maxsplit=1)[0]
            criteria[letters[i] + "类"] = body
        seen: dict[str, int] = {}
        others = [text for other, _, text in clauses if other != number] if tokens and gloss else []
        for other_text in others:
            for stem in set(tokens(_joined(gloss(other_text)))):
                seen[stem] = seen.get(stem, 0) + 1
        return Definitions(number, label, criteria, found[0].group("noun"),
                           frozenset(stem for stem, n in seen.items() if n >= 2))
    return None


def names_a_tier(question: str) -> bool:
    return bool(_LETTERED.search(question))


def tier_of(question: str, definitions: Definitions | None, tokens: Callable[[str], list[str]],
            gloss: Callable[[str], str]) -> Tier | None:
    """The one category whose definition alone shares words with the question (Chinese words, or
    English stems of the definition's dictionary gloss, all senses); None when the question names a letter
    itself, or no category or several have such words."""
    if definitions is None or names_a_tier(question):
        return None
    asked = {w for w in tokens(_joined(question)) if _telling(w)}
    words = {letter: {w for w in tokens(text) if _telling(w)}
             | {w for w in tokens(_joined(gloss(text))) if _telling(w) and w not in definitions.common}
             for letter, text in definitions.criteria.items()}
    hits = {}
    for letter, own in words.items():
        others = set().union(*(w for other, w in words.items() if other != letter))
        hits[letter] = sorted(asked & (own - others))
    named = [(letter, found) for letter, found in hits.items() if found]
    if len(named) != 1:  # none, or words of two categories (某奖得主和某学者): no category is assumed
        return None
    letter, found = named[0]
    return Tier(letter, _as_written(question, found, tokens), definitions.label, letter + definitions.noun)


def _as_written(question: str, found: list[str], tokens: Callable[[str], list[str]]) -> tuple[str, ...]:
    """The question's own words for the matched tokens (Fields for the stem field), longest first,
    without a word inside a longer one already given (博士 in 博士后)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", question) if set(tokens(_joined(w))) & set(found)]
    words += [w for w in found if re.search(r"[\u4e00-\u9fff]", w)]
    kept: list[str] = []
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):
        if not any(word in longer for longer in kept):
            kept.append(word)
    return tuple(sorted(kept, key=question.find))


def _joined(text: str) -> str:
    """full-time → fulltime: a hyphenated English word is one word here (time alone names nothing)."""
    return re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", "", text)


def _telling(word: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", word):
        return len(word) >= 2
    return len(word) >= _MIN_EN_STEM and word.isalpha()
