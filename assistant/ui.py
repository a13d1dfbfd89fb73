"""The Gradio web app: chat, citations, calculators, the policy text, feedback.

It holds no policy logic: every answer comes from `Assistant.ask`, every amount from the
calculators; this module only turns `Answer` and `Calculation` objects into widgets.
"""

from __future__ import annotations

import html
import json
import logging
import threading
from datetime import datetime, timezone
from pathlib import Path

import gradio as gr

from .amounts import format_en_long, format_zh
from .calculators import CAP_RULES, caps_table, run_calculator
from .core import Assistant
from .errors import AssistantError
from .present import caps_rows, citations_html, esc, policy_html, status_banner

log = logging.getLogger(__name__)

EXAMPLES = [
    "蓉漂计划对团队最高资助多少？",
    "学校有6个省部共建国家重点实验室，配套资金合计多少？",
    "What matching funds do state key labs receive?",
    "Tuition for a part-time doctorate is 45,000 yuan a year over 4 years. What is the subsidy?",
    "这个政策现在还有效吗？",
]
LANGUAGES = [("自动 Auto", "auto"), ("中文", "zh"), ("English", "en")]
CALCULATORS = [
    ("省部共建国家重点实验室配套（六） State key labs (6)", "state_key_labs"),
    ("非全日制联合培养学费50%（八） Part-time tuition (8)", "part_time_tuition"),
    *[(f"{rule.funded_zh}（{rule.clause}） {rule.funded_en}", kind) for kind, rule in CAP_RULES.items()],
    ("（四）两项合计 Clause 4 both items", "combined_clause_4"),
]
CSS = """
.status { padding: 8px 12px; border-radius: 6px; font-weight: 600; }
.status.expired { background: #fff3cd; color: #664d03; border: 1px solid #ffda6a; }
.status.in-force { background: #d1e7dd; color: #0f5132; }
.cite-cols { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 6px 0; }
.cite-meta { font-size: 0.9em; color: #555; }
.citation { border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; margin-bottom: 8px; }
mark { background: #fff59d; }
"""
MAX_MESSAGE_CHARS = 2000


class FeedbackLog:
    """Appends one JSON line per thumbs up/down; a lock keeps concurrent writes whole."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(line)


def _ask_history(chat: list[dict]) -> list[dict]:
    """The chat as `ask` wants it: plain text, un-escaped."""
    history = []
    for message in chat:
        content = message.get("content")
        if isinstance(content, list):  # Gradio may hand back [{"type": "text", "text": ...}]
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        if isinstance(content, str) and message.get("role") in ("user", "assistant"):
            history.append({"role": message["role"], "content": html.unescape(content)})
    return history


def _polite(error: Exception, language: str) -> str:
    if isinstance(error, AssistantError):
        return ("⚠ " + str(error)) if language == "en" else f"⚠ 无法回答：{error}"
    return ("⚠ Something went wrong while answering; please try again or rephrase the question."
            if language == "en" else "⚠ 回答时出错了，请重试或换个问法。")


def build_app(assistant: Assistant, feedback_path: Path) -> gr.Blocks:
    document = assistant.primary
    feedback = FeedbackLog(feedback_path)

    def respond(message: str, chat: list[dict], language_choice: str, turns: list[dict]):
        chat = list(chat or [])
        turns = list(turns or [])
        message = message or ""
        forced = None if language_choice == "auto" else language_choice
        guess = forced or ("zh" if any("\u4e00" <= ch <= "\u9fff" for ch in message) else "en")
        shown = message if len(message) <= 200 else message[:200] + "…"
        chat.append({"role": "user", "content": esc(shown)})
        if not message.strip():
            reply = "请先输入问题。" if guess == "zh" else "Please type a question first."
            chat.append({"role": "assistant", "content": reply})
            turns.append({"question": message, "answer": reply, "citations": []})
            yield chat, gr.update(), "", turns
            return
        if len(message) > MAX_MESSAGE_CHARS:
            reply = (f"问题太长（{len(message):,} 字符，上限 {MAX_MESSAGE_CHARS:,}），请一次问一个简短的问题。"
                     if guess == "zh" else
                     f"That message is {len(message):,} characters long; the limit is {MAX_MESSAGE_CHARS:,}. "
                     "Please ask one short question at a time.")
            chat.append({"role": "assistant", "content": reply})
            turns.append({"question": message[:200], "answer": reply, "citations": []})
            yield chat, gr.update(), "", turns
            return
        try:
            if assistant.composer is not None:  # an LLM writes: show its text as it comes
                chat.append({"role": "assistant", "content": ""})
                answer = None
                for event in assistant.stream(message, _ask_history(chat[:-2]), language=forced):
                    if isinstance(event, str):
                        chat[-1] = {"role": "assistant", "content": esc(event)}
                        yield chat, gr.update(), "", turns
                    else:
                        answer = event
                chat.pop()  # the verified final text replaces the streamed draft below
            else:
                answer = assistant.ask(message, _ask_history(chat[:-1]), language=forced)
        except Exception as error:  # the session must stay usable whatever happens inside ask
            if chat and chat[-1]["role"] == "assistant":
                chat.pop()  # a streamed draft that did not finish
            if not isinstance(error, AssistantError):
                log.exception("ask failed")
            reply = _polite(error, guess)
            chat.append({"role": "assistant", "content": esc(reply)})
            turns.append({"question": message, "answer": reply, "citations": []})
            yield chat, gr.update(), "", turns
            return
        text = answer.answer
        if answer.refused:
            text += ("\n\n可以问问：" if answer.language == "zh" else "\n\nYou could ask: ") + \
                ("；".join(EXAMPLES[:2]) if answer.language == "zh" else "; ".join(EXAMPLES[2:4]))
        panel = citations_html(answer.citations, answer.answer, document, answer.language)
        chat.append({"role": "assistant", "content": ""})
        step = max(12, len(text) // 12)
        for end in range(step, len(text) + step, step):  # stream the answer in
            chat[-1] = {"role": "assistant", "content": esc(text[:end])}
            yield chat, gr.update(), "", turns
        turns.append({"question": message, "answer": answer.answer,
                      "citations": [f"{c.doc}#{c.clause}" for c in answer.citations],
                      "refused": answer.refused, "language": answer.language})
        yield chat, panel, "", turns

    def record_feedback(turns: list[dict], data: gr.LikeData):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        answer_number = (index + 1) // 2 - 1 if isinstance(index, int) else -1
        turn = (turns or [])[answer_number] if 0 <= answer_number < len(turns or []) else {}
        feedback.append({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                         "liked": bool(data.liked), **turn})

    def calculate(kind: str, laboratories: str, tuition_per_year: str, years: str, total_tuition: str,
                  requested: str, language: str):
        language = "en" if language == "en" else "zh"
        try:
            result = run_calculator(document, kind, laboratories=laboratories, tuition_per_year=tuition_per_year,
                                    years=years, total_tuition=total_tuition, requested=requested)
        except AssistantError as error:
            return f"⚠ {esc(str(error))}", {"error": str(error)}
        data = result.to_dict(language)
        clause = document.clause(result.clause)
        amount = format_zh(result.result_yuan) if language == "zh" else format_en_long(result.result_yuan)
        head = (f"### 结果：{amount}\n依据 {clause.label}" if language == "zh"
                else f"### Result: {amount}\nUnder {clause.label_en()} {clause.label}")
        steps = "\n".join(f"{i}. {esc(step)}" for i, step in enumerate(data["steps"], 1))
        caveats = "\n".join(f"> {esc(c)}" for c in data["caveats"])
        return f"{head}\n\n{steps}\n\n{caveats}", data

    def ask_api(question: str, history_json: str = "[]", language: str = "auto") -> dict:
        """The chat's answer as the JSON contract of `ask --json`."""
        try:
            history = json.loads(history_json or "[]")
        except json.JSONDecodeError as error:
            raise gr.Error(f"history_json is not JSON: {error.msg}") from None
        try:
            answer = assistant.ask(question, history, language=None if language == "auto" else language)
        except AssistantError as error:
            raise gr.Error(str(error)) from None
        data = answer.to_dict()
        data.pop("evidence", None)
        return data

    def calc_api(kind: str, laboratories: str = "", tuition_per_year: str = "", years: str = "",
                 total_tuition: str = "", requested: str = "", language: str = "zh") -> dict:
        """One calculator's result: kind, inputs, result_yuan, cap_yuan, capped, steps, clause, caveats."""
        return calculate(kind, laboratories, tuition_per_year, years, total_tuition, requested, language)[1]

    with gr.Blocks(title="成都研究生教育政策助手 · Chengdu graduate-education policy assistant") as app:
        gr.HTML(status_banner(document, assistant.today()), elem_id="status-banner")
        gr.Markdown(f"## 成都研究生教育政策助手 · Policy assistant\n{esc(document.meta.doc_number)} "
                    f"《{esc(document.meta.title_zh)}》")
        turns = gr.State([])
        with gr.Tabs():
            with gr.Tab("问答 Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="对话 Conversation", height=460, elem_id="chatbot",
                                             sanitize_html=True, render_markdown=False,
                                             feedback_options=("Like", "Dislike"))
                        with gr.Row():
                            box = gr.Textbox(placeholder="用中文或英文提问 · Ask in Chinese or English", scale=5,
                                             show_label=False, elem_id="question", max_lines=4)
                            send = gr.Button("发送 Send", variant="primary", scale=1, elem_id="send")
                        language = gr.Radio(LANGUAGES, value="auto", label="回答语言 Answer language",
                                            elem_id="language")
                        gr.Examples(EXAMPLES, inputs=[box], label="示例 Examples")
                    with gr.Column(scale=2):
                        gr.Markdown("### 引用条款 Cited clauses")
                        citations = gr.HTML("", elem_id="citations")
            with gr.Tab("计算器 Calculators", id="calc"):
                kind = gr.Dropdown(CALCULATORS, value="state_key_labs", label="规则 Rule", elem_id="calc-kind")
                with gr.Row():
                    laboratories = gr.Textbox(label="实验室个数 Laboratories", elem_id="calc-labs")
                    tuition = gr.Textbox(label="每年学费 Tuition per year", elem_id="calc-tuition")
                    years = gr.Textbox(label="学制（年） Years", elem_id="calc-years")
                    total = gr.Textbox(label="总学费 Total tuition", elem_id="calc-total")
                    requested = gr.Textbox(label="申请金额 Requested amount", elem_id="calc-requested")
                calc_language = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label="语言 Language")
                run_calc = gr.Button("计算 Calculate", variant="primary", elem_id="calc-run")
                calc_result = gr.Markdown(elem_id="calc-result")
                calc_json = gr.JSON(label="JSON")
            with gr.Tab("政策全文 Policy", id="policy"):
                search = gr.Textbox(label="搜索 Search", placeholder="例如 实验室 / laboratory", elem_id="policy-search")
                policy = gr.HTML(policy_html(document), elem_id="policy-text")
                caps_language = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label="上限表 Caps table")
                caps = gr.Dataframe(caps_rows(caps_table(document), "zh"),
                                    headers=["条款 Clause", "受益对象 Beneficiary", "资助内容 Funded", "上限 Cap",
                                             "单位/条件 Unit", "责任单位 Responsible"], interactive=False)

        outputs = [chatbot, citations, box, turns]
        send.click(respond, [box, chatbot, language, turns], outputs, api_visibility="private")
        box.submit(respond, [box, chatbot, language, turns], outputs, api_visibility="private")
        chatbot.like(record_feedback, [turns], None, api_visibility="private")
        run_calc.click(calculate, [kind, laboratories, tuition, years, total, requested, calc_language],
                       [calc_result, calc_json], api_visibility="private")
        search.change(lambda text: policy_html(document, text), [search], [policy], api_visibility="private")
        caps_language.change(lambda lang: caps_rows(caps_table(document), lang), [caps_language], [caps],
                             api_visibility="private")
        gr.api(ask_api, api_name="ask")
        gr.api(calc_api, api_name="calc")
    return app


def serve(assistant: Assistant, host: str, port: int, feedback_path: Path,
          auth: list[tuple[str, str]] | None) -> None:
    app = build_app(assistant, feedback_path)
    app.queue(default_concurrency_limit=4)
    app.launch(server_name=host, server_port=port, auth=auth, css=CSS, show_error=False, quiet=False,
               footer_links=["api"])
