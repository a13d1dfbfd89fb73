"""The LLM composer against a scripted OpenAI-compatible server on loopback.

The server is a stand-in (tests/fake_openai.py): no language model can be fetched here, so
it replays scripted replies through the real langchain-openai client and HTTP."""

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.errors import UnknownBackendError
from assistant.answering import figures
from assistant.answering.llm import LLMComposer, LLMSettings, cited_clauses, llm_settings_from_env
from assistant.search.text import Analyzer

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
EN_QUESTION = "How much does the Rongpiao Programme give a team?"


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
    "text, expected",
    [  # Arabic with multipliers and commas
     ("团队最高500万，个人最高300万元", [("money", 5_000_000, "CNY"), ("money", 3_000_000, "CNY")]),
     ("2,000,000 yuan", [("money", 2_000_000, "CNY")]), ("1.5亿元", [("money", 150_000_000, "CNY")]),
     ("3千万元", [("money", 30_000_000, "CNY")]), ("CNY 90,000", [("money", 90_000, "CNY")]),
     ("RMB 5 million", [("money", 5_000_000, "CNY")]), ("¥3,000,000", [("money", 3_000_000, "CNY")]),
     ("up to CNY 1.5 million", [("money", 1_500_000, "CNY")]), ("CNY 50m", [("money", 50_000_000, "CNY")]),
     ("RMB5 million", [("money", 5_000_000, "CNY")]), ("50k yuan", [("money", 50_000, "CNY")]),
     # Chinese numerals
     ("八千万", [("money", 80_000_000, "CNY")]), ("三百万元", [("money", 3_000_000, "CNY")]),
     ("一亿五千万元", [("money", 150_000_000, "CNY")]), ("两千元", [("money", 2000, "CNY")]),
     ("伍佰万元", [("money", 5_000_000, "CNY")]), ("一点五亿元", [("money", 150_000_000, "CNY")]),
     # English number words
     ("eighty million yuan", [("money", 80_000_000, "CNY")]),
     ("three hundred thousand yuan", [("money", 300_000, "CNY")]),
     ("half a million yuan", [("money", 500_000, "CNY")]), ("up to five million", [("money", 5_000_000, "CNY")]),
     # shares, multiples
     ("百分之八十", [("share", "0.8", "")]), ("80%", [("share", "0.8", "")]), ("eighty percent", [("share", "0.8", "")]),
     ("50 per cent", [("share", "0.5", "")]), ("三分之一", [("share", "0.33333333", "")]),
     ("half of the tuition", [("share", "0.5", "")]), ("学费的一半", [("share", "0.5", "")]),
     ("1:1配套", [("share", "1", "")]), ("两倍", [("multiple", 2, "")]), ("3倍", [("multiple", 3, "")]),
     ("double the cap", [("multiple", 2, "")]), ("twice as much", [("multiple", 2, "")]),
     ('"Double First-Class" universities', []),  # a name, not a factor
     # other currencies are not yuan
     ("500万美元", [("money", 5_000_000, "USD")]), ("US$5 million", [("money", 5_000_000, "USD")]),
     ("5 million dollars", [("money", 5_000_000, "USD")]), ("300万欧元", [("money", 3_000_000, "EUR")]),
     ("€2,000", [("money", 2000, "EUR")]),
     # durations, counts, dates; citations are not figures
     ("最长24个月", [("duration", 24, "month")]), ("有效期三年", [("duration", 3, "year")]),
     ("for three years", [("duration", 3, "year")]), ("分两年", [("duration", 2, "year")]),
     ("3个实验室", [("number", 3, "")]), ("10万人", [("number", 100_000, "")]),
     ("2024年12月23日", [("number", 2024, ""), ("number", 12, ""), ("number", 23, "")]),
     ("到2025年", [("number", 2025, "")]), ("第七条、（七）、Clause 7、第7条", []),
     ("一次性给予，一流大学，统一", []),
    ],
)
def test_figures_in(text, expected):
    found = [(f.kind, f.value, f.currency or f.unit) for f in figures.figures_in(text)]
    assert found == [(kind, Decimal(value), unit) for kind, value, unit in expected]


@pytest.mark.parametrize(
    "text, normalised",
    [("八千万元", "8000万元"), ("百分之八十", "80%"), ("eighty million yuan", "80000000 yuan"),
     ("CNY 1.5 million", "CNY 1500000"), ("有效期三年", "有效期3年"), ("一次性给予", "一次性给予"),
     ("第七条", "第七条"), ("（七）", "（七）"), ("a one-off grant", "a one-off grant")],
)
def test_normalise(text, normalised):
    assert figures.normalise(text) == normalised


# A clause of a made-up notice: two monthly allowances, a one-off reward and a cap.
MADE_UP_ZH = ("（三）对新引进的博士每人每月给予生活补贴3000元，最长24个月；对硕士每人每月给予1500元。"
              "对新建的工程中心一次性给予200万元奖励，对升级的工程中心给予最高100万元奖励。")
MADE_UP_EN = ("New doctoral recruits receive a living allowance of 3,000 yuan per person per month for up to 24 months, "
              "and master's graduates 1,500 yuan per person per month. A newly built engineering centre receives a "
              "one-off reward of CNY 2 million, and an upgraded engineering centre a reward of up to CNY 1 million.")


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


@pytest.mark.parametrize(
    "language, draft, problem",
    [("zh", "根据（三），博士每人每月3000元生活补贴，最长24个月。", None),
     ("zh", "根据（三），新建的工程中心一次性奖励两百万元，升级的最高一百万元。", None),
     ("zh", "根据（三），硕士和博士分别每人每月1500元和3000元。", None),
     ("en", "Under Clause 3, a doctoral recruit gets 3,000 yuan a month for up to 24 months.", None),
     ("en", "Under Clause 3, a new engineering centre receives a one-off CNY 2 million; an upgraded one up to "
            "CNY 1 million.", None),
     ("en", "Under Clause 3, doctoral recruits get three thousand yuan per person per month.", None),
     # bound to the other beneficiary or item
     ("zh", "根据（三），博士每人每月1500元，硕士每人每月3000元。", "bound to other words"),
     ("zh", "根据（三），硕士和博士分别每人每月3000元和1500元。", "bound to other words"),
     ("zh", "根据（三），升级的工程中心最高200万元。", "bound to other words"),
     ("en", "Under Clause 3, a master's graduate gets CNY 3,000 per month.", "bound to other words"),
     ("en", "Under Clause 3: for an upgraded centre, up to CNY 2 million.", "bound to other words"),
     # another period, or none where the clause pays monthly
     ("zh", "根据（三），博士每人每年3000元。", "stated year"),
     ("zh", "根据（三），博士生活补贴3000元。", "with no period"),
     ("zh", "根据（三），新建工程中心每年200万元。", "stated year"),
     ("en", "Under Clause 3, a new engineering centre receives CNY 2 million a year.", "stated year"),
     # another unit, currency, value, duration
     ("zh", "根据（三），新建的工程中心每名研究员一次性200万元。", "counted per"),
     ("en", "Under Clause 3, a new engineering centre receives a one-off US$2 million.", "in USD"),
     ("en", "Under Clause 3, a new engineering centre receives a one-off CNY 20 million.", "20000000"),
     ("zh", "根据（三），博士每人每月3000元，最长36个月。", "36 months"),
     ("zh", "根据（二），博士每人每月3000元。", "clause [2]"),
     ("en", "Under Clause 3, an upgraded engineering centre receives at least CNY 1 million.", "minimum"),
    ],
)
def test_figures_are_bound_to_beneficiary_period_and_unit(analyzer, language, draft, problem):
    found = figures.sources([(3, MADE_UP_ZH, MADE_UP_EN)], [], [], analyzer.tokens, language)
    problems = figures.unsupported(draft, found, analyzer.tokens)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


RED_TEAM = [json.loads(line) for line in (Path(__file__).parent / "redteam_replies.jsonl").read_text().splitlines()
            if line.strip()]


def test_the_red_team_file_covers_every_kind_of_lie():
    assert len(RED_TEAM) >= 40 and len({row["id"] for row in RED_TEAM}) == len(RED_TEAM)
    kinds = {row["lie"] for row in RED_TEAM}
    assert {"words", "swap", "period", "percent", "currency", "unit", "invented clause", "invented document",
            "wrong document", "wrong clause", "language", "factor", "floor", "injected"} <= kinds


@pytest.mark.parametrize("row", RED_TEAM, ids=[row["id"] for row in RED_TEAM])
def test_no_lying_reply_is_shown(assistant, endpoint, row):
    """The stand-in server plays each lie; the deterministic answer stands, with the reason."""
    endpoint.replies = [{"content": row["reply"]}]
    answer = _with_llm(assistant, endpoint).ask(row["question"])
    assert len(endpoint.requests) == 1, "the lie was not played"
    assert answer.composer == "extractive", row
    assert answer.fallback_reason.startswith("verification failed"), answer.fallback_reason
    assert answer.answer == _deterministic(assistant, row["question"]) and row["reply"] not in answer.answer


_DETERMINISTIC: dict[str, str] = {}


def _deterministic(assistant, question: str) -> str:
    """The built-in composer's answer (the same for every lie told about one question)."""
    if question not in _DETERMINISTIC:
        _DETERMINISTIC[question] = assistant.ask(question).answer
    return _DETERMINISTIC[question]


FAITHFUL = [  # (question, a correct reply, in various written forms): each must be shown as written
    (QUESTION, "根据（七），“蓉漂计划”对团队最高资助500万，对个人最高300万元。注意：该文件已于2024年12月23日失效。"),
    (QUESTION, "根据（七），团队最高可获得五百万元资助（个人最高三百万元）。"),
    (QUESTION, "根据第七条，个人和团队分别最高300万元和500万元。"),
    (QUESTION, "根据（七），团队最高500万元（即5,000,000元），个人最高3,000,000元。"),
    (QUESTION, "根据成教函〔2021〕129号第（七）条，团队最高资助伍佰万元。"),
    (EN_QUESTION, "Under Clause 7, a Rongpiao team can receive up to CNY 5 million (5,000,000 yuan); an individual up "
                  "to CNY 3 million. The notice expired on 23 December 2024."),
    (EN_QUESTION, "According to Clause 7, the Rongpiao Programme provides up to 3,000,000 yuan for an individual and "
                  "up to RMB 5 million for a team."),
    (EN_QUESTION, "Clause 7: teams get up to five million yuan, individuals up to three million yuan."),
    (EN_QUESTION, "Under Clause 7, individuals and teams receive up to CNY 3 million and CNY 5 million respectively."),
    (EN_QUESTION, "Under Clause 7 of Chengjiaohan [2021] No. 129, an individual may receive up to ¥3,000,000 and a "
                  "team up to ¥5,000,000."),
    ("省部共建国家重点实验室有什么支持？", "根据（六），对省部共建国家重点实验室一次性给予每个实验室300万元配套资助。"),
    ("What support does a provincial-ministerial jointly built state key laboratory get?",
     "Under Clause 6, each such laboratory receives a one-off CNY 3 million (3,000,000 yuan) in matching funding."),
    ("What support does a provincial-ministerial jointly built state key laboratory get?",
     "Clause 6 gives a one-time grant of three million yuan per lab."),
    ("我们有3个省部共建国家重点实验室，能拿多少配套资助？", "根据（六），每个实验室一次性300万元，3个实验室共900万元。"),
    ("我们有3个省部共建国家重点实验室，能拿多少配套资助？", "按（六）计算：300万元 × 3 = 900万元。"),
    ("We have 2 provincial-ministerial state key laboratories; how much matching funding?",
     "Under Clause 6, 2 laboratories × CNY 3 million = CNY 6 million in one-off matching funding."),
    ("We have 2 provincial-ministerial state key laboratories; how much matching funding?",
     "Under Clause 6 your two laboratories would receive six million yuan in total."),
    ("国际性研发机构能拿多少研发经费？", "根据（五），国际性研发机构可获最高200万元研发经费资助，分两年拨付。"),
    ("How much R&D funding can an international R&D institution get?",
     "Under Clause 5, an international R&D institution receives up to CNY 2 million, paid over two years."),
    ("非全日制博士联合培养学费怎么资助？", "根据（八），经审核后补助，给予规定学制学费的一半（百分之五十）资助。"),
    ("How is tuition for part-time doctoral joint training subsidised?",
     "Under Clause 8, the enterprise receives half (50%) of the tuition for the prescribed length of study, after review."),
    ("How is tuition for part-time doctoral joint training subsidised?",
     "Under Clause 8, fifty percent of the tuition is refunded after review."),
    ("与规模以上企业合作开展联合人才培养给多少补贴？",
     "根据（四），与在蓉规模以上企业合作开展联合人才培养的，最高补贴500万元；合作建设学生实训（实习）基地的，最高100万元。"),
    ("与规模以上企业合作开展联合人才培养给多少补贴？", "根据（四），联合人才培养最高补贴五百万元，实训基地最高一百万元。"),
]


@pytest.mark.parametrize("question, reply", FAITHFUL, ids=[f"faithful-{i:02d}" for i in range(len(FAITHFUL))])
def test_a_faithful_reply_in_any_written_form_is_shown(assistant, endpoint, question, reply):
    endpoint.replies = [{"content": reply}]
    answer = _with_llm(assistant, endpoint).ask(question)
    assert (answer.composer, answer.fallback_reason) == ("llm", None)
    assert answer.answer == reply


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
