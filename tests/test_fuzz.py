"""Fuzzing of the two places that take text from outside: `Assistant.ask` and the CLI's history
file reader. Whatever comes in, the result is an `Answer` or an `AssistantError` (a message a user
can act on), never another exception; a refused answer cites nothing. Case counts are in
docs/reliability.md; they are sized so this file runs in well under 30 s on the real model."""

import json


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.edges.cli import _read_history
from assistant.errors import AssistantError
from assistant.models import Answer

ASK_CASES = 150
HISTORY_CASES = 100
READER_CASES = 200
ODD_HISTORY_CASES = 50
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]


def fuzz(cases: int) -> settings:
    return settings(deadline=None, max_examples=cases, suppress_health_check=SLOW_OK)

# any code point, lone surrogates included (st.text leaves them out unless asked)
any_char = st.characters(blacklist_categories=())
policy_words = st.sampled_from(["资助", "实验室", "最高", "多少", "万元", "团队", "个人", "有效期", "第三条",
                                "How much", "team", "lab", "per year", "3个", "-2.5个", "500万美元", "?", "？"])
questions = st.one_of(
    st.text(any_char, max_size=60),
    st.text(max_size=300),
    st.lists(st.one_of(policy_words, st.text(any_char, max_size=4)), max_size=12).map("".join),
    st.binary(max_size=200),
    st.sampled_from(["", " ", "\n\t", "\x00", "\ufeff", "\ud800", "？", "0", "-1", "万元"]),
    st.integers(1990, 6000).map(lambda n: ("资助多少" * n)[:n]),  # around the length limit
    st.integers(10_000, 200_000).map(lambda n: "a" * n),  # huge
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(any_char, max_size=20))
roles = st.one_of(st.just("user"), st.just("assistant"), st.sampled_from(["system", "", "USER"]), json_scalars)
json_contents = st.one_of(st.text(max_size=80), st.text(any_char, max_size=40), json_scalars,
                          st.lists(json_scalars, max_size=3),
                          st.lists(policy_words, max_size=6).map("".join))


def messages(contents):
    return st.fixed_dictionaries({"role": roles, "content": contents}, optional={"extra": json_scalars})


# in memory a history may hold anything a caller passes: bytes, huge strings, other types
histories = st.one_of(st.none(), st.lists(messages(st.one_of(json_contents, questions)), max_size=6))


def check(assistant, question, history=None, language=None) -> None:
    try:
        answer = assistant.ask(question, history, language=language)
    except AssistantError:
        return
    assert isinstance(answer, Answer)
    assert isinstance(answer.answer, str) and answer.answer
    if answer.refused:
        assert answer.citations == [], f"a refused answer cites {answer.citations!r}"


@fuzz(ASK_CASES)
@given(question=questions, language=st.sampled_from([None, "zh", "en"]))
def test_ask_returns_an_answer_or_an_assistant_error(assistant, question, language):
    check(assistant, question, language=language)


@fuzz(HISTORY_CASES)
@given(question=st.one_of(policy_words, st.sampled_from(["个人呢？", "And for a team?", "那3个呢"]), questions),
       history=histories, language=st.one_of(st.none(), st.sampled_from(["zh", "en"]), st.text(max_size=3)))
def test_ask_with_random_history(assistant, question, history, language):
    check(assistant, question, history, language)


@settings(fuzz(ODD_HISTORY_CASES), report_multiple_bugs=False)
@given(history=st.one_of(st.integers(), st.text(any_char, min_size=1, max_size=10),
                         st.lists(json_scalars, min_size=1, max_size=4)))
def test_ask_with_a_history_that_is_not_a_list_of_dicts(assistant, history):
    check(assistant, "团队最高资助多少？", history)


json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
history_files = st.one_of(
    st.binary(max_size=300),  # anything at all, invalid UTF-8 included
    st.text(any_char, max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),  # lone surrogates
    json_values.map(lambda v: json.dumps(v).encode()),
    st.lists(messages(json_contents), max_size=5).map(
        lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
)


@fuzz(READER_CASES)
@given(content=history_files)
def test_history_file_reader(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("history") / "history.json"
    path.write_bytes(content)
    try:
        history = _read_history(path)
    except AssistantError:
        return
    assert isinstance(history, list)
    assert all(m["role"] in ("user", "assistant") and isinstance(m["content"], str) for m in history)
