"""The Chroma store of clause embeddings: built from the corpus, rebuilt when it is stale.

Each build goes into a fresh collection named after what it was built from (corpus
hash and model id); only a complete build is renamed to that name, so a failed or
interrupted rebuild leaves the previous index in use. The same code runs against a
PersistentClient under `index/` or, with a server URL set, a `chroma run` server.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from .embeddings import PolicyEmbeddings
from .errors import IndexUnavailableError
from .models import Clause, PolicyDocument

FINAL_PREFIX = "clauses-"
BUILD_PREFIX = "building-"
STORE_FOLDER = "chroma"


@dataclass(frozen=True)
class IndexInfo:
    collection: str
    location: str
    corpus_hash: str
    model_id: str
    entries: int
    rebuilt: bool
    build_seconds: float
    moved_aside: str | None = None  # a broken store folder kept for inspection


def collection_name(corpus_hash: str, model_id: str) -> str:
    digest = hashlib.sha256(f"{corpus_hash}\n{model_id}".encode()).hexdigest()[:16]
    return FINAL_PREFIX + digest


def clause_entries(documents: list[PolicyDocument]) -> list[tuple[str, str, dict]]:
    """(id, text, metadata) for the Chinese and the English text of every clause."""
    entries = []
    for document in documents:
        for clause in document.clauses:
            for lang, text in (("zh", clause.text_zh), ("en", clause.text_en)):
                metadata = {"doc": clause.doc_id, "clause": clause.number, "section": clause.section,
                            "lang": lang, "label": clause.label}
                entries.append((f"{clause.doc_id}:{clause.number}:{lang}", text, metadata))
    return entries


def open_client(chroma_url: str | None, index_dir: Path):
    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        parsed = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                       ssl=parsed.scheme == "https", settings=settings)
        except Exception as error:
            raise IndexUnavailableError(
                f"No Chroma server answers at {chroma_url} ({type(error).__name__}); start one with "
                "'chroma run --host 127.0.0.1 --port 8000' or unset ASSISTANT_CHROMA_URL."
            ) from error
    return chromadb.PersistentClient(path=str(Path(index_dir) / STORE_FOLDER), settings=settings)


class ClauseIndex:
    def __init__(self, client, location: str, embeddings: PolicyEmbeddings, corpus_hash: str):
        self.client = client
        self.location = location
        self.embeddings = embeddings
        self.corpus_hash = corpus_hash
        self.name = collection_name(corpus_hash, embeddings.model_id)
        self.collection = None

    @classmethod
    def open(cls, chroma_url: str | None, index_dir: Path, embeddings: PolicyEmbeddings,
             corpus_hash: str) -> tuple["ClauseIndex", str | None]:
        """Open the store; a persistent folder that cannot be opened is moved aside (kept, not
        deleted) and a new one started."""
        location = chroma_url or str(Path(index_dir) / STORE_FOLDER)
        try:
            client = open_client(chroma_url, index_dir)
            client.list_collections()
            return cls(client, location, embeddings, corpus_hash), None
        except IndexUnavailableError:
            raise
        except Exception as error:
            if chroma_url:
                raise IndexUnavailableError(
                    f"The Chroma server at {chroma_url} failed ({type(error).__name__}: {error})."
                ) from error
            _forget_cached_client(Path(index_dir) / STORE_FOLDER)
            broken = _move_aside(Path(index_dir) / STORE_FOLDER)
            client = open_client(None, index_dir)
            return cls(client, location, embeddings, corpus_hash), broken

    def ensure(self, documents: list[PolicyDocument], force: bool = False) -> IndexInfo:
        """Use the index built from this corpus and model, building it first if needed."""
        expected = len(clause_entries(documents))
        if not force:
            existing = self._existing()
            if existing is not None and existing.count() == expected:
                self.collection = existing
                return self._info(existing.count(), rebuilt=False, seconds=0.0)
        started = time.perf_counter()
        self.collection = self._build(documents)
        return self._info(self.collection.count(), rebuilt=True, seconds=time.perf_counter() - started)

    def _info(self, entries, rebuilt, seconds) -> IndexInfo:
        return IndexInfo(self.name, self.location, self.corpus_hash, self.embeddings.model_id,
                         entries, rebuilt, round(seconds, 3))

    def _existing(self):
        try:
            return self.client.get_collection(self.name, embedding_function=None)
        except Exception:  # chromadb raises NotFoundError or ValueError depending on client
            return None

    def _build(self, documents: list[PolicyDocument]):
        entries = clause_entries(documents)
        temporary = f"{BUILD_PREFIX}{uuid.uuid4().hex[:12]}"
        collection = self.client.create_collection(
            temporary,
            embedding_function=None,  # we pass vectors; Chroma's default would download a model
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"corpus_hash": self.corpus_hash, "model_id": self.embeddings.model_id,
                      "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        )
        try:
            vectors = self.embeddings.embed_documents([text for _, text, _ in entries])
            collection.add(ids=[i for i, _, _ in entries], embeddings=vectors,
                           documents=[t for _, t, _ in entries], metadatas=[m for _, _, m in entries])
            if collection.count() != len(entries):
                raise IndexUnavailableError("the new index is incomplete")
            previous = self._existing()
            if previous is not None:  # a forced rebuild: keep the old one until the new one stands
                previous.modify(name=f"{BUILD_PREFIX}previous-{uuid.uuid4().hex[:8]}")
            try:
                collection.modify(name=self.name)
            except BaseException:
                if previous is not None:
                    previous.modify(name=self.name)
                raise
        except BaseException:
            _drop(self.client, temporary)
            raise
        self._drop_stale()
        return self.client.get_collection(self.name, embedding_function=None)

    def _drop_stale(self):
        """Drop what this model built from older corpora; other models' indexes stay usable."""
        for existing in self.client.list_collections():
            name = existing if isinstance(existing, str) else existing.name
            if name == self.name or not name.startswith((FINAL_PREFIX, BUILD_PREFIX)):
                continue
            try:
                model_id = (self.client.get_collection(name, embedding_function=None).metadata or {}).get("model_id")
            except Exception:
                continue  # dropped meanwhile by another process
            if model_id == self.embeddings.model_id:
                _drop(self.client, name)

    def search(self, vector: list[float], limit: int) -> list[tuple[dict, float]]:
        """(metadata, cosine similarity) of the nearest clause texts."""
        result = self.collection.query(query_embeddings=[vector], n_results=limit,
                                       include=["metadatas", "distances"])
        return [(meta, 1.0 - distance) for meta, distance in
                zip(result["metadatas"][0], result["distances"][0])]


def _drop(client, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception:
        pass  # already gone; nothing to clean


def _forget_cached_client(folder: Path) -> None:
    """chromadb caches one system per path; a failed open would poison the next one."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(folder), None)


def _move_aside(folder: Path) -> str | None:
    if not folder.exists():
        return None
    target = folder.with_name(f"{folder.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
    shutil.move(str(folder), str(target))
    return str(target)
