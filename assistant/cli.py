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
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", help="the question; '-' reads it from standard input")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--history", type=Path,
                     help='JSON file: earlier turns as [{"role": "user"|"assistant", "content": "..."}]')
    ask.add_argument("--today", type=date.fromisoformat, help="date to judge the policy's validity against")

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
        question = sys.stdin.buffer.read() if args.question == "-" else args.question
        # Check the question before loading the model, so a typo costs no start-up time.
        clean_question(question, settings.max_question_chars)
        history = _read_history(args.history)
        assistant = Assistant.create(settings, today=args.today)
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
