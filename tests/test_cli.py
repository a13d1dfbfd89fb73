"""The command line as a person runs it: one line of error, a non-zero exit, no traceback."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("cli-index")
    environment = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_CORPUS_DIR": str(CORPUS)}
    built = _run(["index"], environment)
    assert built.returncode == 0, built.stderr
    assert "28 entries" in built.stdout.decode()
    return environment


def _run(args, environment, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=environment, cwd=ROOT,
                          input=stdin, capture_output=True, timeout=300)


def _text(result):
    return result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def test_ask_json_follows_the_contract(env):
    out, _ = _text(_run(["ask", "--json", "--today", "2026-11-27", "How much can a Rongpiao team get?"], env))
    data = json.loads(out)
    assert data["language"] == "en" and not data["refused"]
    assert data["citations"][0]["clause"] == 7 and data["citations"][0]["label"] == "（七）"
    assert data["citations"][0]["doc"] == "chengdu-edu-2021-129"
    assert data["calculation"] is None
    assert data["policy_status"] == {"issued": "2021-12-23", "expires": "2024-12-23", "in_force": False}
    assert set(data["timings_ms"]) == {"retrieve", "total"}


def test_ask_prints_a_readable_answer_with_its_clause(env):
    result = _run(["ask", "蓉漂计划对团队最高资助多少？"], env)
    out, _ = _text(result)
    assert result.returncode == 0
    assert "500万" in out and "（七）" in out


def test_history_file_resolves_a_follow_up(env, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "省部共建国家重点实验室有什么支持？"},
                                   {"role": "assistant", "content": "……"}], ensure_ascii=False), encoding="utf-8")
    out, _ = _text(_run(["ask", "--json", "--history", str(history), "负责部门是哪个？"], env))
    assert json.loads(out)["citations"][0]["clause"] == 6


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["ask", ""], None, "empty"),
        (["ask", "why " * 25_000], None, "the limit is 2,000"),
        (["ask", "-"], ("问" * 100_000).encode(), "100,000 characters long"),
        (["ask", "-"], b"\xff\xfe\x80\x81 invalid", "not valid UTF-8"),
        (["ask", "-"], "蓉漂\x00\x07计划".encode() + b"\xc3\x28", "not valid UTF-8"),
    ],
)
def test_bad_questions_exit_2_with_one_line(env, args, stdin, message):
    result = _run(args, env, stdin)
    _, err = _text(result)
    assert result.returncode == 2
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_model_is_a_clear_error(env):
    result = _run(["ask", "--model", "no-such-org/no-such-model", "蓉漂计划"], env)
    _, err = _text(result)
    assert result.returncode == 2 and "could not be loaded" in err and "multilingual-e5-small-q4" in err
    assert "Traceback" not in err


def test_a_document_that_cannot_be_segmented_is_a_clear_error(env, tmp_path):
    folder = tmp_path / "corpus" / "broken"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_text("通知\n2021年12月23日\n一、总则\n（一）第一条。\n（三）第三条。\n", encoding="utf-8")
    result = _run(["ask", "蓉漂计划", "--corpus-dir", str(tmp_path / "corpus")], env)
    _, err = _text(result)
    assert result.returncode == 2
    assert "line 5: expected clause number 2" in err and "Traceback" not in err


def test_a_deleted_index_is_rebuilt_on_the_next_question(env, tmp_path):
    fresh = {**env, "ASSISTANT_INDEX_DIR": str(tmp_path / "gone")}
    result = _run(["ask", "--json", "What matching funds do state key labs get?"], fresh)
    assert result.returncode == 0
    assert json.loads(result.stdout)["citations"][0]["clause"] == 6
    assert (tmp_path / "gone" / "chroma").is_dir()
