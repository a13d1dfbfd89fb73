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
import os
import re
from pathlib import Path

import numpy as np

from assistant.search.text import EN_STOPWORDS, ZH_STOPWORDS, Analyzer

WORDS_FILE = "words.npz"
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
    """The documents' content words and their vectors. The vectors are kept beside the index
    per model, word by word: a changed library embeds only the words it did not have."""

    def __init__(self, words: list[str], lexicon, analyzer: Analyzer, embeddings, cache_dir: Path | None = None):
        self.analyzer = analyzer
        self.embeddings = embeddings
        self.lexicon = lexicon  # search.analysis.Lexicon: does any document contain a word?
        self.words = sorted(set(words))
        self.matrix = self._load(cache_dir)
        self._cache: dict[str, float] = {}

    def _load(self, cache_dir: Path | None) -> np.ndarray:
        if not self.words:
            return np.zeros((0, 1), dtype=np.float32)
        model = hashlib.sha256(self.embeddings.model_id.encode()).hexdigest()[:12]
        folder = Path(cache_dir) / f"words-{model}" if cache_dir else None
        known: dict[str, np.ndarray] = {}
        if folder and (folder / WORDS_FILE).is_file():
            try:
                with np.load(folder / WORDS_FILE, allow_pickle=False) as stored:
                    names, vectors = stored["words"].tolist(), stored["vectors"]
                if len(names) == len(vectors):
                    known = dict(zip(names, vectors))
            except (OSError, ValueError, KeyError):
                known = {}  # unreadable: embed again
        missing = [w for w in self.words if w not in known]
        for start in range(0, len(missing), 128):
            batch = missing[start:start + 128]
            vectors = self.embeddings.embed_batch(batch, is_query=True).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
            known.update(zip(batch, vectors))
        matrix = np.vstack([known[w] for w in self.words]).astype(np.float32)
        if folder and missing:
            _save_words(folder, list(known), np.vstack(list(known.values())))
        return matrix

    def closeness(self, question: str) -> tuple[float, float]:
        """(closest match of the most foreign word, mean closest match) over the question's words;
        a word the documents contain verbatim counts as 1.0."""
        words = content_words(self.analyzer.to_simplified(question), self.analyzer)
        if not words or self.matrix.shape[0] == 0:
            return 1.0, 1.0
        scores = self.nearest(words)
        return min(scores), sum(scores) / len(scores)

    def nearest(self, words: list[str]) -> list[float]:
        """For each word, how close the documents' nearest word is (1.0: the documents have it)."""
        if self.matrix.shape[0] == 0:
            return [1.0 for _ in words]
        verbatim = {w for w in words if self.lexicon.contains(w)}
        unseen = list(dict.fromkeys(w for w in words if w not in self._cache and w not in verbatim))
        if len(self._cache) > 20000:  # a long-running server: keep the cache bounded
            self._cache.clear()
        if unseen:
            vectors = self.embeddings.embed_batch(unseen, is_query=True).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
            for word, best in zip(unseen, (vectors @ self.matrix.T).max(axis=1)):
                self._cache[word] = float(best)
        return [1.0 if w in verbatim else self._cache[w] for w in words]


def _save_words(folder: Path, words: list[str], vectors: np.ndarray) -> None:
    """Words and vectors in one file, replaced whole: a reader never pairs old with new."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f"{WORDS_FILE}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            np.savez(handle, words=np.array(words), vectors=vectors.astype(np.float32))
        temporary.replace(folder / WORDS_FILE)
    except OSError:
        pass  # a read-only index folder: embed again next time
