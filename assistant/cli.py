"""Command line: turns arguments into a call of the core and an `Answer` into text or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from datetime import date
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
                                     description="Ask the Chengdu graduate-education measures (成教函〔2021〕129号).")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--model", help="embedding model: a packaged name or any sentence-transformers "
                                        "name or path (env ASSISTANT_EMBEDDING_MODEL)")
    common.add_argument("--index-dir", type=Path, help="where the Chroma store lives (env ASSISTANT_INDEX_DIR)")
    common.add_argument("--corpus-dir", type=Path, help="folder of policy documents (env ASSISTANT_CORPUS_DIR)")
    common.add_argument("--chroma-url", help="use a `chroma run` server instead of the folder (env ASSISTANT_CHROMA_URL)")
    common.add_argument("--llm-base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                                               "(env ASSISTANT_LLM_BASE_URL); the key only from ASSISTANT_LLM_API_KEY")
    common.add_argument("--llm-model", help="model name at that endpoint (env ASSISTANT_LLM_MODEL)")
    common.add_argument("--llm-timeout", type=float, help="seconds before falling back (env ASSISTANT_LLM_TIMEOUT, 20)")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", help="the question; '-' reads it from standard input")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--history", type=Path,
                     help='JSON file: earlier turns as [{"role": "user"|"assistant", "content": "..."}]')
    ask.add_argument("--today", type=date.fromisoformat, help="date to judge the policy's validity against")

    calc = commands.add_parser("calc", parents=[common], help="run one calculator (see 'caps')")
    calc.add_argument("kind", help="state_key_labs, part_time_tuition, rongpiao_team, rongpiao_individual, …")
    calc.add_argument("--laboratories", help="number of laboratories (state_key_labs)")
    calc.add_argument("--tuition-per-year", help="e.g. 45000, 4.5万 (part_time_tuition)")
    calc.add_argument("--years", help="prescribed length of study in years (part_time_tuition)")
    calc.add_argument("--total-tuition", help="total tuition instead of per year × years (part_time_tuition)")
    calc.add_argument("--requested", help="requested amount, e.g. 600万 or '6 million' (cap rules)")
    calc.add_argument("--lang", choices=["zh", "en"], default="zh")
    calc.add_argument("--json", action="store_true")

    caps = commands.add_parser("caps", parents=[common], help="list every cap in the policy")
    caps.add_argument("--lang", choices=["zh", "en"], default="zh")
    caps.add_argument("--json", action="store_true")

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

    index = commands.add_parser("index", parents=[common], help="build the index (rebuilds only when stale)")
    index.add_argument("--rebuild", action="store_true", help="rebuild even if the index is current")
    return parser


def _read_history(path: Path | None) -> list[dict]:
    from .errors import InvalidQuestionError

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
        lines.append(f"[{first.doc} {first.label}]" if answer.language == "zh" else
                     f"[{first.doc} clause {first.clause} {first.label}]")
    return "\n".join(lines)


def read_credentials(environ: dict) -> list[tuple[str, str]] | None:
    """user:password pairs from ASSISTANT_UI_AUTH ("alice:pw,bob:pw") or a file named by
    ASSISTANT_UI_AUTH_FILE (one pair a line); never from the code."""
    from .errors import AssistantError

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
    from .core import Assistant
    from .errors import AssistantError
    from .ui import serve

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
    from .amounts import format_en, format_zh
    from .calculators import caps_table, run_calculator
    from .corpus import load_corpus

    document = load_corpus(settings.corpus_dir)[0]
    if args.command == "caps":
        rows = caps_table(document)
        if args.json:
            print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2))
            return 0
        fmt = format_zh if args.lang == "zh" else format_en
        header = ("条款", "受益对象", "资助内容", "上限", "单位/条件", "责任单位") if args.lang == "zh" else \
            ("clause", "beneficiary", "what is funded", "cap", "unit / condition", "responsible units")
        print(" | ".join(header))
        for row in rows:
            zh = args.lang == "zh"
            print(" | ".join([row.label, row.beneficiary_zh if zh else row.beneficiary_en,
                              row.funded_zh if zh else row.funded_en,
                              fmt(row.cap_yuan) if row.cap_yuan else "—", row.unit_zh if zh else row.unit_en,
                              "、".join(row.responsible)]))
        return 0
    result = run_calculator(document, args.kind, laboratories=args.laboratories,
                            tuition_per_year=args.tuition_per_year, years=args.years,
                            total_tuition=args.total_tuition, requested=args.requested)
    data = result.to_dict(args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        fmt = format_zh if args.lang == "zh" else format_en
        print(f"{fmt(result.result_yuan)}  ({result.doc} {document.clause(result.clause).label})")
        for step in data["steps"]:
            print(f"  {step}")
        for caveat in data["caveats"]:
            print(f"  * {caveat}")
    return 0


def main(argv: list[str] | None = None) -> int:
    _offline_defaults()
    args = _parser().parse_args(argv)
    from .core import Assistant
    from .errors import AssistantError
    from .settings import Settings
    from .text import clean_question

    settings = Settings.from_env(embedding_model=args.model, index_dir=args.index_dir,
                                 corpus_dir=args.corpus_dir, chroma_url=args.chroma_url)
    try:
        from .llm import llm_settings_from_env

        llm = llm_settings_from_env(os.environ, base_url=args.llm_base_url, model=args.llm_model,
                                    timeout=args.llm_timeout)
        if args.command == "index":
            assistant = Assistant.create(settings, rebuild=args.rebuild)
            info = assistant.index_info
            clauses = sum(len(d.clauses) for d in assistant.documents)
            state = f"built in {info.build_seconds:.1f}s" if info.rebuilt else "already current"
            print(f"index {state}: {info.entries} entries ({clauses} clauses × zh/en) from "
                  f"{len(assistant.documents)} document(s), model {info.model_id}, at {info.location}")
            if info.moved_aside:
                print(f"the previous store could not be opened and was moved to {info.moved_aside}")
            return 0
        if args.command == "serve":
            return _serve(args, settings, llm)
        if args.command == "eval":
            from .evaluate_cli import run_eval

            return run_eval(args, settings, llm)
        if args.command in ("calc", "caps"):
            return _calculators(args, settings)
        question = sys.stdin.buffer.read() if args.question == "-" else args.question
        # Check the question before loading the model, so a typo costs no start-up time.
        clean_question(question, settings.max_question_chars)
        history = _read_history(args.history)
        assistant = Assistant.create(settings, today=args.today, llm=llm)
        answer = assistant.ask(question, history)
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
    except Exception as error:  # an unexpected failure still gets one line, not a traceback
        print(f"error: unexpected {type(error).__name__}: {error}. Run 'python -m assistant index --rebuild'; "
              "if it persists, report it with this line.", file=sys.stderr)
        return 1
