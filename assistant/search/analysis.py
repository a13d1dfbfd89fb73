"""What the lexical side needs from each document, worked out once per version of it.

Cutting Chinese with jieba, glossing clauses that have no English and tagging words is
the slow part of starting on a large library. It is done per document and kept in a
small JSON file beside the index, keyed by the document's hash and by the analyzer's
dictionary of terms; a start-up reads these files, and a changed document is the only
one analysed again.

From the analyses the search builds the `Lexicon`: which words and word pairs the loaded
documents use, their pinyin, and their English words. It answers "does any document say
this?" in time that grows with the question, not with the library.
"""

from __future__ import annotations

import functools

import hashlib
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.models import PolicyDocument
from assistant.search import gloss as glossary
from assistant.search.gloss import gloss
from assistant.search.text import CJK, Analyzer

VERSION = 12  # raise when what an analysis holds changes: every cached file is then redone
FOLDER = "analysis"
_ENGLISH_WORD = re.compile(r"[a-z][a-z'\-]*")


@dataclass(frozen=True)
class DocumentAnalysis:
    doc_id: str
    digest: str  # document hash + analyzer terms + how the analyzer cuts a probe text + VERSION
    passages: list[tuple[str, list[str]]] | None  # (clause key, BM25 tokens); None: still in the cache file
    glosses: dict[str, str]  # clause key → dictionary gloss, for clauses with no English text
    phrases: list[str]  # the Chinese words of the text and each pair of neighbouring words
    english: list[str]  # lower-case English words of the English text and the glosses
    content: list[str]  # words that carry a topic (see vocabulary.content_words)
    romanised: list[str]  # pinyin of the phrases: an English question may spell a Chinese name
    # The whole notice as one bag of words: every clause's Chinese tokens and its dictionary
    # gloss, for translated notices too, so that an English question weighs every notice by
    # the same kind of English (see `LexicalIndex.document_scores`); None: in the cache file.
    whole: list[str] | None = None
    path: str | None = None  # the tokens' cache file, where passages not yet read are

    def tokens_and_whole(self) -> tuple[list[tuple[str, list[str]]], list[str]]:
        """The passages' tokens and the whole notice's, read from the cache file (once) when
        they were left there: they are needed only when the BM25 index is built, not at an
        ordinary start."""
        if self.passages is not None and self.whole is not None:
            return self.passages, self.whole
        data = json.loads(Path(self.path).read_text(encoding="utf-8"))  # written with the analysis
        return [(key, [sys.intern(t) for t in tokens]) for key, tokens in data["passages"]], data["whole"]


def analysis_digest(doc_hash: str, analyzer: Analyzer) -> str:
    """The key of a cached analysis. Besides the document and the added terms it holds how the
    analyzer cuts a fixed probe text, so that a change to the tokenizer's code redoes the cache
    even when nobody raised VERSION (stale analyses had skewed a measurement once)."""
    terms = "\n".join(analyzer.terms)
    return hashlib.sha256(f"{VERSION}\n{glossary.SENSES}\n{doc_hash}\n{terms}\n{analyzer.behaviour}"
                          .encode()).hexdigest()[:20]


def analyse(document: PolicyDocument, doc_hash: str, analyzer: Analyzer) -> DocumentAnalysis:
    from assistant.search.vocabulary import content_words

    passages, glosses = [], {}
    phrases: set[str] = set()
    english: set[str] = set()
    content: dict[str, None] = {}
    whole: list[str] = []
    for clause in document.clauses:
        glossed = gloss(clause.text_zh, analyzer)
        english_text = clause.text_en
        if not english_text:
            english_text = glosses[clause.key] = glossed
        zh_tokens = analyzer.tokens(clause.text_zh) if clause.text_zh else []
        gloss_tokens = analyzer.tokens(glossed) if glossed else []
        if clause.text_zh:
            passages.append((clause.key, zh_tokens))
        if english_text:
            passages.append((clause.key, analyzer.tokens(clause.text_en) if clause.text_en else gloss_tokens))
        whole += zh_tokens + gloss_tokens
        for run in re.findall(r"[\u3400-\u9fff]+", analyzer.to_simplified(clause.text_zh)):
            words = [w for w in analyzer.cut_zh(run) if CJK.search(w)]
            phrases.update(words)
            phrases.update(a + b for a, b in zip(words, words[1:]))
        english.update(_ENGLISH_WORD.findall(english_text.lower()))
        for text in (clause.text_zh, clause.text_en):
            if text:
                content.update(dict.fromkeys(content_words(text, analyzer)))
    ordered = sorted(phrases)
    return DocumentAnalysis(document.meta.doc_id, analysis_digest(doc_hash, analyzer), passages, glosses,
                            ordered, sorted(english), list(content),
                            romanise([p for p in ordered if _is_name(p, analyzer)]), whole)


_PROPER = ("ns", "nr", "nz", "nt")  # jieba's tags for places, people, other proper names, organisations


def _is_name(phrase: str, analyzer: Analyzer) -> bool:
    """A proper name that an English question may spell in pinyin: one jieba's dictionary tags so
    (成都, 四川), or a phrase ending in a place suffix (锦江区, 温江区). Not any word: 背景 reads
    "beijing" and 伤害 "shanghai", and a notice that says them does not name those cities."""
    return (len(phrase) >= 3 and phrase[-1] in PLACE_SUFFIXES) or analyzer.word_tag(phrase) in _PROPER


def romanise(phrases: list[str]) -> list[str]:
    """Pinyin of every run of two to four characters inside the names: an English question
    spells a place by its name without its suffix (Jinjiang for 锦江区)."""
    from pypinyin import lazy_pinyin

    runs = {p[i:i + n] for p in phrases for n in (2, 3, 4) for i in range(len(p) - n + 1)}
    return sorted({"".join(lazy_pinyin(run)) for run in runs})


@functools.cache
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (about 400), from pypinyin's dictionary."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    return frozenset(to_normal(reading).replace("ü", "v") for readings in PINYIN_DICT.values()
                     for reading in readings.split(","))


def spells_chinese_name(word: str) -> bool:
    """Whether a latin word reads as two or more pinyin syllables (Shenzhen, Sichuan): a Chinese
    name romanised, as against a foreign one (Oxford, Fraunhofer, Melbourne)."""
    syllables, word = _pinyin_syllables(), word.lower().replace("'", "")
    # fewest syllables covering word[:i], or None; a classic segmentation by dynamic programming
    best: list[int | None] = [0] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] is not None and word[start:end] in syllables:
                candidate = best[start] + 1
                best[end] = candidate if best[end] is None else min(best[end], candidate)
    return best[-1] is not None and best[-1] >= 2


def load_analyses(documents: list[PolicyDocument], hashes: dict[str, str], analyzer: Analyzer,
                  cache_dir: Path | None) -> list[DocumentAnalysis]:
    """One analysis per document, read from the cache when current, else made (and cached)."""
    folder = Path(cache_dir) / FOLDER if cache_dir else None
    analyses = []
    for document in documents:
        doc_id = document.meta.doc_id
        digest = analysis_digest(hashes.get(doc_id, ""), analyzer)
        path = folder / f"{doc_id}.json" if folder else None
        analysis = _read(path, digest)
        if analysis is None:
            analysis = analyse(document, hashes.get(doc_id, ""), analyzer)
            _write(path, analysis)
        analyses.append(analysis)
    if folder and folder.is_dir():  # documents that left the corpus
        wanted = {f"{d.meta.doc_id}{suffix}" for d in documents for suffix in (".json", ".tokens.json")}
        for stale in folder.glob("*.json"):
            if stale.name not in wanted:
                stale.unlink(missing_ok=True)
    return analyses


def _tokens_path(path: Path) -> Path:
    """The passages' tokens and the whole notice's are kept apart from the rest of an analysis:
    they are most of its size and are read only when BM25 is built, so a start on a current
    library never parses them (at 100,000 clauses that was hundreds of MiB per start)."""
    return path.with_name(f"{path.stem}.tokens.json")


def _read(path: Path | None, digest: str) -> DocumentAnalysis | None:
    if path is None or not path.is_file() or not _tokens_path(path).is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("digest") != digest:
            return None
        data.pop("path", None)
        return DocumentAnalysis(**data, passages=None, whole=None, path=str(_tokens_path(path)))
    except (OSError, ValueError, TypeError, KeyError):
        return None  # unreadable or from another version: analyse again


def _write(path: Path | None, analysis: DocumentAnalysis) -> None:
    if path is None:
        return
    data = asdict(analysis)
    data.pop("path")
    tokens = {"passages": data.pop("passages"), "whole": data.pop("whole")}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((_tokens_path(path), tokens), (path, data)):  # the summary last: it marks the pair done
            temporary = target.with_suffix(".tmp")
            temporary.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
            temporary.replace(target)
    except OSError:
        pass  # a read-only index folder: analyse again next time


PLACE_SUFFIXES = frozenset("区县市省州镇")


class Lexicon:
    """The words of every loaded document, for questions such as "does any document use 购房?"."""

    def __init__(self, analyses: list[DocumentAnalysis]):
        phrases = {p for a in analyses for p in a.phrases}
        self._bigrams = {p[i:i + 2] for p in phrases for i in range(len(p) - 1)}
        self._phrases = "\n".join(sorted(phrases))
        self._english = " " + " ".join(sorted({w for a in analyses for w in a.english})) + " "
        romanised: dict[str, set[str]] = {}
        for a in analyses:
            for r in a.romanised:
                romanised.setdefault(r, set()).add(a.doc_id)
        places: dict[str, set[str]] = {}  # 锦江区 → the documents that name it (any run ending in a place suffix)
        for a in analyses:
            for phrase in a.phrases:
                for end, ch in enumerate(phrase, start=1):
                    if ch in PLACE_SUFFIXES:
                        for start in range(max(0, end - 5), end - 2):
                            places.setdefault(phrase[start:end], set()).add(a.doc_id)
        shared: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set of documents
        self.romanised = {r: shared.setdefault(frozenset(d), frozenset(d)) for r, d in romanised.items()}  # pinyin → docs
        self._places = {p: shared.setdefault(frozenset(d), frozenset(d)) for p, d in places.items()}
        self._by_first: dict[str, list[str]] | None = None  # first character → phrases, made when first asked
        self._place_spellings: frozenset[str] | None = None  # the places' pinyin, made when first asked

    def expand(self, word: str) -> str | None:
        """What a short Chinese word no document uses may abbreviate: the shortest document
        phrase that starts with its first character and has its other characters in order
        (高企 → 高新技术企业 when the documents say that, 专硕 → 专业硕士), or None when no
        phrase, or several equally short ones, fit. A word the documents use only inside a
        longer name (锦江 of 《锦江英才计划》, which search indexes whole) is read as that name, when
        exactly one shortest phrase holds it."""
        if not (2 <= len(word) <= 3) or not CJK.fullmatch(word[0]):
            return None
        if self.contains(word):  # one C-speed scan of the joined phrases, not a loop over them
            holders = {m.group(0) for m in re.finditer(f"[^\n]*{re.escape(word)}[^\n]*", self._phrases)} - {word}
            shortest = min(map(len, holders), default=0)
            best = [p for p in holders if len(p) == shortest]
            return best[0] if len(best) == 1 else None
        if self._by_first is None:
            by_first: dict[str, list[str]] = {}
            for phrase in self._phrases.split("\n"):
                if len(phrase) >= 3:
                    by_first.setdefault(phrase[0], []).append(phrase)
            self._by_first = by_first
        pattern = re.compile(".*?".join(map(re.escape, word)))
        fits = [p for p in self._by_first.get(word[0], ()) if len(p) > len(word) and pattern.match(p)]
        if not fits:
            return None
        shortest = min(map(len, fits))
        best = [p for p in fits if len(p) == shortest]
        return best[0] if len(best) == 1 else None

    def spells_a_place(self, word: str) -> bool:
        """Whether a latin word is the pinyin of a place the documents name (Qingdu for 青都区), also
        where the place stands only inside a longer name (成都市青都区经济和信息化局). Worked out at
        the first question that needs it."""
        if self._place_spellings is None:
            import itertools

            from pypinyin import Style, pinyin

            spellings = set()  # every reading of a character that has several (青都: qing du, not only qing dou)
            for name in {place[start:-1] for place in self._places for start in range(len(place) - 2)}:
                readings = pinyin(name, style=Style.NORMAL, heteronym=True)
                spellings.update("".join(combo) for combo in itertools.islice(itertools.product(*readings), 16))
            self._place_spellings = frozenset(spellings)
        return word.lower() in self._place_spellings

    def documents_with(self, word: str) -> set[str]:
        """The documents whose text names `word`: a place (three to five characters ending in
        区/县/市/省/州/镇), or the pinyin of a word."""
        if not CJK.search(word):
            return set(self.romanised.get(word.lower(), ()))
        return set(self._places.get(word, ()))

    def contains(self, text: str) -> bool:
        """Whether the documents' text contains `text` (Chinese: within a word or a pair of
        neighbouring words; English: within a word)."""
        if not text:
            return False
        if CJK.search(text):
            if any(text[i:i + 2] not in self._bigrams for i in range(len(text) - 1)):
                return False
            return len(text) <= 2 or text in self._phrases
        return text.lower() in self._english

    def has_english_word(self, word: str) -> bool:
        return f" {word.lower()} " in self._english
