"""The Gradio web app: chat, citations, calculators, the policy texts, feedback.

It holds no policy logic: every answer comes from `Assistant.ask` (or `stream`), every
amount from the calculation engine; this module only turns `Answer` and `Calculation`
objects into widgets. It works over whatever documents are loaded.
"""

from __future__ import annotations

import ctypes
import html
import json
import logging
import re
import shutil
import signal
import tempfile
import threading
import time
import uuid
import weakref
from datetime import datetime, timezone
from pathlib import Path

import gradio as gr

from assistant.answering.calculate import Calculation, Question, calculate, char_overlap
from assistant.answering.compose import cite_label
from assistant.answering.pipeline import Assistant
from assistant.answering.quantities import read_quantities
from assistant.documents.library import add_file, build_document
from assistant.documents.loaders import SUPPORTED, read_document
from assistant.edges.present import (
    ALL_DOCUMENTS,
    calc_error_html,
    calculation_html,
    chat_hint,
    citations_html,
    conversation_markdown,
    FEEDBACK_REASONS,
    documents_html,
    esc,
    examples,
    filter_choices,
    is_english,
    policy_html,
    rule_label,
    rule_source_html,
    rules_table_html,
    segmentation_html,
    status_banner,
    turn_text,
    ui_language,
)
from assistant.errors import AssistantError
from assistant.models import Answer, MoneyRule, PolicyDocument
from assistant.search.gloss import dictionary, names_abroad_en
from assistant.search.index import generation

log = logging.getLogger(__name__)

TITLE = "Chengdu policy assistant 成都政策助手"
LANGUAGES = [("自动 Auto", "auto"), ("中文", "zh"), ("English", "en")]
MAX_CLARIFY = 2
# answers worked out at once: one costs about 30 ms of CPU, so ten people pressing Send together are not
# queued behind each other (4 had made the last of ten wait for the first ones)
CONCURRENT_ANSWERS = 16
CSS = """
.status { padding: 6px 12px; border-radius: 6px; font-weight: 600; margin: 2px 0; }
.status.expired, .status.not-yet { background: #fff3cd; color: #664d03; border: 1px solid #ffda6a; }
.status.in-force { background: #d1e7dd; color: #0f5132; }
.status.unknown { background: #e2e3e5; color: #41464b; }
.cite-cols { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 6px 0; }
.cite-cols.single { grid-template-columns: 1fr; }
.cite-meta, .cite-note { font-size: 0.9em; color: #555; }
.cite-status { font-size: 0.85em; padding: 1px 6px; border-radius: 4px; background: #eee; }
.cite-status.expired, .cite-status.not_yet { background: #fff3cd; }
.cite-status.in_force { background: #d1e7dd; }
.citation { border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; margin-bottom: 8px; }
mark { background: #fff59d; }
/* a model's draft, shown while it is checked against the clauses: grey, dashed, labelled, never final */
.llm-draft { color: #6b7280; font-style: italic; border: 1px dashed #9ca3af; border-radius: 6px; padding: 4px 8px;
  background: #f9fafb; }
.llm-draft .draft-label { display: block; font-style: normal; font-weight: 600; font-size: 0.8em; color: #92400e; }
/* the chat fits the first screen: its height leaves room for the banner, tabs and the question row */
#chatbot { --chat-height: clamp(220px, calc(100vh - 380px), 640px); }
/* the chat's toolbar (share, clear, copy all) takes its own line above the messages instead of floating
   over them, so a scrolled conversation never slides a user's bubble under it */
#chatbot .icon-button-wrapper.top-panel { position: static; align-self: flex-end; margin: 0 0 4px auto;
  width: max-content; }
#question-row { flex-wrap: nowrap; align-items: stretch; }
#question-row > * { min-width: 0; }
.chat-hint { color: #555; text-align: center; margin: 0; }
#copy-text { display: none !important; }
/* a dropdown's long label ends in an ellipsis before its arrow instead of running under it */
input[role="combobox"] { text-overflow: ellipsis; padding-right: 28px !important; min-width: 0; }
/* the money rules: a table that wraps its text and never widens the page */
.rules-scroll { max-width: 100%; overflow-x: auto; }
.rules-table { width: 100%; border-collapse: collapse; font-size: 0.9em; margin: 0; }
.rules-table th, .rules-table td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top;
  white-space: normal; overflow-wrap: anywhere; word-break: normal; min-width: 0; }
.rules-table th { background: #f3f4f6; }
@media (max-width: 640px) {
  #chatbot { --chat-height: clamp(200px, calc(100vh - 460px), 520px); }
  .status-banner .status { font-size: 0.75em; line-height: 1.3; padding: 4px 8px; }
  #app-title h2 { font-size: 1.2em; margin: 0 0 2px; }
  #app-title p { font-size: 0.85em; margin: 0; }
  #main-tabs button[role="tab"] { padding: 0 6px; font-size: 0.85em; }
  /* the question gets the whole width, Send and Clear share the line below */
  #question-row { flex-wrap: wrap; gap: 8px; }
  #question-row > .form, #question-row > #question { flex: 1 1 100% !important; }
  #question-row > #send, #question-row > #clear { flex: 1 1 40% !important; }
  .cite-cols { grid-template-columns: 1fr; }
  /* each money rule becomes a card: one line per column, its name first */
  .rules-table thead { display: none; }
  .rules-table, .rules-table tbody, .rules-table tr, .rules-table td { display: block; width: auto; }
  .rules-table tr { border: 1px solid #ddd; border-radius: 6px; margin-bottom: 8px; }
  .rules-table td { border: none; padding: 2px 8px; }
  .rules-table td::before { content: attr(data-label) "："; font-weight: 600; }
}
"""
WORKING = "⏳ 正在检索… Searching…"
REASONS = FEEDBACK_REASONS  # the CLI's feedback summary names them with the same words
DRAFT_LABEL = {"zh": "草稿 · 正在核对条款…", "en": "Draft — checking it against the clauses…"}
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


def _text(content) -> str | None:
    if isinstance(content, list):  # Gradio may hand back [{"type": "text", "text": ...}]
        content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else None


def _ask_history(chat: list[dict]) -> list[dict]:
    """The chat as `ask` wants it: plain text, un-escaped."""
    history = []
    for message in chat:
        content = _text(message.get("content"))
        if content == WORKING or (content or "").startswith(_DRAFT_START):  # left by an answer cut off
            continue
        if content is not None and message.get("role") in ("user", "assistant"):
            history.append({"role": message["role"], "content": html.unescape(content)})
    return history


_DRAFT_START = '<div class="llm-draft"'


class _Last(tuple):
    """The last update of an answer (the copy text and the download are made from it)."""


def draft_html(text: str, language: str) -> str:
    """A model's unverified text: in a grey, dashed box under a "draft, checking" label, so it
    never looks like an answer; the verified or the deterministic answer replaces it."""
    label = DRAFT_LABEL["zh" if language == "zh" else "en"]
    return (f'{_DRAFT_START} data-provisional="true"><span class="draft-label">⏳ {esc(label)}</span>'
            f'<span class="draft-text">{esc(text)}</span></div>')


def _polite(error: Exception, language: str) -> str:
    if isinstance(error, AssistantError):
        return ("⚠ " + str(error)) if language == "en" else f"⚠ 无法回答：{error}"
    return ("⚠ Something went wrong while answering; please try again or rephrase the question."
            if language == "en" else "⚠ 回答时出错了，请重试或换个问法。")


def _guess_language(message: str, forced: str | None) -> str:
    return forced or ("zh" if any("\u4e00" <= ch <= "\u9fff" for ch in message) else "en")


def clarify_updates(options: list[dict]) -> list[dict]:
    """The clarify buttons for an answer's options: one per option (at most two), the rest hidden."""
    updates = []
    for i in range(MAX_CLARIFY):
        if i < len(options):
            updates.append(gr.update(value=f"↪ {options[i].get('title') or options[i].get('label', '')}",
                                     visible=True, interactive=True))
        else:
            updates.append(gr.update(visible=False))
    return updates


class LiveAssistant:
    """The assistant the app answers with. A notice added in the Documents tab builds a new
    one (the index embeds only the new document) and swaps it in whole, so the chat answers
    about it without a restart; a question in flight finishes with the one it started with."""

    def __init__(self, assistant: Assistant):
        self.current = assistant
        self.lock = threading.Lock()  # one rebuild at a time

    def __getattr__(self, name: str):
        return getattr(self.current, name)

    def refresh(self) -> bool:
        """Load the library again if another process changed the index (`add`, `remove`, `index`
        while this server runs); True when it did. The check is one stat of a marker file."""
        settings = self.current.settings
        if generation(settings.index_dir) == getattr(self.current, "generation", 0):
            return False
        with self.lock:
            old = self.current
            if generation(settings.index_dir) == getattr(old, "generation", 0):
                return False  # another request reloaded it meanwhile
            try:
                new = Assistant.create(old.settings, today=getattr(old, "_today", None))
            except Exception:  # e.g. a document that cannot be read: keep answering with what was loaded
                log.exception("the library changed on disk but could not be loaded; still answering from the old one")
                old.generation = generation(settings.index_dir)
                return False
            new.composer = old.composer
            self.current = new
            log.info("the library changed on disk: %d document(s) loaded", len(new.documents))
            return True

    def add(self, path: Path, doc_id: str) -> PolicyDocument:
        with self.lock:
            old = self.current
            add_file(old.settings.corpus_dir, path, doc_id)
            new = Assistant.create(old.settings, today=getattr(old, "_today", None))  # a fixed day stays fixed
            new.composer = old.composer
            self.current = new
            return new.document(doc_id)


def upload_id(name: str) -> str:
    """A document id from an uploaded file's name: its stem, with anything but letters, digits,
    '-', '_' and '.' replaced."""
    stem = re.sub(r"[^\w\-.]+", "-", Path(name).stem).strip("-.")[:60]
    return stem or "notice"


def calculator_rules(documents: list[PolicyDocument], language: str = "zh") -> list[tuple[str, PolicyDocument, MoneyRule]]:
    """Every money rule of every document, with its label in the language, in document order."""
    return [(rule_label(document, rule, language), document, rule) for document in documents
            for rule in document.rules]


def rule_choices(rules: list[tuple[str, PolicyDocument, MoneyRule]]) -> list[tuple[str, str]]:
    return [(label, str(i)) for i, (label, _, _) in enumerate(rules)]


def build_app(assistant: Assistant, feedback_path: Path) -> gr.Blocks:
    assistant = assistant if isinstance(assistant, LiveAssistant) else LiveAssistant(assistant)
    documents = list(assistant.documents)
    feedback = FeedbackLog(feedback_path)
    rules = calculator_rules(documents)
    sample_questions = examples(documents)

    def live_rules(language: str = "zh"):
        """The rules of the documents loaded now (a notice added in the Documents tab brings its own)."""
        return calculator_rules(list(assistant.documents), "en" if language == "en" else "zh")

    # -- chat ------------------------------------------------------------------
    def user_bubble(message: str) -> dict:
        shown = message if len(message) <= 200 else message[:200] + "…"
        return {"role": "user", "content": esc(shown)}

    def start(message: str, chat: list[dict]):
        """Take the message off the box, lock Send (and the box) until the answer is in, and show the
        question with the "searching" placeholder at once (this event skips the queue; the answer
        itself comes from `respond`, which takes the two off again before it adds its own)."""
        message = message or ""
        chat = list(chat or [])
        if message.strip() and len(message) <= MAX_MESSAGE_CHARS:
            chat += [user_bubble(message), {"role": "assistant", "content": WORKING}]
        return (message, gr.update(value="", interactive=False), gr.update(interactive=False),
                *[gr.update(visible=False)] * MAX_CLARIFY, chat)

    def choose(number: int, pending_clarify: dict):
        """A clarify button: ask the question again about the clause it names, in the answer's language."""
        pending_clarify = pending_clarify or {}
        options = (pending_clarify or {}).get("options") or []
        if number >= len(options):
            return ("", gr.update(interactive=False), gr.update(interactive=False), {},
                    *[gr.update(visible=False)] * MAX_CLARIFY)
        option = options[number]
        try:
            meta = assistant.document(option["doc"]).meta
            reference = cite_label(assistant.document(option["doc"]).clause(option["clause"]), meta, "zh")
        except KeyError:
            reference = option.get("question") or option.get("title", "")
        question = (pending_clarify or {}).get("question", "")
        text = f"{question}（{reference}）" if question else reference
        return (text, gr.update(interactive=False), gr.update(interactive=False), {**pending_clarify, "chosen": text},
                *[gr.update(visible=False)] * MAX_CLARIFY)

    def finish():
        return gr.update(interactive=True), gr.update(interactive=True)

    exports = Path(tempfile.mkdtemp(prefix="assistant-conversations-"))

    def passed_on(turns: list[dict]):
        """The last answer as plain text for the copy button, the conversation as a Markdown file."""
        if not turns:
            return "", gr.update(value=None, interactive=False)
        text = turn_text(turns[-1], assistant.document, assistant.today())
        path = exports / uuid.uuid4().hex[:12] / f"conversation-{assistant.today().isoformat()}.md"
        path.parent.mkdir(parents=True)
        path.write_text(conversation_markdown(turns, assistant.document, assistant.today(), list(assistant.documents)),
                        encoding="utf-8")
        return text, gr.update(value=str(path), interactive=True)

    def respond(*inputs):
        """Yields (chat, citations, turns, conversation state, clarify options, *clarify buttons,
        copy text, download); the copy text and the download follow the finished answer."""
        for out in reply_to(*inputs):  # no extra update after the last: it raced the clarify buttons
            yield (*out, *passed_on(out[2])) if isinstance(out, _Last) else (*out, gr.update(), gr.update())

    def reply_to(message: str, chat: list[dict], language_choice: str, turns: list[dict], conversation: dict,
                 pending_clarify: dict, doc_choice: str = ALL_DOCUMENTS):
        """Yields (chat, citations, turns, conversation state, clarify options, *clarify buttons)."""
        chat = list(chat or [])
        turns = list(turns or [])
        conversation = dict(conversation or {})
        message = message or ""
        forced = None if language_choice == "auto" else language_choice
        only = doc_choice or None  # the document filter: one notice, or all of them
        if (pending_clarify or {}).get("language") and (pending_clarify or {}).get("chosen") == message:
            forced = forced or pending_clarify["language"]  # a clarify choice keeps the answer's language
        guess = _guess_language(message, forced)
        hidden = [gr.update(visible=False)] * MAX_CLARIFY
        if len(chat) >= 2 and chat[-1].get("role") == "assistant" and WORKING in str(chat[-1].get("content")):
            chat = chat[:-2]  # the question and placeholder `start` showed (as Gradio hands them back): shown again below
        chat.append(user_bubble(message))

        def plain(reply: str, question: str):
            chat.append({"role": "assistant", "content": esc(reply)})
            turns.append({"question": question, "answer": reply, "citations": [], "language": guess})
            return _Last((chat, gr.update(), turns, conversation, {}, *hidden))

        if not message.strip():
            yield plain("请先输入问题。" if guess == "zh" else "Please type a question first.", message)
            return
        if len(message) > MAX_MESSAGE_CHARS:
            yield plain(f"问题太长（{len(message):,} 字符，上限 {MAX_MESSAGE_CHARS:,}），请一次问一个简短的问题。"
                        if guess == "zh" else
                        f"That message is {len(message):,} characters long; the limit is {MAX_MESSAGE_CHARS:,}. "
                        "Please ask one short question at a time.", message[:200])
            return
        history = _ask_history(chat[:-1])
        chat.append({"role": "assistant", "content": WORKING})  # shows that work is under way
        yield chat, gr.update(), turns, conversation, {}, *hidden
        try:
            assistant.refresh()
            if assistant.composer is not None:  # an LLM writes: show its text as it comes
                answer = None
                for event in assistant.stream(message, history, language=forced, state=conversation, doc=only):
                    if isinstance(event, str):
                        chat[-1] = {"role": "assistant", "content": draft_html(event, guess)}
                        yield chat, gr.update(), turns, conversation, {}, *hidden
                    else:
                        answer = event
                if not isinstance(answer, Answer):
                    raise RuntimeError("the answer stream ended without an answer")
            else:
                answer = assistant.ask(message, history, language=forced, state=conversation, doc=only)
        except Exception as error:  # the session must stay usable whatever happens inside ask
            if chat and chat[-1]["role"] == "assistant":
                chat.pop()  # the placeholder, or a streamed draft that did not finish
            if not isinstance(error, AssistantError):
                log.exception("ask failed")
            yield plain(_polite(error, guess), message)
            return

        text = answer.answer
        zh = answer.language == "zh"
        if answer.refused:
            suggestions = [q for q in examples(list(assistant.documents)) if is_english(q) != zh][:2]
            if suggestions:
                text += ("\n\n可以问问：" + "；".join(suggestions)) if zh else ("\n\nYou could ask: " + "; ".join(suggestions))
        if answer.refused or answer.kind == "greeting" or not answer.citations:
            panel = citations_html([], "", assistant.document, answer.language, assistant.today()) \
                if answer.refused else ""
        else:
            panel = citations_html(answer.citations, answer.answer, assistant.document, answer.language,
                                   assistant.today())
        options = list(answer.clarify or [])[:MAX_CLARIFY]
        clarify = {"question": message, "language": answer.language, "options": options} if options else {}
        # the deterministic answer is whole once it is ready: shown at once over the placeholder or the draft
        # (revealing it piece by piece held a queue slot for a dozen more updates per answer, and under ten
        # sessions at once the last ones waited for the first ones' pieces)
        chat[-1] = {"role": "assistant", "content": esc(text)}
        turns.append({"question": message, "answer": answer.answer, "kind": answer.kind,
                      "citations": [c.key for c in answer.citations],
                      "refused": answer.refused, "language": answer.language})
        conversation = dict(answer.state or {})
        yield _Last((chat, panel, turns, conversation, clarify, *clarify_updates(options)))

    def clear():
        """A new conversation: no messages, no topic, no citations, no feedback targets."""
        return ([], "", [], {}, {}, "", gr.update(value="", interactive=True), gr.update(interactive=True),
                *[gr.update(visible=False)] * MAX_CLARIFY, "", gr.update(value=None, interactive=False),
                {}, gr.update(visible=False))

    def record_feedback(turns: list[dict], chat: list[dict], data: gr.LikeData):
        """The turn of the liked message (the number of answers up to it on screen); a thumbs-down
        opens "what was wrong?" for that turn."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turns = turns or []
        turn = {}
        if isinstance(index, int) and chat and 0 <= index < len(chat):
            answer_number = sum(1 for m in chat[:index + 1] if m.get("role") == "assistant") - 1
            if 0 <= answer_number < len(turns):
                turn = turns[answer_number]
        feedback.append({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                         "liked": bool(data.liked), **turn})
        if data.liked:
            return {}, gr.update(visible=False)
        return turn, gr.update(visible=True)

    def record_reason(turn: dict, reason: str | None, comment: str):
        """What was wrong with a disliked answer: one more line for that turn, without "liked" so
        a count of thumbs-down counts it once."""
        if turn:
            feedback.append({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                             "reason": reason or "other", "comment": (comment or "").strip()[:1000], **turn})
        return {}, gr.update(visible=False), None, ""

    # -- calculators -------------------------------------------------------------
    def find_rule(choice) -> tuple[PolicyDocument, MoneyRule] | None:
        """A rule by its index (int or digits), its label, or doc_id#clause[#n]."""
        rules = live_rules()
        if isinstance(choice, (int, float)) and not isinstance(choice, bool):
            index = int(choice)
            return rules[index][1:] if 0 <= index < len(rules) else None
        choice = str(choice or "").strip()
        if choice.isdigit():
            return find_rule(int(choice))
        for label, document, rule in rules + live_rules("en"):
            if label == choice:
                return document, rule
        if "#" in choice:
            doc_id, _, rest = choice.partition("#")
            clause, _, number = rest.partition("#")
            matching = [(d, r) for _, d, r in rules if d.meta.doc_id == doc_id and str(r.clause) == clause]
            pick = int(number) if number.isdigit() else 0
            return matching[pick] if pick < len(matching) else None
        return None

    def run_calculation(choice, quantities: str, language: str) -> tuple[str, dict]:
        language = "en" if language == "en" else "zh"
        zh = language == "zh"
        found = find_rule(choice)
        if found is None:
            message = (f"没有这条规则：{choice}。请从列表中选择。" if zh
                       else f"There is no rule {choice!r}; pick one from the list.")
            return calc_error_html(message), {"error": message}
        document, rule = found
        try:
            result = calculate(rule, document.meta.doc_id, read_quantities(quantities or ""), similar=char_overlap)
        except AssistantError as error:
            message = f"无法计算：{error}" if zh else f"Cannot calculate: {error}"
            return calc_error_html(message), {"error": message}
        except Exception:  # an unexpected failure still gets a polite line
            log.exception("calculate failed")
            message = "计算时出错了，请检查输入。" if zh else "Something went wrong while calculating; check the input."
            return calc_error_html(message), {"error": message}
        if isinstance(result, Question):
            message = result.zh if zh else result.en
            return calc_error_html(message), {"error": message, "question": True}
        if not isinstance(result, Calculation):
            message = ("这条规则用不上所给的数量：请写明数量、时长或金额，例如“7个实验室”“3人18个月”“每年学费4.5万，4年”“申请600万”。"
                       if zh else
                       "None of the quantities given applies to this rule: state a count, a duration or an amount, "
                       "e.g. '7 laboratories', '3 postdocs for 18 months', 'tuition 45000 a year for 4 years', "
                       "'requested 6 million'.")
            return calc_error_html(message), {"error": message}
        data = result.to_dict(language)
        data.update({"doc_number": document.meta.doc_number, "status": document.meta.status(assistant.today())})
        try:
            data["label"] = document.clause(result.clause).label
        except KeyError:
            pass
        return calculation_html(result, document, language, assistant.today()), data

    def rule_source(choice, language: str = "zh") -> str:
        found = find_rule(choice)
        if found is None:
            return ""
        document, rule = found
        clause = document.clause(rule.clause)
        return rule_source_html(clause.text_zh, clause.text_en, rule.text, language)

    # -- the policy texts ------------------------------------------------------------
    def show_policy(doc_id: str, query: str, language_choice: str = "auto"):
        shown = ui_language(language_choice)
        try:
            document = assistant.document(doc_id)
        except KeyError:
            return "<p>没有这个文件 / No such document.</p>", ""
        return (policy_html(document, query or "", assistant.analyzer.to_simplified, shown),
                rules_table_html(document, shown))

    def relabel(language_choice: str, doc_id: str | None = None, query: str = ""):
        """The answer language also names the page's departments and statuses: the banner, the
        documents list, the policy text and its money rules, and the calculator's language."""
        shown = ui_language(language_choice)
        loaded = list(assistant.documents)
        updates = [status_banner(loaded, assistant.today(), shown), documents_html(loaded, assistant.today(), shown)]
        updates += list(show_policy(doc_id or first_doc(), query, language_choice))
        updates.append(gr.update(value="en" if language_choice == "en" else "zh"))
        return updates

    # -- adding a notice ----------------------------------------------------------------
    def refused(request: gr.Request | None) -> str | None:
        if request is not None and getattr(request, "username", None):
            return None
        return ("⚠ 只有登录用户可以添加文件：请用 ASSISTANT_UI_AUTH=用户名:密码 启动服务并登录。 / "
                "Only a signed-in user can add a notice: start the server with ASSISTANT_UI_AUTH=user:password "
                "and sign in.")

    def preview(path: str | None, request: gr.Request):
        """Read and segment the upload for review; nothing is added yet."""
        no = gr.update(interactive=False)
        if not path:
            return "", no, ""
        why = refused(request)
        if why:
            return f'<div class="upload-refused">{esc(why)}</div>', no, ""
        if Path(path).suffix.lower() not in SUPPORTED:
            return (f'<div class="calc-error">⚠ {esc(Path(path).suffix)}: 请上传 / upload one of '
                    f'{esc(", ".join(SUPPORTED))}</div>'), no, ""
        doc_id = upload_id(Path(path).name)
        try:
            document = build_document(read_document(Path(path)), doc_id, source_name=Path(path).name)[0]
        except AssistantError as error:
            return calc_error_html(f"无法读取 Cannot read it: {error}"), no, ""
        if doc_id in {d.meta.doc_id for d in assistant.documents}:
            return calc_error_html(f"已有同名文件 A document {doc_id!r} is already loaded; rename the file."), no, ""
        note = ("<p>请核对分段与要素，再确认加入。 / Check the segmentation and facts, then add it.</p>")
        return note + segmentation_html(document, assistant.today()), gr.update(interactive=True), path

    def add_notice(path: str, language_choice: str, calc_lang: str, doc_id: str | None, request: gr.Request):
        """Add the reviewed upload to the corpus and index, and answer with it from now on: the
        banner, the documents list, the title's count, the chat's filter, examples and hint, the calculator's rules and the
        Policy tab's menu are all made again from the documents now loaded."""
        why = refused(request)
        keep = [gr.update()] * 12
        if why or not path:
            return f'<div class="upload-refused">{esc(why or "")}</div>', gr.update(interactive=False), "", *keep
        try:
            document = assistant.add(Path(path), upload_id(Path(path).name))
        except AssistantError as error:
            return calc_error_html(f"未能加入 Not added: {error}"), gr.update(interactive=False), "", *keep
        shown = ui_language(language_choice)
        loaded = list(assistant.documents)
        done = (f'<div class="upload-done">✓ 已加入并索引 {esc(document.meta.name_zh())}，现在可以在问答中提问。 / '
                f"Added and indexed {esc(document.meta.name_en())}; ask about it in the chat now.</div>")
        now = live_rules(calc_lang)
        doc_id = doc_id or loaded[0].meta.doc_id
        return (done, gr.update(interactive=False), "", status_banner(loaded, assistant.today(), shown),
                documents_html(loaded, assistant.today(), shown),
                gr.update(choices=filter_choices(loaded)),
                gr.Dataset(samples=[[q] for q in examples(loaded)]),
                gr.update(choices=rule_choices(now), value=calc_choice_value(now)), gr.update(visible=bool(now)),
                gr.update(visible=not now),
                gr.update(choices=policy_choices(loaded), value=doc_id), gr.update(visible=True),
                gr.update(visible=False), gr.update(placeholder=chat_hint(loaded)), title_markdown(len(loaded)))

    # -- APIs -------------------------------------------------------------------
    def ask_api(question: str, history_json: str = "[]", language: str = "auto", state_json: str = "",
                doc: str | None = None) -> dict:
        """The chat's answer as the JSON contract of `ask --json`; pass the previous answer's
        `state` (as JSON) to follow up on its topic, and a document id as `doc` to ask that one
        notice only (default: all of them)."""
        try:
            history = json.loads(history_json or "[]")
            state = json.loads(state_json) if state_json else None
        except json.JSONDecodeError as error:
            raise gr.Error(f"history_json / state_json is not JSON: {error.msg}") from None
        try:
            assistant.refresh()
            answer = assistant.ask(question, history, language=None if language == "auto" else language,
                                   state=state if isinstance(state, dict) else None, doc=doc or None)
        except AssistantError as error:
            raise gr.Error(str(error)) from None
        data = answer.to_dict()
        data.pop("evidence", None)
        return data

    def calc_api(rule: str, quantities: str = "", language: str = "zh") -> dict:
        """One money rule applied to quantities in words. `rule`: its index in the calculator list
        (or its label, or doc_id#clause). Returns doc, clause, kind, inputs, result_yuan, cap_yuan,
        capped, steps, caveats, rule, doc_number, status — or {"error": ...}."""
        return run_calculation(rule, quantities, language)[1]

    def first_doc() -> str | None:
        loaded = list(assistant.documents)
        return loaded[0].meta.doc_id if loaded else None

    def policy_choices(loaded: list[PolicyDocument]) -> list[tuple[str, str]]:
        return [(f"{d.meta.name_zh()} {d.meta.title_zh}", d.meta.doc_id) for d in loaded]

    def calc_choice_value(now) -> str | None:
        return "0" if now else None

    def relabel_rules(language: str, choice: str):
        """The calculator's menu in the calculator's language, keeping the rule chosen."""
        now = live_rules(language)
        return gr.update(choices=rule_choices(now), value=choice if choice else calc_choice_value(now))
    def title_markdown(count: int) -> str:
        return f"## 成都政策助手 · Chengdu policy assistant\n已收录 {count} 份政策文件 · {count} policy document(s) loaded"

    with gr.Blocks(title=TITLE) as app:
        banner = gr.HTML(status_banner(documents, assistant.today()), elem_id="status-banner")
        title = gr.Markdown(title_markdown(len(documents)), elem_id="app-title")
        turns = gr.State([])
        conversation = gr.State({})
        pending = gr.State("")
        clarify_options = gr.State({})
        disliked = gr.State({})
        with gr.Tabs(overflow_behavior="wrap", elem_id="main-tabs"):  # every tab stays in sight on a phone
            with gr.Tab("问答 Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="对话 Conversation", height="var(--chat-height, 460px)",
                                             elem_id="chatbot", sanitize_html=True, render_markdown=False,
                                             feedback_options=("Like", "Dislike"),
                                             placeholder=chat_hint(documents))
                        with gr.Row():
                            clarify_buttons = [gr.Button(visible=False, size="sm", elem_id=f"clarify-{i}",
                                                         elem_classes=["clarify"]) for i in range(MAX_CLARIFY)]
                        with gr.Row(elem_id="question-row"):  # on a phone: the box, then Send and Clear
                            box = gr.Textbox(placeholder="用中文或英文提问 · Ask in Chinese or English", scale=5,
                                             show_label=False, elem_id="question", max_lines=4, min_width=120)
                            send = gr.Button("发送 Send", variant="primary", scale=1, elem_id="send", min_width=64)
                            clear_button = gr.Button("清空 Clear", scale=1, elem_id="clear", min_width=64)
                        with gr.Column(visible=False, elem_id="dislike", variant="panel") as dislike_box:
                            reason = gr.Radio(REASONS, label="哪里不对？ What was wrong?", elem_id="dislike-reason")
                            comment = gr.Textbox(label="补充说明（可选） Details (optional)", max_lines=3,
                                                 elem_id="dislike-comment")
                            send_reason = gr.Button("提交反馈 Send feedback", size="sm", elem_id="dislike-send")
                        with gr.Row(elem_id="ask-options"):
                            language = gr.Radio(LANGUAGES, value="auto", label="回答语言 Answer language",
                                                elem_id="language", scale=3)
                            doc_filter = gr.Dropdown(filter_choices(documents), value=ALL_DOCUMENTS, scale=2,
                                                     label="提问范围 Ask", elem_id="doc-filter", min_width=160)
                        with gr.Row(elem_id="pass-on"):
                            copy_text = gr.Textbox(elem_id="copy-text", show_label=False, container=False)
                            copy_button = gr.Button("复制回答 Copy answer", size="sm", elem_id="copy")
                            download = gr.DownloadButton("⬇ 下载对话 Download (Markdown)", size="sm",
                                                         elem_id="download", interactive=False)
                        example_list = gr.Examples(sample_questions or [""], inputs=[box], label="示例 Examples")
                    with gr.Column(scale=2):
                        gr.Markdown("### 引用条款 Cited clauses")
                        citations = gr.HTML("", elem_id="citations")
            with gr.Tab("计算器 Calculators", id="calc"):
                no_rules = gr.Markdown("已收录的文件没有金额规则。 / The loaded documents state no money rules.",
                                       visible=not rules)
                with gr.Column(visible=bool(rules)) as calculator:  # shown once a loaded notice has a money rule
                    kind = gr.Dropdown(rule_choices(rules), value=calc_choice_value(rules),
                                       label="规则 Rule", elem_id="calc-rule")
                    rule_text = gr.HTML(rule_source("0"), elem_id="calc-rule-text")
                    quantities = gr.Textbox(label="数量 Quantities", elem_id="calc-quantities",
                                            placeholder="例如 7个实验室 · 3 postdocs for 18 months · "
                                                        "tuition 45000 a year for 4 years · requested 6 million")
                    calc_language = gr.Radio([("中文", "zh"), ("English", "en")], value="zh",
                                             label="语言 Language", elem_id="calc-language")
                    run_calc = gr.Button("计算 Calculate", variant="primary", elem_id="calc-run")
                    calc_result = gr.HTML("", elem_id="calc-result")
                    calc_json = gr.JSON(label="JSON")
            with gr.Tab("文件 Documents", id="docs"):
                documents_table = gr.HTML(documents_html(documents, assistant.today()), elem_id="documents")
                gr.Markdown("### 添加通知 Add a notice（登录用户 signed-in users）")
                upload = gr.File(label="通知文件 Notice file", file_types=list(SUPPORTED), type="filepath",
                                 elem_id="upload")
                review = gr.HTML("", elem_id="upload-review")
                confirm = gr.Button("确认加入并索引 Add and index", interactive=False, elem_id="upload-confirm")
                staged = gr.State("")
            with gr.Tab("政策全文 Policy", id="policy"):
                no_documents = gr.Markdown("尚未收录任何政策文件。 / No policy document is loaded.",
                                           visible=not documents)
                with gr.Column(visible=bool(documents)) as policy_box:
                    doc_choice = gr.Dropdown(policy_choices(documents), value=first_doc(), label="文件 Document",
                                             elem_id="policy-doc")
                    search = gr.Textbox(label="搜索 Search（简体或繁体 simplified or traditional）",
                                        elem_id="policy-search")
                    first_html, first_rules = show_policy(first_doc(), "") if documents else ("", "")
                    policy = gr.HTML(first_html, elem_id="policy-text")
                    gr.Markdown("### 金额规则 Money rules")
                    rules_table = gr.HTML(first_rules, elem_id="policy-rules")

        clarify_outputs = [*clarify_buttons]
        answer_outputs = [chatbot, citations, turns, conversation, clarify_options, *clarify_outputs, copy_text,
                          download]
        answer_inputs = [pending, chatbot, language, turns, conversation, clarify_options, doc_filter]
        answering = []
        for trigger in (send.click, box.submit):
            first = trigger(start, [box, chatbot], [pending, box, send, *clarify_outputs, chatbot],
                            api_visibility="private", queue=False)
            answer_event = first.then(respond, answer_inputs, answer_outputs, api_visibility="private",
                                      show_progress="hidden")  # the chat's own placeholder shows the work
            answer_event.then(finish, None, [send, box], api_visibility="private", queue=False)
            answering.append(answer_event)
        for number, button in enumerate(clarify_buttons):
            def chosen(options, number=number):
                return choose(number, options)

            picked = button.click(chosen, [clarify_options], [pending, box, send, clarify_options, *clarify_outputs],
                                  api_visibility="private", queue=False)
            answer_event = picked.then(respond, answer_inputs, answer_outputs, api_visibility="private",
                                       show_progress="hidden")
            answer_event.then(finish, None, [send, box], api_visibility="private", queue=False)
            answering.append(answer_event)
        reset_outputs = [chatbot, citations, turns, conversation, clarify_options, pending, box, send,
                         *clarify_outputs, copy_text, download, disliked, dislike_box]
        clear_button.click(clear, None, reset_outputs, cancels=answering, api_visibility="private", queue=False)
        chatbot.clear(clear, None, reset_outputs, cancels=answering, api_visibility="private", queue=False)
        chatbot.like(record_feedback, [turns, chatbot], [disliked, dislike_box], api_visibility="private")
        send_reason.click(record_reason, [disliked, reason, comment], [disliked, dislike_box, reason, comment],
                          api_visibility="private")
        copy_button.click(None, [copy_text], None, api_visibility="private",
                          js="(text) => { navigator.clipboard.writeText(text || ''); }")
        run_calc.click(run_calculation, [kind, quantities, calc_language], [calc_result, calc_json],
                       api_visibility="private")
        quantities.submit(run_calculation, [kind, quantities, calc_language], [calc_result, calc_json],
                          api_visibility="private")
        kind.change(rule_source, [kind, calc_language], [rule_text], api_visibility="private", queue=False)
        calc_language.change(relabel_rules, [calc_language, kind], [kind], api_visibility="private", queue=False)
        calc_language.change(rule_source, [kind, calc_language], [rule_text], api_visibility="private", queue=False)
        doc_choice.change(show_policy, [doc_choice, search, language], [policy, rules_table],
                          api_visibility="private")
        search.change(lambda doc_id, text, choice: show_policy(doc_id, text, choice)[0],
                      [doc_choice, search, language], [policy], api_visibility="private")
        language.change(relabel, [language, doc_choice, search],
                        [banner, documents_table, policy, rules_table, calc_language],
                        api_visibility="private", queue=False)
        upload.upload(preview, [upload], [review, confirm, staged], api_visibility="private")
        confirm.click(add_notice, [staged, language, calc_language, doc_choice],
                      [review, confirm, staged, banner, documents_table, doc_filter, example_list.dataset, kind,
                       calculator, no_rules, doc_choice, policy_box, no_documents, chatbot, title],
                      api_visibility="private")
        gr.api(ask_api, api_name="ask")
        gr.api(calc_api, api_name="calc")
        # Gradio builds a session's state (a copy of every component's config) on its first event; done
        # here, while the page loads, instead of on the first Send, where ten sessions at once had
        # queued behind each other's (0.1-0.6 s each on this machine)
        app.load(lambda: None, None, None, api_visibility="private", queue=False)
    # The conversations exported for download hold users' questions: they go with the app, at the
    # latest when the process ends, instead of piling up in the temporary folder across restarts.
    app.exports_dir = exports
    weakref.finalize(app, shutil.rmtree, exports, True)
    return app


def warm(assistant: Assistant) -> float:
    """Ask one example question in each language before anyone else does, so the embedding
    model, the index and the caches are loaded and the first user's answer is as fast as the
    rest. Returns the seconds it took; a failure is logged, never fatal."""
    started = time.perf_counter()
    deterministic = Assistant(assistant.settings, assistant.documents, assistant.analyzer, assistant.search,
                              assistant.index_info, today=assistant.today(), variant=assistant.variant,
                              coverage=assistant.coverage)  # no LLM call at start-up
    questions = examples(list(assistant.documents))
    dictionary()  # read on the first question with a place name the documents do not use (and its place names)
    assistant.search.lexicon.spells_a_place("")  # the pinyin of the places the documents name, made once
    names_abroad_en("")  # the dictionary's names of places abroad, read once
    for question in [next((q for q in questions if not is_english(q)), None),
                     next((q for q in questions if is_english(q)), None)]:
        if question:
            try:
                deterministic.ask(question)
            except Exception:  # the app still starts; the first user waits instead
                log.exception("warm-up question failed")
    _give_back_freed_memory()
    return time.perf_counter() - started


def _give_back_freed_memory() -> None:
    """Loading a library and the first questions parse and drop a great deal (cached analyses,
    jieba's tagger tables); glibc keeps freed heap for reuse unless asked, so a server stayed at
    its loading peak. Hand it back (20,000 clauses: 686 → 640 MiB resident). A no-op where the
    C library has no malloc_trim (macOS, musl)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _stop_on_terminate() -> None:
    """A service manager stops a server with SIGTERM (systemd, docker stop, Kubernetes). Python's
    default is to die at once, so nothing registered for the end ran and the folder of exported
    conversations, which holds users' questions, stayed in /tmp at every stop. SIGTERM now stops the
    server as Ctrl-C does: gradio closes it, `serve` returns and the folder is removed."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def serve(assistant: Assistant, host: str, port: int, feedback_path: Path,
          auth: list[tuple[str, str]] | None) -> None:
    _stop_on_terminate()
    log.info("warmed up in %.1f s", warm(assistant))
    app = build_app(assistant, feedback_path)
    app.queue(default_concurrency_limit=CONCURRENT_ANSWERS)
    app.launch(server_name=host, server_port=port, auth=auth, css=CSS, show_error=False, quiet=False,
               footer_links=["api"])
