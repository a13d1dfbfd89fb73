"""The web app in a real browser (Debian's chromium through playwright) and through
gradio_client, against a real server on 127.0.0.1, over the real corpus; plus the HTML
builders on small made-up documents (no English text, other statuses)."""

import json
import os
import re
import shutil
import socket
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from gradio_client import Client  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.edges.present import (  # noqa: E402
    chat_hint,
    citations_html,
    documents_html,
    esc,
    examples,
    highlighted_columns,
    is_english,
    policy_html,
    rule_source_html,
    rules_rows,
    rules_table_html,
    status_banner,
    unit_names,
)
from assistant.edges.ui import CSS, WORKING, build_app, calculator_rules, clarify_updates  # noqa: E402
from tests.conftest import copy_index  # noqa: E402
from assistant.models import Citation, Clause, DocumentMeta, PolicyDocument  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TODAY = date(2026, 11, 28)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT = 30_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def ui_assistant(tmp_path_factory, built_index):
    """The real corpus (one notice), copied because loading writes its facts.json, in a copy of
    the session's index (adding a notice in the UI writes to it)."""
    corpus = tmp_path_factory.mktemp("ui-corpus") / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(".*"))
    settings = Settings(corpus_dir=corpus, index_dir=copy_index(built_index, tmp_path_factory.mktemp("ui") / "index"))
    return Assistant.create(settings, today=TODAY)


@pytest.fixture(scope="module")
def notice(ui_assistant):
    return ui_assistant.documents[0]


@pytest.fixture(scope="module")
def server(ui_assistant, tmp_path_factory):
    feedback = tmp_path_factory.mktemp("feedback") / "feedback.jsonl"
    app = build_app(ui_assistant, feedback)
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


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector("#question textarea")
    return page


@pytest.fixture()
def page(browser, server):
    page = _open(browser, server["url"])
    yield page
    page.close()


def ask(page, question: str):
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()


def answers(page):
    return page.locator("#chatbot .bot-row")  # Gradio's rows for assistant messages


def ask_and_wait(page, question: str):
    count = answers(page).count()
    ask(page, question)
    expect(answers(page)).to_have_count(count + 1, timeout=TIMEOUT)
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)  # the answer is complete
    return answers(page).last


# -- in the browser --------------------------------------------------------------------
def test_banner_examples_and_a_three_step_follow_up_chain(page, notice):
    meta = notice.meta
    banner = page.locator("#status-banner")
    expect(banner).to_contain_text(meta.doc_number)
    expect(banner).to_contain_text("已失效")
    expect(banner).to_contain_text("2024-12-22")  # the last day in force: expires - 1 day
    expect(banner).to_contain_text("not in force today (2026-11-28)")
    assert "Chengdu policy assistant" in page.title()
    expect(page.get_by_text(f"{meta.doc_number}的有效期到什么时候？")).to_be_visible()

    first = ask_and_wait(page, "省部共建国家重点实验室有什么支持？")
    expect(first).to_contain_text("300万元")
    cited = page.locator("#citations details").first
    expect(cited).to_have_attribute("data-clause", "6")
    expect(cited).to_contain_text(meta.doc_number)
    expect(cited.locator(".cite-status")).to_have_text(f"{meta.doc_number} · 已失效")
    expect(cited.locator(".cite-en")).to_contain_text("CNY 3 million")  # zh and en side by side
    expect(cited.locator("mark").first).to_contain_text("300万元")

    second = ask_and_wait(page, "负责单位呢？")
    expect(second).to_contain_text("第（六）条")
    expect(second).to_contain_text("市科技局、市人社局")
    expect(page.locator("#citations details").first).to_have_attribute("data-clause", "6")

    third = ask_and_wait(page, "如果有7个呢？")
    expect(third).to_contain_text("第（六）条")
    expect(third).to_contain_text("2100万元")
    expect(page.locator("#citations details").first).to_have_attribute("data-clause", "6")

    page.set_viewport_size({"width": 1366, "height": 600})  # a short chat: the three answers scroll
    overlap = page.evaluate(TOOLBAR_OVER_USER_BUBBLES)
    assert overlap["scrolls"] and overlap["checked"] > 0 and overlap["covered"] == [], overlap

    page.locator("#doc-filter input").click()  # ask one notice or all of them
    expect(page.get_by_role("option")).to_have_text([re.compile("全部文件 All notices"),
                                                     re.compile(re.escape(meta.doc_number))])


# Scrolls the chat from the bottom to the top and, at each step, lists the user bubbles whose
# visible part (what the scrolling leaves in sight) lies under the chat's toolbar.
TOOLBAR_OVER_USER_BUBBLES = """() => {
  const chat = document.querySelector('#chatbot');
  const bar = chat.querySelector('.icon-button-wrapper.top-panel');
  const scroller = chat.querySelector('.bubble-wrap');
  const covered = [];
  let checked = 0;
  for (let top = scroller.scrollHeight; top >= 0; top -= 20) {
    scroller.scrollTop = top;
    const a = bar.getBoundingClientRect(), v = scroller.getBoundingClientRect();
    for (const bubble of chat.querySelectorAll('.message.user')) {
      const r = bubble.getBoundingClientRect();
      const b = {left: Math.max(r.left, v.left), right: Math.min(r.right, v.right),
                 top: Math.max(r.top, v.top), bottom: Math.min(r.bottom, v.bottom)};
      if (b.top >= b.bottom) continue;
      checked += 1;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) covered.push(scroller.scrollTop);
    }
  }
  return {scrolls: scroller.scrollHeight > scroller.clientHeight, checked, covered};
}"""


def test_feedback_after_clear_goes_to_the_answer_on_screen(page, server):
    ask_and_wait(page, "这个政策现在还有效吗？")
    expect(page.locator("#citations details")).not_to_have_count(0)
    page.locator("#chatbot button[aria-label='Clear']").first.click()  # the chat's own clear button
    expect(answers(page)).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#citations details")).to_have_count(0)
    question = "蓉漂计划对团队最高资助多少？"
    ask_and_wait(page, question)
    expect(page.locator("#citations details").first).to_have_attribute("data-clause", "7", timeout=TIMEOUT)
    page.locator("#chatbot button[aria-label='Like']").last.click()
    feedback = server["feedback"]
    for _ in range(30):
        if feedback.exists() and feedback.read_text(encoding="utf-8").strip():
            break
        page.wait_for_timeout(100)
    records = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
    assert records[-1]["liked"] and records[-1].get("question") == question, records
    assert records[-1]["citations"][0] == "chengdu-edu-2021-129#7"


def _feedback_records(page, path, count):
    for _ in range(50):
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        if len(lines) >= count:
            break
        page.wait_for_timeout(100)
    return [json.loads(line) for line in lines]


def test_an_answer_is_copied_downloaded_and_disliked_with_a_reason(browser, server, notice):
    """Answers people can pass on: the copy button puts the answer, its cited clauses and the
    validity note on the clipboard as plain text; the download is the conversation in Markdown
    with the same; a thumbs-down asks what was wrong and logs the reason with the turn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["url"].rstrip("/"))
    page = context.new_page()
    try:
        page.goto(server["url"])
        page.wait_for_selector("#question textarea")
        expect(page.locator("#download")).to_be_disabled()  # nothing to download before an answer
        question = "省部共建国家重点实验室有什么支持？"
        ask_and_wait(page, question)
        expect(page.locator("#download")).to_be_enabled(timeout=TIMEOUT)
        page.locator("#copy").click()
        page.wait_for_timeout(200)
        copied = page.evaluate("navigator.clipboard.readText()")
        for expected in (question, "300万元", f"{notice.meta.doc_number}第（六）条", "已于2024年12月23日失效"):
            assert expected in copied, (expected, copied)
        assert "<" not in copied and "&lt;" not in copied  # text, not markup
        with page.expect_download() as download:
            page.locator("#download").click()
        markdown = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename.endswith(".md")
        for expected in (f"### 问: {question}", "300万元", f"{notice.meta.doc_number}第（六）条",
                         "已于2024年12月23日失效", "已失效 expired"):
            assert expected in markdown, (expected, markdown)

        before = len(server["feedback"].read_text(encoding="utf-8").splitlines()) if server["feedback"].exists() else 0
        expect(page.locator("#dislike")).to_be_hidden()
        page.locator("#chatbot button[aria-label='Dislike']").last.click()
        expect(page.locator("#dislike")).to_be_visible(timeout=TIMEOUT)
        page.locator("#dislike-reason").get_by_label("金额不对 Wrong amount").check()
        page.locator("#dislike-comment textarea").fill("每个实验室的金额")
        page.locator("#dislike-send").click()
        expect(page.locator("#dislike")).to_be_hidden(timeout=TIMEOUT)
        records = _feedback_records(page, server["feedback"], before + 2)[before:]
        assert records[0]["liked"] is False and records[0]["question"] == question
        assert records[1]["reason"] == "wrong_amount" and records[1]["comment"] == "每个实验室的金额"
        assert records[1]["question"] == question and "liked" not in records[1]
    finally:
        context.close()


def test_a_clarify_button_asks_again_about_its_clause(page, ui_assistant):
    question = next((q for q in ("补贴多少", "支持高校建设", "国际合作", "联合培养")
                     if len(ui_assistant.ask(q).clarify) >= 2), None)
    if question is None:
        pytest.skip("no question has two close clauses with this corpus; the buttons' rendering is tested below")
    options = ui_assistant.ask(question).clarify
    ask_and_wait(page, question)
    button = page.locator("#clarify-1")
    expect(button).to_be_visible(timeout=TIMEOUT)
    expect(button).to_contain_text(options[1]["title"])
    button.click()
    expect(answers(page)).to_have_count(2, timeout=TIMEOUT)
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)
    expect(page.locator("#citations details").first).to_have_attribute("data-clause", str(options[1]["clause"]))
    expect(page.locator("#clarify-0")).to_be_hidden()


def test_markup_is_text_and_an_empty_message_gets_a_polite_reply(page):
    ask(page, "")
    expect(page.locator("#chatbot")).to_contain_text("Please type a question first", timeout=TIMEOUT)
    page.evaluate("window.__xss = 0")
    payload = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
    ask(page, payload)
    expect(page.locator("#chatbot")).to_contain_text("<script>window.__xss = 1</script>", timeout=TIMEOUT)
    expect(page.locator("#chatbot")).to_contain_text('onerror="window.__xss = 2"')
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)
    assert page.evaluate("window.__xss") == 0
    assert page.locator("#chatbot img[src='x']").count() == 0


def test_calculator_and_policy_tabs(page, ui_assistant):
    rules = calculator_rules(ui_assistant.documents)
    label = next(label for label, _, rule in rules if rule.kind == "per_unit")
    page.get_by_role("tab", name="计算器 Calculators").click()
    page.locator("#calc-rule input").click()
    page.get_by_role("option", name=label).click()
    page.locator("#calc-quantities textarea, #calc-quantities input").first.fill("7个实验室")
    page.locator("#calc-run").click()
    result = page.locator("#calc-result")
    expect(result).to_contain_text("2100万元", timeout=TIMEOUT)
    expect(result).to_contain_text("第（六）条")
    expect(result).to_contain_text("2024年12月23日失效")  # the document's status note
    page.get_by_role("radio", name="English").last.check()
    page.locator("#calc-quantities textarea, #calc-quantities input").first.fill("")
    page.locator("#calc-run").click()
    expect(result).to_contain_text("None of the quantities given applies", timeout=TIMEOUT)

    page.get_by_role("tab", name="政策全文 Policy").click()
    page.locator("#policy-search textarea, #policy-search input").first.fill("實驗室")  # traditional
    expect(page.locator("#policy-text .policy-clause")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#policy-text .policy-clause")).to_have_attribute("data-clause", "6")
    expect(page.locator("#policy-text mark").first).to_have_text("实验室")
    expect(page.locator("#policy-rules")).to_contain_text("按数量 per unit")


CJK = re.compile("[\u4e00-\u9fff]")


def test_the_answer_language_names_government_bodies_everywhere(page, notice, ui_assistant):
    """English chosen: the banner, the documents list, the citations, the money-rule table and
    the calculator name departments and issuers in English (from the naming table or the
    translation); 中文 chosen: in Chinese."""
    meta = notice.meta
    page.locator("#language").get_by_role("radio", name="English").check()
    banner = page.locator("#status-banner")
    expect(banner).to_contain_text(f"{meta.name_en()} “{meta.title_en}” — expired")
    expect(banner).not_to_contain_text(CJK)

    ask_and_wait(page, "Who is responsible for state key laboratories, and how much is given?")
    units = page.locator("#citations details").first.locator(".cite-meta")
    expect(units).to_contain_text("Responsible units: Municipal Science and Technology Bureau")
    expect(units).not_to_contain_text(CJK)

    page.get_by_role("tab", name="文件 Documents").click()
    listing = page.locator("#documents table")
    expect(listing).to_contain_text(meta.doc_number_en)
    expect(listing).to_contain_text(meta.issuers_en[0])
    expect(listing.locator("td[data-label='Status today']")).to_have_text("expired")
    expect(listing).not_to_contain_text(CJK)

    page.get_by_role("tab", name="政策全文 Policy").click()
    responsible = page.locator("#policy-rules td[data-label='Responsible']")
    expect(responsible).to_have_count(len(notice.rules), timeout=TIMEOUT)
    expect(responsible.first).to_contain_text("Municipal")
    assert not any(CJK.search(text) for text in responsible.all_inner_texts())

    rules = calculator_rules(ui_assistant.documents, "en")
    label = next(label for label, _, rule in rules if rule.kind == "per_unit")
    page.get_by_role("tab", name="计算器 Calculators").click()
    expect(page.locator("#calc-language").get_by_role("radio", name="English")).to_be_checked()
    page.locator("#calc-rule input").click()
    menu = page.get_by_role("option")
    expect(menu).to_have_count(len(rules))
    assert not any(CJK.search(text) for text in menu.all_inner_texts()), menu.all_inner_texts()  # names in English
    page.get_by_role("option", name=label).click()
    source = page.locator("#calc-rule-text blockquote[lang='en']")  # the rule's sentence in English
    expect(source).to_be_visible()
    expect(source).to_contain_text("CNY")
    expect(page.locator("#calc-rule-text blockquote[lang='zh']")).to_be_hidden()  # the original, folded
    page.locator("#calc-quantities textarea, #calc-quantities input").first.fill("7 laboratories")
    page.locator("#calc-run").click()
    result = page.locator("#calc-result")
    expect(result).to_contain_text("Responsible units: Municipal Science and Technology Bureau", timeout=TIMEOUT)
    expect(result.locator(".calc-units")).not_to_contain_text(CJK)

    page.get_by_role("tab", name="问答 Chat").click()
    page.locator("#language").get_by_role("radio", name="中文").check()
    expect(banner).to_contain_text("已失效")
    expect(banner).not_to_contain_text("expired")
    page.get_by_role("tab", name="文件 Documents").click()
    expect(listing).to_contain_text(meta.issuers[0])
    expect(listing).not_to_contain_text("Bureau")
    page.get_by_role("tab", name="计算器 Calculators").click()
    expect(page.locator("#calc-rule input")).to_have_value(re.compile(r"（六）"))  # the same rule, named in Chinese


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box


def _inside_viewport(page, selector):
    box, view = _box(page, selector), page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= view["width"] + 1 and box["y"] + box["height"] <= view["height"] + 1, \
        (selector, box, view)


def _no_horizontal_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_the_first_screen_and_the_rules_table_fit_desktop_and_phone(browser, server, notice, width, height):
    """Issue 13, by element positions: the question box and Send on the first screen, no
    sideways scrolling, an empty chat's hint, citations after the chat on a phone, every tab in
    sight, and the money-rule table with no cell clipped."""
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(server["url"])
        page.wait_for_selector("#question textarea")
        hint = page.locator("#chatbot .chat-hint")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text(notice.meta.doc_number)  # built from the loaded document
        if width >= 1000:
            assert _box(page, "#chatbot .chat-hint")["height"] < 36  # one line
        _inside_viewport(page, "#question textarea")
        _inside_viewport(page, "#send")
        _no_horizontal_overflow(page)
        if width < 640:  # one column: the citations come after the chat
            assert _box(page, "#citations")["y"] >= _box(page, "#chatbot")["y"] + _box(page, "#chatbot")["height"]
        for name in ("问答 Chat", "计算器 Calculators", "政策全文 Policy"):  # no tab behind an overflow menu
            tab = page.get_by_role("tab", name=name)
            expect(tab).to_be_visible()
            box = tab.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (name, box)

        page.get_by_role("tab", name="政策全文 Policy").click()
        table = page.locator("#policy-rules table.rules-table")
        expect(table.locator("tbody tr")).to_have_count(len(notice.rules), timeout=TIMEOUT)
        expect(table).to_contain_text("按数量 per unit")
        _no_horizontal_overflow(page)
        fit = table.evaluate("""t => {
            const clipped = [...t.querySelectorAll('th, td')].filter(c => c.offsetParent !== null
                && (c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1)).length;
            const box = t.parentElement.getBoundingClientRect();
            return {clipped, fits: t.scrollWidth <= t.clientWidth + 1, wrapFits: t.scrollWidth <= t.parentElement.clientWidth + 1,
                    scrolls: ['auto', 'scroll'].includes(getComputedStyle(t.parentElement).overflowX),
                    left: box.left, right: box.right};
        }""")
        assert fit["clipped"] == 0, fit
        assert fit["fits"] and (fit["wrapFits"] or fit["scrolls"]), fit
        assert fit["left"] >= 0 and fit["right"] <= width + 1, fit
    finally:
        page.close()


def test_the_calculators_fit_a_phone(browser, server, ui_assistant):
    """Issue 13 at 390×844: the rule menu (its text ending before its arrow), the quantities,
    Calculate and the result are inside the screen's width and usable; nothing scrolls sideways."""
    rules = calculator_rules(ui_assistant.documents)
    label = next(label for label, _, rule in rules if rule.kind == "per_unit")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(server["url"])
        page.wait_for_selector("#question textarea")
        page.get_by_role("tab", name="计算器 Calculators").click()
        menu = page.locator("#calc-rule input")
        menu.click()
        page.get_by_role("option", name=label).click()
        text_end = menu.evaluate("e => e.getBoundingClientRect().right - parseFloat(getComputedStyle(e).paddingRight)")
        arrow = _box(page, "#calc-rule .icon-wrap")
        assert text_end <= arrow["x"] + 1, (text_end, arrow)  # the label never runs under the arrow
        page.locator("#calc-quantities textarea, #calc-quantities input").first.fill("7个实验室")
        page.locator("#calc-run").click()
        expect(page.locator("#calc-result")).to_contain_text("2100万元", timeout=TIMEOUT)
        for selector in ("#calc-rule input", "#calc-quantities textarea", "#calc-run", "#calc-result h3"):
            page.locator(selector).first.scroll_into_view_if_needed()
            _inside_viewport(page, selector)
        _no_horizontal_overflow(page)
    finally:
        page.close()


NOTICE = Path(__file__).parent / "fixtures" / "notices" / "postdoc-regs.txt"  # a made-up district notice


def _documents_tab_upload(page, path: Path):
    page.get_by_role("tab", name="文件 Documents").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))


def test_an_anonymous_user_cannot_add_a_notice(page, tmp_path):
    upload = tmp_path / "qinglan-postdoc.txt"
    shutil.copyfile(NOTICE, upload)
    _documents_tab_upload(page, upload)
    expect(page.locator("#upload-review")).to_contain_text("Only a signed-in user can add a notice", timeout=TIMEOUT)
    expect(page.locator("#upload-confirm")).to_be_disabled()
    expect(page.locator("#documents tbody tr")).to_have_count(1)


@pytest.fixture()
def signed_in_server(ui_assistant, tmp_path):
    """The app behind credentials, over its own copy of the corpus and index (adding writes both)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(ui_assistant.settings.corpus_dir, corpus)
    shutil.copytree(ui_assistant.settings.index_dir, index)
    own = Assistant.create(Settings(corpus_dir=corpus, index_dir=index), today=TODAY)
    app = build_app(own, tmp_path / "feedback.jsonl")
    app.queue()
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS,
               auth=[("alice", "secret")])
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_a_signed_in_user_adds_a_notice_that_the_chat_then_answers(browser, signed_in_server, tmp_path):
    """Done when of issue 13: the upload is read and segmented for review, added and indexed on
    confirmation, listed, and answerable in the chat without a restart."""
    upload = tmp_path / "qinglan-postdoc.txt"
    shutil.copyfile(NOTICE, upload)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        login = context.request.post(signed_in_server + "login", form={"username": "alice", "password": "secret"})
        assert login.ok, login.status
        page = context.new_page()
        page.goto(signed_in_server)
        page.wait_for_selector("#question textarea")
        _documents_tab_upload(page, upload)
        review = page.locator("#upload-review")
        expect(review).to_contain_text("青人社发〔2025〕12号", timeout=TIMEOUT)  # the facts read, for review
        assert review.locator(".segments li").count() >= 5
        expect(page.locator("#documents tbody tr")).to_have_count(1)  # nothing added before confirming
        page.locator("#upload-confirm").click()
        expect(review).to_contain_text("Added and indexed", timeout=180_000)
        expect(page.locator("#documents tbody tr")).to_have_count(2)
        expect(page.locator("#documents")).to_contain_text("青人社发〔2025〕12号")
        expect(page.locator("#status-banner")).to_contain_text("青人社发〔2025〕12号")
        page.get_by_role("tab", name="问答 Chat").click()
        expect(page.locator("#app-title")).to_contain_text("2 policy document(s) loaded")
        expect(page.locator("#chatbot .chat-hint")).to_be_visible()  # the empty chat's hint, made again
        ask_and_wait(page, "博士后进站以后每个月的生活补贴是多少？")
        expect(page.locator("#citations details").first).to_have_attribute("data-doc", "qinglan-postdoc")
        expect(page.locator(".gallery, [data-testid='examples']").first).to_contain_text("青人社发〔2025〕12号")

        # the filter now offers the new notice; asking the other one only never cites the new one
        page.locator("#doc-filter input").click()
        expect(page.get_by_role("option", name=re.compile("青人社发〔2025〕12号"))).to_have_count(1)
        page.get_by_role("option", name=re.compile("成教函")).click()
        ask_and_wait(page, "博士后进站以后每个月的生活补贴是多少？")
        assert "qinglan-postdoc" not in page.locator("#citations details").evaluate_all(
            "ds => ds.map(d => d.dataset.doc)")

        page.get_by_role("tab", name="计算器 Calculators").click()  # its money rules are in the calculator
        page.locator("#calc-rule input").click()
        expect(page.get_by_role("option", name=re.compile("青人社发〔2025〕12号")).first).to_be_visible()
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="政策全文 Policy").click()  # and in the Policy tab's menu
        page.locator("#policy-doc input").click()
        page.get_by_role("option", name=re.compile("青人社发〔2025〕12号")).click()
        expect(page.locator("#policy-text .policy-clause").first).to_have_attribute("data-doc", "qinglan-postdoc")
    finally:
        context.close()


# -- through the API -------------------------------------------------------------------
def test_gradio_client_calls_ask_and_calc(server, ui_assistant):
    client = Client(server["url"], verbose=False)
    answer = client.predict("How much can a Rongpiao team get?", "[]", "auto", "", api_name="/ask")
    assert answer["citations"][0]["clause"] == 7 and answer["language"] == "en"
    first = client.predict("省部共建国家重点实验室有什么支持？", "[]", "auto", "", api_name="/ask")
    follow = client.predict("负责单位呢？", "[]", "zh", json.dumps(first["state"], ensure_ascii=False), api_name="/ask")
    assert follow["citations"][0]["clause"] == 6
    only = client.predict("How much can a Rongpiao team get?", doc=ui_assistant.documents[0].meta.doc_id,
                          api_name="/ask")  # one notice asked, by keyword
    assert {c["doc"] for c in only["citations"]} == {ui_assistant.documents[0].meta.doc_id}
    with pytest.raises(Exception, match="no document 'nope'"):
        client.predict("How much can a Rongpiao team get?", doc="nope", api_name="/ask")
    rules = calculator_rules(ui_assistant.documents)
    index = next(i for i, (_, _, rule) in enumerate(rules) if rule.kind == "per_unit")
    result = client.predict(str(index), "7个实验室", "zh", api_name="/calc")
    assert result["result_yuan"] == 21_000_000 and result["clause"] == 6 and result["status"] == "expired"
    share = next(label for label, _, rule in rules if rule.kind == "share")
    result = client.predict(share, "tuition 45,000 yuan a year for 4 years", "en", api_name="/calc")
    assert result["result_yuan"] == 90_000 and result["clause"] == 8
    assert "error" in client.predict("999", "7", "en", api_name="/calc")


# -- with an LLM composer (a scripted stand-in server) -----------------------------------------
@pytest.fixture()
def llm_server(ui_assistant, tmp_path):
    """The app with an LLM composer pointed at the scripted stand-in server (no model runs)."""
    from assistant.answering.llm import LLMComposer, LLMSettings

    try:
        from tests.fake_openai import ScriptedOpenAI
    except ImportError:
        from tests.fake_openai import ScriptedOpenAI

    endpoint = ScriptedOpenAI()
    composer = LLMComposer(LLMSettings(base_url=endpoint.url, model="stand-in", timeout=5), ui_assistant.analyzer)
    with_llm = Assistant(ui_assistant.settings, ui_assistant.documents, ui_assistant.analyzer, ui_assistant.search,
                         ui_assistant.index_info, today=TODAY, composer=composer, coverage=ui_assistant.coverage)
    app = build_app(with_llm, tmp_path / "feedback.jsonl")
    app.queue()
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield f"http://127.0.0.1:{port}/", endpoint, composer
    app.close()
    endpoint.close()


def test_llm_answers_stream_in_send_waits_and_only_verified_text_stands(browser, llm_server):
    url, endpoint, _ = llm_server
    endpoint.replies = [{"sleep": 1.5, "content": "根据（七），蓉漂计划团队最高资助500万。该文件已于2024年12月23日失效。"},
                        {"content": "根据（七），蓉漂计划团队最高资助9000万元。"}]
    page = _open(browser, url)
    ask(page, "蓉漂计划团队最高资助多少？")
    expect(page.locator("#send")).to_be_disabled(timeout=1_000)  # locked while the answer is written
    expect(page.locator("#question textarea")).to_be_disabled()  # Enter cannot send a second one either
    expect(answers(page).last).to_have_text(WORKING)  # work under way shows before the model's first word
    expect(page.locator("#send")).to_be_disabled()
    expect(page.locator("#chatbot .chat-hint")).to_have_count(0)  # the empty chat's hint is gone
    expect(answers(page).last).to_contain_text("根据（七），蓉漂计划团队最高资助500万。", timeout=TIMEOUT)
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)
    ask(page, "蓉漂计划团队最高资助多少？")
    expect(answers(page)).to_have_count(2, timeout=TIMEOUT)
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)
    expect(answers(page).last).to_contain_text("团队最高500万的资金资助")  # the clause's own words
    expect(answers(page).last).not_to_contain_text("9000万")
    page.locator("#clear").click()  # the app's own Clear button empties the chat and the citations
    expect(answers(page)).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#citations details")).to_have_count(0)
    page.close()


_LEAK_WATCH = """words => {
    window.__leaked = [];
    new MutationObserver(() => {
        for (const row of document.querySelectorAll('#chatbot .bot-row')) {
            const outside = row.cloneNode(true);
            outside.querySelectorAll('.llm-draft').forEach(d => d.remove());
            for (const w of words) if (outside.textContent.includes(w)) window.__leaked.push(w);
        }
    }).observe(document.querySelector('#chatbot'), {subtree: true, childList: true, characterData: true});
}"""


def test_a_model_draft_looks_provisional_until_it_is_checked(browser, llm_server):
    """The remote LLM cannot run here: a scripted stand-in server (tests/fake_openai.py) plays
    the model through the real client, and its chunks are paced so the draft stays on screen.
    The draft sits in a grey dashed box labelled as being checked; a rejected draft's words never
    appear outside that box, and the checked answer replaces it."""
    url, endpoint, composer = llm_server
    unpaced = composer.stream

    def paced(grounding):
        for text in unpaced(grounding):
            time.sleep(0.4)
            yield text

    composer.stream = paced
    invented = "根据（七），蓉漂计划团队最高资助9000万元。"  # an amount the clause does not state
    verified = "根据（七），蓉漂计划团队最高资助500万。该文件已于2024年12月23日失效。"
    endpoint.replies = [{"content": invented}, {"content": verified}]
    page = _open(browser, url)
    page.evaluate(_LEAK_WATCH, ["9000万"])
    ask(page, "蓉漂计划团队最高资助多少？")
    draft = answers(page).last.locator(".llm-draft")
    expect(draft).to_contain_text("9000万", timeout=TIMEOUT)
    expect(draft.locator(".draft-label")).to_contain_text("草稿 · 正在核对")
    style = draft.evaluate("e => [getComputedStyle(e).borderStyle, getComputedStyle(e).fontStyle]")
    assert style == ["dashed", "italic"], style
    expect(page.locator("#send")).to_be_disabled()
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)
    expect(answers(page).last.locator(".llm-draft")).to_have_count(0)
    expect(answers(page).last).to_contain_text("团队最高500万的资金资助")  # the deterministic answer
    expect(answers(page).last).not_to_contain_text("9000万")
    assert page.evaluate("window.__leaked") == []

    ask(page, "蓉漂计划团队最高资助多少？")
    expect(answers(page).last.locator(".llm-draft")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#send")).to_be_enabled(timeout=TIMEOUT)
    expect(answers(page).last.locator(".llm-draft")).to_have_count(0)
    expect(answers(page).last).to_have_text(verified)  # checked: the model's text stands, as an answer
    page.close()


# -- the HTML builders, on made-up documents ---------------------------------------------------
def _document(doc_id: str, number: str, effective: date | None, expires: date | None, english: bool) -> PolicyDocument:
    meta = DocumentMeta(doc_id=doc_id, title_zh="关于<b>测试</b>的办法", title_en="Test measures" if english else "",
                        doc_number=number, doc_number_en="", issuers=("市测试局",), issuers_en=(), issued=effective,
                        effective=effective, expires=expires)
    clauses = (Clause(doc_id, 0, "通知及序言", 0, "", "", "各单位：", "To all units:" if english else "", (), ()),
               Clause(doc_id, 1, "第一条", 1, "总则", "", "对<script>x</script>给予最高10万元补助。",
                      "Up to CNY 100,000." if english else "", ("市测试局",), (100_000,)))
    return PolicyDocument(meta, clauses)


def test_the_banner_has_one_line_per_document_in_both_languages():
    docs = [_document("a", "测字〔2025〕1号", date(2025, 1, 1), date(2028, 1, 1), True),
            _document("b", "", date(2027, 3, 1), None, False),
            _document("c", "测字〔2020〕9号", date(2020, 1, 1), date(2023, 1, 1), True)]
    banner = status_banner(docs, TODAY)
    assert banner.count('class="status ') == 3
    assert "现行有效，有效期至 2027-12-31 / in force, valid until 2027-12-31" in banner
    assert "尚未施行：自 2027-03-01 起施行" in banner and "not yet in force" in banner
    assert "已于 2023-01-01 失效" in banner and "not in force today (2026-11-28)" in banner
    assert "<b>测试</b>" not in banner and esc("<b>测试</b>") in banner  # the untitled one shows its title, escaped


@pytest.mark.parametrize("language,expected", [
    ("zh", "市科技局、成都市财政局"),
    ("en", "Municipal Science and Technology Bureau; Chengdu Municipal Finance Bureau"),
    ("both", "市科技局、成都市财政局 / Municipal Science and Technology Bureau; Chengdu Municipal Finance Bureau"),
])
def test_government_bodies_are_named_in_the_page_language(language, expected):
    assert unit_names(["市科技局", "成都市财政局"], language) == expected
    doc = _document("a", "测字〔2025〕1号", date(2025, 1, 1), date(2028, 1, 1), True)
    doc = PolicyDocument(replace(doc.meta, issuers=("市财政局",)), doc.clauses)
    listing = documents_html([doc], TODAY, language)
    assert {"zh": "现行有效", "en": "in force", "both": "现行有效 in force"}[language] in listing
    assert ("Test measures" in listing) == (language != "zh")
    assert ("市财政局" in listing) == (language != "en")
    assert ("Municipal Finance Bureau" in listing) == (language != "zh")


def test_a_clause_without_english_shows_only_chinese_with_a_note():
    doc = _document("b", "测字〔2026〕2号", date(2026, 1, 1), None, False)
    citation = Citation.from_clause(doc.clause(1), 1.0, doc.meta, TODAY)
    panel = citations_html([citation], "给予最高10万元补助", {"b": doc}.__getitem__, "en", TODAY)
    assert 'class="cite-cols single"' in panel and 'class="cite-en"' not in panel
    assert "No English text of this document is available" in panel
    assert "测字〔2026〕2号 · in force" in panel and "现行有效" not in panel
    assert "<script>" not in panel and "&lt;script&gt;" in panel
    text = policy_html(doc, "補助", lambda t: t.replace("補", "补"))  # a traditional search finds simplified text
    assert "<mark>补助</mark>" in text and 'data-clause="0"' not in text


_ZH = "各单位：对<b>企业</b>给予支持。对引进团队给予最高10万元补助。"
_EN_SAME = "To all units: support <b>firms</b>. Teams brought in get up to CNY 100,000."
_EN_MORE = "To all units. Support <b>firms</b>. Teams brought in get up to CNY 100,000."


@pytest.mark.parametrize("text_en,answer,language,zh_marks,en_marks", [
    # a Chinese answer marks the English sentence that corresponds, index for index
    (_EN_SAME, "对引进团队给予最高10万元补助。", "zh", ["对引进团队给予最高10万元补助。"],
     ["Teams brought in get up to CNY 100,000."]),
    # an English answer quoting the whole Chinese clause still marks only the quoted sentence's Chinese
    (_EN_SAME, "Teams brought in get up to CNY 100,000. Chinese original: " + _ZH, "en",
     ["对引进团队给予最高10万元补助。"], ["Teams brought in get up to CNY 100,000."]),
    # different sentence counts: aligned by the amounts of money each sentence states
    (_EN_MORE, "对引进团队给予最高10万元补助。", "zh", ["对引进团队给予最高10万元补助。"],
     ["Teams brought in get up to CNY 100,000."]),
    (_EN_MORE, "Teams brought in get up to CNY 100,000. Chinese original: " + _ZH, "en",
     ["对引进团队给予最高10万元补助。"], ["Teams brought in get up to CNY 100,000."]),
    # ... and nothing marked in the other column when no amount decides
    (_EN_MORE, "各单位：对<b>企业</b>给予支持", "zh", ["各单位：对&lt;b&gt;企业&lt;/b&gt;给予支持。"], []),
    # nothing quoted, nothing marked
    (_EN_SAME, "", "en", [], []),
])
def test_the_citation_columns_mark_the_quoted_sentence_in_both_languages(text_en, answer, language, zh_marks,
                                                                            en_marks):
    zh_html, en_html = highlighted_columns(_ZH, text_en, answer, language)
    assert re.findall(r"<mark>(.*?)</mark>", zh_html) == zh_marks
    assert re.findall(r"<mark>(.*?)</mark>", en_html) == en_marks
    assert "<mark></mark>" not in zh_html + en_html
    assert "<b>" not in zh_html + en_html and "&lt;b&gt;" in zh_html and "&lt;b&gt;" in en_html


@pytest.mark.parametrize("text_en,language,english,note", [
    (_EN_SAME, "zh", None, False),  # Chinese: the sentence as printed, nothing else
    (_EN_SAME, "en", "Teams brought in get up to CNY 100,000.", False),  # the matching English sentence
    (_EN_MORE, "en", "Teams brought in get up to CNY 100,000.", False),  # matched by its amount
    ("", "en", None, True),  # no English text: the Chinese, and a note that says so
    ("To all. Support firms. Teams get a grant.", "en", None, True),  # no sentence states the amount
])
def test_the_calculator_shows_the_rules_sentence_in_the_chosen_language(text_en, language, english, note):
    shown = rule_source_html(_ZH, text_en, "对引进团队给予最高10万元补助。", language)
    assert re.findall(r'<blockquote lang="en" class="rule-text">(.*?)</blockquote>', shown) == \
        ([english] if english else [])
    assert '<blockquote lang="zh" class="rule-text">对引进团队给予最高10万元补助。</blockquote>' in shown
    assert ("No English text of this sentence" in shown) == note


def test_examples_are_built_from_the_loaded_documents(ui_assistant):
    docs = [_document("a", "测字〔2025〕1号", date(2025, 1, 1), None, True)]
    assert examples(docs)[0] == "测字〔2025〕1号的有效期到什么时候？"
    built = examples(ui_assistant.documents)
    assert f"{ui_assistant.documents[0].meta.doc_number}的有效期到什么时候？" in built
    assert any(is_english(q) for q in built) and any(not is_english(q) for q in built)
    hint = chat_hint(docs)  # the empty chat's one line, from the documents, escaped
    assert "测字〔2025〕1号" in hint and "<br" not in hint and hint.count("<p") == 1
    assert "No policy document is loaded" in chat_hint([])
    assert "no money rules" in rules_table_html(docs[0])


def test_clarify_buttons_render_up_to_two_options():
    options = [{"doc": "a", "clause": 2, "label": "（二）", "title": "测字〔2025〕1号第（二）条", "question": "q"},
               {"doc": "a", "clause": 4, "label": "（四）", "title": "测字〔2025〕1号第（四）条", "question": "q"},
               {"doc": "a", "clause": 5, "label": "（五）", "title": "third", "question": "q"}]
    shown = clarify_updates(options)
    assert len(shown) == 2 and all(u["visible"] for u in shown)
    assert "第（四）条" in shown[1]["value"]
    assert [u["visible"] for u in clarify_updates(options[:1])] == [True, False]
    assert not any(u["visible"] for u in clarify_updates([]))


def test_calculator_names_in_english_tell_the_rules_apart_without_chinese(ui_assistant):
    english = [label for label, _, _ in calculator_rules(ui_assistant.documents, "en")]
    assert len(set(english)) == len(english)  # the individual and the team caps of one clause stay apart
    assert not any(CJK.search(label) for label in english), english
    assert any("CNY 5 million for a team" in label for label in english)


def test_the_rules_table_says_what_a_share_cap_is_counted_per_and_its_limits():
    from assistant.documents.rules import rules_of_clause

    text = ("按实际租金的50%给予补贴，每平方米每月补贴最高不超过30元，补贴面积不超过300平方米，"
            "自入驻之日起连续支持3年。")
    document = _document("a", "测字〔2025〕1号", date(2025, 1, 1), None, False)
    document = PolicyDocument(document.meta, document.clauses, tuple(rules_of_clause(1, text)))
    [zh] = rules_rows(document, "zh")
    [en] = rules_rows(document, "en")
    assert "/平方米/月，最多300平方米，最长36个月" in zh[4]
    assert "per sq m per month, at most 300 sq m, at most 36 months" in en[4]


class _SlowAnswers:
    """The real assistant, answering only after a pause: long enough that a second session's
    question arrives while the first is still being answered."""

    def __init__(self, inner, seconds: float):
        self._inner, self._seconds = inner, seconds

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def ask(self, *args, **kwargs):
        time.sleep(self._seconds)
        return self._inner.ask(*args, **kwargs)


def test_a_question_and_searching_show_at_once_while_another_session_is_answered(browser, ui_assistant, tmp_path):
    app = build_app(_SlowAnswers(ui_assistant, 4.0), tmp_path / "feedback.jsonl")
    app.queue(default_concurrency_limit=1)  # one answer at a time: the second session waits for the first
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    url = f"http://127.0.0.1:{port}/"
    first, second = _open(browser, url), _open(browser, url)
    try:
        ask(first, "这个政策现在还有效吗？")
        expect(answers(first).last).to_have_text(WORKING, timeout=TIMEOUT)
        ask(second, "How much can a team get?")
        # before the change the placeholder came from the answering step itself, so it waited its turn (4 s)
        expect(second.locator("#chatbot .user-row").last).to_have_text("How much can a team get?", timeout=2000)
        expect(answers(second).last).to_have_text(WORKING, timeout=2000)
        expect(answers(second).last).not_to_have_text(WORKING, timeout=TIMEOUT)  # the answer takes its place
        expect(answers(second)).to_have_count(1)
        expect(second.locator("#chatbot .user-row")).to_have_count(1)  # the question is not shown twice
    finally:
        first.close()
        second.close()
        app.close()


def test_the_conversations_exported_for_download_go_when_the_server_ends(tmp_path):
    """They hold users' questions: a served app's export folder is removed when its process ends,
    not left in the temporary folder at every restart (one was left per start before)."""
    import subprocess
    import sys

    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
from tests.conftest import TODAY, ExactFakeEmbeddings, copy_corpus
from assistant import Assistant, Settings
from assistant.edges.ui import build_app
settings = Settings(corpus_dir=copy_corpus({str(tmp_path / "corpus")!r}), index_dir={str(tmp_path / "index")!r})
app = build_app(Assistant.create(settings, today=TODAY, embeddings=ExactFakeEmbeddings()), {str(tmp_path / "f.jsonl")!r})
(app.exports_dir / "conversation.md").write_text("a user's question", encoding="utf-8")
print(app.exports_dir, app.exports_dir.is_dir())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    folder, existed = done.stdout.split()[-2:]
    assert existed == "True" and Path(folder).parent == tmp_path
    assert not Path(folder).exists()
