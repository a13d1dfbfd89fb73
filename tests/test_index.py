"""The Chroma store: persistent in a temporary folder, and a real `chroma run` server."""

import gc
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
from tests.conftest import ExactFakeEmbeddings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "notices"
TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def e5():
    return load_embeddings("multilingual-e5-small-q4")


def _hashes(corpus):
    return {p.name: document_hash(p) for p in corpus.iterdir() if p.is_dir()}


def test_a_built_index_is_reused_after_reopening(tmp_path):
    documents, fake = load_corpus(CORPUS), ExactFakeEmbeddings()
    first, _ = ClauseIndex.open(None, tmp_path, fake)
    built = first.ensure(documents, _hashes(CORPUS))
    assert built.rebuilt and built.entries > 28 and built.embedded_passages == len(fake.embedded)
    again, _ = ClauseIndex.open(None, tmp_path, ExactFakeEmbeddings())
    reused = again.ensure(documents, _hashes(CORPUS))
    assert not reused.rebuilt and reused.entries == built.entries and not again.embeddings.embedded
    clause = documents[0].clause(6)
    top = again.search(fake.embed_query(clause.text_zh), limit=1)[0][0]
    assert (top["doc"], top["clause"], top["part"]) == (clause.doc_id, 6, 0)


def test_an_interrupted_build_resumes_where_it_stopped(tmp_path):
    """A crash (or a full disk) half way: the next run embeds only the passages not yet stored."""
    documents = load_corpus(CORPUS)
    total = ClauseIndex.open(None, tmp_path / "whole", ExactFakeEmbeddings())[0].ensure(
        documents, _hashes(CORPUS)).entries
    failing, _ = ClauseIndex.open(None, tmp_path, ExactFakeEmbeddings(fail_after=40))
    failing.batch = 16
    with pytest.raises(RuntimeError, match="simulated"):
        failing.ensure(documents, _hashes(CORPUS))
    resumed = ExactFakeEmbeddings()
    index, _ = ClauseIndex.open(None, tmp_path, resumed)
    info = index.ensure(documents, _hashes(CORPUS))
    assert info.embedded_docs == ("chengdu-edu-2021-129",) and info.entries == total
    assert len(resumed.embedded) == total - 32  # two batches of 16 were stored before the failure


def test_a_changed_clause_is_the_only_text_embedded_again(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "chengdu-edu-2021-129", corpus / "chengdu-edu-2021-129")
    (corpus / "skills").mkdir()
    shutil.copyfile(FIXTURES / "skills-measures.txt", corpus / "skills" / "source.txt")
    documents = load_corpus(corpus)
    ClauseIndex.open(None, tmp_path / "index", ExactFakeEmbeddings())[0].ensure(documents, _hashes(corpus))
    source = corpus / "skills" / "source.txt"
    text = source.read_text(encoding="utf-8")
    assert "每人给予1500元" in text
    source.write_text(text.replace("每人给予1500元", "每人给予1800元"), encoding="utf-8")
    changed = load_corpus(corpus)
    fake = ExactFakeEmbeddings()
    info = ClauseIndex.open(None, tmp_path / "index", fake)[0].ensure(changed, _hashes(corpus))
    assert info.embedded_docs == ("skills",)
    assert fake.embedded and all("1800元" in text for text in fake.embedded)  # the clause and its sentence
    assert len(fake.embedded) <= 3


def test_a_corrupted_index_folder_is_moved_aside_and_rebuilt(tmp_path):
    store = tmp_path / "chroma"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 50)
    assistant = Assistant.create(Settings(corpus_dir=CORPUS, index_dir=tmp_path), today=TODAY,
                                 embeddings=ExactFakeEmbeddings())
    assert assistant.index_info.rebuilt and assistant.index_info.entries > 28
    assert assistant.index_info.moved_aside and Path(assistant.index_info.moved_aside).exists()


def test_the_lexical_index_is_loaded_at_the_next_start_not_built_again(tmp_path, monkeypatch):
    """Issue 12: BM25 and the documents' analyses are kept beside the dense index."""
    import bm25s

    from assistant.search import analysis

    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path)
    first = Assistant.create(settings, today=TODAY, embeddings=ExactFakeEmbeddings())
    assert list(tmp_path.glob("bm25-*/keys.json")) and list((tmp_path / "analysis").glob("*.json"))

    def refuse(*args, **kwargs):
        raise AssertionError("built again at start")

    monkeypatch.setattr(bm25s.BM25, "index", refuse)
    monkeypatch.setattr(analysis, "analyse", refuse)
    # The passages' tokens (most of an analysis) are not even read at such a start.
    kept_tokens = list((tmp_path / "analysis").glob("*.tokens.json"))
    assert kept_tokens
    for path in kept_tokens:
        path.write_text("not read at a start on a current library", encoding="utf-8")
    again = Assistant.create(settings, today=TODAY, embeddings=ExactFakeEmbeddings())
    tokens = again.search.query_tokens("省部共建国家重点实验室配套资助")
    assert again.search.lexical.scores(tokens) == first.search.lexical.scores(tokens)
    assert max(again.search.lexical.scores(tokens).items(), key=lambda kv: kv[1])[0] == "chengdu-edu-2021-129#6"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_chroma(folder: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("chroma run did not start within 60 s")


@pytest.fixture()
def chroma_server(tmp_path):
    process = _start_chroma(tmp_path / "server", port := _free_port())
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def test_a_chroma_server_that_goes_away_leaves_keyword_search_and_is_used_again_when_back(tmp_path):
    """Issue 11: with the server killed under a live process, `ask` raised httpx.ConnectError
    although BM25 is in memory. Now the answer comes from BM25 with a note; when the server
    is back, the next question uses it again, without a restart."""
    port = _free_port()
    server = _start_chroma(tmp_path / "server", port)
    url = f"http://127.0.0.1:{port}"
    try:
        assistant = Assistant.create(Settings(corpus_dir=CORPUS, index_dir=tmp_path / "local", chroma_url=url),
                                     today=TODAY)
        question = "省部共建国家重点实验室有什么配套资助？"
        assert not assistant.ask(question).degraded
        server.terminate()
        server.wait(timeout=20)
        away = assistant.ask(question)
        assert away.citations and away.citations[0].clause == 6 and "300万元" in away.answer
        assert "仅按关键词检索" in away.degraded and away.degraded in away.answer
        english = assistant.ask("How much matching funding do state key labs get?")
        assert "keyword search alone" in english.degraded
        server = _start_chroma(tmp_path / "server", port)
        back = assistant.ask(question)
        assert not back.degraded and back.citations[0].clause == 6
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_two_rebuilds_at_once_and_a_reader_during_them_all_succeed(tmp_path):
    """`index --rebuild` while another rebuild runs and while the chat answers (issue 11: one
    rebuild failed, and readers saw a collection that no longer existed): the collection stays,
    a document's entries are replaced in place, and both rebuilds and every read succeed."""
    from concurrent.futures import ThreadPoolExecutor

    documents, fake = load_corpus(CORPUS), ExactFakeEmbeddings()
    first, _ = ClauseIndex.open(None, tmp_path, fake)
    built = first.ensure(documents, _hashes(CORPUS))
    reader, _ = ClauseIndex.open(None, tmp_path, fake)
    reader.ensure(documents, _hashes(CORPUS))
    vector = fake.embed_query(documents[0].clause(6).text_zh)

    def rebuild(_):
        index, _ = ClauseIndex.open(None, tmp_path, fake)
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


def _start_serve(port: int, environment: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--today", "2026-11-28",
                             "--feedback-file", environment["ASSISTANT_INDEX_DIR"] + "/feedback.jsonl"],
                            env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"serve did not listen on {port} within {seconds:.0f} s")


def test_two_serve_processes_share_one_chroma_server(chroma_server, tmp_path):
    """Issue 12: a team that outgrows one machine points several `serve` processes at one Chroma
    deployment. The index is built once into the server; both processes answer from it and
    write nothing of the dense index locally."""
    import os

    from gradio_client import Client

    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "builder", chroma_url=chroma_server)
    built = Assistant.create(settings, today=TODAY).index_info
    assert built.rebuilt and built.location == chroma_server
    assert not (tmp_path / "builder" / "chroma").exists()  # nothing of the dense index is written locally
    ports, processes = [_free_port(), _free_port()], []
    try:
        for number, port in enumerate(ports):
            (tmp_path / f"tmp-{number}").mkdir()
            environment = {**os.environ, "ASSISTANT_CHROMA_URL": chroma_server, "ASSISTANT_CORPUS_DIR": str(CORPUS),
                           "ASSISTANT_INDEX_DIR": str(tmp_path / f"serve-{number}"), "GRADIO_ANALYTICS_ENABLED": "False",
                           "TMPDIR": str(tmp_path / f"tmp-{number}")}
            environment.pop("ASSISTANT_LLM_BASE_URL", None)
            processes.append(_start_serve(port, environment))
        for port, process in zip(ports, processes):
            _wait_for_port(port, process)
        for port in ports:
            reply = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
                "What matching funds do state key labs receive?", "[]", "en", "", api_name="/ask")
            assert [(c["doc"], c["clause"]) for c in reply["citations"]][:1] == [("chengdu-edu-2021-129", 6)]
        for number in range(2):
            assert not (tmp_path / f"serve-{number}" / "chroma").exists()  # the passages live in the server
        again = Assistant.create(settings, today=TODAY).index_info
        assert not again.rebuilt and again.entries == built.entries
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    # stopped as a service manager stops it (SIGTERM), each server removed its exported
    # conversations, which hold users' questions; they had stayed in /tmp at every stop
    for number in range(2):
        assert not list((tmp_path / f"tmp-{number}").glob("assistant-conversations-*"))


def test_a_second_build_waits_for_the_first_and_says_so_when_it_cannot(tmp_path):
    """Issue 11: concurrent rebuilds are serialised with a lock file beside the index."""
    import threading

    from assistant.errors import IndexUnavailableError
    from assistant.search.index import build_lock

    order = []

    def second_build():
        with build_lock(tmp_path):
            order.append("second")

    with build_lock(tmp_path):
        waiter = threading.Thread(target=second_build)
        waiter.start()
        waiter.join(timeout=0.5)
        assert waiter.is_alive() and not order  # waiting, not building alongside
        with pytest.raises(IndexUnavailableError, match="build.lock"):
            with build_lock(tmp_path, timeout=0.1):
                pass
        order.append("first")
    waiter.join(timeout=10)
    assert order == ["first", "second"]


def test_a_healthy_index_on_a_read_only_mount_is_used_as_it_is(tmp_path):
    """Issue 11: on a read-only mount a healthy index was 'moved aside' and the command failed."""
    source, mount = tmp_path / "index", tmp_path / "read-only"
    settings = Settings(corpus_dir=CORPUS, index_dir=source)
    built = Assistant.create(settings, today=TODAY, embeddings=ExactFakeEmbeddings()).index_info
    mount.mkdir()
    bind = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {bind.stderr.decode().strip()}")
    try:
        assert subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)]).returncode == 0
        with pytest.raises(OSError):
            (mount / "probe").write_text("x")
        fake = ExactFakeEmbeddings()
        reader = Assistant.create(Settings(corpus_dir=CORPUS, index_dir=mount), today=TODAY, embeddings=fake)
        info = reader.index_info
        assert not info.rebuilt and not fake.embedded and info.entries == built.entries
        assert "read-only" in info.location and info.moved_aside is None
        assert reader.ask("省部共建国家重点实验室有什么配套资助？").answer
        copy = Path(info.location.split("read from a copy at ")[1].rstrip(")")).parent
        assert copy.is_dir()
        del reader
        gc.collect()
        assert not copy.exists(), "the temporary copy outlived the index read from it"
    finally:  # lazily: the memory-mapped BM25 files of the reader keep the mount busy
        assert subprocess.run(["umount", "--lazy", str(mount)]).returncode == 0
    assert sorted(p.name for p in source.iterdir() if p.name.startswith("chroma")) == ["chroma"]  # nothing moved



def test_a_dense_search_finds_the_nearest_passages_not_an_approximation_that_changes_between_starts(tmp_path):
    """Chroma's graph search at its default depth missed about one in twenty of the 40 nearest
    passages of a 3,000-passage library, a different one after each start."""
    import numpy as np

    rng = np.random.default_rng(7)
    index, _ = ClauseIndex.open(None, tmp_path, ExactFakeEmbeddings())
    index._open_collections()
    vectors = rng.standard_normal((3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for start in range(0, len(vectors), 1000):
        rows = range(start, start + 1000)
        index.collections["zh"].add(ids=[f"d:{i}:zh:0" for i in rows], embeddings=vectors[start:start + 1000].tolist(),
                                    metadatas=[{"doc": "d", "clause": i, "lang": "zh", "part": 0} for i in rows])
    found = 0
    for _ in range(20):
        query = rng.standard_normal(64)
        query /= np.linalg.norm(query)
        exact = set(np.argsort(-(vectors @ query))[:40].tolist())
        found += len(exact & {meta["clause"] for meta, _ in index.search(query.tolist(), limit=40)})
    assert found / (20 * 40) >= 0.995
