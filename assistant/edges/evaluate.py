"""Regression evaluation: replay a Q&A file through `ask`, judge each answer, summarise.

Judging and metrics are pure functions of the rows and the answers; the runner and the
report writer are the only parts that do I/O.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from assistant.money import written_forms
from assistant.errors import AssistantError

REQUIRED_KEYS = {"id", "lang", "question", "expect", "tags"}


@dataclass(frozen=True)
class Verdict:
    passed: bool
    why: str
    rank: int | None  # 1-based rank of the first expected clause among the citations


def load_items(path: Path, split: str | None = None) -> list[dict]:
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise AssistantError(f"{path} line {number}: not JSON ({error.msg}).") from None
        missing = REQUIRED_KEYS - set(item)
        if missing:
            raise AssistantError(f"{path} line {number}: missing {', '.join(sorted(missing))}.")
        if split is None or item.get("split") == split:
            items.append(item)
    return items


def states_amount(text: str, yuan: int) -> bool:
    compact = text.replace(" ", "")
    return any(form.replace(" ", "") in compact for form in written_forms(yuan))


def judge(item: dict, answer: dict) -> Verdict:
    """Right document and clause first (a citation is (document, clause)), the amount, the
    words asked for, the language; refused exactly when it should be. A list answer (several
    documents answer the question, each named with its status) passes when the expected
    document and clause is among those listed."""
    expect = item["expect"]
    doc = expect.get("doc")
    cited = [(c["doc"], c["clause"]) for c in answer.get("citations", [])]
    wanted = {(doc, n) for n in expect.get("clauses", [])} if doc else None

    def right(citation) -> bool:
        return citation in wanted if wanted is not None else citation[1] in expect.get("clauses", [])

    rank = next((i for i, c in enumerate(cited, start=1) if right(c)), None)
    if expect.get("refusal"):
        if answer["refused"]:
            return Verdict(True, "refused as expected", None)
        return Verdict(False, f"answered from {cited[0] if cited else '?'} instead of refusing", rank)
    if answer["refused"]:
        return Verdict(False, "refused a covered question", None)
    problems = []
    if not expect.get("clauses"):  # a greeting: a short reply that cites nothing
        if cited:
            problems.append(f"cites {cited[0]} for a question that needs no clause")
    elif answer.get("kind") == "list" and any(right(c) for c in cited):
        pass  # several documents answer, each listed: the expected one among them is the answer asked for
    elif not cited or not right(cited[0]):
        problems.append(f"first citation is {cited[0] if cited else None}, expected {doc or ''} {expect['clauses']}")
    amount = expect.get("amount_yuan")
    if amount is not None:
        calculated = (answer.get("calculation") or {}).get("result_yuan")
        if calculated is not None and calculated != amount:  # the expected figure in the quoted clause is no excuse
            problems.append(f"computed {calculated:,} yuan, expected {amount:,}")
        elif calculated != amount and not states_amount(answer["answer"], amount):
            problems.append(f"does not state {amount:,} yuan")
    contains = expect.get("contains")
    if contains and not any(c.lower() in answer["answer"].lower() for c in contains):
        problems.append(f"contains none of {contains}")
    if answer.get("language") != item["lang"]:
        problems.append(f"answered in {answer.get('language')}, asked in {item['lang']}")
    return Verdict(not problems, "; ".join(problems) or "ok", rank)


@dataclass
class Summary:
    variant: str
    items: int
    pass_rate: float
    hit_at_1: float
    hit_at_3: float
    mrr: float
    amount_exact: float
    refusal_precision: float
    refusal_recall: float
    language_match: float
    latency_p50_ms: float
    latency_p95_ms: float
    llm_shown: int = 0
    llm_rejected: int = 0
    llm_errors: int = 0
    by_language: dict = field(default_factory=dict)
    by_tag: dict = field(default_factory=dict)
    by_split: dict = field(default_factory=dict)


def _rate(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else 1.0


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))], 1)


def summarise(variant: str, rows: list[dict]) -> Summary:
    """rows: {item, answer, verdict} for every item of one run."""
    covered = [r for r in rows if not r["item"]["expect"].get("refusal")]
    ranks = [r["verdict"].rank for r in covered]
    with_amount = [r for r in covered if r["item"]["expect"].get("amount_yuan") is not None]
    refused = [r for r in rows if r["answer"]["refused"]]
    should_refuse = [r for r in rows if r["item"]["expect"].get("refusal")]
    groups: dict[str, dict[str, list[bool]]] = {"lang": defaultdict(list), "tag": defaultdict(list),
                                                "split": defaultdict(list)}
    for r in rows:
        passed = r["verdict"].passed
        groups["lang"][r["item"]["lang"]].append(passed)
        groups["split"][r["item"].get("split", "all")].append(passed)
        for tag in r["item"]["tags"]:
            groups["tag"][tag].append(passed)
    latencies = [r["answer"]["timings_ms"]["total"] for r in rows if r["answer"].get("timings_ms")]
    return Summary(
        variant=variant,
        items=len(rows),
        pass_rate=_rate([r["verdict"].passed for r in rows]),
        hit_at_1=_rate([rank == 1 for rank in ranks]),
        hit_at_3=_rate([rank is not None and rank <= 3 for rank in ranks]),
        mrr=round(sum(1 / rank for rank in ranks if rank) / len(ranks), 4) if ranks else 1.0,
        amount_exact=_rate(["does not state" not in r["verdict"].why and not r["answer"]["refused"]
                            for r in with_amount]),
        refusal_precision=_rate([r["item"]["expect"].get("refusal", False) for r in refused]),
        refusal_recall=_rate([r["answer"]["refused"] for r in should_refuse]),
        language_match=_rate([r["answer"].get("language") == r["item"]["lang"] for r in rows]),
        latency_p50_ms=round(statistics.median(latencies), 1) if latencies else 0.0,
        latency_p95_ms=_percentile(latencies, 0.95),
        llm_shown=sum(r["answer"].get("composer") == "llm" for r in rows),
        llm_rejected=sum((r["answer"].get("fallback_reason") or "").startswith("verification failed") for r in rows),
        llm_errors=sum(bool(r["answer"].get("fallback_reason")) and
                       not r["answer"]["fallback_reason"].startswith("verification failed") for r in rows),
        by_language={k: _rate(v) for k, v in sorted(groups["lang"].items())},
        by_tag={k: _rate(v) for k, v in sorted(groups["tag"].items())},
        by_split={k: _rate(v) for k, v in sorted(groups["split"].items())},
    )


def run(assistant, items: list[dict]) -> list[dict]:
    """Replay every item (its history first) and judge the answer."""
    rows = []
    for item in items:
        history = [{"role": "user", "content": text} for text in item.get("history", [])]
        try:
            answer = assistant.ask(item["question"], history).to_dict()
        except AssistantError as error:
            answer = {"question": item["question"], "language": None, "answer": f"error: {error}", "refused": True,
                      "citations": [], "calculation": None, "timings_ms": {}}
        answer.pop("evidence", None)
        rows.append({"item": item, "answer": answer, "verdict": judge(item, answer)})
    return rows


def check_gate(summary: Summary, thresholds: dict) -> list[str]:
    """The metrics that fell below their threshold, as sentences."""
    failures = []
    for metric, floor in thresholds.items():
        value = getattr(summary, metric)
        if value < floor:
            failures.append(f"{metric} {value:.3f} < threshold {floor:.3f}")
    return failures


def write_results(path: Path, rows: list[dict]) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({**r["answer"], "id": r["item"]["id"], "passed": r["verdict"].passed,
                                  "why": r["verdict"].why}, ensure_ascii=False) + "\n")


def markdown_report(summaries: list[Summary], failures: list[dict], plot_name: str | None) -> str:
    lines = ["# Evaluation report", "",
             "Generated by `python -m assistant eval --report`; every variant answers the same items.", "",
             "| variant | items | pass | hit@1 | hit@3 | MRR@3 | amount exact | refusal P | refusal R | language | p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in summaries:
        lines.append(f"| {s.variant} | {s.items} | {s.pass_rate:.3f} | {s.hit_at_1:.3f} | {s.hit_at_3:.3f} | "
                     f"{s.mrr:.3f} | {s.amount_exact:.3f} | {s.refusal_precision:.3f} | {s.refusal_recall:.3f} | "
                     f"{s.language_match:.3f} | {s.latency_p50_ms} | {s.latency_p95_ms} |")
    main = summaries[0]
    lines += ["", f"## {main.variant}: pass rate by split, language and tag", "",
              "| group | pass rate |", "|---|---|"]
    lines += [f"| split {k} | {v:.3f} |" for k, v in main.by_split.items()]
    lines += [f"| language {k} | {v:.3f} |" for k, v in main.by_language.items()]
    lines += [f"| tag {k} | {v:.3f} |" for k, v in main.by_tag.items()]
    if plot_name:
        lines += ["", f"![pass rate by tag and variant]({plot_name})"]
    lines += ["", f"## Failing items ({main.variant})", "", "| id | split | question | why |", "|---|---|---|---|"]
    for f in failures:
        question = f["question"].replace("|", "/")
        lines.append(f"| {f['id']} | {f.get('split', '')} | {question} | {f['why']} |")
    return "\n".join(lines) + "\n"


def plot_by_tag(summaries: list[Summary], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tags = sorted({tag for s in summaries for tag in s.by_tag})
    width = 0.8 / len(summaries)
    figure, axes = plt.subplots(figsize=(max(10, len(tags) * 1.2), 4.5))
    for i, summary in enumerate(summaries):
        axes.bar([t + i * width for t in range(len(tags))], [summary.by_tag.get(tag, 0) for tag in tags], width,
                 label=summary.variant)
    axes.set_xticks([t + 0.4 - width / 2 for t in range(len(tags))], tags, rotation=30, ha="right")
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("pass rate")
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
