"""The LLM composer against a scripted OpenAI-compatible server on loopback.

The server is a stand-in (tests/fake_openai.py): no language model can be fetched here, so
it replays scripted replies through the real langchain-openai client and HTTP."""

import json
import time

import pytest

from assistant import Assistant
from assistant.errors import UnknownBackendError
from assistant.answering.llm import LLMComposer, LLMSettings, cited_clauses, llm_settings_from_env, numbers_in

from tests.conftest import SEED
from tests.fake_openai import ScriptedOpenAI

KEY = "sk-test-secret-0123456789"


@pytest.fixture()
def endpoint():
    server = ScriptedOpenAI()
    yield server
    server.close()


def _with_llm(assistant: Assistant, endpoint, timeout: float = 5.0) -> Assistant:
    composer = LLMComposer(LLMSettings(base_url=endpoint.url, model="stand-in", api_key=KEY, timeout=timeout),
                           assistant.analyzer)
    return Assistant(assistant.settings, assistant.documents, assistant.analyzer, assistant.search,
                     assistant.index_info, today=assistant.today(), composer=composer, coverage=assistant.coverage)


QUESTION = "蓉漂计划团队最高资助多少？"


def test_a_correct_cited_answer_is_shown(assistant, endpoint):
    reply = "根据（七），“蓉漂计划”对团队最高资助500万，对个人最高300万元。注意：该文件已于2024年12月23日失效。"
    endpoint.replies = [{"content": reply}]
    answer = _with_llm(assistant, endpoint).ask(QUESTION)
    assert answer.composer == "llm" and answer.fallback_reason is None
    assert answer.answer == reply
    assert (answer.citations[0].doc, answer.citations[0].clause) == (SEED, 7)
    request = endpoint.requests[0]["body"]
    assert request["model"] == "stand-in" and endpoint.requests[0]["authorization"] == f"Bearer {KEY}"
    # the user's question travels as data inside JSON, after the system instructions
    assert request["messages"][0]["role"] == "system"
    assert json.dumps(answer.question, ensure_ascii=False) in request["messages"][1]["content"]


def test_an_invented_amount_is_rejected_and_the_deterministic_answer_stands(assistant, endpoint):
    endpoint.replies = [{"content": "根据（七），蓉漂计划团队最高可获800万元资助。"}]
    answer = _with_llm(assistant, endpoint).ask(QUESTION)
    assert answer.composer == "extractive"
    assert "8000000" in answer.fallback_reason
    assert "团队最高500万" in answer.answer and "800万" not in answer.answer


def test_a_clause_that_was_not_retrieved_is_rejected(assistant, endpoint):
    plain = assistant.ask(QUESTION)
    absent = next(n for n in range(1, 14) if n not in {c.clause for c in plain.citations})
    label = "（" + "一二三四五六七八九十"[absent - 1] + "）" if absent <= 10 else f"（十{'一二三'[absent - 11]}）"
    endpoint.replies = [{"content": f"根据{label}，蓉漂计划团队最高资助500万。"}]
    answer = _with_llm(assistant, endpoint).ask(QUESTION)
    assert answer.composer == "extractive" and "not retrieved" in answer.fallback_reason


def test_an_answer_that_names_another_document_is_rejected(assistant, endpoint):
    endpoint.replies = [{"content": "根据成人社发〔2025〕7号（七），团队最高资助500万。"}]
    answer = _with_llm(assistant, endpoint).ask(QUESTION)
    assert answer.composer == "extractive" and "not retrieved" in answer.fallback_reason
    assert "成人社发" in answer.fallback_reason and "成人社发" not in answer.answer


def test_an_answer_in_the_wrong_language_is_rejected(assistant, endpoint):
    endpoint.replies = [{"content": "Under Clause 7, a Rongpiao team receives up to CNY 5 million."}]
    answer = _with_llm(assistant, endpoint).ask(QUESTION)
    assert answer.composer == "extractive" and "language" in answer.fallback_reason
    assert answer.language == "zh"


def test_a_timeout_falls_back_in_bounded_time(assistant, endpoint):
    endpoint.replies = [{"sleep": 4, "content": "根据（七），团队最高500万。"}]
    started = time.perf_counter()
    answer = _with_llm(assistant, endpoint, timeout=1.0).ask(QUESTION)
    assert time.perf_counter() - started < 3.5
    assert answer.composer == "extractive" and "Timeout" in answer.fallback_reason
    assert "团队最高500万" in answer.answer


@pytest.mark.parametrize("status", [500, 429, 401])
def test_server_errors_fall_back_and_never_show_the_key(assistant, endpoint, status):
    endpoint.replies = [{"status": status, "message": f"failure for key {KEY}"}]
    answer = _with_llm(assistant, endpoint).ask(QUESTION)
    assert answer.composer == "extractive" and answer.fallback_reason
    assert KEY not in json.dumps(answer.to_dict(), ensure_ascii=False)
    assert "团队最高500万" in answer.answer


def test_streaming_yields_text_then_the_verified_answer(assistant, endpoint):
    reply = "根据（七），蓉漂计划团队最高资助500万。该文件已于2024年12月23日失效。"
    endpoint.replies = [{"content": reply}]
    events = list(_with_llm(assistant, endpoint).stream(QUESTION))
    partials, final = events[:-1], events[-1]
    assert len(partials) > 2 and partials[-1] == reply
    assert final.composer == "llm" and final.answer == reply


def test_a_streamed_answer_that_fails_verification_is_replaced(assistant, endpoint):
    endpoint.replies = [{"content": "根据（七），团队最高1亿元。"}]
    final = list(_with_llm(assistant, endpoint).stream(QUESTION))[-1]
    assert final.composer == "extractive" and "团队最高500万" in final.answer


def test_a_follow_up_is_resolved_before_the_llm_writes_the_answer(assistant, endpoint):
    # The topic comes from the conversation state (rebuilt from the history), not from an LLM
    # rewrite: the endpoint is asked once, to write the answer, with clause 6 as its grounding.
    endpoint.replies = [{"content": "根据（六），责任单位是市科技局、市人社局。"}]
    history = [{"role": "user", "content": "省部共建国家重点实验室有什么支持？"}]
    answer = _with_llm(assistant, endpoint).ask("那负责的呢？", history)
    assert answer.citations[0].clause == 6 and answer.composer == "llm"
    assert answer.state["clause"] == 6
    assert len(endpoint.requests) == 1
    grounding = endpoint.requests[0]["body"]["messages"][1]["content"]
    assert "（六）" in grounding and "市科技局" in grounding


def test_without_settings_no_llm_is_used():
    assert llm_settings_from_env({}) is None
    with pytest.raises(UnknownBackendError, match="both"):
        llm_settings_from_env({"ASSISTANT_LLM_MODEL": "qwen"})
    settings = llm_settings_from_env({"ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:1/v1",
                                      "ASSISTANT_LLM_MODEL": "qwen", "ASSISTANT_LLM_API_KEY": KEY})
    assert KEY not in repr(settings)


@pytest.mark.parametrize(
    "text, numbers",
    [("团队最高500万，个人最高300万元", {5_000_000, 500, 3_000_000, 300}),
     ("up to CNY 3 million", {3_000_000, 3}), ("50% of tuition", {50}), ("2,000,000 yuan", {2_000_000})],
)
def test_numbers_in(text, numbers):
    assert {int(n) for n in numbers_in(text)} == numbers


@pytest.mark.parametrize("text, clauses", [("根据（七）和第六条", {7, 6}), ("See Clause 12.", {12}), ("无", set())])
def test_cited_clauses(text, clauses):
    assert cited_clauses(text) == clauses


def test_the_eval_runner_reports_how_often_verification_rejected(assistant, endpoint):
    from assistant.edges.evaluate import run, summarise

    items = [{"id": f"q{i}", "lang": "zh", "question": QUESTION, "tags": ["lookup"],
              "expect": {"clauses": [7], "amount_yuan": 5_000_000, "refusal": False}} for i in range(3)]
    endpoint.replies = [{"content": "根据（七），蓉漂计划团队最高资助500万。"},
                        {"content": "根据（七），团队最高资助600万元。"},
                        {"status": 500, "message": "overloaded"}]
    summary = summarise("llm", run(_with_llm(assistant, endpoint), items))
    assert (summary.llm_shown, summary.llm_rejected, summary.llm_errors) == (1, 1, 1)
    assert summary.pass_rate == 1.0  # every fallback still answers correctly
