"""Question hygiene, language detection and tokenisation for the lexical side.

Chinese is converted to simplified (OpenCC) and cut with jieba, whose dictionary is
extended with the documents' own terms (what they put in quotation marks or book-title
marks, see `document_terms`), so named programmes stay whole. English is lower-cased
and stemmed (Snowball). Stop-words are function words of each language, not topics.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import unicodedata
from functools import cached_property

import jieba
import opencc
import snowballstemmer

from assistant.errors import InvalidQuestionError

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTERED_ZH = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])\s*([类级档等型])")
_ORDINAL_ZH = {"first": "一", "1st": "一", "second": "二", "2nd": "二", "third": "三", "3rd": "三"}
_PRIZE_EN = re.compile(r"\b(first|second|third|1st|2nd|3rd)[\s-]+(?:prizes?|places?|awards?)\b", re.IGNORECASE)
_LEVEL_ZH = {"national": "国家级", "state": "国家级", "provincial": "省级", "province": "省级", "municipal": "市级",
             "city": "市级", "district": "区级"}
_LEVEL_EN = re.compile(r"\b((?:national|state|provincial|province|municipal|city|district)[\s-]+level|national|provincial)\b",
                       re.IGNORECASE)
# Level 4 / grade 3 / tier 2 → 四级, 5-star → 五星: a numbered level of a Chinese list of levels
_NUMBERED_EN = re.compile(r"\b(?:level|grade|tier)[\s-]+([1-9])\b|\b([1-9])[\s-]*stars?\b", re.IGNORECASE)
_DIGIT_ZH = dict(zip("123456789", "一二三四五六七八九"))
_LETTERED_EN = re.compile(r"\b(?:[Cc]ategory|[Cc]lass|[Tt]ype|[Gg]rade|[Tt]ier)[\s-]+\(?([A-Z])\b|\b([A-Z])[\s-](?:category|class|type|grade|tier)\b")

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'&\-]*")
_TOKEN_EN = re.compile(r"[a-z0-9]+(?:[&+][a-z0-9]+)*")
# hasn't / the fund's / we're: the endings of contractions are no words (jieba splits them off)
_NOT = re.compile(r"(?<=[a-z])n['’]t\b")
# Made-up text for `Analyzer.behaviour`: both languages, a contraction, a lettered class, a pinyin name.
_PROBE = ("The team's B-class lab hasn't moved to Xi'an; we're asking about 3 grants. "
          "我们实验室去年引进了两位青年学者，想问问培训费用能不能报销，A类项目有没有配套。")
_CONTRACTED = re.compile(r"(?<=[a-z])['’](?:s|re|ve|ll|d|m)\b")

ZH_STOPWORDS = frozenset(
    "的 了 是 吗 呢 吧 啊 么 和 与 及 或 在 对 给 为 把 被 有 没有 我 我们 你 你们 他 她 它 这 那 这个 那个 "
    "什么 怎么 怎样 如何 多少 哪些 哪个 哪 谁 几 是否 时候 哪天 哪年 何时 多久 多长 能 能否 可以 会 要 想 请问 请 一下 一个 个 还 也 都 就 "
    "吗？ ？ ， 。 、 ： ； “ ” （ ） ( ) ! ！ ? , . : ; 》 《 - —".split()
)
# Units and measure words (万 元 个 年…): they go with numbers and say nothing of the topic.
MEASURE_WORDS = frozenset("万 元 亿 千 百 个 名 位 家 所 项 年 月 日 次 人次 万元 亿元".split())
EN_STOPWORDS = frozenset(
    "a an the of to in on for and or with by from at as is are was were be been being do does did "
    "what which who whom whose how much many when where why can could would should will shall may might "
    "i we you they he she it its our your their us me my this that these those there here any some "
    "get gets got give gives given up about into than then so if not no yes please tell me say says "
    "per each all also have has had".split()
)


def clean_question(raw: str | bytes, max_chars: int) -> str:
    """Normalise a user's question, or raise an error that says what is wrong with it."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidQuestionError(
                f"The question is not valid UTF-8 text (bad byte at position {error.start}); "
                "type it again or save it as UTF-8."
            ) from None
    if not isinstance(raw, str):
        raise InvalidQuestionError("The question must be text.")
    if "\ufffd" in raw or any(0xD800 <= ord(ch) <= 0xDFFF for ch in raw):
        raise InvalidQuestionError(
            "The question contains bytes that are not valid text (invalid UTF-8); type it again."
        )
    # Control characters become spaces; the rest is normalised (full-width letters, digits).
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    if not text:
        raise InvalidQuestionError("The question is empty; ask about the policy, e.g. 这份通知的有效期到什么时候？")
    if len(text) > max_chars:
        raise InvalidQuestionError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Ask one short question at a time."
        )
    if not CJK.search(text) and not LATIN_WORD.search(text):
        raise InvalidQuestionError("The question has no words in Chinese or English; please rephrase it.")
    return text


def tier_terms(text: str) -> list[str]:
    """The tier words of Chinese notices an English text names ("second prize" → 二等奖, "a
    national contest" → 国家级), to tell a clause's tiers apart; not search terms ("national"
    alone would match every 国家级 of a library)."""
    return ([_ORDINAL_ZH[ordinal.lower()] + "等奖" for ordinal in _PRIZE_EN.findall(text)]
            + [_LEVEL_ZH[level.lower().split()[0].split("-")[0]] for level in _LEVEL_EN.findall(text)]
            + [_DIGIT_ZH[a or b] + ("星" if b else "级") for a, b in _NUMBERED_EN.findall(text)])


class Analyzer:
    """Tokeniser and language tools, built once per process from the glossary."""

    def __init__(self, terms: list[str] | tuple[str, ...] = ()):
        self._local = threading.local()
        self._policy_terms = [t for t in terms if 2 <= len(t) <= 12]
        self._stems: dict[str, str] = {}

    @property
    def terms(self) -> tuple[str, ...]:
        """The documents' own terms added to jieba's dictionary."""
        return tuple(self._policy_terms)

    @cached_property
    def _jieba(self) -> jieba.Tokenizer:
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for term in self._policy_terms:
            tokenizer.add_word(term, freq=200000)
        tokenizer.initialize()
        return tokenizer

    @cached_property
    def _t2s(self) -> opencc.OpenCC:
        return opencc.OpenCC("t2s")

    def _stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            # Snowball stemmers keep state while they work: one per thread (the web app is threaded).
            stemmer = getattr(self._local, "stemmer", None)
            if stemmer is None:
                stemmer = self._local.stemmer = snowballstemmer.stemmer("english")
            stem = stemmer.stemWord(word)
            if len(self._stems) < 200_000:  # English has far fewer words than that
                self._stems[word] = stem
        return stem

    @cached_property
    def behaviour(self) -> str:
        """A digest of what this analyzer makes of a fixed probe text: tokens, Chinese words and
        their tags. Cached analyses are keyed by it, so a change to the tokenizer's code (or to
        jieba's dictionary) is seen without anyone remembering to raise a version number."""
        cut = [self.tokens(_PROBE), self.cut_zh(_PROBE), self.pos_zh(_PROBE)]
        return hashlib.sha256(json.dumps(cut, ensure_ascii=False).encode()).hexdigest()[:12]

    def to_simplified(self, text: str) -> str:
        return self._t2s.convert(text) if CJK.search(text) else text

    def cut_zh(self, text: str) -> list[str]:
        return self._jieba.lcut(text)

    def in_dictionary(self, word: str) -> bool:
        """Whether jieba's general dictionary (or the added terms) has the word: an ordinary
        word (一家, 一年), not an abbreviation or slang of its own (规上, 博后)."""
        self._jieba.check_initialized()
        return bool(self._jieba.FREQ.get(word))

    def word_tag(self, word: str) -> str:
        """jieba's dictionary tag of a word ('ns' for a place, 'n' for a noun…), '' when it has none."""
        return self._pos.word_tag_tab.get(word, "")

    @cached_property
    def _pos(self):
        import jieba.posseg

        return jieba.posseg.POSTokenizer(self._jieba)

    def nouns_zh(self, text: str) -> list[tuple[str, str]]:
        """(word, jieba POS flag) for the noun-like words of a Chinese text."""
        return [(p.word, p.flag) for p in self._pos.lcut(self.to_simplified(text))
                if CJK.search(p.word) and len(p.word) > 1 and p.flag[:1] in ("n", "v", "j", "i", "x")
                and (p.flag[:1] != "v" or p.flag == "vn") and p.word not in ZH_STOPWORDS]

    def pos_zh(self, text: str) -> list[tuple[str, str]]:
        """(word, jieba POS flag) for every Chinese word of a text."""
        return [(p.word, p.flag) for p in self._pos.lcut(self.to_simplified(text)) if CJK.search(p.word)]

    def tokens(self, text: str) -> list[str]:
        """Lexical tokens of mixed text: jieba search-mode words for Chinese, stems for English."""
        original = self.to_simplified(text)
        text = _CONTRACTED.sub("", _NOT.sub(" not", original.lower()))
        tokens: list[str] = []
        for word in self._jieba.lcut_for_search(text):
            word = word.strip()
            if not word or word in ZH_STOPWORDS or word in MEASURE_WORDS or word.replace(".", "").isdigit():
                continue  # numbers and units say how much, not what about
            if CJK.search(word):
                tokens.append(word)
            else:
                for piece in _TOKEN_EN.findall(word):
                    if piece not in EN_STOPWORDS:
                        tokens.append(self._stem(piece))
        # A类 / B档 / "category A": a lettered class is one term (jieba splits off the letter,
        # and a single letter is no English word)
        tokens += [letter.lower() + kind for letter, kind in _LETTERED_ZH.findall(original)]
        tokens += [(first or second).lower() + "类" for first, second in _LETTERED_EN.findall(original)]
        return tokens

    def detect_language(self, text: str) -> str:
        """'zh' or 'en' for the frame of the question. A run of Chinese with no Chinese function
        word in it (的 吗 什么 多少 …) is a term quoted inside the sentence ("省部共建实验室
        matching funds?") and counts as one word; a run with grammar counts word by word."""
        text = self.to_simplified(text)
        en_words = len(LATIN_WORD.findall(text))
        zh_words = 0
        for run in _CJK_RUN.findall(text):
            words = [w for w in self.cut_zh(run) if CJK.search(w)]
            grammar = any(w in ZH_FUNCTION_WORDS for w in words) or any(ch in ZH_FUNCTION_CHARS for ch in run)
            zh_words += len(words) if grammar else 1
        if en_words == zh_words:
            last = next((ch for ch in reversed(text) if CJK.match(ch) or ch.isalpha()), "")
            return "zh" if CJK.match(last or "a") else "en"
        return "en" if en_words > zh_words else "zh"



_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Chinese grammar words and particles: their presence makes a run of Chinese a sentence.
ZH_FUNCTION_WORDS = frozenset("什么 怎么 怎样 如何 多少 哪些 哪个 是否 能否 可以 有没有 是不是 我们 你们 他们 这个 那个 请问".split())
ZH_FUNCTION_CHARS = frozenset("的了吗呢吧啊么是有在和与我你他她它谁哪几请能会要想")


_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fff]{2,12})[”\"]")


def document_terms(texts) -> list[str]:
    """Terms a document marks as names by quoting them (“…”): kept whole by jieba."""
    return sorted({m.group(1) for text in texts for m in _QUOTED.finditer(text)})


def agent_roots(stems: list[str]) -> set[str]:
    """English stems with an agent ending taken off (seller → sell, buyer → buy, investor →
    invest), so the noun for who does a thing meets its verb; other stems as they are. A single
    latin letter (the s of bachelor's and of master's) says nothing and is left out."""
    return {stem[:-2] if len(stem) >= 5 and stem.endswith(("er", "or")) and stem.isascii() else stem
            for stem in stems if len(stem) > 1 or not stem.isascii()}
