"""The Chroma store: persistent in a temporary folder, and a real `chroma run` server."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.corpus import corpus_fingerprint, load_corpus
from assistant.embeddings import load_embeddings
from assistant.index import ClauseIndex

from .conftest import CORPUS, TODAY


@pytest.fixture(scope="module")
def e5():
    return load_embeddings("multilingual-e5-small-q4")


def _top_clause(index: ClauseIndex, embeddings, question: str) -> int:
    return index.search(embeddings.embed_query(question), limit=1)[0][0]["clause"]


def test_a_built_index_is_reused_after_reopening(tmp_path, e5):
    documents = load_corpus(CORPUS)
    first, _ = ClauseIndex.open(None, tmp_path, e5, corpus_fingerprint(CORPUS))
    built = first.ensure(documents)
    assert built.rebuilt and built.entries == 28
    del first

    again, _ = ClauseIndex.open(None, tmp_path, e5, corpus_fingerprint(CORPUS))
    reused = again.ensure(documents)
    assert not reused.rebuilt and reused.collection == built.collection
    assert _top_clause(again, e5, "蓉漂计划团队资助") == 7


def test_a_changed_corpus_triggers_a_rebuild_and_drops_the_old_collection(tmp_path, e5):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index, _ = ClauseIndex.open(None, tmp_path / "index", e5, corpus_fingerprint(corpus))
    old = index.ensure(load_corpus(corpus))

    english = corpus / "chengdu-edu-2021-129" / "en.json"
    english.write_text(english.read_text(encoding="utf-8").replace("valid for three years", "valid for 3 years"),
                       encoding="utf-8")
    index, _ = ClauseIndex.open(None, tmp_path / "index", e5, corpus_fingerprint(corpus))
    new = index.ensure(load_corpus(corpus))
    assert new.rebuilt and new.corpus_hash != old.corpus_hash
    names = [c.name for c in index.client.list_collections()]
    assert names == [new.collection]


def test_a_different_model_gets_its_own_index(tmp_path, e5):
    documents = load_corpus(CORPUS)
    index, _ = ClauseIndex.open(None, tmp_path, e5, corpus_fingerprint(CORPUS))
    e5_info = index.ensure(documents)
    use = load_embeddings("use-multilingual-v3")
    index, _ = ClauseIndex.open(None, tmp_path, use, corpus_fingerprint(CORPUS))
    use_info = index.ensure(documents)
    assert use_info.rebuilt and use_info.model_id == "use-multilingual-v3"
    assert use_info.collection != e5_info.collection
    names = {c.name for c in index.client.list_collections()}
    assert names == {e5_info.collection, use_info.collection}  # both stay usable


class FailingEmbeddings:
    """The real model, made to fail half-way through a build (as a crash or a full disk would)."""

    def __init__(self, real):
        self.real, self.model_id = real, real.model_id

    def embed_documents(self, texts):
        raise RuntimeError("simulated failure during the build")

    def embed_query(self, text):
        return self.real.embed_query(text)


def test_a_failed_rebuild_leaves_the_previous_index_usable(tmp_path, e5):
    documents = load_corpus(CORPUS)
    index, _ = ClauseIndex.open(None, tmp_path, e5, corpus_fingerprint(CORPUS))
    before = index.ensure(documents)

    failing, _ = ClauseIndex.open(None, tmp_path, FailingEmbeddings(e5), corpus_fingerprint(CORPUS))
    with pytest.raises(RuntimeError, match="simulated"):
        failing.ensure(documents, force=True)

    reopened, _ = ClauseIndex.open(None, tmp_path, e5, corpus_fingerprint(CORPUS))
    after = reopened.ensure(documents)
    assert not after.rebuilt and after.collection == before.collection and after.entries == 28
    assert [c.name for c in reopened.client.list_collections()] == [before.collection]


def test_a_corrupted_index_folder_is_moved_aside_and_rebuilt(tmp_path):
    store = tmp_path / "chroma"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 50)
    assistant = Assistant.create(Settings(corpus_dir=CORPUS, index_dir=tmp_path), today=TODAY)
    assert assistant.index_info.rebuilt
    assert assistant.index_info.moved_aside and Path(assistant.index_info.moved_aside).exists()
    assert assistant.ask("蓉漂计划团队最高资助多少？").citations[0].clause == 7


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
    url = f"http://127.0.0.1:{port}"
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
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_the_same_code_runs_against_a_chroma_server(chroma_server, tmp_path):
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path, chroma_url=chroma_server)
    assistant = Assistant.create(settings, today=TODAY)
    assert assistant.index_info.rebuilt and assistant.index_info.location == chroma_server
    answer = assistant.ask("What matching funds do state key labs receive?")
    assert answer.citations[0].clause == 6

    second = Assistant.create(settings, today=TODAY)
    assert not second.index_info.rebuilt
    assert not (tmp_path / "chroma").exists()  # nothing was written to the local folder
