"""The command line as a person runs it: one line of error, a non-zero exit, no traceback."""

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def env(assistant, tmp_path_factory):
    """A corpus and index of the CLI's own, copied from the session's (already embedded), so
    `index` finds it current instead of embedding again."""
    folder = tmp_path_factory.mktemp("cli")
    shutil.copytree(assistant.settings.corpus_dir, folder / "corpus")
    shutil.copytree(assistant.settings.index_dir, folder / "index")
    environment = {**os.environ, "ASSISTANT_INDEX_DIR": str(folder / "index"),
                   "ASSISTANT_CORPUS_DIR": str(folder / "corpus")}
    environment.pop("ASSISTANT_LLM_BASE_URL", None)
    environment.pop("ASSISTANT_LLM_MODEL", None)
    built = _run(["index"], environment)
    assert built.returncode == 0, built.stderr
    out = built.stdout.decode()
    clauses = sum(len(d.clauses) for d in assistant.documents)
    assert "already current" in out, out
    assert f"({clauses} clauses) from {len(assistant.documents)} document(s)" in out
    return environment


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def _run(args, environment, stdin: bytes | None = None) -> Result:
    """The command line, called in this process (a new process per call would load the model
    again each time); `test_the_installed_command_runs_as_a_process` runs one for real."""
    from assistant.edges.cli import main

    saved_env, saved = dict(os.environ), (sys.stdin, sys.stdout, sys.stderr)
    out, err = io.BytesIO(), io.BytesIO()
    os.environ.clear()
    os.environ.update(environment)
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    try:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        return Result(code, out.getvalue(), err.getvalue())
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.environ.clear()
        os.environ.update(saved_env)


def _process(args, environment) -> Result:
    done = subprocess.run([sys.executable, "-m", "assistant", *args], env=environment, cwd=ROOT,
                          capture_output=True, timeout=300)
    return Result(done.returncode, done.stdout, done.stderr)


def _text(result):
    return result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def _one_line_error(result, message: str, code: int = 2) -> None:
    _, err = _text(result)
    assert result.returncode == code, err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_ask_json_follows_the_contract(env):
    out, _ = _text(_run(["ask", "--json", "--today", "2026-11-28", "How much can a Rongpiao team get?"], env))
    data = json.loads(out)
    assert data["language"] == "en" and not data["refused"] and data["kind"] == "clause"
    first = data["citations"][0]
    assert first["clause"] == 7 and first["label"] == "（七）"
    assert first["doc"] == SEED and first["doc_number"] == "成教函〔2021〕129号" and first["status"] == "expired"
    assert data["calculation"] is None
    assert data["policy_status"] == {"doc": SEED, "issued": "2021-12-23", "effective": "2021-12-23",
                                     "expires": "2024-12-23", "status": "expired", "in_force": False}
    assert data["state"]["doc"] == SEED and data["state"]["clause"] == 7
    assert "evidence" not in data
    assert {"retrieve", "total"} <= set(data["timings_ms"])


def test_the_installed_command_runs_as_a_process_and_prints_a_readable_answer(env):
    result = _process(["ask", "蓉漂计划对团队最高资助多少？"], env)
    out, _ = _text(result)
    assert result.returncode == 0
    assert "500万" in out and "（七）" in out and "成教函〔2021〕129号" in out


def test_history_file_resolves_a_follow_up(env, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "省部共建国家重点实验室有什么支持？"},
                                   {"role": "assistant", "content": "……"}], ensure_ascii=False), encoding="utf-8")
    out, _ = _text(_run(["ask", "--json", "--history", str(history), "负责部门是哪个？"], env))
    assert json.loads(out)["citations"][0]["clause"] == 6


def test_docs_lists_each_document_with_its_status(env):
    out, _ = _text(_run(["docs", "--json", "--today", "2026-11-28"], env))
    rows = {row["id"]: row for row in json.loads(out)}
    seed = rows[SEED]
    assert seed["doc_number"] == "成教函〔2021〕129号"
    assert (seed["issued"], seed["expires"], seed["status"]) == ("2021-12-23", "2024-12-23", "expired")
    assert seed["clauses"] == 13 and seed["rules"] >= 1
    result = _run(["docs", "--today", "2026-11-28"], env)
    out, _ = _text(result)
    assert result.returncode == 0
    line = next(line for line in out.splitlines() if line.startswith(SEED))
    assert "成教函〔2021〕129号" in line and "expired" in line


def test_calc_applies_the_labs_rule_to_a_quantity(env):
    result = _run(["calc", SEED, "6", "7个实验室", "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["doc"], data["clause"], data["kind"]) == (SEED, 6, "per_unit")
    assert data["result_yuan"] == 21_000_000 and data["inputs"]["count"] == 7
    out, _ = _text(_run(["calc", SEED, "6", "7个实验室"], env))
    assert out.startswith("2100万元") and "（六）" in out and "300万元 × 7" in out


def test_caps_lists_every_money_rule(env):
    out, _ = _text(_run(["caps", "--json"], env))
    rules = json.loads(out)
    seed = {(r["clause"], r["kind"], r["amount_yuan"] or r["cap_yuan"]) for r in rules if r["doc"] == SEED}
    assert {(6, "per_unit", 3_000_000), (7, "cap", 3_000_000), (7, "cap", 5_000_000)} <= seed
    assert any(r["doc"] == SEED and r["clause"] == 8 and r["kind"] == "share" and r["share"] == "0.5" for r in rules)
    result = _run(["caps"], env)
    out, _ = _text(result)
    assert result.returncode == 0
    assert any(line.startswith(f"{SEED} | clause 6 （六）") and "300万元 per 个实验室" in line
               for line in out.splitlines())


@pytest.mark.parametrize(
    "args, message",
    [
        (["calc", "no-such-doc", "6", "7个实验室"], "no document 'no-such-doc'"),
        (["remove", "no-such-doc"], "no document 'no-such-doc'"),
        (["calc", SEED, "1", "7个实验室"], "clause 1 states no money rule"),
        (["calc", SEED, "6", "some labs"], "no quantity in 'some labs' applies to clause 6"),
    ],
)
def test_unknown_documents_and_unusable_calculations_exit_2_with_one_line(env, args, message):
    _one_line_error(_run(args, env), message)


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
    _one_line_error(_run(args, env, stdin), message)


def test_a_history_file_that_is_not_a_conversation_is_a_clear_error(env, tmp_path):
    history = tmp_path / "history.json"
    history.write_text('{"role": "user"}', encoding="utf-8")
    _one_line_error(_run(["ask", "--history", str(history), "负责部门是哪个？"], env), "expected a list of")


def test_a_missing_model_is_a_clear_error(env):
    result = _run(["ask", "--model", "no-such-org/no-such-model", "蓉漂计划"], env)
    _one_line_error(result, "could not be loaded")
    assert "multilingual-e5-small-q4" in result.stderr.decode()


def test_a_document_that_cannot_be_segmented_is_a_clear_error(env, tmp_path):
    folder = tmp_path / "corpus" / "broken"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_text("通知\n2021年12月23日\n一、总则\n（一）第一条。\n（三）第三条。\n", encoding="utf-8")
    result = _run(["ask", "蓉漂计划", "--corpus-dir", str(tmp_path / "corpus")], env)
    _one_line_error(result, "line 5")
    assert "numbered 3 but clause 2 comes next" in result.stderr.decode()


def test_a_deleted_index_is_rebuilt_on_the_next_question(env, tmp_path):
    fresh = {**env, "ASSISTANT_INDEX_DIR": str(tmp_path / "gone")}
    result = _run(["ask", "--json", "What matching funds do state key labs get?"], fresh)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["citations"][0]["clause"] == 6
    assert (tmp_path / "gone" / "chroma").is_dir()


@pytest.mark.parametrize("environ, message", [
    ({"ASSISTANT_EMBEDDING_THREADS": "abc"}, "ASSISTANT_EMBEDDING_THREADS='abc'"),
    ({"ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9/v1", "ASSISTANT_LLM_MODEL": "m", "ASSISTANT_LLM_TIMEOUT": "abc"},
     "not a number of seconds"),
    ({"ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9/v1", "ASSISTANT_LLM_MODEL": "m", "ASSISTANT_LLM_TIMEOUT": "-1"},
     "positive number of seconds"),
])
def test_settings_that_cannot_work_get_one_line_that_names_them(environ, message, monkeypatch, capsys):
    from assistant.edges.cli import main

    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    assert main(["docs"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "index --rebuild" not in err


def test_a_missing_eval_file_is_named_without_blaming_the_index(capsys, tmp_path):
    from assistant.edges.cli import main

    assert main(["eval", "--qa", str(tmp_path / "nope.jsonl"), "--no-variants"]) == 2
    err = capsys.readouterr().err
    assert "nope.jsonl" in err and "rebuild" not in err


def _feedback_log(path):
    """What the chat writes: a rating per click, and for a thumbs-down a second line with the reason."""
    turn_a = {"question": "蓉漂计划对团队最高资助多少？", "answer": "最高300万元", "kind": "clause",
              "citations": [f"{SEED}#7"], "refused": False, "language": "zh"}
    turn_b = {"question": "Can my startup get rent support?", "answer": "No clause cited", "kind": "refusal",
              "citations": [], "refused": True, "language": "en"}
    turn_c = {"question": "省部共建国家重点实验室有什么支持？", "answer": "…", "kind": "clause",
              "citations": [f"{SEED}#6"], "refused": False, "language": "zh"}
    lines = [{"liked": False, **turn_a}, {"reason": "wrong_amount", "comment": "团队是500万", **turn_a},
             {"liked": False, **turn_a}, {"reason": "wrong_amount", "comment": "", **turn_a},
             {"liked": False, **turn_b}, {"reason": "should_have_answered", "comment": "", **turn_b},
             {"liked": True, **turn_c}, {"liked": True, **turn_c}, {"liked": True, **turn_a}]
    path.write_text("".join(json.dumps({"time": "2026-11-28T10:00:00+00:00", **line}, ensure_ascii=False) + "\n"
                            for line in lines) + '{"liked": tr\n', encoding="utf-8")  # a line cut off
    return path


def test_feedback_summarises_the_log_and_writes_candidate_eval_rows(tmp_path):
    log = _feedback_log(tmp_path / "feedback.jsonl")
    candidates = tmp_path / "out" / "candidates.jsonl"
    result = _run(["feedback", "--file", str(log), "--candidates", str(candidates)], dict(os.environ))
    out, err = _text(result)
    assert result.returncode == 0, err
    assert "6 ratings: 3 thumbs up, 3 thumbs down" in out
    assert "what was wrong: wrong amount 2, should have answered 1" in out
    disliked = out.split("most disliked questions:")[1].splitlines()
    assert disliked[1].strip().startswith("2 × 蓉漂计划对团队最高资助多少？") and "团队是500万" in disliked[1]
    assert disliked[2].strip() == "1 × Can my startup get rent support?"
    assert "skipped 1 line" in out and "wrote 2 candidate eval row(s)" in out

    rows = [json.loads(line) for line in candidates.read_text(encoding="utf-8").splitlines()]
    wild = json.loads((ROOT / "evals" / "wild.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert [r["question"] for r in rows] == ["蓉漂计划对团队最高资助多少？", "Can my startup get rent support?"]
    for row in rows:
        assert set(wild) - {"history"} <= set(row) and row["split"] in ("dev", "test")
        assert row["expect"] == {"doc": None, "clauses": [], "amount_yuan": None, "refusal": None}  # for a maintainer
    assert rows[0]["lang"] == "zh" and rows[1]["lang"] == "en" and rows[0]["id"] != rows[1]["id"]
    assert rows[0]["feedback"]["dislikes"] == 2 and rows[0]["feedback"]["reasons"] == ["wrong amount"]
    assert rows[0]["feedback"]["cited"] == [f"{SEED}#7"] and rows[1]["feedback"]["kind"] == "refusal"

    again = tmp_path / "again.jsonl"  # the same log gives the same rows: ids and splits are stable
    assert _run(["feedback", "--file", str(log), "--candidates", str(again)], dict(os.environ)).returncode == 0
    assert again.read_text(encoding="utf-8") == candidates.read_text(encoding="utf-8")


def test_feedback_without_a_log_says_where_it_looked(tmp_path):
    _one_line_error(_run(["feedback", "--file", str(tmp_path / "none.jsonl")], dict(os.environ)), "no feedback log at")


def test_a_deadline_of_zero_means_no_llm():
    """Issue 11: `--llm-timeout 0` meant "unset" (the default 20 s); now it means no LLM at all."""
    from assistant.answering.llm import llm_settings_from_env

    configured = {"ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9/v1", "ASSISTANT_LLM_MODEL": "m"}
    assert llm_settings_from_env(configured).timeout == 20.0
    assert llm_settings_from_env({**configured, "ASSISTANT_LLM_TIMEOUT": "0"}) is None
    assert llm_settings_from_env(configured, timeout=0.0) is None
