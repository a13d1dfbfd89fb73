"""Settings are read once, at the edge (CLI or UI), and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small-q4"
MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 to use a `chroma run` server
    embedding_threads: int = 1  # measured: 2 threads on 2 shared cores made warm p50 215 ms under load, 1 made 63 ms
    max_question_chars: int = MAX_QUESTION_CHARS
    # How BM25 and dense scores are fused ("dbsf": each scaled by its own spread, then summed;
    # "rrf": reciprocal ranks with constant rrf_k), and how many clauses go to the composer
    fusion: str = "dbsf"
    rrf_k: int = 60
    top_k: int = 3

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if environ is None else environ
        settings = cls()
        values: dict = {}
        if env.get("ASSISTANT_CORPUS_DIR"):
            values["corpus_dir"] = Path(env["ASSISTANT_CORPUS_DIR"])
        if env.get("ASSISTANT_INDEX_DIR"):
            values["index_dir"] = Path(env["ASSISTANT_INDEX_DIR"])
        if env.get("ASSISTANT_EMBEDDING_MODEL"):
            values["embedding_model"] = env["ASSISTANT_EMBEDDING_MODEL"]
        if env.get("ASSISTANT_CHROMA_URL"):
            values["chroma_url"] = env["ASSISTANT_CHROMA_URL"]
        if env.get("ASSISTANT_EMBEDDING_THREADS"):
            raw = env["ASSISTANT_EMBEDDING_THREADS"]
            if not raw.strip().isdigit() or int(raw) < 1:
                from assistant.errors import UnknownBackendError

                raise UnknownBackendError(f"ASSISTANT_EMBEDDING_THREADS={raw!r}: give a whole number of threads, e.g. 2.")
            values["embedding_threads"] = int(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(settings, **values)
