"""The Chroma store of clause and sentence embeddings, updated one document at a time.

One collection per embedding model. Every entry carries its document id and the hash of
that document's files; `ensure` re-embeds only documents whose hash changed (or whose
entries are incomplete, e.g. after an interrupted build), drops documents that left the
corpus and leaves the rest alone. Adds go in batches within the store's limit. The same
code runs against a PersistentClient under `index/` or a `chroma run` server.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from assistant.errors import IndexUnavailableError
from assistant.models import PolicyDocument
from assistant.search.embeddings import PolicyEmbeddings

PREFIX = "policy-"
STORE_FOLDER = "chroma"
_ZH_SENTENCE = re.compile(r"(?<=[。；！？])")
_EN_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"])")


@dataclass(frozen=True)
class IndexInfo:
    collection: str
    location: str
    model_id: str
    entries: int
    rebuilt: bool  # whether any document was (re-)embedded
    build_seconds: float
    embedded_docs: tuple[str, ...] = ()
    removed_docs: tuple[str, ...] = ()
    passages_per_second: float | None = None
    moved_aside: str | None = None  # a broken store folder kept for inspection


def collection_name(model_id: str) -> str:
    return PREFIX + hashlib.sha256(model_id.encode()).hexdigest()[:16]


def sentences(text: str, language: str) -> list[str]:
    parts = _ZH_SENTENCE.split(text.replace("\n", "")) if language == "zh" else _EN_SENTENCE.split(text)
    return [p.strip() for p in parts if len(p.strip()) >= 6]


def document_entries(document: PolicyDocument, doc_hash: str) -> list[tuple[str, str, dict]]:
    """(id, text, metadata): each clause whole and each of its sentences, in Chinese and English."""
    entries = []
    for clause in document.clauses:
        for lang, text in (("zh", clause.text_zh), ("en", clause.text_en)):
            if not text:
                continue
            pieces = [text] + (sentences(text, lang) if clause.number else [])
            for i, piece in enumerate(pieces):
                metadata = {"doc": clause.doc_id, "clause": clause.number, "lang": lang, "part": i,
                            "doc_hash": doc_hash}
                entries.append((f"{clause.doc_id}:{clause.number}:{lang}:{i}", piece, metadata))
    count = len(entries)
    for _, _, metadata in entries:
        metadata["doc_entries"] = count
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


@dataclass
class ClauseIndex:
    client: object
    location: str
    embeddings: PolicyEmbeddings
    collection: object = None
    name: str = field(init=False)

    def __post_init__(self):
        self.name = collection_name(self.embeddings.model_id)

    @classmethod
    def open(cls, chroma_url: str | None, index_dir: Path, embeddings: PolicyEmbeddings
             ) -> tuple["ClauseIndex", str | None]:
        """Open the store; a persistent folder that cannot be opened is moved aside (kept, not
        deleted) and a new one started."""
        location = chroma_url or str(Path(index_dir) / STORE_FOLDER)
        try:
            client = open_client(chroma_url, index_dir)
            client.list_collections()
            return cls(client, location, embeddings), None
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
            return cls(client, location, embeddings), broken

    def _collection(self):
        return self.client.get_or_create_collection(
            self.name, embedding_function=None,  # we pass vectors; Chroma's default would download a model
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"model_id": self.embeddings.model_id,
                      "created": datetime.now(timezone.utc).isoformat(timespec="seconds")})

    def indexed(self) -> dict[str, tuple[str, int, int]]:
        """doc id → (hash, expected entries, entries present)."""
        found: dict[str, list] = {}
        result = self.collection.get(include=["metadatas"])
        for metadata in result["metadatas"]:
            doc = metadata["doc"]
            entry = found.setdefault(doc, [metadata.get("doc_hash", ""), metadata.get("doc_entries", -1), 0])
            entry[2] += 1
        return {doc: tuple(v) for doc, v in found.items()}

    def ensure(self, documents: list[PolicyDocument], hashes: dict[str, str], force: bool = False,
               progress: Callable[[str, int, int], None] | None = None) -> IndexInfo:
        """Embed the documents that are new or changed; drop the ones that left the corpus."""
        started = time.perf_counter()
        self.collection = self._collection()
        present = self.indexed()
        wanted = {d.meta.doc_id for d in documents}
        removed = [doc for doc in present if doc not in wanted]
        for doc in removed:
            self.collection.delete(where={"doc": doc})
        embedded, passages = [], 0
        for document in documents:
            doc_id = document.meta.doc_id
            doc_hash = hashes[doc_id]
            current = present.get(doc_id)
            if not force and current and current[0] == doc_hash and current[1] == current[2]:
                continue
            entries = document_entries(document, doc_hash)
            if current:
                self.collection.delete(where={"doc": doc_id})
            self._add(entries, doc_id, progress)
            embedded.append(doc_id)
            passages += len(entries)
        seconds = time.perf_counter() - started
        return IndexInfo(self.name, self.location, self.embeddings.model_id, self.collection.count(),
                         bool(embedded), round(seconds, 3), tuple(embedded), tuple(removed),
                         round(passages / seconds, 1) if embedded and seconds else None)

    def _add(self, entries, doc_id: str, progress) -> None:
        limit = min(256, self.client.get_max_batch_size() if hasattr(self.client, "get_max_batch_size") else 256)
        for start in range(0, len(entries), limit):
            batch = entries[start:start + limit]
            vectors = self.embeddings.embed_documents([text for _, text, _ in batch])
            self.collection.upsert(ids=[i for i, _, _ in batch], embeddings=vectors,
                                documents=[t for _, t, _ in batch], metadatas=[m for _, _, m in batch])
            if progress:
                progress(doc_id, min(start + limit, len(entries)), len(entries))

    def search(self, vector: list[float], limit: int, doc: str | None = None, lang: str | None = None
               ) -> list[tuple[dict, float]]:
        """(metadata, cosine similarity) of the nearest passages, optionally of one document or
        one language."""
        limit = max(1, min(limit, self.collection.count()))
        conditions = [c for c in ({"doc": doc} if doc else None, {"lang": lang} if lang else None) if c]
        where = conditions[0] if len(conditions) == 1 else {"$and": conditions} if conditions else None
        result = self.collection.query(query_embeddings=[vector], n_results=limit,
                                       include=["metadatas", "distances"], where=where)
        return [(meta, 1.0 - distance) for meta, distance in zip(result["metadatas"][0], result["distances"][0])]


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
