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
def document(assistant):
    return assistant.documents[0]
