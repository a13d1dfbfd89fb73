"""The web app in a real browser (Debian's chromium through playwright) and through
gradio_client, against a real server on 127.0.0.1."""

import json
import shutil
import socket

import pytest
from gradio_client import Client
from playwright.sync_api import expect, sync_playwright

from assistant.ui import CSS, build_app

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(assistant, tmp_path_factory):
    feedback = tmp_path_factory.mktemp("feedback") / "feedback.jsonl"
    app = build_app(assistant, feedback)
    app.queue(default_concurrency_limit=4)
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield {"url": f"http://127.0.0.1:{port}/", "feedback": feedback}
    app.close()


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed; run 'make test', which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server["url"])
    page.wait_for_selector("#question textarea")
    yield page
    page.close()


def ask(page, question: str):
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()


def last_answer(page):
    return page.locator("#chatbot .bot-row").last  # Gradio's row for assistant messages


def test_chinese_question_gets_a_cited_answer(page):
    ask(page, "蓉漂计划对团队最高资助多少？")
    expect(page.locator("#citations details[data-clause='7']")).to_be_visible(timeout=30_000)
    expect(page.locator("#chatbot")).to_contain_text("团队最高500万")
    expect(page.locator("#citations")).to_contain_text("市委组织部")
    expect(page.locator("#citations mark").first).to_contain_text("500万")


def test_english_question_gets_an_english_answer_with_the_chinese_original(page):
    ask(page, "What matching funds do state key labs receive?")
    expect(page.locator("#citations details[data-clause='6']")).to_be_visible(timeout=30_000)
    expect(page.locator("#chatbot")).to_contain_text("CNY 3 million per laboratory")
    expect(page.locator("#chatbot")).to_contain_text("Chinese original")
    expect(page.locator("#citations")).to_contain_text("Clause 6")


def test_a_follow_up_resolves_through_the_conversation(page):
    ask(page, "省部共建国家重点实验室有什么支持？")
    expect(page.locator("#citations details[data-clause='6']")).to_be_visible(timeout=30_000)
    expect(last_answer(page)).not_to_contain_text("市人社局")
    ask(page, "负责部门是哪个？")
    expect(page.locator("#chatbot .bot-row")).to_have_count(2, timeout=30_000)
    expect(last_answer(page)).to_contain_text("市科技局、市人社局", timeout=30_000)
    expect(page.locator("#citations details[data-clause='6']")).to_be_visible()


def test_the_calculator_form_gives_the_right_amount(page):
    page.get_by_role("tab", name="计算器 Calculators").click()
    page.locator("#calc-labs textarea, #calc-labs input").first.fill("7")
    page.locator("#calc-run").click()
    expect(page.locator("#calc-result")).to_contain_text("2100万元", timeout=30_000)
    expect(page.locator("#calc-result")).to_contain_text("（六）")


def test_the_status_banner_says_the_policy_has_expired(page):
    banner = page.locator("#status-banner")
    expect(banner).to_contain_text("2024-12-23")
    expect(banner).to_contain_text("not in force today")


def test_markup_in_a_message_is_shown_as_text(page):
    page.evaluate("window.__xss = 0")
    payload = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
    ask(page, payload)
    expect(page.locator("#chatbot")).to_contain_text("<script>window.__xss = 1</script>", timeout=30_000)
    expect(page.locator("#chatbot")).to_contain_text('onerror="window.__xss = 2"')
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") == 0
    assert page.locator("#chatbot img[src='x']").count() == 0


def test_an_empty_message_gets_a_polite_reply_and_the_session_goes_on(page):
    ask(page, "")
    expect(page.locator("#chatbot")).to_contain_text("Please type a question first", timeout=30_000)
    ask(page, "蓉漂计划个人最高资助多少？")
    expect(page.locator("#citations details[data-clause='7']")).to_be_visible(timeout=30_000)


def test_thumbs_up_is_written_to_the_feedback_file(page, server):
    ask(page, "这个政策现在还有效吗？")
    expect(page.locator("#citations details[data-clause='13']")).to_be_visible(timeout=30_000)
    page.locator("#chatbot button[aria-label='Like']").last.click()
    page.wait_for_timeout(1500)
    records = [json.loads(line) for line in server["feedback"].read_text(encoding="utf-8").splitlines()]
    assert any(r["liked"] and r["question"] == "这个政策现在还有效吗？" and "chengdu-edu-2021-129#13" in r["citations"]
               for r in records)


def test_gradio_client_calls_ask_and_calc(server):
    client = Client(server["url"], verbose=False)
    answer = client.predict("How much can a Rongpiao team get?", "[]", "auto", api_name="/ask")
    assert answer["citations"][0]["clause"] == 7 and answer["language"] == "en"
    forced = client.predict("蓉漂计划团队最高多少？", "[]", "en", api_name="/ask")
    assert forced["language"] == "en" and "CNY 5 million" in forced["answer"]
    result = client.predict("part_time_tuition", "", "60000", "3", "", "", "zh", api_name="/calc")
    assert result["result_yuan"] == 90_000 and result["clause"] == 8


@pytest.fixture()
def llm_server(assistant, tmp_path):
    """The app with an LLM composer pointed at the scripted stand-in server (no model runs)."""
    from assistant import Assistant
    from assistant.llm import LLMComposer, LLMSettings

    from .fake_openai import ScriptedOpenAI

    endpoint = ScriptedOpenAI()
    composer = LLMComposer(LLMSettings(base_url=endpoint.url, model="stand-in", timeout=5), assistant.analyzer)
    with_llm = Assistant(assistant.settings, assistant.documents, assistant.analyzer, assistant.search,
                         assistant.index_info, today=assistant._today, composer=composer)
    app = build_app(with_llm, tmp_path / "feedback.jsonl")
    app.queue()
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/", endpoint
    app.close()
    endpoint.close()


def test_llm_answers_stream_in_and_only_verified_text_stands(browser, llm_server):
    url, endpoint = llm_server
    endpoint.replies = [{"content": "根据（七），蓉漂计划团队最高资助500万。该文件已于2024年12月23日失效。"},
                        {"content": "根据（七），蓉漂计划团队最高资助9000万元。"}]
    page = browser.new_page()
    page.goto(url)
    ask(page, "蓉漂计划团队最高资助多少？")
    expect(last_answer(page)).to_contain_text("根据（七），蓉漂计划团队最高资助500万。", timeout=30_000)
    ask(page, "蓉漂计划团队最高资助多少？")
    expect(page.locator("#chatbot .bot-row")).to_have_count(2, timeout=30_000)
    expect(last_answer(page)).to_contain_text("团队最高500万的资金资助", timeout=30_000)  # the clause's own words
    expect(last_answer(page)).not_to_contain_text("9000万")
    page.close()
