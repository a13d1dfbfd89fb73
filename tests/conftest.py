"""Real parts: the packaged e5 model, a real Chroma store and a copy of the corpus in a temporary folder."""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Assistant, Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = "chengdu-edu-2021-129"  # the seed notice: corpus/chengdu-edu-2021-129
TODAY = date(2026, 11, 28)


def copy_corpus(target: Path) -> Path:
    """A copy of corpus/ to work on: loading writes facts.json and adopts loose files."""
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns(".*"))
    return target


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    return copy_corpus(tmp_path_factory.mktemp("corpus-session") / "corpus")


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, corpus_copy) -> Assistant:
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path_factory.mktemp("index"))
    return Assistant.create(settings, today=TODAY)


@pytest.fixture(scope="session")
def built_index(assistant) -> Path:
    """The session's index of the seed notice, built once with the real model."""
    return assistant.settings.index_dir


def copy_index(source: Path, target: Path) -> Path:
    """A test's own index that starts from the session's: passages are keyed by their text, so
    only documents the test adds (or changes) are embedded again."""
    shutil.copytree(source, target)
    return target


class ExactFakeEmbeddings:
    """For tests about index mechanics, not answers: the same text always gets the same unit
    vector (from its hash), different texts nearly orthogonal ones, at no cost. Counts calls."""

    model_id = "exact-fake-64"
    dimensions = 64

    def __init__(self, fail_after: int | None = None):
        self.embedded: list[str] = []
        self.fail_after = fail_after

    def embed_batch(self, texts, is_query):
        import hashlib

        import numpy as np

        if not is_query:
            if self.fail_after is not None and len(self.embedded) + len(texts) > self.fail_after:
                raise RuntimeError("simulated failure during the build")
            self.embedded.extend(texts)
        rows = []
        for text in texts:
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)
            vector = np.random.default_rng(seed).standard_normal(self.dimensions)
            rows.append(vector / np.linalg.norm(vector))
        return np.array(rows, dtype=np.float32)

    def embed_documents(self, texts):
        return self.embed_batch(list(texts), is_query=False).astype(float).tolist()

    def embed_query(self, text):
        return self.embed_batch([text], is_query=True)[0].astype(float).tolist()


@pytest.fixture(scope="session")
def document(assistant):
    return assistant.documents[0]
