"""How foreign a question's words are to the loaded documents, by meaning, not spelling.

Each content word of the question is embedded and compared with the documents' own words
(jieba words of the Chinese text, words of the English text): "company" lands near 企业,
"cash" near 资金, while 购房 finds nothing close. The closest match of the question's most
foreign word, and the mean over its words, are signals for the coverage decision. An
unknown word is evidence only in proportion to how far its meaning is from everything the
documents say. The documents' word vectors are cached beside the index.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from assistant.search.text import CJK, EN_STOPWORDS, ZH_STOPWORDS, Analyzer

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z\-']{2,}")
_CONTENT_FLAGS = ("n", "v", "a", "j", "l", "i", "s", "t", "x")  # x: the documents' own terms


def content_words(text: str, analyzer: Analyzer) -> list[str]:
    """Words that carry a topic: Chinese nouns/verbs/adjectives of two or more characters and
    English words that are not function words."""
    words = [w for w, flag in analyzer.pos_zh(text)
             if len(w) >= 2 and flag[:1] in _CONTENT_FLAGS and w not in ZH_STOPWORDS]
    words += [w.lower() for w in _EN_WORD.findall(text) if w.lower() not in EN_STOPWORDS]
    return list(dict.fromkeys(words))


class Vocabulary:
    def __init__(self, texts: list[str], analyzer: Analyzer, embeddings, cache_dir: Path | None = None):
        self.analyzer = analyzer
        self.embeddings = embeddings
        words: set[str] = set()
        for text in texts:
            words.update(content_words(text, analyzer))
        self.words = sorted(words)
        self._text = "".join(texts).lower()
        self.matrix = self._load(cache_dir)
        self._cache: dict[str, float] = {}

    def _load(self, cache_dir: Path | None) -> np.ndarray:
        if not self.words:
            return np.zeros((0, 1))
        digest = hashlib.sha256(("\n".join(self.words) + self.embeddings.model_id).encode()).hexdigest()[:16]
        path = Path(cache_dir) / f"vocabulary-{digest}.npy" if cache_dir else None
        if path and path.is_file():
            try:
                return np.load(path)
            except (OSError, ValueError):
                pass
        matrix = np.vstack([self.embeddings.embed_batch(self.words[i:i + 128], is_query=True)
                            for i in range(0, len(self.words), 128)]).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
        if path:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, matrix)
            except OSError:
                pass  # a read-only index folder: compute again next time
        return matrix

    def closeness(self, question: str) -> tuple[float, float]:
        """(closest match of the most foreign word, mean closest match) over the question's words;
        a word the documents contain verbatim counts as 1.0."""
        words = content_words(self.analyzer.to_simplified(question), self.analyzer)
        if not words or self.matrix.shape[0] == 0:
            return 1.0, 1.0
        unseen = [w for w in words if w not in self._cache and w not in self._text]
        if len(self._cache) > 20000:  # a long-running server: keep the cache bounded
            self._cache.clear()
        if unseen:
            vectors = self.embeddings.embed_batch(unseen, is_query=True).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
            for word, best in zip(unseen, (vectors @ self.matrix.T).max(axis=1)):
                self._cache[word] = float(best)
        scores = [1.0 if w in self._text else self._cache[w] for w in words]
        return min(scores), sum(scores) / len(scores)
