"""Command line: turns arguments into a call of the core and an `Answer` into text or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path


def _offline_defaults() -> None:
    # Packaged models only: never wait on a model hub or send telemetry unless the user says so.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant",
                                     description="Ask the policy notices in the corpus, in Chinese or English.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--model", help="embedding model: a packaged name or any sentence-transformers "
                                        "name or path (env ASSISTANT_EMBEDDING_MODEL)")
    common.add_argument("--index-dir", type=Path, help="where the Chroma store lives (env ASSISTANT_INDEX_DIR)")
    common.add_argument("--corpus-dir", type=Path, help="folder of policy documents (env ASSISTANT_CORPUS_DIR)")
    common.add_argument("--chroma-url", help="use a `chroma run` server instead of the folder (env ASSISTANT_CHROMA_URL)")
    common.add_argument("--llm-base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                                               "(env ASSISTANT_LLM_BASE_URL); the key only from ASSISTANT_LLM_API_KEY")
    common.add_argument("--llm-model", help="model name at that endpoint (env ASSISTANT_LLM_MODEL)")
    common.add_argument("--llm-timeout", type=float, help="seconds before falling back (env ASSISTANT_LLM_TIMEOUT, 20; 0: no LLM)")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", help="the question; '-' reads it from standard input")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--history", type=Path,
                     help='JSON file: earlier turns as [{"role": "user"|"assistant", "content": "..."}]')
    ask.add_argument("--today", type=date.fromisoformat, help="date to judge the policy's validity against")
    ask.add_argument("--doc", help="ask this one document only (its id, see 'docs'); default: all of them")

    calc = commands.add_parser("calc", parents=[common], help="run one money rule of a document (see 'caps')")
    calc.add_argument("doc", help="document id (see 'docs')")
    calc.add_argument("clause", type=int, help="clause number (see 'caps')")
    calc.add_argument("quantities", help="the quantities in words, e.g. '7个实验室', '3 postdocs for 18 months', "
                                         "'tuition 45000 a year for 4 years', 'requested 6 million'")
    calc.add_argument("--rule", type=int, default=None, help="which rule of the clause (0-based, see 'caps'); "
                                                             "default: the first that applies")
    calc.add_argument("--lang", choices=["zh", "en"], default="zh")
    calc.add_argument("--json", action="store_true")

    caps = commands.add_parser("caps", parents=[common], help="list every money rule of every document")
    caps.add_argument("--lang", choices=["zh", "en"], default="zh")
    caps.add_argument("--json", action="store_true")

    add = commands.add_parser("add", parents=[common], help="add a notice (.txt, .docx, .pdf, .html) and index it")
    add.add_argument("path", type=Path)
    add.add_argument("--id", dest="doc_id", help="document id (default: the file name without extension)")
    add.add_argument("--replace", action="store_true", help="replace a document with the same id")

    remove = commands.add_parser("remove", parents=[common], help="remove a document from the corpus and index")
    remove.add_argument("doc_id")

    translate = commands.add_parser("translate", parents=[common],
                                    help="write an English text of a document with the configured LLM, for review")
    translate.add_argument("doc_id")
    translate.add_argument("--replace", action="store_true", help="replace an existing en.json")

    docs = commands.add_parser("docs", parents=[common], help="list the documents with their facts and status")
    docs.add_argument("--json", action="store_true")
    docs.add_argument("--today", type=date.fromisoformat, help="date to judge validity against")

    serve = commands.add_parser("serve", parents=[common], help="start the web chat (Gradio)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--feedback-file", type=Path, help="JSONL for thumbs up/down (env ASSISTANT_FEEDBACK_FILE)")
    serve.add_argument("--allow-anonymous", action="store_true",
                       help="bind to another address without a password (not recommended)")
    serve.add_argument("--today", type=date.fromisoformat, help="date to judge the policy's validity against")

    evaluate = commands.add_parser("eval", parents=[common], help="run the Q&A regression evaluation")
    evaluate.add_argument("--qa", type=Path, default=Path("evals/qa.jsonl"), help="Q&A file (JSONL)")
    evaluate.add_argument("--out", type=Path, help="write one JSON line per item (answer, id, passed, why)")
    evaluate.add_argument("--split", help="only items of this split (tests or holdout)")
    evaluate.add_argument("--report", type=Path, nargs="?", const=Path("evals/reports"),
                          help="write report.md and a plot into this folder (default evals/reports)")
    evaluate.add_argument("--no-variants", action="store_true", help="skip the BM25-only and dense-only runs")
    evaluate.add_argument("--gate", type=Path, nargs="?", const=Path("evals/thresholds.json"),
                          help="exit 3 when a metric falls below the thresholds in this JSON file")
    evaluate.add_argument("--today", type=date.fromisoformat, help="date to judge validity against")

    feedback = commands.add_parser("feedback", help="summarise the chat's thumbs up/down and write the thumbs-down "
                                                    "questions as candidate eval rows")
    feedback.add_argument("--file", type=Path, help="the chat's feedback log (env ASSISTANT_FEEDBACK_FILE, "
                                                    "default feedback/feedback.jsonl)")
    feedback.add_argument("--candidates", type=Path, help="write the thumbs-down questions here as eval rows "
                                                          "(JSONL, like evals/wild.jsonl) with empty expectations")
    feedback.add_argument("--top", type=int, default=5, help="how many of the most disliked questions to list")
    feedback.add_argument("--json", action="store_true", help="print the summary as JSON")

    index = commands.add_parser("index", parents=[common], help="build the index (rebuilds only when stale)")
    index.add_argument("--rebuild", action="store_true", help="rebuild even if the index is current")
    return parser


def _read_history(path: Path | None) -> list[dict]:
    from assistant.errors import InvalidQuestionError

    if path is None:
        return []
    try:
        history = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidQuestionError(f"--history {path}: cannot read it as JSON ({error}).") from None
    if not isinstance(history, list) or not all(
        isinstance(m, dict) and m.get("role") in ("user", "assistant") and isinstance(m.get("content"), str)
        for m in history
    ):
        raise InvalidQuestionError(
            f'--history {path}: expected a list of {{"role": "user"|"assistant", "content": "..."}} messages.'
        )
    return history


def render_text(answer) -> str:
    lines = [answer.answer]
    if answer.citations:
        first = answer.citations[0]
        lines.append("")
        lines.append(f"[{first.doc_number or first.doc} {first.label}]" if answer.language == "zh" else
                     f"[{first.doc_number or first.doc} clause {first.clause} {first.label}]")
    return "\n".join(lines)


def read_credentials(environ: dict) -> list[tuple[str, str]] | None:
    """user:password pairs from ASSISTANT_UI_AUTH ("alice:pw,bob:pw") or a file named by
    ASSISTANT_UI_AUTH_FILE (one pair a line); never from the code."""
    from assistant.errors import AssistantError

    text = environ.get("ASSISTANT_UI_AUTH", "")
    if environ.get("ASSISTANT_UI_AUTH_FILE"):
        try:
            text = Path(environ["ASSISTANT_UI_AUTH_FILE"]).read_text(encoding="utf-8")
        except OSError as error:
            raise AssistantError(f"ASSISTANT_UI_AUTH_FILE: cannot read it ({error.strerror}).") from None
    pairs = [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]
    if not pairs:
        return None
    if any(":" not in pair or not pair.split(":", 1)[1] for pair in pairs):
        raise AssistantError("UI credentials must be user:password pairs, e.g. ASSISTANT_UI_AUTH=alice:secret.")
    return [tuple(pair.split(":", 1)) for pair in pairs]


def _serve(args, settings, llm) -> int:
    from assistant.answering.pipeline import Assistant
    from assistant.errors import AssistantError
    from assistant.edges.ui import serve

    credentials = read_credentials(os.environ)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not credentials and not args.allow_anonymous:
        raise AssistantError(
            f"Binding to {args.host} exposes the app to the network: set ASSISTANT_UI_AUTH=user:password "
            "(or ASSISTANT_UI_AUTH_FILE), or pass --allow-anonymous."
        )
    feedback = args.feedback_file or Path(os.environ.get("ASSISTANT_FEEDBACK_FILE", "feedback/feedback.jsonl"))
    assistant = Assistant.create(settings, today=args.today, llm=llm)
    print(f"index: {assistant.index_info.entries} entries, model {assistant.index_info.model_id}; "
          f"open http://{args.host}:{args.port}", flush=True)
    serve(assistant, args.host, args.port, feedback, credentials)
    return 0


def _calculators(args, settings) -> int:
    """Calculators need only the corpus: no model, no index."""
    from assistant.answering.calculate import Calculation, Question, calculate, char_overlap
    from assistant.answering.quantities import read_quantities
    from assistant.documents.library import load_corpus
    from assistant.errors import AssistantError
    from assistant.money import format_en, format_zh

    documents = {d.meta.doc_id: d for d in load_corpus(settings.corpus_dir)}
    fmt = format_zh if args.lang == "zh" else format_en
    if args.command == "caps":
        rows = [(d, i, r) for d in documents.values() for i, r in enumerate(d.rules)]
        if args.json:
            print(json.dumps([{"doc": d.meta.doc_id, "index": i, **r.to_dict()} for d, i, r in rows],
                             ensure_ascii=False, indent=2))
            return 0
        for d, i, r in rows:
            label = d.clause(r.clause).label
            amount = r.amount_yuan or r.cap_yuan
            share = f" {Decimal(r.share) * 100:.4g}% of {r.base}" if r.share else ""
            print(f"{d.meta.doc_id} | clause {r.clause} {label} | rule {d.rules_of(r.clause).index(r)} | {r.kind}{share} | "
                  f"{fmt(amount) if amount else '—'}{' per ' + r.unit if r.unit else ''}"
                  f"{'/' + r.period if r.period else ''} | {r.beneficiary} {r.funds} | {'、'.join(d.clause(r.clause).responsible)}")
        return 0
    if args.doc not in documents:
        raise AssistantError(f"no document {args.doc!r}; documents: {', '.join(documents)}.")
    document = documents[args.doc]
    rules = document.rules_of(args.clause)
    if not rules:
        raise AssistantError(f"{args.doc} clause {args.clause} states no money rule; see 'caps'.")
    chosen = [rules[args.rule]] if args.rule is not None and 0 <= args.rule < len(rules) else rules
    quantities = read_quantities(args.quantities)
    result = None
    for rule in chosen:
        result = calculate(rule, args.doc, quantities, similar=char_overlap)
        if result is not None:
            break
    if isinstance(result, Question):
        raise AssistantError(result.zh if args.lang == "zh" else result.en)
    if not isinstance(result, Calculation):
        raise AssistantError(f"no quantity in {args.quantities!r} applies to clause {args.clause}'s rules "
                             f"({', '.join(r.kind for r in rules)}); state a count, a duration or an amount.")
    data = result.to_dict(args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{fmt(result.result_yuan)}  ({result.doc} {document.clause(result.clause).label})")
        for step in data["steps"]:
            print(f"  {step}")
        for caveat in data["caveats"]:
            print(f"  * {caveat}")
    return 0


def _documents(args, settings) -> int:
    """add / remove / docs: the corpus as files; add and remove also update the index."""
    from assistant.answering.compose import STATUS_EN
    from assistant.documents.library import add_file, load_corpus, remove_document

    if args.command == "add":
        target = add_file(settings.corpus_dir, args.path, args.doc_id, replace=args.replace)
        print(f"added {target.name} from {args.path}; facts for review in {target / 'facts.json'}", flush=True)
    elif args.command == "remove":
        remove_document(settings.corpus_dir, args.doc_id)
        print(f"removed {args.doc_id} from {settings.corpus_dir}", flush=True)
    if args.command in ("add", "remove"):
        return _index(settings, rebuild=False)
    today = args.today or date.today()
    documents = load_corpus(settings.corpus_dir)
    rows = [{"id": d.meta.doc_id, "doc_number": d.meta.doc_number, "title": d.meta.title_zh,
             "issuers": list(d.meta.issuers), "issued": d.meta.issued.isoformat() if d.meta.issued else None,
             "effective": d.meta.effective.isoformat() if d.meta.effective else None,
             "expires": d.meta.expires.isoformat() if d.meta.expires else None,
             "status": d.meta.status(today), "clauses": len(d.clauses) - 1, "layout": d.meta.layout,
             "rules": len(d.rules)} for d in documents]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r['id']} | {r['doc_number'] or '—'} | {r['title']} | {'、'.join(r['issuers'])} | issued {r['issued']} | "
              f"valid {r['effective']} – {r['expires'] or 'no end'} | {STATUS_EN[r['status']]} | "
              f"{r['clauses']} clauses ({r['layout']}), {r['rules']} money rules")
    return 0


def _translate(args, settings, llm) -> int:
    from assistant.answering.llm import LLMComposer
    from assistant.documents.library import ENGLISH_NAME, check_id, load_document
    from assistant.documents.translate import translate, write_translation
    from assistant.errors import AssistantError
    from assistant.search.text import Analyzer

    if llm is None:
        raise AssistantError("translate needs an LLM: set ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL "
                             "(or --llm-base-url and --llm-model).")
    folder = settings.corpus_dir / check_id(args.doc_id)
    if (folder / ENGLISH_NAME).exists() and not args.replace:
        raise AssistantError(f"{folder / ENGLISH_NAME} exists; pass --replace to write a new one.")
    chat = LLMComposer(llm, Analyzer()).chat
    data = translate(load_document(folder, english=False), lambda messages: str(chat.invoke(messages).content))
    path = write_translation(folder, data)
    print(f"wrote {path} ({len(data['clauses'])} clauses, machine-translated: review it, then set \"reviewed\": true)")
    return _index(settings, rebuild=False)


def read_feedback(path: Path) -> tuple[list[dict], int]:
    """The chat's feedback log: its records, and how many lines were not records (a line cut off
    by a crash, say)."""
    from assistant.errors import AssistantError

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise AssistantError(f"no feedback log at {path}; the chat writes one when someone rates an answer "
                             "(serve --feedback-file), or name it with --file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AssistantError(f"cannot read the feedback log {path} ({error}).") from None
    records, skipped = [], 0
    for line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            skipped += 1
            continue
        if isinstance(record, dict) and ("liked" in record or "reason" in record):
            records.append(record)
        else:
            skipped += 1
    return records, skipped


def _reason_words(code: str) -> str:
    from assistant.edges.present import FEEDBACK_REASONS

    return next((label.partition(" ")[2] for label, value in FEEDBACK_REASONS if value == code), code).lower()


def summarise_feedback(records: list[dict], top: int = 5) -> dict:
    """Thumbs up and down, what was wrong (with counts), and the questions disliked most.
    A thumbs-down is a record with "liked": false; its reason comes in a later record without
    "liked", so each dislike counts once."""
    from collections import Counter

    ratings = [r for r in records if "liked" in r]
    up = sum(1 for r in ratings if r["liked"])
    reasons = Counter(_reason_words(str(r.get("reason") or "other")) for r in records if "liked" not in r)
    disliked = Counter(str(r.get("question", "")) for r in ratings if not r["liked"] and r.get("question"))
    comments: dict[str, list[str]] = {}
    for r in records:
        if "liked" not in r and r.get("comment"):
            comments.setdefault(str(r.get("question", "")), []).append(str(r["comment"]))
    return {"up": up, "down": len(ratings) - up,
            "reasons": [{"reason": reason, "count": n} for reason, n in reasons.most_common()],
            "disliked": [{"question": q, "count": n, "comments": comments.get(q, [])}
                         for q, n in disliked.most_common(top)]}


def candidate_rows(records: list[dict]) -> list[dict]:
    """One eval row per disliked question, with the fields of evals/wild.jsonl and its
    expectations left empty for a maintainer; what the chat answered, and why it was disliked,
    ride along under "feedback" to help fill them in. The id and the split come from a hash of
    the question, so the same question always gets the same row."""
    import hashlib

    rows: dict[str, dict] = {}
    for record in records:
        question = str(record.get("question") or "").strip()
        if not question or record.get("liked", False):
            continue
        digest = hashlib.sha256(question.encode("utf-8")).hexdigest()
        row = rows.setdefault(question, {
            "id": f"feedback-{digest[:10]}", "lang": record.get("language") or "zh", "question": question,
            "expect": {"doc": None, "clauses": [], "amount_yuan": None, "refusal": None},
            "tags": ["feedback"], "split": "dev" if int(digest[-1], 16) % 2 == 0 else "test",
            "feedback": {"dislikes": 0, "answer": record.get("answer", ""), "kind": record.get("kind"),
                         "cited": list(record.get("citations") or []), "reasons": [], "comments": []}})
        if "liked" in record:
            row["feedback"]["dislikes"] += 1
        else:
            words = _reason_words(str(record.get("reason") or "other"))
            if words not in row["feedback"]["reasons"]:
                row["feedback"]["reasons"].append(words)
            if record.get("comment"):
                row["feedback"]["comments"].append(str(record["comment"]))
    return list(rows.values())


def _feedback(args) -> int:
    """The feedback log as a maintainer reads it; needs no model, no index, no corpus."""
    path = args.file or Path(os.environ.get("ASSISTANT_FEEDBACK_FILE", "feedback/feedback.jsonl"))
    records, skipped = read_feedback(path)
    summary = summarise_feedback(records, top=args.top)
    summary["skipped_lines"] = skipped
    if args.candidates:
        rows = candidate_rows(records)
        args.candidates.parent.mkdir(parents=True, exist_ok=True)
        args.candidates.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        summary["candidates"] = {"file": str(args.candidates), "rows": len(rows)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"{path}: {summary['up'] + summary['down']} ratings: {summary['up']} thumbs up, {summary['down']} thumbs down")
    if summary["reasons"]:
        print("what was wrong: " + ", ".join(f"{r['reason']} {r['count']}" for r in summary["reasons"]))
    if summary["disliked"]:
        print("most disliked questions:")
        for item in summary["disliked"]:
            print(f"  {item['count']} × {item['question']}" + (f"  ({'; '.join(item['comments'])})" if item["comments"] else ""))
    if skipped:
        print(f"skipped {skipped} line(s) that are not feedback records")
    if args.candidates:
        print(f"wrote {len(rows)} candidate eval row(s) to {args.candidates}: fill in each row's \"expect\" "
              "(doc, clauses, amount_yuan, refusal) before adding it to an eval file")
    return 0


def _index(settings, rebuild: bool) -> int:
    from assistant.answering.pipeline import Assistant

    from tqdm import tqdm

    bar = None

    def progress(doc_id, done, total):  # a bar with rate and time left, on stderr
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="passage", file=sys.stderr, mininterval=1.0, dynamic_ncols=True)
        bar.set_description(f"embedding {doc_id}", refresh=False)
        bar.update(done - bar.n)

    try:
        assistant = Assistant.create(settings, rebuild=rebuild, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    info = assistant.index_info
    clauses = sum(len(d.clauses) for d in assistant.documents)
    state = (f"embedded {', '.join(info.embedded_docs)} in {info.build_seconds:.1f}s"
             + (f" ({info.passages_per_second} passages/s)" if info.passages_per_second else "")
             if info.rebuilt else "already current")
    removed = f"; removed {', '.join(info.removed_docs)}" if info.removed_docs else ""
    print(f"index {state}{removed}: {info.entries} passages ({clauses} clauses) from "
          f"{len(assistant.documents)} document(s), model {info.model_id}, at {info.location}")
    if info.moved_aside:
        print(f"the previous store could not be opened and was moved to {info.moved_aside}")
    return 0


def main(argv: list[str] | None = None) -> int:
    _offline_defaults()
    args = _parser().parse_args(argv)
    from assistant.answering.pipeline import Assistant
    from assistant.errors import AssistantError
    from assistant.settings import Settings
    from assistant.search.text import clean_question

    try:
        if args.command == "feedback":
            return _feedback(args)
        settings = Settings.from_env(embedding_model=args.model, index_dir=args.index_dir,
                                     corpus_dir=args.corpus_dir, chroma_url=args.chroma_url)
        from assistant.answering.llm import llm_settings_from_env

        llm = llm_settings_from_env(os.environ, base_url=args.llm_base_url, model=args.llm_model,
                                    timeout=args.llm_timeout)
        if args.command == "index":
            return _index(settings, args.rebuild)
        if args.command in ("add", "remove", "docs"):
            return _documents(args, settings)
        if args.command == "translate":
            return _translate(args, settings, llm)
        if args.command == "serve":
            return _serve(args, settings, llm)
        if args.command == "eval":
            from assistant.edges.evaluate_cli import run_eval

            return run_eval(args, settings, llm)
        if args.command in ("calc", "caps"):
            return _calculators(args, settings)
        question = sys.stdin.buffer.read() if args.question == "-" else args.question
        # Check the question before loading the model, so a typo costs no start-up time.
        clean_question(question, settings.max_question_chars)
        history = _read_history(args.history)
        assistant = Assistant.create(settings, today=args.today, llm=llm)
        answer = assistant.ask(question, history, doc=args.doc)
        if args.json:
            data = answer.to_dict()
            data.pop("evidence", None)
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(render_text(answer))
        return 0
    except AssistantError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `ask … | head -1`: the reader left; nothing is wrong
        sys.stderr.close()
        return 0
    except FileNotFoundError as error:
        print(f"error: no such file: {error.filename}", file=sys.stderr)
        return 2
    except Exception as error:  # an unexpected failure still gets one line, not a traceback
        hint = (" The vector store may be damaged: run 'python -m assistant index --rebuild'."
                if "chroma" in type(error).__module__ else "")
        print(f"error: unexpected {type(error).__name__}: {error}.{hint} If it persists, report it with this line.",
              file=sys.stderr)
        return 1
