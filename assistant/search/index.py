"""The Chroma store of clause and sentence embeddings, updated one document at a time.

Per embedding model: one collection per language and a manifest of the documents it holds.
Every passage carries its document id and a hash of its text; `ensure` looks only at
documents whose hash differs from the manifest's (or that an interrupted build left
unfinished), embeds only their passages whose text changed, drops documents that left the
corpus and leaves the rest alone. Writes go in batches within the store's limit. The same
code runs against a PersistentClient under `index/` or a `chroma run` server.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
import weakref
from contextlib import contextmanager
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
LANGUAGES = ("zh", "en")
MANIFEST = "documents"
BATCH = 256  # passages embedded and written at a time (Chroma's own limit is larger)
# How many passages Chroma's graph search is asked for, of which the nearest `limit` are kept: the
# graph is explored at least that far (hnswlib's ef is the larger of its setting and the count asked).
# At Chroma's default depth (100) the 40 passages asked for were about 95% of the true nearest ones in
# a 3,000-passage library, and which 5% were missed changed from one start to the next (the graph is
# built by several threads): the same question could get another answer after a restart. At 512 the
# nearest are found (measured: 99.9% of the top 60), for under a ms more: only ids and distances are
# returned, the ids carrying the document, clause, language and part.
SEARCH_DEPTH = 512
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
    embedded_passages: int = 0


def collection_name(model_id: str) -> str:
    return PREFIX + hashlib.sha256(model_id.encode()).hexdigest()[:16]


def sentences(text: str, language: str) -> list[str]:
    parts = _ZH_SENTENCE.split(text.replace("\n", "")) if language == "zh" else _EN_SENTENCE.split(text)
    return [p.strip() for p in parts if len(p.strip()) >= 6]


def document_entries(document: PolicyDocument) -> list[tuple[str, str, dict]]:
    """(id, text, metadata): each clause whole and each of its sentences, in Chinese and English.
    The metadata carries a hash of the text, so a changed document re-embeds only what changed."""
    entries = []
    for clause in document.clauses:
        for lang, text in (("zh", clause.text_zh), ("en", clause.text_en)):
            if not text:
                continue
            pieces = [text] + (sentences(text, lang) if clause.number else [])
            for i, piece in enumerate(pieces):
                metadata = {"doc": clause.doc_id, "clause": clause.number, "lang": lang, "part": i,
                            "text_hash": hashlib.sha1(piece.encode()).hexdigest()[:16]}
                entries.append((f"{clause.doc_id}:{clause.number}:{lang}:{i}", piece, metadata))
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
    """Passages in one collection per language (a query never filters by language), and a
    small manifest collection: one entry per document with the hash it was embedded from,
    written after the document's last passage, so an interrupted build shows as unfinished."""

    client: object
    location: str
    embeddings: PolicyEmbeddings
    collections: dict = field(default_factory=dict)
    batch: int = BATCH  # passages embedded and written at a time
    name: str = field(init=False)

    def __post_init__(self):
        self.name = collection_name(self.embeddings.model_id)

    @property
    def remote(self) -> bool:
        """Whether the passages live in a Chroma server (which can go away mid-session)."""
        return self.location.startswith(("http://", "https://"))

    @property
    def collection(self):
        """The Chinese passages' collection once the index is open (None before)."""
        return self.collections.get("zh")

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
            store = Path(index_dir) / STORE_FOLDER
            _forget_cached_client(store)
            if store.is_dir() and not _writable(store):
                return cls._read_only(store, embeddings, error)
            broken = _move_aside(store)
            client = open_client(None, index_dir)
            return cls(client, location, embeddings), broken

    @classmethod
    def _read_only(cls, store: Path, embeddings: PolicyEmbeddings, error: Exception) -> tuple["ClauseIndex", None]:
        """A store on a read-only mount cannot be opened in place (Chroma writes as it opens):
        it is used as it is, from a copy in a temporary folder; nothing is moved or lost."""
        copy = Path(tempfile.mkdtemp(prefix="policy-index-readonly-")) / STORE_FOLDER
        try:
            shutil.copytree(store, copy)
            client = chromadb.PersistentClient(path=str(copy), settings=ChromaSettings(anonymized_telemetry=False))
            client.list_collections()
        except Exception as copy_error:
            raise IndexUnavailableError(
                f"The index at {store} is read-only and could not be opened ({type(error).__name__}), nor "
                f"read from a copy ({type(copy_error).__name__}); point ASSISTANT_INDEX_DIR at a writable folder."
            ) from copy_error
        index = cls(client, f"{store} (read-only; read from a copy at {copy})", embeddings)
        weakref.finalize(index, shutil.rmtree, copy.parent, True)  # the copy goes with the index, or at exit
        return index, None

    def _open_collections(self) -> None:
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for part in (*LANGUAGES, MANIFEST):
            self.collections[part] = self.client.get_or_create_collection(
                f"{self.name}-{part}", embedding_function=None,  # we pass vectors; Chroma's default downloads a model
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"model_id": self.embeddings.model_id, "created": created})
        try:  # the single collection of earlier versions: its passages are embedded again here
            self.client.delete_collection(self.name)
        except Exception:
            pass

    def indexed(self) -> dict[str, tuple[str, int]]:
        """doc id → (hash it was embedded from, passages) for every finished document."""
        result = self.collections[MANIFEST].get(include=["metadatas"])
        return {doc: (meta.get("doc_hash", ""), int(meta.get("entries", 0)))
                for doc, meta in zip(result["ids"], result["metadatas"])}

    def count(self) -> int:
        return sum(self.collections[lang].count() for lang in LANGUAGES)

    def ensure(self, documents: list[PolicyDocument], hashes: dict[str, str], force: bool = False,
               progress: Callable[[str, int, int], None] | None = None) -> IndexInfo:
        """Embed the passages of documents that are new or changed (only the passages whose
        text changed); drop the documents that left the corpus. `force` embeds every document
        again. `progress(doc_id, done, total)` counts passages over the whole build."""
        started = time.perf_counter()
        self._open_collections()
        present = self.indexed()
        wanted = {d.meta.doc_id for d in documents}
        removed = [doc for doc in present if doc not in wanted]
        for doc in removed:
            for lang in LANGUAGES:
                self.collections[lang].delete(where={"doc": doc})
            self.collections[MANIFEST].delete(ids=[doc])
        embedded, passages = [], 0
        work = [d for d in documents if force or not hashes.get(d.meta.doc_id)
                or present.get(d.meta.doc_id, ("", 0))[0] != hashes[d.meta.doc_id]]
        planned = {d.meta.doc_id: document_entries(d) for d in work}
        counter = _Progress(progress, sum(len(e) for e in planned.values()))
        for document in work:
            doc_id = document.meta.doc_id
            doc_hash = hashes.get(doc_id, "")
            entries = planned.pop(doc_id)
            changed = self._update(entries, doc_id, counter, everything=force)
            self.collections[MANIFEST].upsert(ids=[doc_id], embeddings=[[1.0]], documents=[doc_id],
                                              metadatas=[{"doc_hash": doc_hash, "entries": len(entries)}])
            if changed or doc_id not in present:
                embedded.append(doc_id)
                passages += changed
        seconds = time.perf_counter() - started
        return IndexInfo(self.name, self.location, self.embeddings.model_id, self.count(),
                         bool(embedded), round(seconds, 3), tuple(embedded), tuple(removed),
                         round(passages / seconds, 1) if passages and seconds else None,
                         embedded_passages=passages)

    def _update(self, entries, doc_id: str, progress, everything: bool = False) -> int:
        """Embed the entries whose text is new, delete the document's entries that are gone;
        returns how many were embedded."""
        stale: list[tuple[str, str]] = []
        current: dict[str, str] = {}
        for lang in LANGUAGES:
            found = self.collections[lang].get(where={"doc": doc_id}, include=["metadatas"])
            for entry_id, meta in zip(found["ids"], found["metadatas"]):
                current[entry_id] = meta.get("text_hash", "")
                stale.append((lang, entry_id))
        new_ids = {entry_id for entry_id, _, _ in entries}
        for lang in LANGUAGES:
            gone = [entry_id for entry_lang, entry_id in stale if entry_lang == lang and entry_id not in new_ids]
            if gone:
                self.collections[lang].delete(ids=gone)
        todo = [e for e in entries if everything or current.get(e[0]) != e[2]["text_hash"]]
        limit = min(self.batch, self.client.get_max_batch_size() if hasattr(self.client, "get_max_batch_size") else self.batch)
        for start in range(0, len(todo), limit):
            batch = todo[start:start + limit]
            vectors = self.embeddings.embed_documents([text for _, text, _ in batch])
            for lang in LANGUAGES:
                rows = [(row, vector) for row, vector in zip(batch, vectors) if row[2]["lang"] == lang]
                if rows:
                    self.collections[lang].upsert(
                        ids=[r[0] for r, _ in rows], embeddings=[v for _, v in rows],
                        documents=[r[1] for r, _ in rows], metadatas=[r[2] for r, _ in rows])
            progress.advance(doc_id, len(batch))
        progress.advance(doc_id, len(entries) - len(todo))  # unchanged passages count as done
        return len(todo)

    def search(self, vector: list[float], limit: int, doc: str | None = None, lang: str = "zh"
               ) -> list[tuple[dict, float]]:
        """(metadata, cosine similarity) of the nearest passages in one language, optionally
        of one document."""
        result = self.collections[lang].query(query_embeddings=[vector], n_results=max(1, limit, SEARCH_DEPTH),
                                              include=["distances"], where={"doc": doc} if doc else None)
        found = []
        for entry, distance in zip(result["ids"][0][:max(1, limit)], result["distances"][0]):
            doc_id, clause, language, part = entry.rsplit(":", 3)  # as `document_entries` names them
            found.append(({"doc": doc_id, "clause": int(clause), "lang": language, "part": int(part)}, 1.0 - distance))
        return found


class _Progress:
    """Calls `report(doc_id, done, total)` with passages over the whole build."""

    def __init__(self, report: Callable[[str, int, int], None] | None, total: int):
        self.report, self.total, self.done = report, total, 0

    def advance(self, doc_id: str, passages: int) -> None:
        if passages <= 0:
            return
        self.done += passages
        if self.report:
            self.report(doc_id, self.done, self.total)


GENERATION_FILE = "generation"


def generation(index_dir: Path) -> int:
    """When the index last changed (the marker's modification time, 0 if none): running servers
    compare it before each question and load the new library when it moved."""
    try:
        return (Path(index_dir) / GENERATION_FILE).stat().st_mtime_ns
    except OSError:
        return 0


def mark_generation(index_dir: Path) -> None:
    try:
        marker = Path(index_dir) / GENERATION_FILE
        marker.write_text(datetime.now(timezone.utc).isoformat(), encoding="utf-8")
    except OSError:
        pass  # a read-only index folder changes no generation


@contextmanager
def build_lock(index_dir: Path, timeout: float = 900.0):
    """Builds of one index folder, one at a time (an OS lock, released if its process dies); the
    second waits. A folder that cannot be written gets no lock: nothing is written there."""
    from filelock import FileLock, Timeout

    path = Path(index_dir) / "build.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:
        yield
        return
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise IndexUnavailableError(
            f"Another build of {path.parent} has held {path} for {timeout:.0f} s; wait for it to finish "
            "(a crashed build releases the lock by itself)."
        ) from None
    try:
        yield
    finally:
        lock.release()


def _forget_cached_client(folder: Path) -> None:
    """chromadb caches one system per path; a failed open would poison the next one."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(folder), None)


def _writable(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _move_aside(folder: Path) -> str | None:
    if not folder.exists():
        return None
    target = folder.with_name(f"{folder.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
    shutil.move(str(folder), str(target))
    return str(target)
