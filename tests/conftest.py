"""Real parts: the packaged e5 model, a real Chroma store in a temporary folder."""

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant import Assistant, Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Assistant:
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("index"))
    return Assistant.create(settings, today=TODAY)


@pytest.fixture(scope="session")
def document(assistant):
    return assistant.primary
