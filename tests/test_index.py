"""The Chroma store: persistent in a temporary folder, and a real `chroma run` server."""

import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.documents.library import document_hash, load_corpus
from assistant.search.embeddings import load_embeddings
from assistant.search.index import ClauseIndex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def e5():
    return load_embeddings("multilingual-e5-small-q4")


def _hashes(corpus):
    return {p.name: document_hash(p) for p in corpus.iterdir() if p.is_dir()}


def test_a_built_index_is_reused_after_reopening(tmp_path, e5):
    documents = load_corpus(CORPUS)
    first, _ = ClauseIndex.open(None, tmp_path, e5)
    built = first.ensure(documents, _hashes(CORPUS))
    assert built.rebuilt and built.entries > 28
    again, _ = ClauseIndex.open(None, tmp_path, e5)
    reused = again.ensure(documents, _hashes(CORPUS))
    assert not reused.rebuilt and reused.entries == built.entries
    top = again.search(e5.embed_query("省部共建国家重点实验室配套资助"), limit=1)[0][0]
    assert (top["doc"], top["clause"]) == ("chengdu-edu-2021-129", 6)


class FailingEmbeddings:
    """The real model, made to fail during a build (as a crash or a full disk would)."""

    def __init__(self, real):
        self.real, self.model_id = real, real.model_id

    def embed_documents(self, texts):
        raise RuntimeError("simulated failure during the build")

    def embed_query(self, text):
        return self.real.embed_query(text)


def test_a_failed_build_is_completed_on_the_next_run(tmp_path, e5):
    documents = load_corpus(CORPUS)
    failing, _ = ClauseIndex.open(None, tmp_path, FailingEmbeddings(e5))
    with pytest.raises(RuntimeError, match="simulated"):
        failing.ensure(documents, _hashes(CORPUS))
    index, _ = ClauseIndex.open(None, tmp_path, e5)
    info = index.ensure(documents, _hashes(CORPUS))
    assert info.embedded_docs == ("chengdu-edu-2021-129",) and info.entries > 28


def test_a_corrupted_index_folder_is_moved_aside_and_rebuilt(tmp_path):
    store = tmp_path / "chroma"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 50)
    assistant = Assistant.create(Settings(corpus_dir=CORPUS, index_dir=tmp_path), today=TODAY)
    assert assistant.index_info.rebuilt
    assert assistant.index_info.moved_aside and Path(assistant.index_info.moved_aside).exists()
    assert assistant.ask("省部共建国家重点实验室有什么配套资助？").citations[0].clause == 6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def chroma_server(tmp_path):
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def test_the_same_code_runs_against_a_chroma_server(chroma_server, tmp_path):
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path, chroma_url=chroma_server)
    assistant = Assistant.create(settings, today=TODAY)
    assert assistant.index_info.rebuilt and assistant.index_info.location == chroma_server
    assert assistant.ask("What matching funds do state key labs receive?").citations[0].clause == 6
    second = Assistant.create(settings, today=TODAY)
    assert not second.index_info.rebuilt
    assert not (tmp_path / "chroma").exists()  # nothing was written to the local folder


def test_two_rebuilds_at_once_and_a_reader_during_them_all_succeed(tmp_path, e5):
    """`index --rebuild` while another rebuild runs and while the chat answers (issue 11: one
    rebuild failed, and readers saw a collection that no longer existed): the collection stays,
    a document's entries are replaced in place, and both rebuilds and every read succeed."""
    from concurrent.futures import ThreadPoolExecutor

    documents = load_corpus(CORPUS)
    first, _ = ClauseIndex.open(None, tmp_path, e5)
    built = first.ensure(documents, _hashes(CORPUS))
    reader, _ = ClauseIndex.open(None, tmp_path, e5)
    reader.ensure(documents, _hashes(CORPUS))
    vector = e5.embed_query("省部共建国家重点实验室配套资助")

    def rebuild(_):
        index, _ = ClauseIndex.open(None, tmp_path, e5)
        return index.ensure(documents, _hashes(CORPUS), force=True).entries

    def read(_):
        return reader.search(vector, limit=3)

    with ThreadPoolExecutor(max_workers=3) as pool:
        rebuilt = list(pool.map(rebuild, range(2)))
        answers = list(pool.map(read, range(5)))
    assert rebuilt == [built.entries, built.entries]
    assert all(found for found in answers)
    after = reader.search(vector, limit=1)[0][0]
    assert (after["doc"], after["clause"]) == ("chengdu-edu-2021-129", 6)
